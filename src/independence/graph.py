"""Pictures of the data, as Mermaid text: category progressions, bands, escalation timelines,
check-in sessions.

The documentation site draws these (``independence graph ...`` prints them); any Markdown
renderer with Mermaid support shows them as diagrams.
"""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING

from independence.messages import ENGLISH, MESSAGES, Messages

if TYPE_CHECKING:
    from datetime import datetime

    from independence.catalog import Catalog
    from independence.escalation import CheckInSession, Event
    from independence.model import EscalationPolicy

__all__ = ["bands_chart", "category_flow", "escalation_timeline", "session_timeline"]


def _label(text: str) -> str:
    return text.replace('"', "'")


def category_flow(catalog: Catalog, category: str) -> str:
    """The progression of ``category``: each item with its ages, arrows from prerequisites.

    Prerequisites from other categories are drawn with dashed outlines.
    """
    items = catalog.in_category(category)
    mine = {item.id for item in items}
    lines = ["flowchart LR"]
    outside: dict[str, str] = {}
    say = catalog.messages
    for item in items:
        ages = say.window(item.introduce_at, item.independent_by)
        lines.append(f'  {item.id}["{_label(item.title)}<br/><small>{ages}</small>"]')
        for before in item.prerequisites:
            if before not in mine:
                outside[before] = catalog.responsibility(before).title
    for id, title in sorted(outside.items()):
        lines.append(f'  {id}["{_label(title)}"]:::other')
    for item in items:
        for before in item.prerequisites:
            lines.append(f"  {before} --> {item.id}")
    if outside:
        lines.append("  classDef other stroke-dasharray: 4 4")
    return "\n".join(lines) + "\n"


def bands_chart(catalog: Catalog) -> str:
    """A bar chart of how many responsibilities each age band offers, in the catalogue's
    language."""
    say = catalog.messages
    labels = ", ".join(f'"{say.month_range(b.from_month, b.to_month)}"' for b in catalog.bands)
    counts = [len(catalog.responsibilities_in(band)) for band in catalog.bands]
    top = max(counts, default=0)
    return (
        "xychart-beta\n"
        f'  title "{_label(say("graph:bands-title"))}"\n'
        f"  x-axis [{labels}]\n"
        f'  y-axis "{_label(say("graph:responsibilities"))}" 0 --> {top + 5}\n'
        f"  bar [{', '.join(map(str, counts))}]\n"
    )


def escalation_timeline(policy: EscalationPolicy, say: Messages = ENGLISH) -> str:
    """Each step of ``policy`` at its delay after the missed deadline, repeats included, in
    the language of ``say`` (a catalogue's ``messages``)."""

    def words(kind: str, value: str) -> str:  # an action or target the library has words for
        key = f"{kind}:{value}"
        return say(key) if key in MESSAGES else value.replace("-", " ")

    title = say("graph:timeline-title", title=_label(policy.title))
    lines = ["timeline", f"  title {title}"]
    for step in policy.steps:
        what = words("action", step.action.value)
        minutes = say("graph:minutes", minutes=step.after_minutes)
        entry = f"  {minutes} : {what} ({words('target', step.target.value)})"
        if step.repeat is not None:
            again = [
                step.after_minutes + step.repeat.every_minutes * n
                for n in range(1, step.repeat.times + 1)
            ]
            times = ", ".join(say("graph:minutes", minutes=minute) for minute in again)
            entry += " : " + say("graph:again-at", minutes=times)
        lines.append(entry)
    return "\n".join(lines) + "\n"


def _event_label(event: Event) -> str:
    kind = event.kind.value
    if kind == "acknowledged":
        return "the child acknowledges, still on the way"
    if kind == "arrived":
        return "the child arrives"
    if kind == "time-added":
        return f"the child adds {event.minutes} min"
    if kind == "plan-changed":
        where = f" to {_label(event.destination)}" if event.destination else ""
        return f"the plan changes{where}"
    if kind == "location-paused":
        return f"the {event.by} pauses location sharing"
    if kind == "location-resumed":
        return f"the {event.by} resumes location sharing"
    if kind == "stood-down":
        return f"the {event.by} stands it down ({_label(event.how or '')})"
    if kind == "checked-in":
        return "the child checks in"
    if kind == "alert-acknowledged":
        return f"the {event.by} acknowledges the alert"
    return (
        "the child raises the alarm (SOS)"
        if event.by == "child"
        else f"the {event.by} raises the alarm (SOS)"
    )


def session_timeline(session: CheckInSession, now: datetime) -> str:
    """A check-in session up to ``now``: its events, the steps that fired and those held back.

    Times are minutes before or after the due time the session started with, in elapsed time;
    labels never hold a colon (Mermaid's separator).
    """
    state = session.state_at(now)
    origin = session.due.astimezone(UTC)
    rows: dict[int, list[str]] = {}

    def add(moment: datetime, text: str) -> None:
        minutes = round((moment.astimezone(UTC) - origin).total_seconds() / 60)
        rows.setdefault(minutes, []).append(text.replace(":", " -"))

    add(session.started, "the window opens")
    add(session.due, "due")
    if state.due.astimezone(UTC) != origin:
        add(state.due, "new due time")
    add(state.deadline, "deadline")
    for event in session.events:
        add(event.at, _event_label(event))
    for step in state.fired:
        again = " again" if step.occurrence else ""
        what = step.action.value.replace("-", " ")
        add(step.at, f"{what}{again} ({step.target.value.replace('-', ' ')})")
    for step in state.held_back:
        add(step.at, f"{step.action.value.replace('-', ' ')} not sent")
    if state.next is not None:
        add(state.next.at, f"next {state.next.action.value.replace('-', ' ')}")
    add(now, f"now {state.status.value}")
    lines = ["timeline", f"  title {_label(session.check_in.title)}, minute by minute"]
    for minutes in sorted(rows):
        when = (
            f"{-minutes} min before"
            if minutes < 0
            else f"{minutes} min after"
            if minutes > 0
            else "at the due time"
        )
        lines.append(f"  {when} : " + " : ".join(rows[minutes]))
    return "\n".join(lines) + "\n"

"""``independence escalate``: an escalation timeline and its state, or a live check-in session.

Without events, ``escalate POLICY --due T [--now N --checked-in C...]`` prints the timeline of a
missed check-in (and where it stands at ``--now``); with ``--event``, ``--events FILE`` or
``--timer`` it runs a :class:`~independence.escalation.CheckInSession` and prints its log and
state at ``--now``. A malformed time, event or option is a usage error (exit 2); a bad line of
an events file is invalid input (exit 1, with the file and the line).

The command line imports this module only when ``escalate`` runs
(:func:`independence.cli.commands.run_escalate`).
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import UTC, datetime

from independence.cli.context import catalog_for
from independence.cli.options import parse_age
from independence.cli.render import print_json, table_lines
from independence.cli.status import EXIT_OK
from independence.clock import resolve_zone
from independence.errors import InputError, Problem, UsageError, one_line
from independence.escalation import (
    EARLIEST,
    LATEST,
    Author,
    CheckInSession,
    Circumstances,
    EscalationState,
    Event,
    EventKind,
    SessionState,
    in_range,
)
from independence.loading.guard import input_lines
from independence.messages import MESSAGES, Messages
from independence.model import RiskLevel
from independence.model.check_in import Darkness
from independence.sun import Place

__all__ = ["run_escalate"]


def _moment(option: str, text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise UsageError(
            f"{option}: {text!r} has no UTC offset; write it like 2026-03-09T08:30+00:00"
        )
    if not in_range(moment):
        raise UsageError(
            f"{option}: {text!r} is out of range: give a time from {EARLIEST.year} up to "
            f"(not including) {LATEST.year}"
        )
    return moment


def run_escalate(args: argparse.Namespace) -> int:
    circumstances = _circumstances(args)
    if args.event or args.events is not None or args.timer is not None:
        return _session(args, circumstances)
    if args.due is None:
        raise UsageError("--due is required (or --timer with --started, for a session)")
    if args.started is not None:
        raise UsageError("--started is for sessions: add --event, --events or --timer")
    due = _moment("--due", args.due)
    now = _moment("--now", args.now) if args.now is not None else None
    checked = [_moment("--checked-in", text) for text in args.checked_in]
    if checked and now is None:
        raise UsageError("--checked-in needs --now (the moment to report the state at)")
    catalog = catalog_for(args)
    plan = catalog.timeline(args.policy, due, circumstances)
    try:
        state = catalog.escalation_state(plan, now, check_ins=checked) if now is not None else None
    except ValueError as error:  # a check-in after --now: a mistake on the line, not a bug
        raise UsageError(_first_error(error)) from None
    if args.json:
        print_json(
            {
                "check_in_policy": plan.check_in_policy,
                "escalation_policy": plan.escalation_policy,
                "due": plan.due.isoformat(),
                "deadline": plan.deadline.isoformat(),
                "opens": plan.opens.isoformat(),
                "conditions": [c.value for c in plan.conditions],
                "delay_percent": plan.delay_percent,
                "skipped": list(plan.skipped),
                "darkness": (
                    plan.darkness.model_dump(mode="json") if plan.darkness is not None else None
                ),
                "steps": [
                    {
                        "at": step.at.isoformat(),
                        "action": step.action.value,
                        "target": step.target.value,
                        "message": step.message,
                        "step": step.step,
                        "occurrence": step.occurrence,
                        "safety": step.safety,
                    }
                    for step in plan.steps
                ],
                "state": state.model_dump(mode="json") if state is not None else None,
            }
        )
        return EXIT_OK
    say = catalog.messages
    conditions = say("cli:name-separator").join(
        say(f"condition:{c.value}") for c in plan.conditions
    ) or say("cli:no-conditions")
    print(
        say(
            "cli:timeline-heading",
            policy=plan.check_in_policy,
            due=plan.due.isoformat(),
            deadline=plan.deadline.isoformat(),
            escalation=plan.escalation_policy,
            conditions=conditions,
        )
    )

    rows = [
        (
            step.at.isoformat(),
            say("cli:minutes-after", minutes=int((step.at - plan.deadline).total_seconds() // 60)),
            say("cli:again", action=step.action.value, occurrence=step.occurrence)
            if step.occurrence
            else step.action.value,
            step.target.value,
            step.message,
        )
        for step in plan.steps
    ]
    for line in table_lines(rows, indent="  ", right_to_left=say.right_to_left):
        print(line)
    if plan.darkness is not None:
        print(say("cli:after-dark-due", darkness=_describe_darkness(say, plan.darkness)))
    if state is not None:
        print(say("cli:state-at", now=state.now.isoformat(), state=_describe_state(say, state)))
        for moment in state.not_counted:
            print(say("cli:not-counted", at=moment.isoformat(), opens=plan.opens.isoformat()))
    return EXIT_OK


#: An ISO 8601 time as ``--event`` takes it; what follows it after a colon is the ARG.
_TIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?"


#: ``KIND[/BY][#ID]@TIME[:ARG]``: the author and the id come before the time, so that the
#: ARG (a destination, how a grown-up knows) may hold any character.
_EVENT = re.compile(
    rf"(?P<kind>[a-z-]+)(?:/(?P<by>[a-z-]+))?(?:#(?P<id>[^@\s]+))?@(?P<time>{_TIME})"
    r"(?::(?P<arg>.*))?",
    re.DOTALL,
)


def _event_option(text: str) -> Event:
    """``KIND[/BY][#ID]@TIME[:ARG]`` as an :class:`~independence.escalation.Event`."""
    found = _EVENT.fullmatch(text)
    if found is None:
        raise UsageError(
            f"--event: {text!r} is not KIND[/BY][#ID]@TIME[:ARG] (such as "
            "arrived@2026-03-09T08:31+00:00 or plan-changed/guardian#e7@2026-03-09T08:40+00:00:"
            "2026-03-09T09:00+00:00)"
        )
    try:
        kind = EventKind(found["kind"])
    except ValueError:
        kinds = ", ".join(k.value for k in EventKind)
        raise UsageError(f"--event: unknown kind {found['kind']!r} (one of {kinds})") from None
    at = _moment("--event", found["time"])
    arg = found["arg"]
    details: dict[str, object] = {}
    if found["by"] is not None:
        try:
            details["by"] = Author(found["by"])
        except ValueError:
            authors = ", ".join(a.value for a in Author)
            raise UsageError(
                f"--event: unknown author {found['by']!r} (one of {authors})"
            ) from None
    if found["id"] is not None:
        details["id"] = found["id"]
    needs = {
        EventKind.TIME_ADDED: "MINUTES",
        EventKind.PLAN_CHANGED: "DUE[:DESTINATION] or DESTINATION",
        EventKind.STOOD_DOWN: "HOW (with /guardian or /trusted-adult), or WHO:HOW",
    }
    if kind in (EventKind.LOCATION_PAUSED, EventKind.LOCATION_RESUMED) and arg is not None:
        if "by" in details and details["by"] != arg:
            raise UsageError(f"--event: two authors in {text!r}")
        details["by"] = arg  # the older form, location-paused@TIME:BY
        arg = None
    if kind not in needs:
        if arg is not None:
            raise UsageError(f"--event: {kind.value} takes no ':ARG' ({text!r})")
    elif not arg:
        raise UsageError(f"--event: {kind.value} needs ':{needs[kind]}' ({text!r})")
    elif kind is EventKind.TIME_ADDED:
        if not (arg.isascii() and arg.isdigit()):
            raise UsageError(f"--event: time-added needs whole minutes, not {arg!r}")
        details["minutes"] = int(arg)
    elif kind is EventKind.PLAN_CHANGED:
        due = re.fullmatch(rf"(?P<due>{_TIME})(?::(?P<rest>.+))?", arg)
        if due is not None:
            details["due"] = _moment("--event", due["due"])
            if due["rest"]:
                details["destination"] = due["rest"]
        else:
            details["destination"] = arg
    elif kind is EventKind.STOOD_DOWN:
        if "by" in details:
            details["how"] = arg
        else:
            who, _, how = arg.partition(":")
            if not who or not how:
                raise UsageError(f"--event: stood-down needs '/WHO' and ':HOW', not {arg!r}")
            details.update(by=who, how=how)
    try:
        return Event.model_validate({"kind": kind, "at": at, **details})
    except ValueError as error:
        message = _first_error(error).replace("minutes: ", "MINUTES ", 1)
        raise UsageError(f"--event: {text!r}: {message}") from None


def _first_error(error: ValueError) -> str:
    """The first message of a validation error, without pydantic's framing."""
    return one_line(error)


def _events_file(path: str) -> list[Event]:
    """The events of a JSON Lines file, in order. A bad line is invalid input (exit 1), an
    :class:`~independence.errors.InputError` naming the file and the line."""

    def bad(number: int, message: str) -> InputError:
        return InputError([Problem(path, number, None, "", message)])

    events = []
    with input_lines(path, json_lines=True) as stream:  # guarded: see independence.loading.guard
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise bad(number, f"not JSON ({error.msg})") from None
            if not isinstance(record, dict):
                raise bad(number, f"an event is a JSON object, not {record!r}")
            try:
                for key in ("at", "due"):
                    if isinstance(record.get(key), str):
                        record[key] = _moment(key, record[key])
                events.append(Event.model_validate(record))
            except (UsageError, ValueError) as error:
                message = str(error) if isinstance(error, UsageError) else _first_error(error)
                raise bad(number, message) from None
    return events


def _circumstances(args: argparse.Namespace) -> Circumstances:
    """What the escalation conditions read from the options (``--after-dark``, ``--age``,
    ``--risk``, ``--vulnerable``, ``--lat``/``--lon``, ``--tz``), each checked here so that a
    bad one is a usage error."""
    return Circumstances(
        after_dark=args.after_dark,
        age=parse_age(args.age) if args.age is not None else None,
        risk=RiskLevel(args.risk) if args.risk else None,
        vulnerable=args.vulnerable,
        place=_place(args.lat, args.lon),
        tz=_family_zone(args.tz),
    )


def _family_zone(name: str | None) -> str | None:
    """``--tz``: an IANA zone name, checked here so that a bad one is a usage error."""
    if name is None:
        return None
    if len(name) > 64 or not re.fullmatch(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*", name):
        raise UsageError(f"--tz: {name[:70]!r} is not an IANA time zone (such as Europe/London)")
    try:
        resolve_zone(name)
    except ValueError:
        raise UsageError(
            f"--tz: unknown time zone {name!r} (use an IANA name such as Europe/London)"
        ) from None
    return name


def _degrees(option: str, text: str, limit: int) -> float:
    """A latitude or longitude: a finite decimal number within ``-limit`` to ``limit``."""
    if len(text) > 32 or not re.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", text.strip()):
        raise UsageError(f"{option}: {text[:40]!r} is not a number of degrees (such as 51.5)")
    value = float(text)
    if not -limit <= value <= limit:
        raise UsageError(f"{option}: {text!r} is out of range: give -{limit} to {limit} degrees")
    return value


def _place(lat: str | None, lon: str | None) -> Place | None:
    """The child's place from ``--lat`` and ``--lon`` (both or neither)."""
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        raise UsageError("give --lat and --lon together (the child's place), or neither")
    return Place(latitude=_degrees("--lat", lat, 90), longitude=_degrees("--lon", lon, 180))


def _session(args: argparse.Namespace, circumstances: Circumstances) -> int:
    if args.checked_in:
        raise UsageError("--checked-in is for timelines; in a session use --event arrived@TIME")
    if args.due is not None and args.timer is not None:
        raise UsageError("give --due or --timer (with --started), not both or neither")
    if args.due is None and args.timer is None and args.started is None:
        # neither: a policy with a fixed-time check-in is due at its next time after --started
        raise UsageError("give --due or --timer (with --started), not both or neither")
    if args.timer is not None and args.started is None:
        raise UsageError("--timer needs --started (when the timer was set)")
    if args.now is None:
        raise UsageError("a session needs --now (the moment to report the state at)")
    if args.timer is not None and not 1 <= args.timer <= 24 * 60:
        raise UsageError(f"--timer must be 1 to 1440 minutes, not {args.timer}")
    due = _moment("--due", args.due) if args.due is not None else None
    started = _moment("--started", args.started) if args.started is not None else None
    now = _moment("--now", args.now)
    events = _events_file(args.events) if args.events is not None else []
    events += [_event_option(text) for text in args.event]
    catalog = catalog_for(args)
    try:  # the session refuses events out of order or outside its window
        session = CheckInSession.from_catalog(
            catalog,
            args.policy,
            due=due,
            timer_minutes=args.timer,
            started=started,
            circumstances=circumstances,
            id=args.session_id,
        )
        session = session.extend(events)  # the log built once, however long
        state = session.state_at(now)
    except ValueError as error:
        message = _first_error(error)
        if "give the child's age" in message:
            message += " (on the command line: --age)"
        elif "needs the family's zone" in message:
            message = (
                "a fixed-time check-in needs the family's zone: give --tz (such as Europe/London)"
            )
        elif message.startswith("give a due time or a timer"):
            message = (
                "give --due or --timer (with --started); --started alone only for a policy "
                "with a fixed-time check-in"
            )
        raise UsageError(message) from None
    if args.json:
        print_json(
            {
                "check_in_policy": session.check_in.id,
                "escalation_policy": session.escalation.id,
                "started": session.started.isoformat(),
                "events": [e.model_dump(mode="json", exclude_none=True) for e in session.events],
                "state": state.model_dump(mode="json"),
            }
        )
        return EXIT_OK
    say = catalog.messages
    print(
        say(
            "cli:session-heading",
            policy=session.check_in.id,
            due=state.due.isoformat(),
            deadline=state.deadline.isoformat(),
            started=session.started.isoformat(),
            escalation=session.escalation.id,
        )
    )
    lines: list[tuple[datetime, int, str]] = []  # (instant, order, text): one log, in time order
    for order, event in enumerate(session.events):
        extra = say("cli:name-separator").join(
            _event_field(say, name, value)
            for name, value in event.model_dump(exclude_none=True).items()
            if name not in ("kind", "at")
        )
        kind = event.kind.value  # a kind the library has no words for is shown as its id
        text = (say(f"event:{kind}") if f"event:{kind}" in MESSAGES else kind) + (
            f" ({extra})" if extra else ""
        )
        lines.append((event.at, order, f"  {event.at.isoformat()}  {text}"))
    for step in state.fired:
        text = say(
            "cli:fired",
            action=step.action.value,
            target=step.target.value,
            key=step.key,
            message=step.message,
        )
        lines.append((step.at, len(lines), f"  {step.at.isoformat()}  {text}"))
    for step in state.held_back:
        text = say("cli:not-sent", action=step.action.value)
        lines.append((step.at, len(lines), f"  {step.at.isoformat()}  {text}"))
    for _, _, text in sorted(lines, key=lambda line: (line[0].astimezone(UTC), line[1])):
        print(text)
    if state.darkness is not None:
        print(say("cli:after-dark-now", darkness=_describe_darkness(say, state.darkness)))
    shared = say("cli:name-separator").join(item.value for item in state.disclosure.items)
    precision = state.disclosure.precision
    print(
        say(
            "cli:shared-now",
            shared=shared or say("cli:nothing-shared"),
            precision=say("cli:shared-precision", precision=precision.value) if precision else "",
        )
    )
    print(say("cli:state-at", now=state.now.isoformat(), state=_describe_session(say, state)))
    for clear in state.all_clear:
        print(say("cli:all-clear", target=clear.target.value, message=clear.message))
    if state.awaiting_answer:
        who = say("cli:name-separator").join(
            say(f"author:{author.value}") for author in state.awaiting_answer
        )
        print(say("cli:awaiting-answer", who=who))
    if state.wake_at is not None and state.wake_for is not None:
        reason = state.wake_for.value  # a reason the library has no words for: its id
        reason = say(f"wake:{reason}") if f"wake:{reason}" in MESSAGES else reason
        print(say("cli:wake-up", at=state.wake_at.isoformat(), reason=reason))
    else:
        print(say("cli:nothing-to-wake"))
    return EXIT_OK


def _describe_darkness(say: Messages, darkness: Darkness) -> str:
    """``dark|light (basis[ at lat, lon])``: whether it is dark and which rule decided."""
    where = ""
    if darkness.place is not None:
        where = say(
            "cli:at-place",
            latitude=f"{darkness.place.latitude:g}",
            longitude=f"{darkness.place.longitude:g}",
        )
    state = say("cli:dark" if darkness.dark else "cli:light")
    basis = say(f"darkness:{darkness.basis.value}")
    return say("cli:darkness", state=state, basis=basis, where=where)


def _event_field(say: Messages, name: str, value: object) -> str:
    """One detail of a session event ("by child", "minutes 10"), in the catalogue's language;
    a field the library has no words for is shown as its name."""
    if isinstance(value, datetime):
        value = value.isoformat()
    elif name == "by" and f"author:{value}" in MESSAGES:
        value = say(f"author:{value}")
    if f"event-field:{name}" not in MESSAGES:
        return f"{name} {value}"
    return say(f"event-field:{name}", value=value)


def _describe_session(say: Messages, state: SessionState) -> str:
    extra = []
    if state.stood_down_by is not None:
        extra.append(say("cli:stood-down-by", who=state.stood_down_by, how=state.stood_down_how))
    if state.arrived_at is not None:
        extra.append(say("cli:arrived-on-time" if state.on_time else "cli:arrived-late"))
    return _describe(say, state, extra)


def _describe_state(say: Messages, state: EscalationState) -> str:
    extra = []
    if state.checked_in_at is not None:
        extra.append(say("cli:checked-in-at", at=state.checked_in_at.isoformat()))
    return _describe(say, state, extra)


def _describe(say: Messages, state: SessionState | EscalationState, extra: list[str]) -> str:
    """``status; active: ...; next: ...; <extra>; then: <debrief>`` for a state or a session,
    in the catalogue's language."""
    parts = [say(f"status:{state.status.value}")]
    if state.active is not None:
        parts.append(
            say("cli:active-step", step=state.active.step, action=state.active.action.value)
        )
    if state.next is not None:
        parts.append(
            say("cli:next-step", action=state.next.action.value, at=state.next.at.isoformat())
        )
    parts += extra
    if state.debrief:
        parts.append(say("cli:then", debrief=state.debrief))
    return say("cli:list-separator").join(parts)

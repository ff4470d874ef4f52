"""The commands of ``independence``: each reads its options, asks the library, prints the answer.

One function a command (the parser in :mod:`independence.cli.parser` names them); the tables
and JSON they print are drawn by :mod:`independence.cli.render`. A mistake in how a command was
called raises :class:`~independence.errors.UsageError`.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING, Any

from independence.cli.context import catalog_for, locale_for
from independence.cli.options import parse_age
from independence.cli.render import (
    print_json,
    print_record,
    print_suggestions,
    table_lines,
)
from independence.cli.status import EXIT_INVALID_DATA, EXIT_OK, EXIT_USAGE, to_stderr
from independence.errors import InputError, Problem, UnknownIdError, UsageError, one_line
from independence.messages import MESSAGES, PLURALS

if TYPE_CHECKING:
    from independence.catalog import Catalog
    from independence.errors import Problem
    from independence.messages import Messages

__all__ = [
    "run_bands",
    "run_escalate",
    "run_export",
    "run_graph",
    "run_schema",
    "run_show",
    "run_suggest",
    "run_validate",
]


def run_suggest(args: argparse.Namespace) -> int:
    age = parse_age(args.age)
    catalog = catalog_for(args)
    progress = None
    if args.progress is not None:
        from independence.cli.progress import load_for_cli

        progress = load_for_cli(args.progress, catalog)
        if progress is None:
            return EXIT_INVALID_DATA
    # each id is checked here, so the message names the option it came from
    for option, ids, lookup in (
        ("--mastered", args.mastered, catalog.responsibility),
        ("--category", args.category, catalog.category),
        ("--perspective", args.perspective, catalog.perspective),
    ):
        for id in ids or ():
            try:
                lookup(id)
            except UnknownIdError as error:
                raise UsageError(f"{option}: {error}") from None
    found = catalog.suggest(
        age,
        mastered=args.mastered,
        categories=args.category,
        limit=args.limit,
        perspectives=args.perspective,
        progress=progress,
    )
    return print_suggestions(args, catalog, age, found)


def run_show(args: argparse.Namespace) -> int:
    catalog = catalog_for(args)
    item: Any
    if args.id in catalog:
        item = catalog.responsibility(args.id)
    elif args.id in {p.id for p in catalog.check_in_policies}:
        item = catalog.check_in_policy(args.id)
    elif args.id in {p.id for p in catalog.escalation_policies}:
        item = catalog.escalation_policy(args.id)
    else:
        catalog.responsibility(args.id)  # raises, naming close matches
        return EXIT_USAGE  # pragma: no cover
    record = item.model_dump(mode="json", exclude_none=True)
    if args.perspective:
        record["perspectives"] = [
            text.model_dump(mode="json") for text in catalog.guidance(args.id, args.perspective)
        ]
    if args.json:
        print_json(record)
        return EXIT_OK
    print_record(record, catalog.messages)
    return EXIT_OK


def run_bands(args: argparse.Namespace) -> int:
    catalog = catalog_for(args)
    if args.json:
        print_json([band.model_dump(mode="json") for band in catalog.bands])
        return EXIT_OK
    say = catalog.messages
    rows = [
        (
            band.id,
            say("age:range", start=say.months(band.from_month), end=say.months(band.to_month)),
            say("cli:review-every", months=say.plural("cli:n-months", band.review_interval_months)),
            band.title,
        )
        for band in catalog.bands
    ]
    for line in table_lines(rows, right_to_left=say.right_to_left):
        print(line)
    return EXIT_OK


def run_validate(args: argparse.Namespace) -> int:
    from independence.build import load_catalog
    from independence.errors import CatalogError

    reports: list[tuple[str, Catalog | None, tuple[Problem, ...]]] = []
    for path in args.paths:
        try:
            catalog = load_catalog(path, overlays=args.overlay, locale=locale_for(args))
        except FileNotFoundError as error:
            raise UsageError(str(error)) from None
        except CatalogError as error:
            reports.append((path, None, error.problems))
            continue
        except ValueError as error:  # an unknown or ill-formed --locale
            raise UsageError(f"--locale: {error}") from None
        from independence.regional import region_problems  # each region laid over the data

        regional = region_problems(path)
        reports.append((path, None, regional) if regional else (path, catalog, ()))
    problems = [problem for _, _, found in reports for problem in found]
    if args.json:
        print_json(
            {
                "valid": not problems,
                "catalogs": [
                    {
                        "path": path,
                        "valid": not found,
                        "counts": _counts(catalog) if catalog is not None else None,
                        "problems": [p.as_dict() for p in found],
                        "warnings": [w.as_dict() for w in _warnings(catalog)],
                    }
                    for path, catalog, found in reports
                ],
            }
        )
    else:
        for problem in problems:
            print(problem)
        for path, loaded, _ in reports:
            if loaded is not None:
                warned = _warnings(loaded)
                for warning in warned:
                    print(warning)
                say = loaded.messages
                counts = say("titles:list-separator").join(
                    say.plural(f"count:{name}", n)
                    if f"count:{name}" in PLURALS
                    else _plural(n, _label(name))
                    for name, n in _counts(loaded).items()
                )
                note = (
                    say("cli:warnings", warnings=say.plural("cli:n-warnings", len(warned)))
                    if warned
                    else ""
                )
                print(
                    say(
                        "cli:valid",
                        path=path,
                        counts=counts,
                        version=loaded.data_version,
                        warnings=note,
                    )
                )
    if problems:
        count = len(problems)
        to_stderr(f"independence: {count} problem{'s' * (count != 1)} found")
        return EXIT_INVALID_DATA
    return EXIT_OK


def _warnings(catalog: Catalog | None) -> tuple[Any, ...]:
    """The catalogue's warnings (none when it did not load: its problems come first)."""
    return catalog.warnings if catalog is not None else ()


def _plural(count: int, label: str) -> str:
    """``3 check-in policies``, ``1 check-in policy``."""
    if count == 1:
        return f"1 {label}"
    many = label[:-1] + "ies" if label.endswith("y") else label + "s"
    return f"{count} {many}"


def _label(section: str) -> str:
    from independence.model.sections import section_kind

    return section_kind(section).count_label or section


def _counts(catalog: Catalog) -> dict[str, int]:
    from independence.model.sections import REGISTRY

    return {
        entry.name: len(getattr(catalog, entry.name))
        for entry in REGISTRY
        if entry.count_label is not None
    }


def run_schema(args: argparse.Namespace) -> int:
    from independence.schema import SCHEMA_KINDS, schema_text, write_schemas

    if args.output is not None:
        if args.kind is not None:
            raise UsageError("give a kind or --output DIR, not both")
        written = write_schemas(args.output)
        if args.json:
            print_json([str(path) for path in written])
            return EXIT_OK
        for path in written:
            print(path)
        return EXIT_OK
    if args.kind is None:
        raise UsageError(f"KIND: name one ({', '.join(SCHEMA_KINDS)}) or use --output DIR")
    try:
        text = schema_text(args.kind)
    except KeyError as error:  # an unknown kind, with the known ones in the message
        raise UsageError(f"KIND: {error.args[0]}") from None
    sys.stdout.write(text)
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    import pydantic_core

    from independence.export import export_document

    catalog = catalog_for(args)
    # pydantic's own serialiser: the same bytes as json.dumps(indent=2), several times faster
    sys.stdout.write(pydantic_core.to_json(export_document(catalog), indent=2).decode() + "\n")
    return EXIT_OK


def _moment(option: str, text: str) -> Any:
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise UsageError(
            f"{option}: {text!r} has no UTC offset; write it like 2026-03-09T08:30+00:00"
        )
    from independence.escalation import EARLIEST, LATEST, in_range

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
    plan = catalog.timeline(
        args.policy,
        due,
        **circumstances,
    )
    state = catalog.escalation_state(plan, now, check_ins=checked) if now is not None else None
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
    conditions = ", ".join(c.value for c in plan.conditions) or say("cli:no-conditions")
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


def _event_option(text: str) -> Any:
    """``KIND[/BY][#ID]@TIME[:ARG]`` as an :class:`~independence.session.Event`."""
    from independence.session import Author, Event, EventKind

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
    details: dict[str, Any] = {}
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
        return Event(kind=kind, at=at, **details)
    except ValueError as error:
        message = _first_error(error).replace("minutes: ", "MINUTES ", 1)
        raise UsageError(f"--event: {text!r}: {message}") from None


def _first_error(error: ValueError) -> str:
    """The first message of a validation error, without pydantic's framing."""
    return one_line(error)


def _events_file(path: str) -> list[Any]:
    """The events of a JSON Lines file, in order. A bad line is invalid input (exit 1), an
    :class:`~independence.errors.InputError` naming the file and the line."""
    import json

    from independence.loading.guard import input_lines
    from independence.session import Event

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


def _circumstances(args: argparse.Namespace) -> dict[str, Any]:
    """What the escalation conditions read from the options: the keyword arguments of
    :meth:`~independence.Catalog.timeline` and :meth:`~independence.CheckInSession.start`."""
    from independence.model import RiskLevel

    return {
        "after_dark": args.after_dark,
        "age": parse_age(args.age) if args.age is not None else None,
        "risk": RiskLevel(args.risk) if args.risk else None,
        "vulnerable": args.vulnerable,
        "place": _place(args.lat, args.lon),
        "tz": _family_zone(args.tz),
    }


def _family_zone(name: str | None) -> str | None:
    """``--tz``: an IANA zone name, checked here so that a bad one is a usage error."""
    if name is None:
        return None
    from independence.clock import resolve_zone  # the one rule for zone names

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


def _place(lat: str | None, lon: str | None) -> Any:
    """The child's place from ``--lat`` and ``--lon`` (both or neither)."""
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        raise UsageError("give --lat and --lon together (the child's place), or neither")
    from independence.sun import Place

    return Place(latitude=_degrees("--lat", lat, 90), longitude=_degrees("--lon", lon, 180))


def _session(args: argparse.Namespace, circumstances: dict[str, Any]) -> int:
    from independence.session import CheckInSession

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
            id=args.session_id,
            **circumstances,
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
    from datetime import UTC

    lines: list[tuple[Any, int, str]] = []  # (instant, order, text): one log, in time order
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


def _describe_darkness(say: Messages, darkness: Any) -> str:
    """``dark|light (basis[ at lat, lon])``: whether it is dark and which rule decided."""
    where = ""
    if darkness.place is not None:
        where = say(
            "cli:at-place",
            latitude=f"{darkness.place.latitude:g}",
            longitude=f"{darkness.place.longitude:g}",
        )
    state = say("cli:dark" if darkness.dark else "cli:light")
    return say("cli:darkness", state=state, basis=darkness.basis.value, where=where)


def _event_field(say: Messages, name: str, value: Any) -> str:
    """One detail of a session event ("by child", "minutes 10"), in the catalogue's language;
    a field the library has no words for is shown as its name."""
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    elif name == "by" and f"author:{value}" in MESSAGES:
        value = say(f"author:{value}")
    if f"event-field:{name}" not in MESSAGES:
        return f"{name} {value}"
    return say(f"event-field:{name}", value=value)


def _describe_session(say: Messages, state: Any) -> str:
    extra = []
    if state.stood_down_by is not None:
        extra.append(say("cli:stood-down-by", who=state.stood_down_by, how=state.stood_down_how))
    if state.arrived_at is not None:
        extra.append(say("cli:arrived-on-time" if state.on_time else "cli:arrived-late"))
    return _describe(say, state, extra)


def _describe_state(say: Messages, state: Any) -> str:
    extra = []
    if state.checked_in_at is not None:
        extra.append(say("cli:checked-in-at", at=state.checked_in_at.isoformat()))
    return _describe(say, state, extra)


def _describe(say: Messages, state: Any, extra: list[str]) -> str:
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


def run_graph(args: argparse.Namespace) -> int:
    from independence import graph

    catalog = catalog_for(args)
    if args.subject == "bands":
        if args.id is not None:
            raise UsageError("'graph bands' takes no id")
        diagram = graph.bands_chart(catalog)
    elif args.id is None:
        raise UsageError(f"'graph {args.subject}' needs an id")
    elif args.subject == "category":
        diagram = graph.category_flow(catalog, args.id)
    else:
        policy = catalog.escalation_policy(args.id)
        diagram = graph.escalation_timeline(policy, catalog.messages)
    if args.json:
        print_json(
            {"subject": args.subject, "id": args.id, "format": "mermaid", "diagram": diagram}
        )
    else:
        sys.stdout.write(diagram)
    return EXIT_OK

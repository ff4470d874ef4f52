"""Healthchecks.io's own tests of grace, pauses, late pings and clock changes, translated.

Healthchecks (github.com/healthchecks/healthchecks) watches for pings that should come on a
schedule: a check is ``new`` before its first ping, ``up``, then in ``grace`` once a ping is
late, then ``down`` once the grace period is over, and it nags while down. A check-in session
is the same shape: ``waiting`` before the due time, ``grace`` within the grace period, then
``missed``/``escalating``; an arrival is the ping. Each test below names the Healthchecks test
it translates (file and test name, read from the repository's ``hc/api/tests``); where the
library differs on purpose, the test says so and asserts the library's behaviour.

Not translated: the tests of cron and OnCalendar schedules, flips, downtime reports, pruning,
badges and the HTTP API, which have no counterpart in a single check-in.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import independence
from independence import Age, CheckInSession
from independence.escalation import Circumstances

CATALOG = independence.default_catalog()
MINUTE = timedelta(minutes=1)
TWELVE = Age.parse("12y")
DUE = datetime(2000, 1, 2, 0, 0, tzinfo=UTC)  # walk-to-school: 10 minutes' grace


def walk(due: datetime = DUE) -> CheckInSession:
    return CheckInSession.from_catalog(
        CATALOG,
        "walk-to-school",
        due=due,
        circumstances=Circumstances(age=TWELVE, after_dark=False),
    )


def status(session: CheckInSession, now: datetime) -> str:
    return session.state_at(now).status.value


# --- hc/api/tests/test_check_model.py -------------------------------------------------------


def test_get_status_handles_new_check() -> None:
    """``test_get_status_handles_new_check``: a check never pinged is ``new``; a session before
    its due time is ``waiting`` and nothing has fired."""
    state = walk().state_at(DUE - 60 * MINUTE)
    assert (state.status.value, state.fired) == ("waiting", ())


def test_status_works_with_grace_period() -> None:
    """``test_status_works_with_grace_period``: past the expected time but within the grace
    period, the status is ``grace``."""
    assert status(walk(), DUE + 5 * MINUTE) == "grace"


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(-1, "waiting"), (0, "grace"), (9, "grace"), (10, "escalating")],
)
def test_status_works_with_cron_syntax(offset: int, expected: str) -> None:
    """``test_status_works_with_cron_syntax`` (and ``..._with_oncalendar_syntax``): one minute
    before the expected time ``up``, at it ``grace``, at the end of the grace period ``down``.
    Here the grace period is the policy's 10 minutes, and the first step (a reminder) fires at
    the deadline itself, so the status there is ``escalating``."""
    assert status(walk(), DUE + offset * MINUTE) == expected


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        ("2000-01-01T23:59", "waiting"),
        ("2000-01-02T00:00", "grace"),
        ("2000-01-02T00:10", "escalating"),
    ],
)
def test_status_works_with_timezone(utc: str, expected: str) -> None:
    """``test_status_works_with_timezone``: due at 10:00 in Brisbane (UTC+10), the status
    changes at the UTC instants of 09:59, 10:00 and the end of grace."""
    brisbane = ZoneInfo("Australia/Brisbane")
    session = walk(due=datetime(2000, 1, 2, 10, 0, tzinfo=brisbane))
    now = datetime.fromisoformat(utc).replace(tzinfo=UTC)
    assert status(session, now) == expected


def test_get_status_handles_past_grace() -> None:
    """``test_get_status_handles_past_grace``: long past the grace period, ``down``: here the
    escalation has run (missed, then escalating)."""
    state = walk().state_at(DUE + 2 * 24 * 60 * MINUTE)
    assert state.status.value == "escalating"
    assert state.fired[-1].action.value == "call-emergency-services"


def test_get_status_obeys_down_status() -> None:
    """``test_get_status_obeys_down_status``: once down, a check stays down until a ping;
    a missed session never goes back to ``waiting`` or ``grace`` by itself, whatever the clock."""
    session = walk()
    assert {status(session, DUE + m * MINUTE) for m in range(10, 600, 7)} == {"escalating"}


def test_get_status_handles_autumn_dst_transition() -> None:
    """``test_get_status_handles_autumn_dst_transition``: Riga, the night of 29 October 2023,
    when the clocks go back at 04:00 local (01:00 UTC). The grace period is elapsed time, so a
    check-in due at 03:55 EEST (00:55 UTC) with 10 minutes' grace is missed at 01:05 UTC
    (03:05 EET), not an hour later or earlier."""
    riga = ZoneInfo("Europe/Riga")
    due = datetime(2023, 10, 29, 0, 55, tzinfo=UTC).astimezone(riga)
    session = walk(due=due)
    assert status(session, datetime(2023, 10, 29, 1, 4, tzinfo=UTC)) == "grace"
    state = session.state_at(datetime(2023, 10, 29, 1, 5, tzinfo=UTC))
    assert state.status.value == "escalating"
    assert state.deadline.astimezone(UTC) == datetime(2023, 10, 29, 1, 5, tzinfo=UTC)
    assert state.deadline.isoformat() == "2023-10-29T03:05:00+02:00"


def test_get_grace_start_returns_utc() -> None:
    """``test_get_grace_start_returns_utc``: Healthchecks gives the start of grace in UTC.
    Differs on purpose: a session gives it in the family's zone (the instant is the same), so
    that an app shows local times; the zone is kept when the session is stored."""
    riga = ZoneInfo("Europe/Riga")
    session = walk(due=datetime(2023, 10, 29, 3, 55, tzinfo=riga))
    state = session.state_at(datetime(2023, 10, 29, 0, 0, tzinfo=UTC))
    assert state.due.tzinfo == riga
    assert state.due.astimezone(UTC) == datetime(2023, 10, 29, 0, 55, tzinfo=UTC)


def test_get_status_handles_paused_check() -> None:
    """``test_get_status_handles_paused_check``: a paused check reports ``paused``, even long
    past its grace period, and sends no alert. Differs on purpose: pausing location sharing
    never silences a check-in; the status is the check-in's and every safety step fires."""
    teen = CheckInSession.from_catalog(
        CATALOG, "social-outing", due=DUE, circumstances=Circumstances(after_dark=False)
    )
    paused = teen.add("location-paused", DUE - 30 * MINUTE, by="child")
    late = DUE + 24 * 60 * MINUTE
    assert status(paused, late) == "escalating"
    safety = [s for s in paused.state_at(late).fired if s.safety]
    assert safety == [s for s in teen.state_at(late).fired if s.safety]


# --- hc/api/tests/test_ping.py --------------------------------------------------------------


def test_it_works() -> None:
    """``PingTestCase.test_it_works``: a ping makes the check ``up``: an arrival resolves the
    session, on time before the deadline."""
    state = walk().add("arrived", DUE - 3 * MINUTE).state_at(DUE)
    assert (state.status.value, state.on_time) == ("resolved", True)


def test_a_late_ping_after_down() -> None:
    """``PingTestCase.test_it_works`` on a check that is down: a late ping brings it ``up``.
    A late arrival resolves the session; what fired stays fired, nothing later fires, and
    everyone already contacted gets the all-clear (Healthchecks notifies on the flip to up)."""
    session = walk().add("arrived", DUE + 35 * MINUTE)
    state = session.state_at(DUE + 10 * 60 * MINUTE)
    assert (state.status.value, state.on_time) == ("resolved", False)
    assert all(s.at.astimezone(UTC) <= DUE + 35 * MINUTE for s in state.fired)
    assert [c.target.value for c in state.all_clear] == ["other-guardian"]


def test_it_changes_status_of_paused_check() -> None:
    """``PingTestCase.test_it_changes_status_of_paused_check``: a ping to a paused check
    makes it ``up``: an arrival while sharing is paused resolves the session."""
    teen = CheckInSession.from_catalog(
        CATALOG, "social-outing", due=DUE, circumstances=Circumstances(after_dark=False)
    )
    paused = teen.add("location-paused", DUE - 30 * MINUTE, by="child")
    state = paused.add("arrived", DUE - 10 * MINUTE).state_at(DUE)
    assert (state.status.value, state.sharing_paused_by) == ("resolved", None)


# --- hc/api/tests/test_resume.py ------------------------------------------------------------


def test_it_handles_not_paused_checks() -> None:
    """``ResumeTestCase.test_it_handles_not_paused_checks``: resuming a check that is not
    paused is refused (HTTP 409): here a ``ValueError`` that says so."""
    teen = CheckInSession.from_catalog(
        CATALOG, "social-outing", due=DUE, circumstances=Circumstances(after_dark=False)
    )
    with pytest.raises(ValueError, match="location sharing is not paused"):
        teen.add("location-resumed", DUE - 5 * MINUTE, by="child")


# --- hc/api/tests/test_sendalerts.py --------------------------------------------------------


def test_it_handles_grace_period() -> None:
    """``SendAlertsTestCase.test_it_handles_grace_period``: in the grace period nothing is
    sent."""
    assert walk().state_at(DUE + 9 * MINUTE).fired == ()


def test_it_creates_a_flip_when_check_goes_down() -> None:
    """``SendAlertsTestCase.test_it_creates_a_flip_when_check_goes_down``: at the end of the
    grace period the check goes down and an alert goes out: the first step fires."""
    state = walk().state_at(DUE + 10 * MINUTE)
    assert [s.at.astimezone(UTC) for s in state.fired] == [DUE + 10 * MINUTE]


def test_it_sets_next_nag_date() -> None:
    """``SendAlertsTestCase.test_it_sets_next_nag_date``: while a check is down, its owners are
    nagged every nag period. A session prompts the grown-ups again after its last step, every
    ``reprompt.every_minutes``, a bounded number of times (Healthchecks nags until it is up)."""
    session = walk()
    prompt = session.escalation.reprompt
    fired = session.state_at(DUE + 24 * 60 * MINUTE).fired
    again = fired[-prompt.times :]
    gaps = [b.at - a.at for a, b in zip(fired[-prompt.times - 1 : -1], again, strict=True)]
    assert gaps == [prompt.every_minutes * MINUTE] * prompt.times


def test_it_clears_next_nag_date() -> None:
    """``SendAlertsTestCase.test_it_clears_next_nag_date``: when the check comes back up the
    nagging stops. So here after an arrival; and also (differs on purpose) once a grown-up
    acknowledges the alert, since the point of nagging is that someone acts on it."""
    session = walk()
    last = session.state_at(DUE + 24 * 60 * MINUTE).fired[-4]  # the emergency step
    after = last.at + MINUTE
    for ended in (
        session.add("arrived", after),
        session.add("alert-acknowledged", after, by="guardian"),
    ):
        fired = ended.state_at(DUE + 24 * 60 * MINUTE).fired
        assert fired[-1].at == last.at

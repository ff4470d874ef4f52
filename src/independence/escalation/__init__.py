"""The check-in engine: escalation timelines and states, live sessions and their events.

- :class:`Timeline` and :class:`EscalationState` (:mod:`~independence.escalation.engine`):
  when each step of an escalation policy fires should a check-in be missed, and where it
  stands; an app asks a catalogue for them (:meth:`Catalog.timeline
  <independence.Catalog.timeline>`, :meth:`~independence.Catalog.escalation_state`), which
  runs the engine's ``timeline`` and ``state_at`` on the policies it names;
- :class:`CheckInSession` (:mod:`~independence.escalation.session`): a live check-in, events
  in (:mod:`~independence.escalation.events`), state and the next wake-up out
  (:mod:`~independence.escalation.state`);
- :class:`Circumstances`: what decides the conditions (after dark, age, risk, zone,
  :class:`Place`);
- :mod:`~independence.escalation.times` (the range of instants, elapsed time) and
  :mod:`~independence.escalation.triggers` (interval and fixed-time due times).

The rules are in ``docs/concepts/escalation.md`` and ``docs/concepts/sessions.md``.
"""

from __future__ import annotations

from independence.escalation.circumstances import Circumstances, risk_level
from independence.escalation.engine import (
    MAX_SPAN,
    EscalationState,
    EscalationStatus,
    Pause,
    ScheduledStep,
    Timeline,
    first_due,
    pause_window,
    stacked_percent,
)
from independence.escalation.events import (
    AUTHORS,
    Author,
    AuthorName,
    Event,
    EventKind,
    EventKindName,
)
from independence.escalation.session import SOS_EMERGENCY_MINUTES, CheckInSession, PolicySource
from independence.escalation.state import AllClear, SessionState, SessionStatus, WakeReason
from independence.escalation.times import EARLIEST, LATEST, in_range
from independence.sun import Place

__all__ = [
    "AUTHORS",
    "EARLIEST",
    "LATEST",
    "MAX_SPAN",
    "SOS_EMERGENCY_MINUTES",
    "AllClear",
    "Author",
    "AuthorName",
    "CheckInSession",
    "Circumstances",
    "EscalationState",
    "EscalationStatus",
    "Event",
    "EventKind",
    "EventKindName",
    "Pause",
    "Place",
    "PolicySource",
    "ScheduledStep",
    "SessionState",
    "SessionStatus",
    "Timeline",
    "WakeReason",
    "first_due",
    "in_range",
    "pause_window",
    "risk_level",
    "stacked_percent",
]

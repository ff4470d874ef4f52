"""Where a check-in session stands at an instant: :class:`SessionState` and its parts."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Final

from pydantic import AwareDatetime, Field

from independence.escalation.engine import ScheduledStep
from independence.escalation.events import Author
from independence.model.base import Record
from independence.model.check_in import Darkness, Disclosure, PauseRole
from independence.model.escalation import Target

__all__ = ["AllClear", "SessionState", "SessionStatus", "WakeReason"]


class SessionStatus(StrEnum):
    """Where a check-in session stands."""

    WAITING = "waiting"
    """Not due yet."""
    GRACE = "grace"
    """Due, within the grace period."""
    MISSED = "missed"
    """The deadline has passed; no step of the current plan has fired yet."""
    ESCALATING = "escalating"
    """The deadline has passed and the escalation is under way."""
    ACKNOWLEDGED = "acknowledged"
    """The child replied before the deadline and is on the way: safety steps wait while the
    hold runs."""
    RESOLVED = "resolved"
    """The child arrived."""
    STOOD_DOWN = "stood-down"
    """A grown-up confirmed the child is safe."""
    EMERGENCY = "emergency"
    """The child raised the alarm: the urgent path runs."""


class WakeReason(StrEnum):
    """Why an app should wake up at the state's wake_at instant."""

    DUE = "due"
    DEADLINE = "deadline"
    STEP = "step"
    HOLD_ENDS = "hold-ends"
    SHARING_RESUMES = "sharing-resumes"


class AllClear(Record):
    """One message of the all-clear: someone who was contacted, and what to tell them."""

    target: Target = Field(description="Who was contacted during the escalation.")
    message: str = Field(description="What to tell them now that the child is safe.")


_TEXT: Final = {
    "status": "Where the session stands.",
    "now": "The moment the state is for.",
    "opens": "When the session's window opened (its start).",
    "due": (
        "The current due time: the arrival's, after added time and plan changes, or the next "
        "interval message's when that comes first."
    ),
    "deadline": "The current deadline: the due time plus the grace period.",
    "destination": "The destination of the latest plan change, if one gave it.",
    "added_minutes": "Time added to the due time so far, by added time and plan changes.",
    "fired": "Every firing at or before now, each with the instant it really fired and its key.",
    "held_back": "Reminders whose time has come but were not sent (a pause, an acknowledgment).",
    "active": "The latest firing, while the session is open.",
    "next": "The next firing, while the session is open.",
    "wake_at": "The next instant at which the state changes by itself: set one timer for it.",
    "wake_for": "Why to wake up then.",
    "acknowledged_at": "The child's first acknowledgment of the current plan.",
    "hold_until": "When the hold of an acknowledgment given before the deadline ends.",
    "sharing_paused_by": "Who paused location sharing, while it is paused.",
    "sharing_resumes_at": "When a running pause ends by itself (empty: when someone resumes it).",
    "sos_at": "The latest alarm.",
    "arrived_at": "When the child arrived.",
    "on_time": "Whether the arrival came before the deadline.",
    "stood_down_at": "When a grown-up stood the session down.",
    "stood_down_by": "Who stood it down: guardian or trusted-adult.",
    "stood_down_how": "How they knew the child was safe.",
    "all_clear": (
        "Once the child is safe: everyone already contacted except the child, each with the "
        "message to send them."
    ),
    "awaiting_answer": (
        "The grown-ups who were alerted and have not acknowledged an alert since, while the "
        "session is open."
    ),
    "debrief": "The escalation policy's debrief, once the session has ended after a step fired.",
    "reconnection": "The escalation policy's reconnection idea, with the debrief.",
    "arrival_due": "When the child is due to arrive, after added time and plan changes.",
    "message_due": (
        "With an interval trigger: when the next checked-in message is due, while it comes "
        "before the arrival (then 'due' is this time)."
    ),
    "checked_in_at": "The child's latest checked-in message.",
    "darkness": (
        "Whether it is after dark at now and which rule decided: sun-at-place (the app's "
        "place), sun-at-zone (the zone's reference place), policy-hours, fallback-hours or "
        "assumed-dark; empty when after_dark is forced."
    ),
    "disclosure": (
        "What may be shared with the family at now: nothing on-failure until a safety step "
        "fires, then what the policy allows; nothing once the child is safe (except mode "
        "always); no location while a pause runs."
    ),
}


def _d(name: str) -> Any:
    return Field(description=_TEXT[name])


class SessionState(Record):
    """Where a session stands at ``now``, and when to look again."""

    status: SessionStatus = _d("status")
    now: AwareDatetime = _d("now")
    opens: AwareDatetime = _d("opens")
    due: AwareDatetime = _d("due")
    deadline: AwareDatetime = _d("deadline")
    destination: str | None = _d("destination")
    added_minutes: int = _d("added_minutes")
    fired: tuple[ScheduledStep, ...] = _d("fired")
    held_back: tuple[ScheduledStep, ...] = _d("held_back")
    active: ScheduledStep | None = _d("active")
    next: ScheduledStep | None = _d("next")
    wake_at: AwareDatetime | None = _d("wake_at")
    wake_for: WakeReason | None = _d("wake_for")
    acknowledged_at: AwareDatetime | None = _d("acknowledged_at")
    hold_until: AwareDatetime | None = _d("hold_until")
    sharing_paused_by: PauseRole | None = _d("sharing_paused_by")
    sharing_resumes_at: AwareDatetime | None = _d("sharing_resumes_at")
    sos_at: AwareDatetime | None = _d("sos_at")
    arrived_at: AwareDatetime | None = _d("arrived_at")
    on_time: bool | None = _d("on_time")
    stood_down_at: AwareDatetime | None = _d("stood_down_at")
    stood_down_by: Author | None = _d("stood_down_by")
    stood_down_how: str | None = _d("stood_down_how")
    all_clear: tuple[AllClear, ...] = _d("all_clear")
    awaiting_answer: tuple[Author, ...] = _d("awaiting_answer")
    debrief: str | None = _d("debrief")
    reconnection: str | None = _d("reconnection")
    # added with issue #23: defaults, so that a state stored before still loads
    arrival_due: AwareDatetime | None = Field(default=None, description=_TEXT["arrival_due"])
    message_due: AwareDatetime | None = Field(default=None, description=_TEXT["message_due"])
    checked_in_at: AwareDatetime | None = Field(default=None, description=_TEXT["checked_in_at"])
    darkness: Darkness | None = Field(default=None, description=_TEXT["darkness"])
    disclosure: Disclosure = Field(
        default=Disclosure(items=(), precision=None), description=_TEXT["disclosure"]
    )

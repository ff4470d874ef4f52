"""independence: age-appropriate child independence as typed, validated data.

Guidance for families and the apps that serve them, not a screening tool: every child differs.

>>> import independence
>>> catalog = independence.default_catalog()
>>> catalog.band_for(independence.Age.parse("7y6m")).id
'early-school'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from independence._version import DATA_VERSION, __version__

if TYPE_CHECKING:
    from independence._default import available_locales, data_path, default_catalog
    from independence.age import Age
    from independence.catalog import (
        Catalog,
        DisabledItem,
        PerspectiveText,
        ProvenanceEntry,
        Suggestion,
        SuggestionKind,
        UnknownIdError,
    )
    from independence.data_warnings import DataWarning
    from independence.errors import CatalogError, Problem
    from independence.escalation import EscalationState, Pause, ScheduledStep, Status, Timeline
    from independence.loading import load_catalog
    from independence.model import (
        Action,
        AgeBand,
        AgeMeaning,
        CatalogInfo,
        Category,
        Channel,
        CheckInPolicy,
        Condition,
        ConditionKind,
        Context,
        EscalationPolicy,
        EscalationStep,
        LocationSharing,
        PauseRole,
        Precision,
        Repeat,
        Resolution,
        Responsibility,
        RiskLevel,
        SharingMode,
        Source,
        SourceKind,
        SupportStage,
        SupportStep,
        Target,
        TimeWindow,
        Trigger,
        TriggerKind,
        Urgency,
    )
    from independence.model.escalation import MIN_DELAY_PERCENT, YOUNG_CHILD_UNDER
    from independence.model.perspective import PerspectivePack
    from independence.planning import Review
    from independence.progress import (
        ItemProgress,
        Progress,
        StageChange,
        read_progress,
        write_progress,
    )
    from independence.regional import Region, UnknownRegionError, regions
    from independence.session import (
        CheckInSession,
        Event,
        EventKind,
        SessionState,
        SessionStatus,
        WakeReason,
    )

__all__ = [
    "DATA_VERSION",
    "MIN_DELAY_PERCENT",
    "YOUNG_CHILD_UNDER",
    "Action",
    "Age",
    "AgeBand",
    "AgeMeaning",
    "Catalog",
    "CatalogError",
    "CatalogInfo",
    "Category",
    "Channel",
    "CheckInPolicy",
    "CheckInSession",
    "Condition",
    "ConditionKind",
    "Context",
    "DataWarning",
    "DisabledItem",
    "EscalationPolicy",
    "EscalationState",
    "EscalationStep",
    "Event",
    "EventKind",
    "ItemProgress",
    "LocationSharing",
    "Pause",
    "PauseRole",
    "PerspectivePack",
    "PerspectiveText",
    "Precision",
    "Problem",
    "Progress",
    "ProvenanceEntry",
    "Region",
    "Repeat",
    "Resolution",
    "Responsibility",
    "Review",
    "RiskLevel",
    "ScheduledStep",
    "SessionState",
    "SessionStatus",
    "SharingMode",
    "Source",
    "SourceKind",
    "StageChange",
    "Status",
    "Suggestion",
    "SuggestionKind",
    "SupportStage",
    "SupportStep",
    "Target",
    "TimeWindow",
    "Timeline",
    "Trigger",
    "TriggerKind",
    "UnknownIdError",
    "UnknownRegionError",
    "Urgency",
    "WakeReason",
    "__version__",
    "available_locales",
    "data_path",
    "default_catalog",
    "load_catalog",
    "read_progress",
    "regions",
    "write_progress",
]

# Public names are imported on first use (PEP 562), so that `import independence` stays cheap
# for the command line and the pytest plugin; the objects are the same either way.
_LAZY: dict[str, str] = {
    "EscalationState": "independence.escalation",
    "Pause": "independence.escalation",
    "CheckInSession": "independence.session",
    "DataWarning": "independence.data_warnings",
    "Event": "independence.session",
    "EventKind": "independence.session",
    "SessionState": "independence.session",
    "SessionStatus": "independence.session",
    "WakeReason": "independence.session",
    "ScheduledStep": "independence.escalation",
    "Status": "independence.escalation",
    "Timeline": "independence.escalation",
    "DisabledItem": "independence.catalog",
    "PerspectivePack": "independence.model.perspective",
    "PerspectiveText": "independence.catalog",
    "ProvenanceEntry": "independence.catalog",
    "Action": "independence.model",
    "MIN_DELAY_PERCENT": "independence.model.escalation",
    "YOUNG_CHILD_UNDER": "independence.model.escalation",
    "Age": "independence.age",
    "AgeBand": "independence.model",
    "AgeMeaning": "independence.model",
    "Catalog": "independence.catalog",
    "CatalogError": "independence.errors",
    "CatalogInfo": "independence.model",
    "Category": "independence.model",
    "Channel": "independence.model",
    "CheckInPolicy": "independence.model",
    "Condition": "independence.model",
    "ConditionKind": "independence.model",
    "Context": "independence.model",
    "EscalationPolicy": "independence.model",
    "EscalationStep": "independence.model",
    "LocationSharing": "independence.model",
    "PauseRole": "independence.model",
    "Precision": "independence.model",
    "Problem": "independence.errors",
    "Repeat": "independence.model",
    "Resolution": "independence.model",
    "Responsibility": "independence.model",
    "RiskLevel": "independence.model",
    "SharingMode": "independence.model",
    "Source": "independence.model",
    "SourceKind": "independence.model",
    "Suggestion": "independence.catalog",
    "SuggestionKind": "independence.catalog",
    "SupportStage": "independence.model",
    "SupportStep": "independence.model",
    "Target": "independence.model",
    "TimeWindow": "independence.model",
    "Trigger": "independence.model",
    "TriggerKind": "independence.model",
    "UnknownIdError": "independence.catalog",
    "Urgency": "independence.model",
    "available_locales": "independence._default",
    "data_path": "independence._default",
    "default_catalog": "independence._default",
    "load_catalog": "independence.loading",
    "ItemProgress": "independence.progress",
    "Progress": "independence.progress",
    "StageChange": "independence.progress",
    "read_progress": "independence.progress",
    "Region": "independence.regional",
    "UnknownRegionError": "independence.regional",
    "regions": "independence.regional",
    "write_progress": "independence.progress",
    "Review": "independence.planning",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'independence' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

"""The typed, immutable records of the data model, one module per concept."""

from independence.model.band import AgeBand
from independence.model.category import Category
from independence.model.check_in import (
    Channel,
    CheckInPolicy,
    Context,
    LocationSharing,
    PauseRole,
    Precision,
    SharingMode,
    TimeWindow,
    Trigger,
    TriggerKind,
)
from independence.model.escalation import (
    Action,
    Condition,
    ConditionKind,
    EscalationPolicy,
    EscalationStep,
    Repeat,
    Resolution,
    Target,
    Urgency,
)
from independence.model.responsibility import (
    Responsibility,
    RiskLevel,
    SupportStage,
    SupportStep,
)
from independence.model.source import AgeMeaning, CatalogInfo, Source, SourceKind

__all__ = [
    "Action",
    "AgeBand",
    "AgeMeaning",
    "CatalogInfo",
    "Category",
    "Channel",
    "CheckInPolicy",
    "Condition",
    "ConditionKind",
    "Context",
    "EscalationPolicy",
    "EscalationStep",
    "LocationSharing",
    "PauseRole",
    "Precision",
    "Repeat",
    "Resolution",
    "Responsibility",
    "RiskLevel",
    "SharingMode",
    "Source",
    "SourceKind",
    "SupportStage",
    "SupportStep",
    "Target",
    "TimeWindow",
    "Trigger",
    "TriggerKind",
    "Urgency",
]

"""independence: age-appropriate child independence as typed, validated data.

Guidance for families and the apps that serve them, not a screening tool: every child differs.

>>> import independence
>>> catalog = independence.default_catalog()
>>> catalog.band_for(independence.Age.parse("7y6m")).id
'early-school'
"""

from independence._default import data_path, default_catalog
from independence._version import DATA_VERSION, __version__
from independence.age import Age
from independence.catalog import Catalog, Suggestion, SuggestionKind, UnknownIdError
from independence.errors import CatalogError, Problem
from independence.loading import load_catalog
from independence.model import (
    Action,
    AgeBand,
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
    SupportStage,
    SupportStep,
    Target,
    TimeWindow,
    Trigger,
    TriggerKind,
    Urgency,
)

__all__ = [
    "DATA_VERSION",
    "Action",
    "Age",
    "AgeBand",
    "Catalog",
    "CatalogError",
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
    "Problem",
    "Repeat",
    "Resolution",
    "Responsibility",
    "RiskLevel",
    "SharingMode",
    "Source",
    "Suggestion",
    "SuggestionKind",
    "SupportStage",
    "SupportStep",
    "Target",
    "TimeWindow",
    "Trigger",
    "TriggerKind",
    "UnknownIdError",
    "Urgency",
    "__version__",
    "data_path",
    "default_catalog",
    "load_catalog",
]

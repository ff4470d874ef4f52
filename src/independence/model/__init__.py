"""The typed, immutable records of the data model, one module per concept.

The package gives the public names of its concept modules, each listed once, in that module's
``__all__``.
"""

from independence.model import (
    band,
    category,
    check_in,
    escalation,
    perspective,
    responsibility,
    schedule,
    source,
)
from independence.model.band import *  # noqa: F403
from independence.model.category import *  # noqa: F403
from independence.model.check_in import *  # noqa: F403
from independence.model.escalation import *  # noqa: F403
from independence.model.perspective import *  # noqa: F403
from independence.model.responsibility import *  # noqa: F403
from independence.model.schedule import *  # noqa: F403
from independence.model.source import *  # noqa: F403

__all__ = [
    *band.__all__,
    *category.__all__,
    *check_in.__all__,
    *escalation.__all__,
    *perspective.__all__,
    *responsibility.__all__,
    *schedule.__all__,
    *source.__all__,
]

"""The export: the whole catalogue as one JSON document, a contract for apps in any language.

``independence export`` writes it; :func:`export_document` builds it. It has the shape of a
one-file catalogue (so :func:`independence.load_catalog` reads it back as one) plus what an app
not written in Python needs to give the same answers as :meth:`independence.Catalog.suggest`:

- an ``export`` section first: the format version, the language of the texts (BCP 47) and the
  region applied, the data and package versions, and the rules (the window rule, the
  suggestion order and the personalised rule, each as data and as a sentence);
- every field of every record, defaults included (``null`` where a field is unset);
- beside each age text (``introduce_at: "7y6m"``) its whole months
  (``introduce_at_months: 90``).

Its JSON Schema is ``data/schemas/export.schema.json`` (``independence schema export``): every
property is required there, since the export always writes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Literal

from pydantic import Field, model_validator

from independence._version import __version__
from independence.age import MAX_MONTHS, Age
from independence.model.band import AgeBand
from independence.model.base import Record
from independence.model.category import Category
from independence.model.check_in import CheckInPolicy
from independence.model.documents import Sections
from independence.model.escalation import EscalationPolicy
from independence.model.perspective import PerspectivePack
from independence.model.responsibility import Responsibility
from independence.model.schedule import Schedule
from independence.model.sections import SECTIONS
from independence.model.source import CatalogInfo, Source
from independence.suggestions import WORTH_CHECKING_MONTHS

if TYPE_CHECKING:
    from independence.catalog import Catalog

__all__ = [
    "EXPORT_FORMAT",
    "Export",
    "ExportInfo",
    "ExportRules",
    "ExportedResponsibility",
    "export_document",
    "read_export_section",
]

#: The version of the export's shape, written into every export.
EXPORT_FORMAT: Final = 1

#: The keys the suggestion order sorts by, in turn, all ascending.
SuggestionOrderKey = Literal[
    "independent_by_months", "introduce_at_months", "category_position", "position"
]
SUGGESTION_ORDER: Final[tuple[SuggestionOrderKey, ...]] = (
    "independent_by_months",
    "introduce_at_months",
    "category_position",
    "position",
)

WINDOW_RULE: Final = (
    "An item's window holds a child of m whole months when introduce_at_months <= m < "
    "window_end, where window_end is independent_by_months, except that an item with "
    f"independent_by_months equal to last_month ({MAX_MONTHS - 1}, 17y11m) has window_end "
    f"{MAX_MONTHS}: its window stays open through the last month. An age-only answer lists every "
    "item whose window holds the age, in suggestion order."
)
ORDER_RULE: Final = (
    "Suggestion order sorts items by independent_by_months, then introduce_at_months, then "
    "category_position (the index of the item's category in 'categories'), then position (the "
    "index of the item in 'responsibilities'), all ascending."
)
PERSONALISED_RULE: Final = (
    "Recorded beats presumed. A mastered id counts as recorded 'alone'. An item recorded "
    "'alone', or at the stage of the last rung of its support_ladder, is mastered, and so is "
    "every prerequisite of a mastered item, all the way down. An item recorded at a lower stage "
    "and not mastered is in progress. A prerequisite is met when it is mastered, or unrecorded "
    "with window_end <= m (presumed learned); it is not met when in progress, or unrecorded with "
    "its window not yet closed. The answer lists: first every item in progress (kind "
    "'in-progress'), in suggestion order; then every unrecorded item whose window holds m and "
    "whose prerequisites are all met (kind 'now'), in suggestion order; then every unrecorded item "
    "with 0 <= m - window_end < worth_checking_months and all prerequisites met (kind "
    "'catch-up'), by window_end descending, then in suggestion order."
)


class ExportRules(Record):
    """The rules an app needs to give the same answers as the library, as data and as text.

    The schema states each rule too, in the description of its field.
    """

    last_month: int = Field(description="The last month of childhood there is: 215 (17y11m).")
    window: str = Field(description=f"The window rule, in a sentence: {WINDOW_RULE}")
    suggestion_order: tuple[SuggestionOrderKey, ...] = Field(
        description=f"The keys suggestions are sorted by, in turn, all ascending. {ORDER_RULE}"
    )
    suggestion_order_text: str = Field(description="The suggestion order, in a sentence.")
    worth_checking_months: int = Field(
        description="How far back (in months) a personalised answer offers unrecorded items "
        "whose window has closed, as worth checking: 24."
    )
    personalised: str = Field(
        description="How a personalised answer (mastered ids or a progress record) is made: "
        + PERSONALISED_RULE
    )


class ExportInfo(Record):
    """What the export is: its format, language, region, versions and rules."""

    format: Literal[1] = Field(description="The version of the export's shape (1).")
    language: str = Field(
        pattern=r"^[a-z]{2,3}(?:-[A-Z]{2})?$",
        description="The language of every text in the export (BCP 47, such as 'en-GB' or 'ar').",
    )
    region: str | None = Field(
        pattern=r"^[A-Z]{2}$",
        description="The regional pack applied (such as 'GB'), or null for none.",
    )
    data_version: str = Field(description="The data's own version (MAJOR.MINOR.PATCH).")
    package_version: str = Field(description="The version of the library that wrote it.")
    rules: ExportRules = Field(description="The rules that turn the data into suggestions.")


class ExportedResponsibility(Responsibility):
    """A responsibility as exported: every field, and each age in whole months too."""

    introduce_at_months: int = Field(
        ge=0, le=MAX_MONTHS - 1, description="'introduce_at' in whole months."
    )
    independent_by_months: int = Field(
        ge=0, le=MAX_MONTHS - 1, description="'independent_by' in whole months."
    )

    @model_validator(mode="after")
    def _months_agree(self) -> ExportedResponsibility:
        for name in ("introduce_at", "independent_by"):
            months = getattr(self, f"{name}_months")
            text = getattr(self, name)
            if months != text.total_months:
                raise ValueError(
                    f"{name}_months is {months}, but {name} {text} is {text.total_months}"
                )
        return self


class Export(Sections):
    """The whole catalogue as one document, for apps in any language ('independence export').

    Every section is always written, every field of every record too. The sections are those
    of a one-file catalogue (:class:`~independence.model.documents.Sections`), so a section
    added there is exported (and required here) without a change in this module.
    """

    export: ExportInfo = Field(description="What the export is, and the rules it follows.")
    catalog: CatalogInfo = Field(description="The data set: name, version, language.")
    sources: tuple[Source, ...] = Field(description="Every source the records cite.")
    bands: tuple[AgeBand, ...] = Field(description="The age bands, youngest first.")
    categories: tuple[Category, ...] = Field(description="The categories, in their order.")
    responsibilities: tuple[ExportedResponsibility, ...] = Field(
        description="The responsibilities, in the data's order ('position' in suggestion order)."
    )
    check_in_policies: tuple[CheckInPolicy, ...] = Field(description="The check-in policies.")
    escalation_policies: tuple[EscalationPolicy, ...] = Field(
        description="The escalation policies."
    )
    schedules: tuple[Schedule, ...] = Field(
        description="Recurring check-ins, each under a check-in policy (none by default)."
    )
    perspectives: tuple[PerspectivePack, ...] = Field(description="The perspective packs.")


def rules() -> ExportRules:
    """The rules written into every export."""
    return ExportRules(
        last_month=MAX_MONTHS - 1,
        window=WINDOW_RULE,
        suggestion_order=SUGGESTION_ORDER,
        suggestion_order_text=ORDER_RULE,
        worth_checking_months=WORTH_CHECKING_MONTHS,
        personalised=PERSONALISED_RULE,
    )


def export_document(catalog: Catalog) -> dict[str, Any]:
    """The export of ``catalog`` as plain JSON-ready data (see the module's description)."""
    info = catalog.info.model_dump(mode="json")
    info["language"] = catalog.locale  # the language the texts are in, not the data's source
    document: dict[str, Any] = {
        "export": ExportInfo(
            format=EXPORT_FORMAT,
            language=catalog.locale,
            region=catalog.region,
            data_version=catalog.info.data_version,
            package_version=__version__,
            rules=rules(),
        ).model_dump(mode="json"),
        "catalog": info,
    }
    for name in SECTIONS:
        records = [item.model_dump(mode="json") for item in getattr(catalog, name)]
        if name == "responsibilities":
            records = [
                _with_months(record, item)
                for record, item in zip(records, catalog.responsibilities, strict=True)
            ]
        document[name] = records
    return document


def _with_months(record: dict[str, Any], item: Responsibility) -> dict[str, Any]:
    """``record`` with each age's whole months written right after its text."""
    found: dict[str, Any] = {}
    for key, value in record.items():
        found[key] = value
        if key == "introduce_at":
            found["introduce_at_months"] = item.introduce_at.total_months
        elif key == "independent_by":
            found["independent_by_months"] = item.independent_by.total_months
    return found


#: The fields an export adds to a responsibility, beside the ages (the loader checks and drops
#: them when it reads an export back as a catalogue).
MONTH_FIELDS: Final = {
    "introduce_at_months": "introduce_at",
    "independent_by_months": "independent_by",
}


def read_export_section(value: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Check an export read as a one-file catalogue, and make it one (in place).

    Drops the ``export`` section (checked with :class:`ExportInfo` by the caller) and each
    responsibility's ``*_months`` fields, after checking that each agrees with its age text.
    Returns ``(path, message)`` for each disagreement.
    """
    found: list[tuple[tuple[str | int, ...], str]] = []
    records = value.get("responsibilities")
    if not isinstance(records, tuple | list):
        return found
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            continue
        for field, age_field in MONTH_FIELDS.items():
            if field not in record:
                continue
            months = record.pop(field)
            text = record.get(age_field)
            try:
                expected = Age.parse(text).total_months if isinstance(text, str) else None
            except ValueError:
                expected = None  # the age itself is wrong: its own problem says so
            if expected is not None and months != expected:
                found.append(
                    (
                        ("responsibilities", index, field),
                        f"{field} is {months!r}, but {age_field} {text!r} is {expected} months",
                    )
                )
    return found

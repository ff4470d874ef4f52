"""What every data command reads from its options: the catalogue (``--data``, ``--overlay``,
``--locale``, ``--region``, ``--gender``, ``--addressee``)."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from independence.build import default_catalog, load_catalog, with_overlays
from independence.errors import CatalogError, UnknownRegionError, UsageError
from independence.messages import GENDERS

if TYPE_CHECKING:
    from independence.catalog import Catalog

__all__ = ["catalog_for", "forms_for", "locale_for"]


def locale_for(args: argparse.Namespace) -> str | None:
    """``--locale`` (the command's, else the one given before the command), else
    ``$INDEPENDENCE_LOCALE``, else none (the data's own language)."""
    chosen: str | None = (
        getattr(args, "locale", None)
        or getattr(args, "top_locale", None)
        or os.environ.get("INDEPENDENCE_LOCALE")
    )
    return chosen or None


def forms_for(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """``(child's gender, addressee's gender)``: ``--gender`` and ``--addressee``, else
    ``$INDEPENDENCE_GENDER`` and ``$INDEPENDENCE_ADDRESSEE``, else none (neutral wording)."""
    found: list[str | None] = []
    for option, variable in (
        ("gender", "INDEPENDENCE_GENDER"),
        ("addressee", "INDEPENDENCE_ADDRESSEE"),
    ):
        chosen = getattr(args, option, None) or os.environ.get(variable) or None
        if chosen is not None and chosen not in GENDERS:
            raise UsageError(f"${variable}: {chosen!r} is not one of {', '.join(GENDERS)}")
        found.append(chosen)
    return found[0], found[1]


def catalog_for(args: argparse.Namespace) -> Catalog:
    locale = locale_for(args)
    gender, addressee = forms_for(args)
    try:
        if args.data is None:
            catalog = default_catalog(
                locale=locale,
                region=args.region,
                grammatical_gender=gender,
                addressee_gender=addressee,
            )
            return with_overlays(catalog, *args.overlay) if args.overlay else catalog
        return load_catalog(
            args.data,
            overlays=args.overlay,
            locale=locale,
            region=args.region,
            grammatical_gender=gender,
            addressee_gender=addressee,
        )
    except ValueError as error:
        if isinstance(error, CatalogError):
            raise
        if isinstance(error, UnknownRegionError):
            raise UsageError(f"--region: {error}") from None
        raise UsageError(f"--locale: {error}") from None

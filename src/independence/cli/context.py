"""What every data command reads from its options: the catalogue (``--data``, ``--overlay``,
``--locale``)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from independence.errors import UsageError

if TYPE_CHECKING:
    from independence.catalog import Catalog

__all__ = ["catalog_for", "locale_for"]


def locale_for(args: argparse.Namespace) -> str | None:
    """``--locale``, else ``$INDEPENDENCE_LOCALE``, else none (the data's own language)."""
    import os

    chosen: str | None = getattr(args, "locale", None) or os.environ.get("INDEPENDENCE_LOCALE")
    return chosen or None


def catalog_for(args: argparse.Namespace) -> Catalog:
    locale = locale_for(args)
    try:
        if args.data is None:
            from independence._default import default_catalog

            catalog = default_catalog(locale=locale, region=args.region)
            from independence.loading import with_overlays

            return with_overlays(catalog, *args.overlay) if args.overlay else catalog
        from independence.loading import load_catalog

        return load_catalog(args.data, overlays=args.overlay, locale=locale, region=args.region)
    except ValueError as error:
        from independence.errors import CatalogError
        from independence.regional import UnknownRegionError

        if isinstance(error, CatalogError):
            raise
        if isinstance(error, UnknownRegionError):
            raise UsageError(f"--region: {error}") from None
        raise UsageError(f"--locale: {error}") from None

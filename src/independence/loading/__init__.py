"""Reading data: strict YAML with positions, validation, cross-record checks."""

from independence.loading.loader import load_catalog

__all__ = ["load_catalog"]

"""Versions: the package's, and the default data's own."""

__all__ = ["DATA_VERSION", "__version__"]

#: Version of the Python package.
__version__ = "0.2.0"
#: Version of the default data shipped with the package (``data/catalog.yaml``).
DATA_VERSION = "0.3.0"

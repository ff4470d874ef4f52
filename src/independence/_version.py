"""Versions: the package's, and the default data's own."""

__all__ = ["DATA_VERSION", "__version__"]

#: Version of the Python package, the one place it is written: pyproject.toml reads it
#: (hatch's dynamic version), so the wheel's metadata and ``independence.__version__`` agree.
__version__ = "0.3.0.dev0"
#: Version of the default data shipped with the package (``data/catalog.yaml``).
DATA_VERSION = "0.3.0"

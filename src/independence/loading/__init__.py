"""Reading data: strict YAML with positions, validation, overlays, the compiled snapshot.

Everything here reads files into :class:`~independence.records.Parts` (records with their
origins) and never builds a catalogue, nor imports the modules that do: the front door,
:mod:`independence.build` (``load_catalog``, ``with_overlays``, ``default_catalog``), builds
every catalogue from what these modules return.
"""

__all__: list[str] = []

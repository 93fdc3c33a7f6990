"""eventgold's annotator, validator and converters.

Every ``annotate`` command is a thin wrapper over a function importable from this package; the
command-line layer lives in :mod:`annotate.cli` and is the only part that prints.
"""

__version__ = "0.1.0"

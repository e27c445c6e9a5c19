"""Marsad: an offline workbench that turns reports into a sourced knowledge base.

Nothing heavy happens at import time; the public helpers import their modules lazily.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "extract_report", "pipe", "load_pack", "open_store"]


def load_pack(*overlays):
    """Load the bundled Iraq knowledge pack, plus any overlay directories (later ones win)."""
    from marsad.knowledge.pack import KnowledgePack

    return KnowledgePack.load(list(overlays))


def extract_report(document, **kwargs):
    """Extract one :class:`marsad.model.Document` (or dict / str) into a :class:`Report`."""
    from marsad.extract.pipeline import extract as _extract

    return _extract(document, **kwargs)


def extract(document, **kwargs):
    """Deprecated name of :func:`extract_report` (``marsad.extract`` is the extraction subpackage)."""
    import warnings

    warnings.warn("marsad.extract(document) is deprecated; use marsad.extract_report(document)",
                  DeprecationWarning, stacklevel=2)
    return extract_report(document, **kwargs)


def pipe(documents, **kwargs):
    """Stream reports for an iterable of documents, building the pipeline once."""
    from marsad.extract.pipeline import pipe as _pipe

    return _pipe(documents, **kwargs)


def open_store(url=None, **kwargs):
    """Open a store: a DuckDB file path (default ``./marsad.duckdb``) or a ``postgresql://`` URL."""
    from marsad.store import open_store as _open

    return _open(url, **kwargs)

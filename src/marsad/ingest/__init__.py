"""Reading source documents: JSON/JSONL, text, HTML and PDF files, and directories of them."""

from marsad.ingest.readers import ReadFailure, read_path, read_paths

__all__ = ["ReadFailure", "read_path", "read_paths"]

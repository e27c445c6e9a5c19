"""/api/documents: the source documents, and one document's text with the spans of its facts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from marsad.server.access import VIEWER, requires
from marsad.server.deps import Cursor, GateDep, clean, page

router = APIRouter(prefix="/api/documents", tags=["documents"], dependencies=[requires(VIEWER)])


@router.get("", summary="List documents")
def list_documents(
    gate: GateDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    cursor: Cursor = None,
) -> dict:
    """Documents in the store, newest first: `{items, next_cursor}`."""
    df = gate(lambda s: s.documents(limit=limit + 1, cursor=cursor or None))
    return page(df, limit)


@router.get("/{doc_id}", summary="One document with the spans to highlight")
def get_document(gate: GateDep, doc_id: Annotated[str, Path(max_length=300)]) -> dict:
    """The document's text and the character spans of every fact found in it (`spans`)."""
    return clean(gate(lambda s: s.document(doc_id)))

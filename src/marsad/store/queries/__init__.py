"""The Store's operations by resource, one mixin each, composed by :class:`marsad.store.base.Store`
over the backend primitives: ``ingest`` (pack, documents, failures), ``events``, ``documents``,
``actors`` (and places), ``claims``, ``relations``, ``review`` (review, merge, undo, audit; what can
be reviewed is in ``kinds``), ``accounts`` (users, tokens, sessions, the audit trail of access). ``common`` holds what they share (rows and DataFrames from SQL,
pagination cursors, plain Python values)."""

from marsad.store.queries.accounts import AccountQueries
from marsad.store.queries.actors import ActorQueries
from marsad.store.queries.claims import ClaimQueries
from marsad.store.queries.documents import DocumentQueries
from marsad.store.queries.events import EventQueries
from marsad.store.queries.ingest import IngestQueries
from marsad.store.queries.pairs import PairQueries
from marsad.store.queries.relations import RelationQueries
from marsad.store.queries.review import ReviewQueries

__all__ = [
    "AccountQueries", "ActorQueries", "ClaimQueries", "DocumentQueries", "EventQueries", "IngestQueries", "PairQueries",
    "RelationQueries",
    "ReviewQueries",
]

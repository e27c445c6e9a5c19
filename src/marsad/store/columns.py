"""The columns of the store's tables, in the order the store writes them (shared by the SQL
layer, the row builders of :mod:`marsad.store.rows`, Spark and the interop importers)."""

from __future__ import annotations

from datetime import date

EVENT_COLUMNS = (
    "id", "type", "mode", "subtype", "date", "date_precision", "place_id", "place_name", "admin1",
    "country", "lat", "lon", "source_actor_id", "source_actor_name", "target_actor_id",
    "target_actor_name", "fatalities", "injuries", "certainty", "confidence", "status", "credibility",
    "corroboration", "first_reported", "first_document", "merged_into",
)

EVENT_TABLE_COLUMNS = EVENT_COLUMNS + ("day_lo", "day_hi", "fused_from", "updated_at")

SOURCE_COLUMNS = (
    "doc_id", "ordinal", "event_id", "type", "mode", "subtype", "date", "date_precision", "date_text",
    "place_id", "place_name", "admin1", "country", "lat", "lon", "source_actor_id",
    "source_actor_name", "target_actor_id", "target_actor_name", "fatalities", "injuries",
    "certainty", "confidence", "evidence_start", "evidence_end", "evidence_text", "as_of",
)

# Columns added by migration 5 (fusion v2); older schemas are written without them.
SOURCE_V2_COLUMNS = ("match_score", "match_features")

EVENT_V2_COLUMNS = ("evidence_text", "independent_sources")

FUSION_V2 = 7  # the migration that adds fusion scores (m0007_fusion_scores)

# Added by migration 12 (fusion blocking, m0012_fusion_blocking): the comparison key of admin1, written with every event.
EVENT_V3_COLUMNS = ("admin1_key",)

FUSION_BLOCKING = 12

# Added by migration 13 (m0013_event_markings): the rank (``marsad.markings.RANK``) of the least
# and of the most restrictive marking among an event's source documents (NULL: no sources).
EVENT_V4_COLUMNS = ("tlp_lo", "tlp_hi")

EVENT_MARKINGS = 13

# Added by migration 15 (m0015_fusion_place_key): the comparison key of place_name, written with every event.
EVENT_V5_COLUMNS = ("place_key",)

FUSION_PLACE_KEY = 15

# Added by migration 17 (m0017_source_tallies): each event's sources counted by outlet, evidence
# sentence and confidence (``marsad.store.fusion.tallies``).
TALLY_COLUMNS = ("event_id", "outlet", "evidence_text", "confidence", "n")

SOURCE_TALLIES = 17

# What scoring and assignment read of a candidate event (``marsad.store.fusion``).
FUSION_COLUMNS = (
    "id", "type", "mode", "date", "place_id", "place_name", "admin1", "country", "lat", "lon",
    "source_actor_id", "target_actor_id", "fatalities", "evidence_text", "status", "corroboration",
    "merged_into",
)

DOC_COLUMNS = (
    "id", "sha256", "revision", "title", "published", "published_day", "source", "url", "language",
    "path", "reliability", "text", "ingested_at", "extractor",
)

MENTION_COLUMNS = ("id", "doc_id", "kind", "ref_id", "name", "text", "span_start", "span_end", "reason", "status")

ACTOR_COLUMNS = (
    "id", "name", "kind", "sector", "acled_inter", "country", "aliases", "description", "roles",
    "titles", "origin", "status", "merged_into",
)

PLACE_COLUMNS = ("id", "name", "kind", "country", "admin1", "lat", "lon", "aliases", "parent", "origin", "status")

AFFILIATION_COLUMNS = (
    "id", "source", "type", "target", "start_date", "end_date", "start_day", "end_day", "note",
    "origin", "doc_id", "span_start", "span_end", "evidence",
)

CLAIM_COLUMNS = (
    "id", "doc_id", "value", "unit", "approximate", "subject", "period_start", "period_end",
    "qualifier", "value_text", "evidence_start", "evidence_end", "evidence_text", "as_of", "day_lo",
    "day_hi", "group_id", "status", "credibility",
)

GROUP_COLUMNS = ("id", "unit", "subject", "keywords", "period_start", "period_end")

RELATION_COLUMNS = (
    "id", "doc_id", "source_id", "source_name", "type", "target_id", "target_name",
    "evidence_start", "evidence_end", "evidence_text", "confidence", "as_of", "status", "credibility",
)

FAR_PAST = date(1, 1, 1)

"""Helpers shared by the extraction tests on hand-written sentences."""

from __future__ import annotations


def events(nlp, text, published="2024-02-10"):
    """The scored events (asserted or reported) of ``text``."""
    report = nlp({"text": text, "published": published})
    return [e for e in report.events if e.certainty in ("asserted", "reported")]


def one(nlp, text, etype, published="2024-02-10"):
    """The one scored event of type ``etype`` in ``text`` (fails when there are none or several)."""
    found = [e for e in events(nlp, text, published) if e.type == etype]
    assert len(found) == 1, [(e.type, e.evidence.text) for e in events(nlp, text, published)]
    return found[0]


def name(ref):
    return ref.name if ref is not None else None


def relations(nlp, text, published="2023-06-01"):
    """The relations of ``text`` as (source name, type, target name) triples."""
    report = nlp({"text": text, "published": published})
    return {(r.source.name, r.type, r.target.name) for r in report.relations}

"""The knowledge pack: actors, places, offices and elections that extraction resolves against.

:meth:`KnowledgePack.load` reads the built-in Iraq pack (``knowledge/iraq``) and any overlay
directories on top of it; an overlay entry with an existing id replaces the built-in one. The
fast path parses with libyaml and caches the result by the files' content hash (in memory and,
where writable, in the user cache directory), so repeated loads cost a hash and an unpickle. When
anything is wrong the files are read again with line numbers and :class:`~marsad.errors.PackError`
carries every problem as ``file:line: message``.

:func:`validate_dir` checks one directory on its own; :func:`validate` checks overlays on top of
the built-in pack, as ``marsad pack validate`` does.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import os
import pickle
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from marsad.errors import PackError
from marsad.knowledge import checks
from marsad.knowledge.problems import Problem
from marsad.knowledge.sources import FILES, read_dir
from marsad.model import Actor, Affiliation, Place, Role
from marsad.text import name_key

log = logging.getLogger(__name__)

__all__ = ["KnowledgePack", "Problem", "builtin_dir", "validate", "validate_dir"]

_CACHE_VERSION = "1"
_CACHE_KEEP = 16  # cache files kept per directory
_MEMORY: dict[str, bytes] = {}  # fingerprint -> pickled pack content


def builtin_dir() -> Path:
    """Directory of the built-in Iraq pack."""
    return Path(str(resources.files("marsad.knowledge").joinpath("iraq")))


# --------------------------------------------------------------------------- validation


def _problems(layers: Sequence[str | Path]) -> list[Problem]:
    files = [read_dir(d, with_lines=True) for d in layers]
    merged, probs = checks.merge(files, schema=True)
    probs += checks.check(merged)
    # stable order: by file, then line
    return sorted(probs, key=lambda p: (p.file, p.line or 0, p.message))


def validate_dir(path: str | Path) -> list[Problem]:
    """Check one pack directory on its own (references must resolve inside it)."""
    p = Path(path)
    if not p.is_dir():
        return [Problem(str(p), None, "not a directory")]
    if not any((p / f).is_file() for f in FILES):
        return [Problem(str(p), None, f"no pack files found (expected any of {', '.join(FILES)})")]
    return _problems([p])


def validate(overlays: Iterable[str | Path] = (), builtin: bool = True) -> list[Problem]:
    """Check the built-in pack plus ``overlays`` as one merged pack."""
    layers: list[Path] = [builtin_dir()] if builtin else []
    probs: list[Problem] = []
    for o in overlays:
        p = Path(o)
        if not p.is_dir():
            probs.append(Problem(str(p), None, "not a directory"))
        elif not any((p / f).is_file() for f in FILES):
            probs.append(
                Problem(str(p), None, f"no pack files found (expected any of {', '.join(FILES)})")
            )
        layers.append(p)
    if probs:
        return probs
    return _problems(layers)


# --------------------------------------------------------------------------- caching


def _fingerprint(layers: Sequence[Path]) -> str:
    h = hashlib.sha256(_CACHE_VERSION.encode())
    for d in layers:
        for name in FILES:
            p = d / name
            if p.is_file():
                h.update(name.encode())
                h.update(p.read_bytes())
        h.update(b"\0layer\0")
    return h.hexdigest()[:16]


def _cache_dir() -> Path | None:
    if os.environ.get("MARSAD_NO_CACHE"):
        return None
    base = os.environ.get("MARSAD_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "marsad",
    )
    return Path(base)


@functools.cache
def _code_signature() -> str:
    """Hash of what shapes a cached pack besides the data: the record classes' fields and this
    package's loader code. A change to either makes old cache files unused."""
    h = hashlib.sha256(_CACHE_VERSION.encode())
    for cls in (Actor, Place, Affiliation, Role):
        h.update(",".join(f.name for f in dataclasses.fields(cls)).encode())
    here = Path(__file__).parent
    for name in ("pack.py", "checks.py", "sources.py"):
        try:
            h.update((here / name).read_bytes())
        except OSError:
            pass
    return h.hexdigest()[:8]


def _cache_read(fp: str) -> bytes | None:
    if fp in _MEMORY:
        return _MEMORY[fp]
    d = _cache_dir()
    if d is None:
        return None
    try:
        blob = (d / f"pack-{fp}-{_code_signature()}.pickle").read_bytes()
    except OSError:
        return None
    _MEMORY[fp] = blob
    return blob


def _cache_write(fp: str, blob: bytes) -> None:
    _MEMORY[fp] = blob
    d = _cache_dir()
    if d is None:
        return
    try:
        d.mkdir(parents=True, exist_ok=True)
        name = f"pack-{fp}-{_code_signature()}"
        tmp = d / f"{name}.{os.getpid()}.tmp"
        tmp.write_bytes(blob)
        tmp.replace(d / f"{name}.pickle")
        # keep the cache small: overlays and edits each leave a file behind
        old = sorted(d.glob("pack-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[_CACHE_KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError as exc:  # a read-only home must not stop loading
        log.debug("pack cache not written: %s", exc)


# --------------------------------------------------------------------------- building


def _build(merged: checks.Merged) -> dict[str, Any]:
    actors: dict[str, Actor] = {}
    affiliations: list[Affiliation] = []
    demonyms: dict[str, str] = {}
    for aid, e in merged.actors.items():
        d = e.data
        for word in d.get("demonyms") or []:
            demonyms[word] = aid
        aliases = list(d.get("aliases") or []) + list(d.get("shared_aliases") or [])
        actors[aid] = Actor(
            id=aid,
            name=d["name"],
            kind=d["kind"],
            sector=d.get("sector"),
            acled_inter=d.get("acled_inter"),
            country=d.get("country"),
            aliases=aliases,
            description=d.get("description"),
            roles=[
                Role(
                    office=r["office"],
                    start=r.get("start"),
                    end=r.get("end"),
                    organization=r.get("organization"),
                    how=r.get("how"),
                    end_how=r.get("end_how"),
                    acting=bool(r.get("acting", False)),
                    source=r.get("source"),
                    confidence=r.get("confidence"),
                    note=r.get("note"),
                )
                for r in d.get("roles") or []
            ],
            titles=list(d.get("titles") or []),
        )
        for a in d.get("affiliations") or []:
            affiliations.append(
                Affiliation(
                    source=aid,
                    type=a["type"],
                    target=a["target"],
                    start=a.get("start"),
                    end=a.get("end"),
                    note=a.get("note"),
                    reference=a.get("reference"),
                )
            )
    places: dict[str, Place] = {}
    for pid, e in merged.places.items():
        d = e.data
        places[pid] = Place(
            id=pid,
            name=d["name"],
            kind=d.get("kind") or "place",
            country=d["country"],
            admin1=d.get("admin1"),
            lat=float(d["lat"]),
            lon=float(d["lon"]),
            aliases=list(d.get("aliases") or []),
            parent=d.get("parent"),
        )
    offices = {}
    for oid, e in merged.offices.items():
        d = dict(e.data)
        d.setdefault("titles", [])
        d.setdefault("country", None)
        d.setdefault("organization", None)
        offices[oid] = d
    institutions = dict(merged.institutions_extra)
    institutions["offices"] = list(offices.values())
    institutions["bodies"] = [dict(e.data) for e in merged.bodies.values()]
    elections = {"elections": [dict(e.data) for e in merged.elections.values()]}
    return {
        "actors": actors,
        "places": places,
        "affiliations": affiliations,
        "offices": offices,
        "institutions": institutions,
        "elections": elections,
        "demonyms": demonyms,
    }


def _name_score(query: str, choice: str, **_: Any) -> float:
    """Similarity of two name keys, 0..100: whole-string and word-order-free ratios, plus a
    substring match that counts for less the more the two lengths differ (so "kataib" finds the
    Kataib groups without every long name containing "al" scoring high)."""
    from rapidfuzz import fuzz

    score = max(fuzz.ratio(query, choice), fuzz.token_sort_ratio(query, choice))
    if len(query) >= 4:
        short, long_ = sorted((len(query), len(choice)))
        score = max(score, fuzz.partial_ratio(query, choice) * (0.6 + 0.4 * short / max(long_, 1)))
    return score


# --------------------------------------------------------------------------- the pack


class KnowledgePack:
    """Actors, places, affiliations, offices, institutions and elections, with lookups.

    Build one with :meth:`load`; the attributes are plain dicts and lists and are meant to be read,
    not changed.
    """

    def __init__(
        self,
        actors: dict[str, Actor],
        places: dict[str, Place],
        affiliations: list[Affiliation],
        offices: dict[str, dict],
        institutions: dict,
        elections: dict,
        fingerprint: str = "",
        demonyms: dict[str, str] | None = None,
    ) -> None:
        self.actors = actors
        self.places = places
        self.affiliations = affiliations
        self.offices = offices
        self.institutions = institutions
        self.elections = elections
        self.fingerprint = fingerprint
        self.demonyms = demonyms or {}  # adjective -> actor id ("Iranian" -> "iran")
        self._by_actor: dict[str, list[Affiliation]] | None = None
        self._holders: dict[str, list[tuple[Role, Actor]]] | None = None
        self._actor_choices: tuple[list[str], list[str]] | None = None
        self._place_choices: tuple[list[str], list[str]] | None = None

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, overlays: Iterable[str | Path] = (), builtin: bool = True) -> KnowledgePack:
        """Load the built-in pack (unless ``builtin=False``) with ``overlays`` on top, in order.

        Raises :class:`~marsad.errors.PackError` whose ``problems`` list every problem found.
        """
        layers: list[Path] = [builtin_dir()] if builtin else []
        for o in overlays:
            p = Path(o)
            if not p.is_dir():
                raise PackError(
                    f"pack overlay {p} is not a directory",
                    [Problem(str(p), None, "not a directory")],
                )
            layers.append(p)
        fp = _fingerprint(layers)
        blob = _cache_read(fp)
        if blob is not None:
            try:
                content = pickle.loads(blob)
                return cls(**content, fingerprint=fp)
            except Exception as exc:  # stale or damaged cache: rebuild
                log.debug("ignoring pack cache %s: %s", fp, exc)
        files = [read_dir(d) for d in layers]
        merged, probs = checks.merge(files)
        probs += checks.check(merged)
        if probs:
            # read again with positions so every problem names its line
            detailed = _problems(layers) or probs
            raise PackError(f"knowledge pack has {len(detailed)} problem(s)", detailed)
        content = _build(merged)
        _cache_write(fp, pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))
        return cls(**content, fingerprint=fp)

    # ------------------------------------------------------------------ lookups
    def actor(self, id: str) -> Actor | None:
        return self.actors.get(id)

    def place(self, id: str) -> Place | None:
        return self.places.get(id)

    def actor_aliases(self) -> list[tuple[str, str]]:
        """``(surface form, actor id)`` for every name and alias. A surface listed under
        ``shared_aliases`` appears once per actor that shares it."""
        out = []
        for a in self.actors.values():
            seen = set()
            for s in [a.name, *a.aliases]:
                if s not in seen:
                    seen.add(s)
                    out.append((s, a.id))
        return out

    def place_aliases(self) -> list[tuple[str, str]]:
        """``(surface form, place id)`` for every place name and alias."""
        out = []
        for p in self.places.values():
            seen = set()
            for s in [p.name, *p.aliases]:
                if s not in seen:
                    seen.add(s)
                    out.append((s, p.id))
        return out

    def actor_demonyms(self) -> list[tuple[str, str]]:
        """``(adjective, actor id)`` pairs such as ``("Iranian", "iran")``. Adjectives are kept
        apart from aliases: "Iranian drones" names a weapon, not the state, so callers decide
        when an adjective stands for its actor."""
        return list(self.demonyms.items())

    def affiliations_of(
        self, actor_id: str, date: str | None = None, type: str | None = None
    ) -> list[Affiliation]:
        """Affiliations with ``actor_id`` at either end, active on ``date`` when given."""
        if self._by_actor is None:
            idx: dict[str, list[Affiliation]] = {}
            for a in self.affiliations:
                idx.setdefault(a.source, []).append(a)
                if a.target != a.source:
                    idx.setdefault(a.target, []).append(a)
            self._by_actor = idx
        return [
            a
            for a in self._by_actor.get(actor_id, [])
            if (type is None or a.type == type) and a.active_on(date)
        ]

    def _role_index(self) -> dict[str, list[tuple[Role, Actor]]]:
        if self._holders is None:
            idx: dict[str, list[tuple[Role, Actor]]] = {}
            for a in self.actors.values():
                for r in a.roles:
                    idx.setdefault(r.office, []).append((r, a))
            self._holders = idx
        return self._holders

    def office_holder(self, office_id: str, date: str | None) -> Actor | None:
        """Who held ``office_id`` on ``date`` (any precision); ``None`` date means the current
        holder (a role without an end). On a hand-over day the incoming holder wins."""
        best: tuple[str, Actor] | None = None
        for role, actor in self._role_index().get(office_id, []):
            if date is None:
                if role.end is not None:
                    continue
            elif not Affiliation("", "", "", role.start, role.end).active_on(date):
                continue
            key = role.start or ""
            if best is None or key > best[0]:
                best = (key, actor)
        return best[1] if best else None

    def offices_by_title(self, title: str, country: str | None = None) -> list[dict]:
        """Offices whose title or any listed title matches ``title`` (by name key)."""
        k = name_key(title)
        out = []
        for o in self.offices.values():
            if country is not None and o.get("country") not in (None, country):
                continue
            keys = {name_key(t) for t in [o.get("title") or "", *(o.get("titles") or [])]}
            if k in keys:
                out.append(o)
        return out

    def holders_by_title(
        self, title: str, date: str | None, country: str | None = None
    ) -> list[Actor]:
        """Holders on ``date`` of every office called ``title`` ("prime minister" -> the PM)."""
        out = []
        for o in self.offices_by_title(title, country):
            h = self.office_holder(o["id"], date)
            if h is not None and h not in out:
                out.append(h)
        return out

    # ------------------------------------------------------------------ search
    def _choices(self, kind: str) -> tuple[list[str], list[str]]:
        if kind == "actor":
            if self._actor_choices is None:
                pairs = self.actor_aliases()
                self._actor_choices = ([name_key(s) for s, _ in pairs], [i for _, i in pairs])
            return self._actor_choices
        if self._place_choices is None:
            pairs = self.place_aliases()
            self._place_choices = ([name_key(s) for s, _ in pairs], [i for _, i in pairs])
        return self._place_choices

    def _search(
        self, kind: str, query: str, limit: int, score_cutoff: float
    ) -> list[tuple[str, float]]:
        from rapidfuzz import process

        keys, ids = self._choices(kind)
        q = name_key(query or "")
        if not q:
            return []
        best: dict[str, float] = {}
        hits = process.extract(
            q, keys, scorer=_name_score, limit=max(limit * 8, 50), score_cutoff=score_cutoff
        )
        for _, score, idx in hits:
            if keys[idx] == q:
                score = 100.0 + 1.0  # exact name/alias hits rank first
            i = ids[idx]
            if score > best.get(i, -1.0):
                best[i] = score
        ranked = sorted(best.items(), key=lambda t: (-t[1], t[0]))[:limit]
        return [(i, min(s, 100.0)) for i, s in ranked]

    def search_actors(
        self, query: str, limit: int = 20, score_cutoff: float = 70.0
    ) -> list[tuple[Actor, float]]:
        """Fuzzy search over actor names and aliases; best first, scores 0..100."""
        return [(self.actors[i], s) for i, s in self._search("actor", query, limit, score_cutoff)]

    def search_places(
        self, query: str, limit: int = 20, score_cutoff: float = 70.0
    ) -> list[tuple[Place, float]]:
        """Fuzzy search over place names and aliases; best first, scores 0..100."""
        return [(self.places[i], s) for i, s in self._search("place", query, limit, score_cutoff)]

    # ------------------------------------------------------------------ summary
    def summary(self) -> dict[str, int]:
        """Counts shown by ``marsad pack validate``."""
        return {
            "actors": len(self.actors),
            "aliases": sum(len(a.aliases) for a in self.actors.values()),
            "places": len(self.places),
            "place_aliases": sum(len(p.aliases) for p in self.places.values()),
            "affiliations": len(self.affiliations),
            "offices": len(self.offices),
            "roles": sum(len(a.roles) for a in self.actors.values()),
            "elections": len(self.elections.get("elections", [])),
        }

    def __repr__(self) -> str:
        s = self.summary()
        return f"KnowledgePack(actors={s['actors']}, places={s['places']}, fingerprint={self.fingerprint!r})"

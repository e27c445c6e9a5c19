"""A statistical event-type model: which kinds of act a sentence reports, and at which word.

The rules of :mod:`marsad.extract.event_lexicon` find acts by their trigger words; a report written
in words the lexicon lacks loses its events. This module adds a second opinion learnt from
annotated reports: a logistic regression per event type over the sentence's lemmas and lemma
pairs (one-vs-rest, L2, classes weighted by their frequency, fitted with L-BFGS). Where it gives a
type a probability above its threshold and the rules found no candidate of that type in the
sentence, the word that contributes most to the type's score becomes a trigger candidate, and the
rest of the event stage (filters, arguments, dates, merging) treats it like any other.

Functions:

* :func:`sentence_features` -- the lemmas and lemma pairs of a sentence, with their word spans;
* :func:`train` -- gold documents (the dev corpus format) -> a model as plain data;
* :class:`TriggerModel` -- a model loaded from that data: ``scores(sentence)``,
  ``trigger_word(sentence, type)``;
* :func:`load_model` -- the bundled model, or one from a JSON file, validated.

>>> # a model that has seen "sacked" in SANCTION sentences scores "The cabinet sacked the mayor."
>>> # for SANCTION and names "sacked" as its trigger word
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from marsad.errors import TriggerModelError

__all__ = ["TriggerModel", "TriggerModelError", "sentence_features", "train", "load_model", "resolve_model", "FORMAT"]

FORMAT = "marsad.trigger-model/1"

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")

# function words carry no act of their own: they never become a trigger word
_FUNCTION_WORDS = frozenset(
    "a an the of in on at to for from by with and or but as that this these those which who whom whose "
    "it its they them their he him his she her we our us i you be is are was were been being have has had "
    "do does did not no than then there here also after before during while when where since until over "
    "into about against between under amid among said says say would will could should may might must can "
    "shall".split())


@lru_cache(maxsize=65536)
def _lemma(word: str) -> tuple[str, bool]:
    """(lemma, whether the form can be a verb): a verb reading first, then noun, then adjective."""
    from lemminflect import getAllLemmas

    w = word.lower().replace("\u2019", "'")
    found = getAllLemmas(w)
    for pos in ("VERB", "NOUN", "ADJ"):
        if found.get(pos):
            return found[pos][0], "VERB" in found
    return w, False


@dataclass(frozen=True)
class Word:
    """One word of a sentence: its span in the sentence, its lemma, and whether it can be a verb."""

    start: int
    end: int
    lemma: str
    capital: bool
    verb: bool  # the word form can be a verb ("struck", "attack"; not "parliament")


def sentence_words(sentence: str) -> list[Word]:
    """The words of a sentence with their lemmas ("struck" -> "strike")."""
    out = []
    for m in _WORD.finditer(sentence):
        w = m.group()
        lemma, verb = _lemma(w)
        out.append(Word(m.start(), m.end(), lemma, w[0].isupper(), verb))
    return out


def sentence_features(sentence: str) -> list[str]:
    """The features of a sentence: each lemma ("u:strike") and each pair of neighbouring lemmas
    ("b:strike_base"), once each, in order of first occurrence.

    >>> sentence_features("Drones struck the base")
    ['u:drone', 'u:strike', 'u:the', 'u:base', 'b:drone_strike', 'b:strike_the', 'b:the_base']
    """
    return _features([_lemma(w)[0] for w in _WORD.findall(sentence)])


def _features(lemmas: list[str]) -> list[str]:
    out = dict.fromkeys(f"u:{x}" for x in lemmas)
    out.update(dict.fromkeys(f"b:{a}_{b}" for a, b in zip(lemmas, lemmas[1:], strict=False)))
    return list(out)


class TriggerModel:
    """A trained model: per event type a bias, feature weights and a probability threshold."""

    def __init__(self, data: dict[str, Any]):
        self.data = _validated(data)
        self.types: dict[str, tuple[float, dict[str, float], float]] = {
            t: (float(v["bias"]), v["weights"], float(v["threshold"])) for t, v in self.data["types"].items()}
        # one row of weights (a column per type) per feature: a sentence's scores are the sum of
        # its features' rows, one array operation for all types
        import numpy as np

        self._names = list(self.types)
        self._bias = np.array([b for b, _, _ in self.types.values()])
        self._cut = np.array([_logit(p) for _, _, p in self.types.values()])
        self._row: dict[str, int] = {}
        for _, w, _ in self.types.values():
            for f in w:
                self._row.setdefault(f, len(self._row))
        self._weights = np.zeros((len(self._row), len(self._names)))
        for j, (_, w, _) in enumerate(self.types.values()):
            for f, x in w.items():
                self._weights[self._row[f], j] = x

    def _logits(self, sentence: str):
        row = self._row
        rows = [row[f] for f in sentence_features(sentence) if f in row]
        return self._bias + self._weights[rows].sum(axis=0) if rows else self._bias

    def scores(self, sentence: str) -> dict[str, float]:
        """Probability per event type that the sentence reports an act of that type."""
        return {t: _sigmoid(float(z)) for t, z in zip(self._names, self._logits(sentence), strict=True)}

    def likely_types(self, sentence: str) -> list[str]:
        """The types whose probability passes their threshold, most probable first."""
        z = self._logits(sentence)
        passed = (z >= self._cut).nonzero()[0]
        return [self._names[i] for i in sorted(passed.tolist(), key=lambda i: -z[i])]

    def trigger_word(self, sentence: str, etype: str) -> Word | None:
        """The word that adds most to ``etype``'s score: its own lemma's weight plus the weights of
        the pairs it forms with its neighbours. Only a word that can be a verb ("struck", "raid") is
        chosen, never a name (capitalised inside the sentence) or a function word; None when no such
        word adds anything."""
        _, w, _ = self.types[etype]
        words = sentence_words(sentence)
        best, best_score = None, 0.0
        for i, word in enumerate(words):
            if not word.verb or word.lemma in _FUNCTION_WORDS or (word.capital and i > 0):
                continue
            s = w.get(f"u:{word.lemma}", 0.0)
            if i > 0:
                s += w.get(f"b:{words[i - 1].lemma}_{word.lemma}", 0.0)
            if i + 1 < len(words):
                s += w.get(f"b:{word.lemma}_{words[i + 1].lemma}", 0.0)
            if s > best_score:
                best, best_score = word, s
        return best


def _logit(p: float) -> float:
    return math.inf if p >= 1.0 else math.log(p / (1.0 - p))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


def _validated(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TriggerModelError(f"not a trigger model: expected format {FORMAT!r}")
    types = data.get("types")
    if not isinstance(types, dict) or not types:
        raise TriggerModelError("a trigger model needs a non-empty 'types' mapping")
    for t, v in types.items():
        if not isinstance(v, dict) or not isinstance(v.get("weights"), dict):
            raise TriggerModelError(f"type {t!r}: needs 'bias', 'threshold' and a 'weights' mapping")
        for k in ("bias", "threshold"):
            x = v.get(k)
            if not isinstance(x, (int, float)) or not math.isfinite(x):
                raise TriggerModelError(f"type {t!r}: {k!r} must be a finite number")
        if not 0.0 < v["threshold"] <= 1.0:
            raise TriggerModelError(f"type {t!r}: threshold must lie in (0, 1]")
        if not all(isinstance(w, (int, float)) and math.isfinite(w) for w in v["weights"].values()):
            raise TriggerModelError(f"type {t!r}: every weight must be a finite number")
    return data


def resolve_model(choice: Any) -> TriggerModel | None:
    """The model a setting names: "bundled", "none" (or None, False: no model), a path to a
    model file, or a loaded :class:`TriggerModel` (returned as it is)."""
    if isinstance(choice, TriggerModel):
        return choice
    if choice is None or choice is False or (isinstance(choice, str) and choice.strip().lower() in ("none", "off", "")):
        return None
    if choice is True or (isinstance(choice, str) and choice.strip().lower() == "bundled"):
        return load_model(None)
    return load_model(str(choice))


@lru_cache(maxsize=8)
def load_model(path: str | None = None) -> TriggerModel:
    """The bundled model (``marsad/extract/models/triggers.json``) or one from ``path`` (loaded
    once per path and process)."""
    if path is None:
        raw = resources.files("marsad.extract").joinpath("models/triggers.json").read_text("utf-8")
        where = "the bundled trigger model"
    else:
        p = Path(path)
        if not p.is_file():
            raise TriggerModelError(f"no trigger model at {p}")
        raw, where = p.read_text("utf-8"), str(p)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise TriggerModelError(f"{where} is not JSON: {e}") from None
    return TriggerModel(data)


# --------------------------------------------------------------------------- training
def labelled_sentences(docs: Iterable[dict]) -> list[tuple[str, set[str]]]:
    """(sentence, types of the gold events whose evidence overlaps it) for every sentence of
    every gold document."""
    from marsad.extract.evaluate import _span
    from marsad.text import sentence_spans

    out = []
    for d in docs:
        text = d["text"]
        events = d.get("gold", {}).get("events", [])
        spans = [(e["type"], _span(text, e.get("evidence"))) for e in events]
        for a, b in sentence_spans(text):
            out.append((text[a:b], {t for t, sp in spans if sp and sp[0] < b and a < sp[1]}))
    return out


def train(docs: Iterable[dict], *, l2: float = 1.0, threshold: float = 0.7, min_positive: int = 5,
          min_weight: float = 0.05, sources: list[str] | None = None) -> dict[str, Any]:
    """Fit one logistic regression per event type on the sentences of ``docs`` (gold documents)
    and return the model as plain data (:data:`FORMAT`). Types with fewer than ``min_positive``
    sentences are left out; weights smaller than ``min_weight`` in magnitude are dropped to keep
    the file small. ``sources`` is recorded in the model as what it was trained on."""
    import numpy as np
    from scipy import sparse

    rows = labelled_sentences(docs)
    if not rows:
        raise TriggerModelError("no annotated sentences to train on")
    vocab: dict[str, int] = {}
    indptr, indices = [0], []
    for sent, _ in rows:
        for f in sentence_features(sent):
            indices.append(vocab.setdefault(f, len(vocab)))
        indptr.append(len(indices))
    x = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocab)))
    names = sorted(vocab, key=vocab.get)
    types: dict[str, Any] = {}
    for t in sorted({t for _, ts in rows for t in ts}):
        y = np.array([t in ts for _, ts in rows], dtype=float)
        if y.sum() < min_positive:
            continue
        bias, w = _fit_logistic(x, y, l2)
        types[t] = {"bias": round(bias, 4), "threshold": threshold,
                    "weights": {names[j]: round(float(w[j]), 4) for j in np.flatnonzero(np.abs(w) >= min_weight)},
                    "positives": int(y.sum())}
    return {"format": FORMAT, "sentences": len(rows), "l2": l2, "trained_on": sources or [], "types": types}


def _fit_logistic(x, y, l2: float) -> tuple[float, Any]:
    """L2-regularised logistic regression with classes weighted inversely to their frequency
    (each class weighs half of the total), fitted by L-BFGS; returns (bias, weights)."""
    import numpy as np
    from scipy.optimize import minimize

    n, d = x.shape
    pos = y.sum()
    sw = np.where(y > 0, n / (2.0 * pos), n / (2.0 * (n - pos)))
    sign = 2.0 * y - 1.0

    def loss(theta):
        b, w = theta[0], theta[1:]
        z = sign * (x @ w + b)
        lz = np.logaddexp(0.0, -z)
        g = -sw * sign / (1.0 + np.exp(z))
        val = float(sw @ lz) + 0.5 * l2 * float(w @ w)
        grad = np.concatenate(([g.sum()], x.T @ g + l2 * w))
        return val, grad

    res = minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return float(res.x[0]), res.x[1:]

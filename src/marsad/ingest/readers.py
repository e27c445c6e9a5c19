"""Read source documents from files and directories into :class:`marsad.model.Document`.

Every reader yields documents or :class:`ReadFailure` records; nothing here raises for a bad
input file, so one broken file never stops a batch. Supported:

* ``.json``  one object, or a list of objects, each with a non-empty ``text``;
* ``.jsonl`` / ``.ndjson``  one object per line, streamed (a bad or oversized line is a failure
  naming ``file:line``; the file itself may be of any size);
* ``.txt``, ``.md`` and other plain text  UTF-8 text (Windows-1252 accepted as a fallback; binary
  content is refused); the title is the first line when it is short, else the file name;
* ``.html`` / ``.htm``  the main text as trafilatura finds it, else the text without tags;
* ``.pdf``  the text layer (a PDF without one is refused);
* directories, recursively, in sorted order, hidden files and folders skipped.

A file ``FILE.tlp`` beside ``FILE`` holds ``FILE``'s TLP 2.0 marking (one word: ``AMBER``); a JSON
record may carry a ``tlp`` field; see :func:`read_path`. Sidecars are not read as documents.

The publication date comes from the document itself where it has one (the JSON ``published``
field, the HTML metadata date), else from the ``published`` argument.

``max_bytes`` is the per-document size limit: each JSONL line, each other file. Every string a
reader yields is clean: lone surrogates (``\ud800`` from a JSON escape, undecodable file names)
and NUL characters, which no store can hold, become U+FFFD, one for one, so offsets still match.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from marsad.errors import MarkingError, ReadError
from marsad.markings import check_marking, most_restrictive
from marsad.model import Document, content_id

__all__ = ["ReadFailure", "read_path", "read_paths", "SUPPORTED_SUFFIXES", "clean_text", "parse_size"]

MAX_BYTES = 20_000_000
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".rst", ".org", ".adoc"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = JSON_SUFFIXES | JSONL_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES
_META_KEYS = ("title", "source", "url", "language")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
TITLE_MAX = 200
SIDECAR = ".tlp"  # FILE.tlp beside FILE holds FILE's TLP marking


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """A file (or one record of it) that could not be read; ``reason`` is one line."""

    path: str
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", clean_text(str(self.path)))
        object.__setattr__(self, "reason", clean_text(str(self.reason)))

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class _Bad(Exception):
    """A record-level problem; becomes a ReadFailure."""


# --------------------------------------------------------------------------- helpers


def clean_text(s: str) -> str:
    """``s`` with every NUL and lone surrogate replaced by U+FFFD (same length, same offsets)."""
    return _UNSTORABLE.sub("\ufffd", s) if _UNSTORABLE.search(s) else s


def parse_size(value: str | int) -> int:
    """``"20MB"``, ``"500k"``, ``"1.5 GB"`` or a number of bytes -> bytes (1 kB = 1,000 bytes);
    anything else raises ReadError."""
    if isinstance(value, int) and not isinstance(value, bool):
        n = value
    else:
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", str(value), re.IGNORECASE)
        if not m:
            raise ReadError(f"size {value!r} is not a number of bytes such as 500000, 500kB or 20MB")
        n = int(float(m.group(1)) * {"": 1, "k": 10**3, "m": 10**6, "g": 10**9}[m.group(2).lower()])
    if n < 1:
        raise ReadError(f"size {value!r} must be at least 1 byte")
    return n


def _clean(s: str | None) -> str | None:
    return None if s is None else clean_text(s)


def _doc(text: str, path, published, *, id: str | None = None, **meta) -> Document:
    """A Document whose every string is storable; no id -> the content hash of the clean text."""
    text = clean_text(text)
    meta = {k: v if k == "tlp" else _clean(v) for k, v in meta.items()}
    return Document(id=_clean(id) if id else content_id(text), text=text, published=published,
                    path=clean_text(str(path)), **meta)


def _one_line(s: object) -> str:
    return clean_text(re.sub(r"\s+", " ", str(s)).strip()[:300])


def _iso_date(value, what: str = "published") -> str | None:
    """``"2024-01-28"`` or an ISO datetime -> ``"2024-01-28"``; None stays None; else raise."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise _Bad(f"{what} must be an ISO date (YYYY-MM-DD), not {type(value).__name__}")
    s = value.strip()
    m = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", s)
    if not m:
        raise _Bad(f"{what} {value!r} is not an ISO date (YYYY-MM-DD)")
    try:
        return _dt.date.fromisoformat(m.group(1)).isoformat()
    except ValueError as exc:
        raise _Bad(f"{what} {value!r} is not a valid date") from exc


def _check_published_arg(published) -> str | None:
    try:
        return _iso_date(published, "--published")
    except _Bad as exc:
        raise ReadError(str(exc)) from None


def _from_object(obj, path: str, published: str | None) -> Document:
    if not isinstance(obj, dict):
        raise _Bad(f"expected a JSON object, found {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        raise _Bad("missing 'text' (a string)")
    if not text.strip():
        raise _Bad("'text' is empty")
    own = _iso_date(obj.get("published"))
    doc_id = obj.get("id")
    if doc_id is not None and not isinstance(doc_id, (str, int)):
        raise _Bad("'id' must be a string")
    meta = {}
    if obj.get("tlp") is not None:
        try:
            meta["tlp"] = check_marking(obj["tlp"], "tlp")
        except MarkingError as exc:
            raise _Bad(exc.message) from None
    for key in _META_KEYS:
        v = obj.get(key)
        if v is not None and not isinstance(v, str):
            raise _Bad(f"'{key}' must be a string")
        meta[key] = v or None
    return _doc(text, path, own or published, id=str(doc_id) if doc_id not in (None, "") else None,
                **meta)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.05


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _Bad("not UTF-8 text") from exc


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- formats


def _loads(text: str):
    """``json.loads``, with nesting too deep for the parser reported as a ValueError."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _read_json(p: Path, data: bytes, published):
    try:
        obj = _loads(_decode(data))
    except (ValueError, _Bad) as exc:
        yield ReadFailure(str(p), f"invalid JSON: {_one_line(exc)}")
        return
    if isinstance(obj, list):
        if not obj:
            yield ReadFailure(str(p), "empty JSON list")
        for i, item in enumerate(obj):
            try:
                yield _from_object(item, str(p), published)
            except _Bad as exc:
                yield ReadFailure(f"{p}[{i}]", _one_line(exc))
        return
    try:
        yield _from_object(obj, str(p), published)
    except _Bad as exc:
        yield ReadFailure(str(p), _one_line(exc))


def _lines(fh, limit: int):
    """``(line number, bytes or None, size)`` for each line of a binary file; a line longer than
    ``limit`` bytes is skipped without being held in memory (``None``)."""
    lineno = 0
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line)
            while True:
                more = fh.readline(1 << 20)
                size += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield lineno, None, size
            continue
        yield lineno, line, len(line)


def _read_jsonl(p: Path, published, max_bytes: int):
    """Stream a JSON Lines file: one record in memory at a time, each at most ``max_bytes``."""
    any_line = False
    try:
        fh = p.open("rb")
    except OSError as exc:
        yield ReadFailure(str(p), f"cannot read: {_one_line(exc.strerror or exc)}")
        return
    with fh:
        for lineno, line, size in _lines(fh, max_bytes):
            where = f"{p}:{lineno}"
            if line is None:
                any_line = True
                yield ReadFailure(where, f"record too large ({size} bytes, limit {max_bytes}; "
                                         "see --max-document-size)")
                continue
            if not line.strip():
                continue
            any_line = True
            try:
                obj = _loads(_decode(line).rstrip("\r\n"))  # positions within the line
            except (ValueError, _Bad) as exc:
                yield ReadFailure(where, f"invalid JSON: {_one_line(exc)}")
                continue
            try:
                yield _from_object(obj, str(p), published)
            except _Bad as exc:
                yield ReadFailure(where, _one_line(exc))
    if not any_line:
        yield ReadFailure(str(p), "no records (blank file)")


def _text_title(text: str, p: Path) -> str:
    """The first non-blank line when it reads like a title (Markdown '#' dropped), else the file
    name without its suffix."""
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= TITLE_MAX else p.stem
    return p.stem


def _read_text(p: Path, data: bytes, published):
    if _looks_binary(data):
        yield ReadFailure(str(p), "binary content, not text")
        return
    try:
        text = _normalise_newlines(_decode(data))
    except _Bad as exc:
        yield ReadFailure(str(p), _one_line(exc))
        return
    if not text.strip():
        yield ReadFailure(str(p), "no text (blank file)")
        return
    yield _doc(text, p, published, title=_text_title(clean_text(text), p))


class _TagStripper(HTMLParser):
    """Visible text of an HTML page, block elements separated by blank lines."""

    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
              "article", "header", "footer", "blockquote", "pre", "table", "ul", "ol", "title"}
    _SKIP = {"script", "style", "noscript", "template", "svg", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: str | None = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        if tag in self._SKIP:
            self.skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in self._SKIP and self.skip:
            self.skip -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self._in_title:
            self.title = (self.title or "") + data
        if not self.skip:
            self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts)
        paras = [re.sub(r"[ \t\r\f\v\n]+", " ", b).strip() for b in re.split(r"\n\s*\n", raw)]
        return "\n\n".join(x for x in paras if x)


def _paragraphs(text: str) -> str:
    """trafilatura separates blocks with single newlines; make each a paragraph."""
    lines = [ln.strip() for ln in _normalise_newlines(text).split("\n")]
    return "\n\n".join(ln for ln in lines if ln)


def _read_html(p: Path, data: bytes, published):
    if _looks_binary(data):
        yield ReadFailure(str(p), "binary content, not HTML")
        return
    from trafilatura import bare_extraction  # a declared dependency: an ImportError must surface

    text, title, own_date = "", None, None
    try:
        got = bare_extraction(data, with_metadata=True, include_comments=False)
        if got is not None:
            d = got.as_dict() if hasattr(got, "as_dict") else dict(got)
            text = _paragraphs(d.get("text") or "")
            title = d.get("title") or None
            own_date = d.get("date") or None
    except Exception:  # trafilatura failing on odd markup: fall back to the tag stripper
        text = ""
    stripper = _TagStripper()
    if not text.strip() or title is None:
        try:
            stripper.feed(_decode(data))
            stripper.close()
        except (_Bad, AssertionError) as exc:
            yield ReadFailure(str(p), f"unreadable HTML: {_one_line(exc)}")
            return
        if not text.strip():
            text = stripper.text()
        title = title or (_one_line(stripper.title) if stripper.title else None)
    if not text.strip():
        yield ReadFailure(str(p), "no text found in HTML")
        return
    try:
        own = _iso_date(own_date) if own_date else None
    except _Bad:
        own = None
    yield _doc(text, p, own or published, title=title)


def _read_pdf(p: Path, data: bytes, published):
    import io
    import logging

    try:
        from pypdf import PdfReader

        logging.getLogger("pypdf").setLevel(logging.ERROR)
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:
                yield ReadFailure(str(p), f"encrypted PDF: {_one_line(exc)}")
                return
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        meta = reader.metadata
        title = meta.title if meta is not None and meta.title else None
    except Exception as exc:  # pypdf raises many types on damaged files
        yield ReadFailure(str(p), f"not a readable PDF: {_one_line(exc)}")
        return
    text = _normalise_newlines("\n\n".join(x for x in pages if x))
    if not text.strip():
        yield ReadFailure(str(p), "PDF has no text layer (scanned image?)")
        return
    yield _doc(text, p, published, title=_one_line(title) if title else None)


_READERS = {}
for _s in JSON_SUFFIXES:
    _READERS[_s] = _read_json
for _s in TEXT_SUFFIXES:
    _READERS[_s] = _read_text
for _s in HTML_SUFFIXES:
    _READERS[_s] = _read_html
for _s in PDF_SUFFIXES:
    _READERS[_s] = _read_pdf


# --------------------------------------------------------------------------- API


def _is_hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _walk(root: Path) -> list[Path]:
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if not name.startswith(".") and not name.lower().endswith(SIDECAR):
                files.append(Path(dirpath) / name)
    return sorted(files, key=lambda f: f.relative_to(root).parts)


def read_path(path, published=None, max_bytes: int = MAX_BYTES, tlp: str | None = None
              ) -> Iterator[Document | ReadFailure]:
    """Documents (or failures) from one file or directory. ``published`` (``YYYY-MM-DD``) is the
    date for documents whose own metadata gives none; an invalid value raises ReadError.

    ``tlp`` marks every document (TLP 2.0, :mod:`marsad.markings`); a file's sidecar ``FILE.tlp``
    and a JSON record's ``tlp`` field mark it too, and the most restrictive of the three wins. An
    invalid ``tlp`` raises MarkingError; an invalid sidecar or field fails that file or record."""
    published = _check_published_arg(published)
    tlp = check_marking(tlp, "--tlp") if tlp is not None else None
    yield from _read_path(Path(path), published, max_bytes, tlp)


def _sidecar_marking(p: Path) -> str | None:
    """The marking in ``p``'s sidecar file ``p.tlp`` (None without one); raises _Bad."""
    side = p.with_name(p.name + SIDECAR)
    if not side.is_file():
        return None
    try:
        raw = side.read_text(encoding="utf-8", errors="replace")[:200].strip()
        return check_marking(raw, f"marking in {side.name}")
    except OSError as exc:
        raise _Bad(f"cannot read {side.name}: {_one_line(exc.strerror or exc)}") from None
    except MarkingError as exc:
        raise _Bad(exc.message) from None


def _read_path(p: Path, published, max_bytes, tlp: str | None = None):
    if p.is_dir():
        for f in _walk(p):
            yield from _read_path(f, published, max_bytes, tlp)
        return
    if p.is_file():
        try:
            tlp = most_restrictive(tlp, _sidecar_marking(p))
        except _Bad as exc:
            yield ReadFailure(str(p), _one_line(exc))
            return
    for item in _read_file(p, published, max_bytes):
        if tlp is not None and isinstance(item, Document):
            item.tlp = most_restrictive(item.tlp, tlp)
        yield item


def _read_file(p: Path, published, max_bytes):
    if not p.exists():
        yield ReadFailure(str(p), "no such file")
        return
    if not p.is_file():
        yield ReadFailure(str(p), "not a regular file")
        return
    if p.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl(p, published, max_bytes)
        return
    reader = _READERS.get(p.suffix.lower())
    if reader is None:
        yield ReadFailure(str(p), f"unsupported file type '{p.suffix or '(none)'}'")
        return
    try:
        size = p.stat().st_size
        if size > max_bytes:
            hint = "; split it into JSON Lines" if p.suffix.lower() in JSON_SUFFIXES else ""
            yield ReadFailure(str(p), f"file too large ({size} bytes, limit {max_bytes}; "
                                      f"see --max-document-size{hint})")
            return
        if size == 0:
            yield ReadFailure(str(p), "empty file")
            return
        data = p.read_bytes()
    except OSError as exc:
        yield ReadFailure(str(p), f"cannot read: {_one_line(exc.strerror or exc)}")
        return
    yield from reader(p, data, published)


def read_paths(paths, published=None, max_bytes: int = MAX_BYTES, tlp: str | None = None
               ) -> Iterator[Document | ReadFailure]:
    """Documents (or failures) from several files and directories, in the order given (``tlp``:
    see :func:`read_path`)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    published = _check_published_arg(published)
    tlp = check_marking(tlp, "--tlp") if tlp is not None else None
    for path in paths if isinstance(paths, Iterable) else [paths]:
        yield from _read_path(Path(path), published, max_bytes, tlp)

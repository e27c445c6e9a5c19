"""Document readers: formats, failures, ids, publication dates, directory walking."""

from __future__ import annotations

import json

import pytest

from marsad.errors import ReadError
from marsad.ingest import ReadFailure, read_path, read_paths
from marsad.model import Document, content_id

TEXT = "BAGHDAD — A drone struck a base on Sunday, killing three soldiers."


def docs_and_failures(items):
    items = list(items)
    return ([x for x in items if isinstance(x, Document)],
            [x for x in items if isinstance(x, ReadFailure)])


def make_pdf(text: str | None) -> bytes:
    """A one-page PDF; with ``text`` it has a text layer, without it the page is blank."""
    content = b"" if text is None else (
        b"BT /F1 12 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            ).encode()
    return bytes(out)


def test_json_object_and_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "d01", "text": TEXT, "published": "2024-01-30",
                               "title": "T", "gold": {"ignored": True}}), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": TEXT}, {"text": ""}, {"id": "x", "text": "Other."}]))
    docs, fails = docs_and_failures(read_path(one))
    assert len(docs) == 1 and not fails
    d = docs[0]
    assert (d.id, d.published, d.title, d.text) == ("d01", "2024-01-30", "T", TEXT)
    docs, fails = docs_and_failures(read_path(many, published="2024-02-01"))
    assert [d.id for d in docs] == [content_id(TEXT), "x"]
    assert all(d.published == "2024-02-01" for d in docs)
    assert len(fails) == 1 and fails[0].path.endswith("many.json[1]")
    assert "empty" in fails[0].reason


def test_own_published_wins_over_argument(tmp_path):
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"text": TEXT, "published": "2020-03-15T08:00:00Z"}))
    (d,) = read_path(f, published="2024-01-01")
    assert d.published == "2020-03-15"


def test_bad_published_in_document_is_failure(tmp_path):
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"text": TEXT, "published": "15/03/2020"}))
    (x,) = read_path(f)
    assert isinstance(x, ReadFailure) and "ISO date" in x.reason


def test_bad_published_argument_raises():
    with pytest.raises(ReadError):
        list(read_path("whatever.json", published="yesterday"))


def test_jsonl_bad_line_names_line_and_rest_continue(tmp_path):
    f = tmp_path / "docs.jsonl"
    f.write_text("\n".join([json.dumps({"id": "a", "text": "First."}), "{not json",
                            "", json.dumps({"id": "c"}), json.dumps({"id": "d", "text": "Fourth."})]))
    docs, fails = docs_and_failures(read_path(f))
    assert [d.id for d in docs] == ["a", "d"]
    assert [x.path for x in fails] == [f"{f}:2", f"{f}:4"]
    assert "invalid JSON" in fails[0].reason and "text" in fails[1].reason
    assert all("\n" not in x.reason for x in fails)


def test_txt_utf8_and_binary(tmp_path):
    good = tmp_path / "a.txt"
    good.write_bytes(("Line one.\r\n\r\nLine two — Erbil.").encode())
    (d,) = read_path(good, published="2024-01-02")
    assert d.text == "Line one.\n\nLine two — Erbil."
    assert d.id == content_id(d.text) and d.published == "2024-01-02"
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (x,) = read_path(binary)
    assert isinstance(x, ReadFailure) and "binary" in x.reason


def test_html_main_text_title_and_date(tmp_path):
    body = " ".join(["Militants fired rockets at the base near Erbil on Sunday night."] * 3)
    html = f"""<html><head><title>Rockets hit Erbil</title>
    <meta property="article:published_time" content="2024-01-28T10:00:00Z"></head>
    <body><nav>Home | World</nav><article><h1>Rockets hit Erbil</h1><p>{body}</p>
    <p>Officials said nobody was hurt in the attack, which caused damage.</p></article>
    <script>var x = 1;</script></body></html>"""
    f = tmp_path / "page.html"
    f.write_text(html, encoding="utf-8")
    (d,) = read_path(f, published="2020-01-01")
    assert "Militants fired rockets" in d.text and "var x" not in d.text
    assert d.title == "Rockets hit Erbil"
    assert d.published == "2024-01-28"


def test_html_fallback_strips_tags(tmp_path):
    f = tmp_path / "tiny.htm"
    f.write_text("<html><body><p>Short note.</p><script>x()</script></body></html>")
    (d,) = read_path(f, published="2024-01-02")
    assert "Short note." in d.text and "x()" not in d.text


def test_pdf_text_layer_and_missing_layer(tmp_path):
    good = tmp_path / "a.pdf"
    good.write_bytes(make_pdf("Rockets hit Camp Taji on Saturday."))
    (d,) = read_path(good, published="2020-03-15")
    assert "Rockets hit Camp Taji" in d.text and d.published == "2020-03-15"
    blank = tmp_path / "b.pdf"
    blank.write_bytes(make_pdf(None))
    (x,) = read_path(blank)
    assert isinstance(x, ReadFailure) and "text layer" in x.reason
    broken = tmp_path / "c.pdf"
    broken.write_bytes(b"%PDF-1.4 garbage")
    (x,) = read_path(broken)
    assert isinstance(x, ReadFailure)


def test_missing_empty_oversized_unsupported(tmp_path):
    (x,) = read_path(tmp_path / "nope.json")
    assert isinstance(x, ReadFailure) and "no such file" in x.reason and "nope.json" in x.path
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    (x,) = read_path(empty)
    assert "empty" in x.reason
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    (x,) = read_path(big, max_bytes=100)
    assert "too large" in x.reason
    odd = tmp_path / "a.docx"
    odd.write_bytes(b"PK..")
    (x,) = read_path(odd)
    assert "unsupported file type" in x.reason
    assert str(x) == f"{odd}: {x.reason}"


def test_directory_recursive_sorted_skipping_hidden(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b.txt").write_text("Bee.")
    (tmp_path / "a.txt").write_text("Ay.")
    (tmp_path / "sub" / "c.json").write_text(json.dumps({"id": "c", "text": "Sea."}))
    (tmp_path / ".secret.txt").write_text("Hidden.")
    (tmp_path / ".hidden" / "d.txt").write_text("Hidden too.")
    (tmp_path / "notes.xyz").write_text("?")
    items = list(read_path(tmp_path))
    docs, fails = docs_and_failures(items)
    assert [d.text for d in docs] == ["Ay.", "Bee.", "Sea."]
    assert len(fails) == 1 and "unsupported" in fails[0].reason


def test_read_paths_many(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("One.")
    b = tmp_path / "b.txt"
    b.write_text("Two.")
    got = list(read_paths([b, str(a), tmp_path / "missing.txt"]))
    assert [getattr(x, "text", None) for x in got[:2]] == ["Two.", "One."]
    assert isinstance(got[2], ReadFailure)
    assert [x.text for x in read_paths(a)] == ["One."]

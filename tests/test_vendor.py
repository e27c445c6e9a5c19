"""The bundled browser libraries: every file listed in VENDOR.md with its checksum, served locally
at the import paths the dashboard uses, and no dependency on another Python package for them."""

from __future__ import annotations

import hashlib
import re
from importlib import resources
from pathlib import Path

import pytest

from marsad.config import Settings
from marsad.errors import StoreError
from marsad.server.app import create_app, vendor_dir

ROW = re.compile(r"^\| `([^`]+)` \| ([^|]+) \| ([^|]+) \| `([0-9a-f]{64})` \|$")


def vendor_table() -> dict[str, str]:
    text = (vendor_dir() / "VENDOR.md").read_text(encoding="utf-8")
    return {m.group(1): m.group(4) for line in text.splitlines() if (m := ROW.match(line))}


def test_every_vendored_file_is_listed_with_its_checksum():
    listed = vendor_table()
    base = vendor_dir()
    present = {
        p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file() and p.name != "VENDOR.md"
    }
    assert present == set(listed), "VENDOR.md and the vendor folder disagree"
    for rel, digest in listed.items():
        assert hashlib.sha256((base / rel).read_bytes()).hexdigest() == digest, rel


def test_licences_are_bundled_next_to_the_code():
    base = vendor_dir()
    assert "BSD" in (base / "leaflet" / "LICENSE").read_text()
    assert "Apache License" in (base / "echarts" / "LICENSE").read_text()
    assert (base / "echarts" / "NOTICE").is_file()


def test_shims_export_the_names_the_views_import():
    base = vendor_dir()
    assert re.search(r"export \{ leaflet \}", (base / "leaflet" / "index.js").read_text())
    assert re.search(r"export \{ echarts \}", (base / "echarts" / "index.js").read_text())
    ui = Path(str(resources.files("marsad.server") / "ui"))
    imports = set()
    for js in ui.glob("*.js"):
        imports |= set(re.findall(r'from "(/vendor/[^"]+)"', js.read_text()))
    assert imports <= {"/vendor/leaflet/index.js", "/vendor/echarts/index.js"}


def test_vendor_files_are_served_from_the_package():
    from fastapi.testclient import TestClient

    client = TestClient(create_app(Settings.load(env={}), store=object()))
    html = client.get("/").text
    css = re.findall(r'href="(/vendor/[^"]+\.css)"', html)
    assert css, "index.html links no vendored stylesheet"
    for path in [*css, "/vendor/leaflet/index.js", "/vendor/echarts/index.js",
                 "/vendor/leaflet/images/marker-icon.png"]:
        r = client.get(path)
        assert r.status_code == 200, path
    js = client.get("/vendor/echarts/echarts.esm.min.js")
    assert js.headers["content-type"].startswith(("text/javascript", "application/javascript"))


def test_no_python_package_is_needed_for_the_browser_libraries():
    text = (Path(__file__).parents[1] / "pyproject.toml").read_text()
    deps = text.split("[project.optional-dependencies]")[0]
    assert "nicegui" not in deps and "dateparser" not in deps


def test_postgresql_url_without_the_extra_says_how_to_install_it(monkeypatch):
    import sys

    from marsad.store import open_store

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the extra were not installed
    with pytest.raises(StoreError, match=r"marsad\[postgres\]"):
        open_store("postgresql:///nowhere")

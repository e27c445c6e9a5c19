"""The dashboard in headless Chromium over the demo corpus: events, evidence, brushing, actors.

Starts ``marsad demo --no-serve`` and ``marsad serve`` on a free port, then drives Debian's
Chromium through Playwright. Any JavaScript console error or any request to a non-local host fails
the test. Screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import urlopen

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
MARSAD = [sys.executable, "-c", "from marsad.cli import main; main()"]


def _need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; CI must install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); browser tests need it")
    pytest.importorskip(
        "playwright.sync_api", reason="the playwright Python package is not installed"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            raise RuntimeError(f"marsad serve exited with {proc.returncode}: {out}")
        try:
            with urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    _need_chromium()
    db = tmp_path_factory.mktemp("ui") / "demo.duckdb"
    built = subprocess.run(
        [*MARSAD, "demo", "--db", str(db), "--no-serve"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    port = _free_port()
    proc = subprocess.Popen(
        [*MARSAD, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_http(url + "/api/documents?limit=1", proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, base_url):
    ARTIFACTS.mkdir(exist_ok=True)
    # bypass_csp: Playwright evaluates wait_for_function's probes as strings in the page, which
    # the dashboard's Content-Security-Policy forbids; test_security_browser runs under the policy
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    pg = ctx.new_page()
    problems: list[str] = []
    pg.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def check_request(req):
        u = urlparse(req.url)
        if u.scheme in ("data", "blob", "about"):
            return
        if u.hostname not in LOCAL_HOSTS:
            problems.append(f"request to a non-local host: {req.url}")

    pg.on("request", check_request)
    pg.problems = problems
    yield pg
    ctx.close()
    assert problems == [], "\n".join(problems)


def _ready(pg, timeout=30_000):
    pg.wait_for_function("window.__marsad && window.__marsad.ready === true", timeout=timeout)


def _open_events(pg, base_url):
    pg.goto(base_url + "/#/events")
    _ready(pg)
    pg.wait_for_selector("[data-testid=event-row]")
    pg.wait_for_selector("[data-testid=map][data-boundaries='3']")
    pg.wait_for_selector("[data-testid=timeline][data-rendered='1']")


def _rows(pg):
    return pg.eval_on_selector_all(
        "[data-testid=event-row]",
        "rs => rs.map(r => ({id: r.dataset.id, date: r.cells[0].textContent.trim()}))",
    )


def test_event_opens_document_with_evidence_highlighted(page, base_url):
    _open_events(page, base_url)
    assert int(page.get_attribute("[data-testid=map]", "data-points")) > 0
    page.screenshot(path=str(ARTIFACTS / "events.png"), full_page=True)
    page.click("[data-testid=event-row] td:first-child")
    mark = page.wait_for_selector("[data-testid=evidence-highlight]", timeout=15_000)
    _ready(page)
    text = page.inner_text("[data-testid=document-text]")
    evidence = mark.inner_text().strip()
    assert len(evidence) > 10 and evidence in text
    assert mark.evaluate("m => m.tagName") == "MARK"
    box = mark.bounding_box()
    assert box and 0 <= box["y"] < page.viewport_size["height"], (
        "the evidence is scrolled into view"
    )
    page.screenshot(path=str(ARTIFACTS / "document.png"), full_page=False)


def test_brushing_the_timeline_filters_map_and_table(page, base_url):
    _open_events(page, base_url)
    before = _rows(page)
    points_before = int(page.get_attribute("[data-testid=map]", "data-points"))
    version = page.get_attribute("[data-testid=event-table]", "data-version")
    canvas = page.query_selector("[data-testid=timeline] canvas").bounding_box()
    periods = int(page.get_attribute("[data-testid=timeline]", "data-periods"))
    assert periods >= 2
    # drag over the left part of the plot area (grid: 40 px left margin, 12 px right)
    plot_w = canvas["width"] - 52
    y = canvas["y"] + canvas["height"] * 0.6
    x0 = canvas["x"] + 40 + plot_w * 0.02
    x1 = canvas["x"] + 40 + plot_w * 0.45
    page.mouse.move(x0, y)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, y, steps=5)
    page.mouse.move(x1, y, steps=5)
    page.mouse.up()
    page.wait_for_selector("[data-testid=brush-range] .chip", timeout=10_000)
    page.wait_for_function(
        "v => { const t = document.querySelector('[data-testid=event-table]');"
        " return t.dataset.version !== v && t.dataset.loading === '0'; }",
        arg=version,
        timeout=15_000,
    )
    chip = page.inner_text("[data-testid=brush-range]")
    start, end = [s.strip() for s in chip.replace("×", "").split("–")]
    after = _rows(page)
    assert 0 < len(after) < len(before)
    for r in after:
        assert start <= r["date"][: len(start)] and r["date"][: len(end)] <= end, (r, start, end)
    points_after = int(page.get_attribute("[data-testid=map]", "data-points"))
    assert points_after <= points_before
    page.screenshot(path=str(ARTIFACTS / "brushed.png"), full_page=True)
    # the network follows the same time window
    page.click("[data-testid=nav-network]")
    page.wait_for_selector("[data-testid=network][data-rendered='1']", timeout=20_000)
    assert start in page.inner_text("[data-testid=network-caption]")
    # clearing the brush brings every event back
    page.click("[data-testid=nav-events]")
    _ready(page)
    page.click("[data-testid=clear-brush]")
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=event-row]').length === n",
        arg=len(before),
        timeout=15_000,
    )


def test_actor_profile(page, base_url):
    _open_events(page, base_url)
    link = page.query_selector("[data-testid=event-row] [data-testid=actor-link]")
    name = link.inner_text().strip()
    link.click()
    page.wait_for_selector("[data-testid=actor-profile]")
    _ready(page)
    assert page.inner_text("[data-testid=actor-name]").strip() == name
    events = page.query_selector_all("[data-testid^=actor-events-] [data-testid=event-row]")
    assert events, "the actor's events are listed"
    page.screenshot(path=str(ARTIFACTS / "actor.png"), full_page=True)


def test_network_and_review(page, base_url):
    page.goto(base_url + "/#/network")
    page.wait_for_selector("[data-testid=network][data-rendered='1']", timeout=20_000)
    assert int(page.get_attribute("[data-testid=network]", "data-nodes")) > 3
    page.screenshot(path=str(ARTIFACTS / "network.png"))
    page.goto(base_url + "/#/review")
    _ready(page)
    rows = page.query_selector_all("[data-testid=review-row]")
    assert rows
    first = rows[0].get_attribute("data-id")
    page.click(f"[data-testid='confirm-{first}']")
    page.wait_for_selector("[data-testid=toast]")
    page.wait_for_function(
        "id => !document.querySelector(`[data-testid=review-row][data-id='${id}']`)", arg=first
    )
    page.screenshot(path=str(ARTIFACTS / "review.png"))
    page.goto(base_url + f"/#/event/{first}")
    _ready(page)
    assert "confirmed" in page.inner_text("[data-testid=event-status]")


def test_about_shows_boundary_attribution_and_docs_work_offline(page, base_url):
    page.goto(base_url + "/#/about")
    _ready(page)
    assert "geoBoundaries" in page.inner_text("[data-testid=attribution]")
    page.goto(base_url + "/docs")
    page.wait_for_selector("[data-testid=api-op]")
    assert page.locator("[data-testid=api-op]").count() >= 15


def test_every_gazetteer_governorate_joins_a_boundary(page, base_url):
    """The choropleth joins the store's admin1 names to the boundary files in the browser."""
    pack_mod = pytest.importorskip(
        "marsad.knowledge.pack", reason="the knowledge pack is not available"
    )
    pack = pack_mod.KnowledgePack.load()
    names = sorted(
        {
            (p.country, p.admin1)
            for p in pack.places.values()
            if p.admin1 and p.country in ("IQ", "SY", "JO")
        }
    )
    assert names
    page.goto(base_url + "/#/about")
    _ready(page)
    missed = page.evaluate(
        """async (names) => {
          const u = await import('/ui/util.js');
          const out = [];
          for (const c of ['IQ', 'SY', 'JO']) {
            const fc = await (await fetch(`/api/geo/${c}/adm1`)).json();
            const keys = new Set(fc.features.map((f) => u.normName(f.properties.name)));
            for (const [cc, n] of names) if (cc === c && !keys.has(u.normName(n))) out.push(`${cc}:${n}`);
          }
          return out;
        }""",
        [list(x) for x in names],
    )
    assert missed == []


def test_claims_page_links_to_highlighted_evidence(page, base_url):
    page.goto(base_url + "/#/claims")
    _ready(page)
    link = page.query_selector("[data-testid=claim-table] a.evidence")
    assert link, "the sample corpus has claims"
    quoted = link.inner_text().strip()
    link.click()
    mark = page.wait_for_selector("[data-testid=evidence-highlight]", timeout=15_000)
    assert mark.inner_text().strip() == quoted
    page.screenshot(path=str(ARTIFACTS / "claims-evidence.png"))

"""The Tempo view in headless Chromium over the imported 2023-24 list: pick a filter, see the
forecast band, apply a lever scenario, click a bar to reach an attack's evidence."""

from __future__ import annotations

import subprocess

import pytest

# the browser, server and port helpers of the dashboard's browser tests
from test_ui_browser import (
    ARGS,
    ARTIFACTS,
    CHROMIUM,
    MARSAD,
    _free_port,
    _need_chromium,
    _wait_http,
)

pytestmark = pytest.mark.browser
# page-side: the pixel position (and value, category) of the tallest bar of a chart's first series
# (the chart is scrolled into view first: clicking a button further down scrolls the page)
TALLEST = """(testid) => { const el = document.querySelector(`[data-testid=${testid}]`);
    el.scrollIntoView({block: "center"});
    const opt = el.__chart.getOption(); const data = opt.series[0].data; const cats = opt.xAxis[0].data;
    let i = 0; data.forEach((v, k) => { if ((v || 0) > (data[i] || 0)) i = k; });
    const px = el.__chart.convertToPixel({xAxisIndex: 0, yAxisIndex: 0}, [cats[i], data[i] / 2]);
    const r = el.getBoundingClientRect(); return {x: r.left + px[0], y: r.top + px[1], n: data[i], cat: cats[i]}; }"""


def click_tallest(pg, testid: str) -> dict:
    """Click the tallest bar of a chart and wait for the list of its attacks. The bar's position
    is read again before each of up to three tries: the page may still be laying out after the
    previous step (a list filled above the chart moves it), most visibly on a loaded machine."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(3):
        xy = pg.evaluate(TALLEST, testid)
        pg.mouse.click(xy["x"], xy["y"])
        try:
            pg.wait_for_function("d => document.querySelector('[data-testid=tempo-events]').innerText.includes(d)",
                                 arg=f"{xy['n']} attacks, {xy['cat']}", timeout=20_000)
            return xy
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"clicking the tallest bar of {testid} never listed its attacks: {xy}")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    _need_chromium()
    db = tmp_path_factory.mktemp("tempo") / "kb.duckdb"
    built = subprocess.run([*MARSAD, "import", "attacks-csv", "--db", str(db)], capture_output=True, text=True,
                           timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    port = _free_port()
    proc = subprocess.Popen([*MARSAD, "serve", "--db", str(db), "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
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


def test_tempo_view_filter_forecast_scenario_and_evidence(base_url):
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # bypass_csp: wait_for_function's probes are evaluated strings, which the page's CSP forbids
        pg = b.new_page(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
        pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: problems.append(str(e)))
        pg.goto(base_url + "/#/tempo?end=2024-01-20")
        pg.wait_for_function("window.__marsad && window.__marsad.ready === true", timeout=60_000)
        # pick a filter: Syria only
        pg.select_option("[data-testid=tempo-country]", "SY")
        pg.wait_for_selector("[data-testid=tempo-chart][data-country='SY']", timeout=30_000)
        pg.wait_for_selector("[data-testid=forecast-chart][data-band='1']", timeout=90_000)
        assert "branching ratio" in pg.inner_text("[data-testid=fit-summary]")
        # apply a lever scenario
        pg.fill("[data-testid=lever-every]", "5")
        pg.click("[data-testid=apply-scenario]")
        pg.wait_for_selector("[data-testid=scenario-row]", timeout=90_000)
        names = pg.eval_on_selector_all("[data-testid=scenario-row] td:first-child", "ts => ts.map(t => t.textContent)")
        assert names == ["no-strikes", "strikes-every-5-days"]
        assert "Rate ratio" in pg.inner_text("[data-testid=lever-effect]")
        # a day of the forecast chart's history lists that day's attacks
        click_tallest(pg, "forecast-chart")
        # click the tallest week: its attacks are listed, each linked to its evidence
        xy = click_tallest(pg, "tempo-chart")
        links = pg.query_selector_all("[data-testid=tempo-event-link]")
        assert len(links) == xy["n"]
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "tempo.png"), full_page=True)
        links[0].click()
        pg.wait_for_function("location.hash.startsWith('#/event/')", timeout=10_000)
        pg.wait_for_function("window.__marsad.ready === true", timeout=30_000)
        pg.wait_for_function("document.body.innerText.includes('targeted U.S. or Coalition forces')", timeout=30_000)
        b.close()
    assert problems == [], problems


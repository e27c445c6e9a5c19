"""Dashboard behaviour an analyst meets in the first hour, in headless Chromium over the demo corpus:
governorate clicks filter by id, actor fields take names, review counts follow decisions and can be
undone, the map draws land and labels and lists co-located events, the actor list pages.

Uses the server, browser and page fixtures of ``test_ui_browser`` (console errors and requests to
other hosts fail every test). Screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode, urlparse
from urllib.request import urlopen

import pytest

import test_ui_browser as ui

ARTIFACTS, _open_events, _ready = ui.ARTIFACTS, ui._open_events, ui._ready
# the server, browser and page fixtures, shared with test_ui_browser
base_url, browser, page = ui.base_url, ui.browser, ui.page

pytestmark = pytest.mark.browser


def _get(base_url, path, **params):
    q = ("?" + urlencode(params)) if params else ""
    with urlopen(base_url + path + q, timeout=30) as r:
        return json.loads(r.read())


def _wait_table(pg, version):
    pg.wait_for_function(
        "v => { const t = document.querySelector('[data-testid=event-table]');"
        " return t.dataset.version !== v && t.dataset.loading === '0'; }",
        arg=version,
        timeout=20_000,
    )


def _shown_total(pg) -> int:
    text = pg.inner_text("[data-testid=event-count]")
    return int(text.split()[0].replace(",", ""))


def test_clicking_each_governorate_filters_by_its_id(page, base_url):
    by_admin1 = _get(base_url, "/api/stats")["by_admin1"]
    areas = _get(base_url, "/api/geo/admin1")["items"]
    expected = {
        a["code"]: sum(by_admin1.get(n, 0) for n in a["admin1"])
        for a in areas
        if any(by_admin1.get(n, 0) for n in a["admin1"])
    }
    # the sample corpus has events in Anbar and Deir ez-Zor, whose boundary names differ
    assert {"IQ-AN", "SY-DY", "IQ-BG"} <= set(expected)
    _open_events(page, base_url)
    page.wait_for_function("document.querySelector('[data-testid=map]').dataset.shaded !== undefined")
    shaded = set(page.get_attribute("[data-testid=map]", "data-shaded").split(","))
    assert shaded == set(expected), "every governorate with events is shaded, and only those"
    page.uncheck(".leaflet-control-layers-overlays label:has-text('Events') input")  # hide markers so a click lands on the governorate
    box = page.query_selector("[data-testid=map]").bounding_box()
    for code, n in sorted(expected.items()):
        version = page.get_attribute("[data-testid=event-table]", "data-version")
        pt = page.evaluate("c => { const p = window.__marsadMap.pointOf(c); return [p.x, p.y]; }", code)
        page.wait_for_timeout(300)
        page.mouse.click(box["x"] + pt[0], box["y"] + pt[1])
        _wait_table(page, version)
        assert page.input_value("[data-testid=filter-admin1]") == code
        assert _shown_total(page) == n, code
        assert _get(base_url, "/api/stats", admin1=code)["totals"]["events"] == n
    page.screenshot(path=str(ARTIFACTS / "governorate-filter.png"))


def test_map_draws_land_labels_and_lists_events_at_one_place(page, base_url):
    _open_events(page, base_url)
    m = "[data-testid=map]"
    assert int(page.get_attribute(m, "data-countries")) >= 20
    assert int(page.get_attribute(m, "data-labels")) >= 8
    page.screenshot(path=str(ARTIFACTS / "map.png"))
    # the biggest group of events at one spot opens as a list with one line per event
    spots = _get(base_url, "/api/events", limit=1000)["items"]
    counts: dict = {}
    for e in spots:
        if e.get("lat") is not None:
            k = (round(e["lat"], 4), round(e["lon"], 4))
            counts[k] = counts.get(k, 0) + 1
    biggest = max(counts.values())
    assert biggest >= 5
    page.evaluate(
        "ll => { window.__marsadMap.map.setView(ll, 13, {animate: false}); }",
        list(max(counts, key=counts.get)),
    )
    cluster = page.wait_for_selector(f".one-spot:text-is('{biggest}')", timeout=10_000)
    cluster.click()
    page.wait_for_selector("[data-testid=map-list]")
    assert page.locator("[data-testid=map-list-item]").count() == biggest
    page.screenshot(path=str(ARTIFACTS / "map-list.png"))
    page.click("[data-testid=map-list-item] >> nth=0")
    page.wait_for_selector("[data-testid=evidence-highlight]", timeout=15_000)


def test_typing_an_actor_name_filters_the_events(page, base_url):
    actor = _get(base_url, "/api/actors", q="Kataib Hezbollah", limit=1)["items"][0]
    expected = _get(base_url, "/api/stats", actor=actor["id"])["totals"]["events"]
    assert expected > 0
    _open_events(page, base_url)
    total = _shown_total(page)
    version = page.get_attribute("[data-testid=event-table]", "data-version")
    page.fill("[data-testid=filter-actor]", "Kataib Hezbollah")
    page.click("[data-testid=apply-filters]")
    _wait_table(page, version)
    assert _shown_total(page) == expected < total
    assert page.input_value("[data-testid=filter-actor]") == actor["name"]
    # choosing from the suggestions works as well
    version = page.get_attribute("[data-testid=event-table]", "data-version")
    page.fill("[data-testid=filter-actor]", "")
    page.type("[data-testid=filter-actor]", "Kataib Hez", delay=20)
    page.click(f"[data-testid=actor-suggestion]:has-text('{actor['name']}')")
    page.click("[data-testid=apply-filters]")
    page.wait_for_timeout(500)
    assert _shown_total(page) == expected
    # an unknown name says so and filters nothing
    page.fill("[data-testid=filter-actor]", "Nobody Brigade Zzz")
    page.click("[data-testid=apply-filters]")
    page.wait_for_selector("[data-testid=actor-note]:has-text('no actor is named')")
    assert _shown_total(page) == expected
    # "around actor" in the network takes a name too
    page.goto(base_url + "/#/network")
    page.wait_for_selector("[data-testid=network][data-rendered='1']", timeout=20_000)
    page.fill("[data-testid=network-actor]", "Kataib Hezbollah")
    page.click("[data-testid=network-controls] button.primary")
    page.wait_for_function(f"location.hash.includes('actor={actor['id']}')")


def test_review_counts_follow_decisions_and_undo(page, base_url):
    page.goto(base_url + "/#/review")
    _ready(page)

    def count():
        return int(page.inner_text("[data-testid=review-count-events]"))

    before = count()
    assert before == _get(base_url, "/api/stats", status="draft")["totals"]["events"]
    first = page.get_attribute("[data-testid=review-row] >> nth=0", "data-id")
    page.click(f"[data-testid='reject-{first}']")
    page.wait_for_function(f"() => Number(document.querySelector('[data-testid=review-count-events]').textContent) === {before - 1}")
    page.wait_for_selector("[data-testid=audit-row]")
    assert page.locator(f"[data-testid=review-row][data-id='{first}']").count() == 0
    page.screenshot(path=str(ARTIFACTS / "review-audit.png"))
    # undo the newest decision: the event is a draft again and the count goes back
    audit_id = page.get_attribute("[data-testid=audit-row] >> nth=0", "data-id")
    page.click(f"[data-testid='undo-{audit_id}']")
    page.wait_for_function(f"() => Number(document.querySelector('[data-testid=review-count-events]')?.textContent) === {before}")
    assert page.locator(f"[data-testid=review-row][data-id='{first}']").count() == 1
    assert _get(base_url, f"/api/events/{first}")["status"] == "draft"


def test_actor_list_pages_sorts_and_filters_by_kind(page, base_url):
    page.goto(base_url + "/#/actors")
    _ready(page)
    rows = page.locator("[data-testid=actor-row]")
    assert rows.count() == 50
    first_page = page.inner_text("[data-testid=actor-table]")
    page.click("[data-testid=actor-next]")
    page.wait_for_function("location.hash.includes('page=1')")
    _ready(page)
    assert page.inner_text("[data-testid=actor-table]") != first_page
    page.select_option("[data-testid=actor-kind]", "person")
    page.wait_for_function("location.hash.includes('kind=person')")
    _ready(page)
    kinds = page.eval_on_selector_all("[data-testid=actor-row]", "rs => rs.map(r => r.dataset.kind)")
    assert kinds and set(kinds) == {"person"}
    page.click("[data-testid=actor-sort-name]")
    page.wait_for_function("location.hash.includes('sort=name')")
    # the list rendered for the new hash marks its sort column
    page.wait_for_function("() => (document.querySelector('[data-testid=actor-sort-name]')?.textContent || '').includes('\u25be')")
    _ready(page)
    names = page.eval_on_selector_all("[data-testid=actor-row] a", "as => as.map(a => a.textContent)")
    assert names == sorted(names, key=lambda s: s.lower()) or names == sorted(names)


def _graph_ids(pg):
    return set(pg.evaluate(
        "() => window.__marsadNetworkChart.getOption().series[0].data.map((d) => d.id)"
    ))


def _wait_graph(pg, must_have=()):
    """Wait until the chart drawn for the current hash holds its series (and these ids): the view
    of the previous hash may still carry data-rendered while the new one draws."""
    pg.wait_for_function(
        "ids => { const c = window.__marsadNetworkChart; const o = c && c.getOption();"
        " const s = o && o.series && o.series[0]; if (!s || !s.data || !s.data.length) return false;"
        " const have = new Set(s.data.map((d) => d.id)); return ids.every((i) => have.has(i)); }",
        arg=list(must_have), timeout=20_000)


def test_network_starts_readable_and_expands_on_click(page, base_url):
    page.goto(base_url + "/#/network")
    page.wait_for_selector("[data-testid=network][data-rendered='1']", timeout=20_000)
    net = "[data-testid=network]"
    n = int(page.get_attribute(net, "data-nodes"))
    total = len(_get(base_url, "/api/network")["nodes"])
    assert n == min(40, total) and total > 40
    assert int(page.get_attribute(net, "data-labels")) >= 0.75 * n
    page.screenshot(path=str(ARTIFACTS / "network-default.png"))
    # click the least connected actor shown, then ask for its links
    shown = _get(base_url, "/api/network", max_nodes=40)["nodes"]
    pick = min(shown, key=lambda x: (x["degree"], x["id"]))
    xy = page.evaluate(
        "id => { const c = window.__marsadNetworkChart; const d = c.getOption().series[0].data.find((x) => x.id === id);"
        " return c.convertToPixel({seriesIndex: 0}, [d.x, d.y]); }",
        pick["id"],
    )
    box = page.query_selector(net).bounding_box()
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
    page.wait_for_selector("[data-testid=network-selection]:not([hidden])")
    assert pick["name"] in page.inner_text("[data-testid=network-selection]")
    page.click("[data-testid=network-expand]")
    page.wait_for_function(f"location.hash.includes('expand={pick['id']}')")
    page.wait_for_selector("[data-testid=network][data-rendered='1']", timeout=20_000)
    ego = _get(base_url, "/api/network", actor=pick["id"])["nodes"]
    _wait_graph(page, [x["id"] for x in ego])
    assert {x["id"] for x in ego} <= _graph_ids(page)
    # keeping only people
    page.goto(base_url + "/#/network?kinds=person")
    page.wait_for_selector("[data-testid=network][data-rendered='1']", timeout=20_000)
    people = {a["id"] for a in _get(base_url, "/api/actors", kind="person", limit=5000)["items"]}
    page.wait_for_function("() => location.hash.includes('kinds=person')")
    # the chart of the new hash: every node one of the people (the ego chart before it had others)
    page.wait_for_function(
        "ppl => { const c = window.__marsadNetworkChart; const o = c && c.getOption();"
        " const s = o && o.series && o.series[0]; return !!(s && s.data && s.data.length"
        " && s.data.every((d) => ppl.includes(d.id))); }", arg=sorted(people), timeout=20_000)
    ids = _graph_ids(page)
    assert ids and ids <= people


HOSTILE_TITLE = '<img src="x-title" onerror="window.__xss = 1">Strike report'


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    """A store holding one document whose title and URL carry markup and a script link."""
    ui._need_chromium()
    import subprocess

    d = tmp_path_factory.mktemp("hostile")
    doc = {
        "id": "hostile-1",
        "title": HOSTILE_TITLE,
        "url": "javascript:window.__xss=2",
        "published": "2024-03-01",
        "source": '<b onclick="window.__xss=3">wire</b>',
        "text": "Kataib Hezbollah fired rockets at Ain al-Asad air base on Friday, killing two soldiers.",
    }
    (d / "hostile.json").write_text(json.dumps(doc), encoding="utf-8")
    db = d / "h.duckdb"
    done = subprocess.run([*ui.MARSAD, "ingest", str(d / "hostile.json"), "--db", str(db)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    port = ui._free_port()
    proc = subprocess.Popen([*ui.MARSAD, "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        ui._wait_http(url + "/api/documents?limit=1", proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_stored_markup_is_shown_as_text_and_script_links_are_dropped(browser, hostile_url):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=True)  # escaping alone
    pg = ctx.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("request", lambda r: None if urlparse(r.url).hostname in ui.LOCAL_HOSTS
          or urlparse(r.url).scheme in ("data", "blob", "about") else errors.append(r.url))
    try:
        for route in ("#/documents", "#/doc/hostile-1", "#/events", "#/review", "#/search?q=Strike"):
            pg.goto(hostile_url + "/" + route)
            _ready(pg)
            pg.wait_for_timeout(300)
            assert pg.evaluate("window.__xss") is None, route
            assert pg.locator("img[src^='x-title'], b[onclick]").count() == 0, route
        pg.goto(hostile_url + "/#/doc/hostile-1")
        _ready(pg)
        assert pg.inner_text("[data-testid=document-title]") == HOSTILE_TITLE
        assert pg.locator("a[href^='javascript:']").count() == 0
        assert errors == []
    finally:
        ctx.close()

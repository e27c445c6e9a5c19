"""Stored XSS, in a real browser: hostile strings stored as document titles, sources, URLs and
texts, actor names, aliases and descriptions, event, place and claim fields, audit users and notes,
ACH titles and labels; then every view of the dashboard is visited (tooltips and popups opened)
in Chromium, once under the server's Content-Security-Policy and once with the policy bypassed,
so that escaping alone is shown to hold. Any dialog (alert, confirm, prompt), any marker a payload
sets, any element carrying an inline handler, any request to another host, any policy violation
or script error fails the test."""

from __future__ import annotations

import json
import subprocess
import time
from urllib.parse import quote, urlparse
from urllib.request import Request, urlopen

import pytest

import test_ui_browser as ui

pytestmark = pytest.mark.browser

# Each payload, if it ran, would open a dialog numbered by its place in this list or set
# window.__xss; some would load an image or a style sheet from another host.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "'><img src=x onerror=alert(4)>",
    '<a href="javascript:alert(5)">click</a>',
    '<iframe srcdoc="<script>parent.alert(6)</script>"></iframe>',
    "</textarea></title><script>alert(7)</script>",
    "<details open ontoggle=alert(8)>",
    '" autofocus onfocus="alert(9)" x="',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(10)>",
    "${alert(11)}",
    "{{constructor.constructor('alert(12)')()}}",
    '<img src="http://198.51.100.7/x.png">',
    "<style>@import 'http://198.51.100.7/x.css';</style>",
    "<body onload=alert(15)>",
    "<input autofocus onfocus=alert(16)>",
    "<object data=\"javascript:alert(17)\"></object>",
    "<b onmouseover=window.__xss=18>hover</b>",
    "__proto__",
    "constructor",
]
URL_PAYLOADS = [
    "javascript:alert(101)",
    "JaVaScRiPt:alert(102)",
    " javascript:alert(103)",
    "java\tscript:alert(104)",
    "data:text/html,<script>alert(105)</script>",
    "vbscript:msgbox(106)",
    '" onclick="alert(107)',
    "http://example.org/\" onmouseover=\"alert(108)",
]
HOSTILE_DOC_ID = "doc-<img src=x onerror=alert(201)>"


def _post(base, path, body):
    req = Request(base + path, data=json.dumps(body).encode(), method="POST",
                  headers={"Content-Type": "application/json"})
    with urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def _get(base, path, **params):
    q = "&".join(f"{k}={quote(str(v))}" for k, v in params.items())
    with urlopen(base + path + ("?" + q if q else ""), timeout=60) as r:
        return json.loads(r.read())


def _hostile_documents() -> list[dict]:
    """Reports about invented attacks whose every free-text field carries payloads."""
    docs = []
    for i, p in enumerate(PAYLOADS):
        docs.append({
            "id": HOSTILE_DOC_ID if i == 0 else f"hostile-{i:02d}",
            "title": f"{p} report {i}",
            "source": p,
            "url": URL_PAYLOADS[i % len(URL_PAYLOADS)],
            "published": f"2024-03-{1 + i % 27:02d}",
            "text": (f"Kataib Hezbollah launched a drone at a U.S. base in Erbil on Monday, wounding "
                     f"{2 + i} soldiers. {p} Officials said {3 + i} rockets were fired in the attack."),
        })
    return docs


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A served store full of payloads; yields (base URL, how many payloads were stored)."""
    ui._need_chromium()
    d = tmp_path_factory.mktemp("xss")
    db = d / "x.duckdb"
    built = subprocess.run([*ui.MARSAD, "demo", "--db", str(db), "--no-serve"], capture_output=True,
                           text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    (d / "hostile.jsonl").write_text("\n".join(json.dumps(x) for x in _hostile_documents()) + "\n",
                                     encoding="utf-8")
    done = subprocess.run([*ui.MARSAD, "ingest", str(d / "hostile.jsonl"), "--db", str(db)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    port = ui._free_port()
    proc = subprocess.Popen([*ui.MARSAD, "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        ui._wait_http(base + "/api/documents?limit=1", proc)
        stored = _store_payloads(base)
        yield base, stored
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _edit(base, kind, fact_id, field, value, user=None):
    body = {"field": field, "value": value, "note": PAYLOADS[len(field) % len(PAYLOADS)]}
    if user:
        body["user"] = user
    _post(base, f"/api/review/{kind}/{quote(fact_id, safe='')}/edit", body)


def _store_payloads(base) -> int:
    """Edit stored facts so payloads sit in every free-text field the dashboard shows."""
    n = 0
    cycle = iter(range(10**6))

    def p():
        return PAYLOADS[next(cycle) % len(PAYLOADS)]

    net = _get(base, "/api/network")["nodes"]
    for node in net[:12]:  # the best-connected actors: on the network, in events, in paths
        for field in ("name", "description", "sector"):
            _edit(base, "actor", node["id"], field, p(), user=p()[:100])
            n += 1
        _edit(base, "actor", node["id"], "aliases", [p(), p()])
        n += 2
    events = _get(base, "/api/events", limit=40)["items"]
    for e in events:
        for field in ("subtype", "place_name", "admin1", "source_actor_name", "target_actor_name"):
            _edit(base, "event", e["id"], field, p())
            n += 1
    for c in _get(base, "/api/claims", limit=30)["items"]:
        for field in ("unit", "subject"):
            _edit(base, "claim", c["id"], field, p())
            n += 1
    for pl in _get(base, "/api/places", limit=10)["items"]:
        _edit(base, "place", pl["id"], "name", p())
        n += 1
    for doc in _get(base, "/api/documents", limit=14)["items"]:
        if doc["id"].startswith(("hostile", "doc-")):
            continue
        _edit(base, "document", doc["id"], "title", p())
        _edit(base, "document", doc["id"], "url", URL_PAYLOADS[n % len(URL_PAYLOADS)])
        n += 2
    for e in events[:5]:  # audit rows: a hostile user and note on a confirmation
        _post(base, f"/api/review/event/{e['id']}/confirm", {"user": p()[:100], "note": p()})
        n += 2
    m = _post(base, "/api/ach", {"title": p(), "question": p(), "user": p()[:100]})
    for _ in range(3):
        m = _post(base, f"/api/ach/{m['id']}/hypotheses", {"label": p(), "description": p()})
        n += 2
    _post(base, f"/api/ach/{m['id']}/evidence", {"kind": "note", "label": p(), "weight": 1})
    _post(base, f"/api/ach/{m['id']}/evidence", {"kind": "event", "fact_id": events[0]["id"]})
    n += 5
    n += 4 * len(_hostile_documents())  # title, source, URL and text of each hostile report
    return n


# --------------------------------------------------------------------------- the visit

INIT = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def _routes(base, m_id, first_event, actor_id) -> list[str]:
    hp = quote(PAYLOADS[1], safe="")
    return [
        "/#/events", f"/#/event/{quote(first_event, safe='')}", f"/#/doc/{quote(HOSTILE_DOC_ID, safe='')}",
        "/#/doc/hostile-05", f"/#/actor/{quote(actor_id, safe='')}", "/#/actors", f"/#/actors?q={hp}",
        "/#/documents", "/#/network", f"/#/network?actor={quote(actor_id, safe='')}", "/#/claims",
        "/#/review", f"/#/search?q={hp}", "/#/search?q=report", "/#/about", "/#/seats", "/#/offices",
        f"/#/paths?a={quote(actor_id, safe='')}&b=iran", f"/#/paths?a={hp}&b={hp}", "/#/figures",
        f"/#/figures?subject={hp}", "/#/ach", f"/#/ach/{quote(m_id, safe='')}", f"/#/ach/{hp}",
        f"/#/actor/{hp}", f"/#/doc/{hp}", f"/#/{hp}", "/#/tempo", "/docs",
    ]


def _ready(pg, timeout=45):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pg.url.endswith("/docs"):
            if pg.locator("[data-testid=api-op]").count():
                return
        elif pg.evaluate("() => !!(window.__marsad && window.__marsad.ready)"):
            pg.wait_for_timeout(400)  # charts and lazy cells settle
            return
        pg.wait_for_timeout(100)
    raise AssertionError(f"{pg.url} did not finish loading")


def _poke(pg, route: str) -> int:
    """Open what only appears on hover or click: chart tooltips, map tooltips and popups."""
    opened = 0
    if route.startswith("/#/network"):
        pg.wait_for_selector("[data-testid=network][data-rendered='1']", timeout=30_000)
        opened += pg.evaluate("""() => { const c = window.__marsadNetworkChart; let k = 0;
            const n = c.getOption().series[0].data.length;
            for (let i = 0; i < Math.min(n, 60); i++) { c.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i}); k++; }
            return k; }""")
    if route == "/#/events":
        for el in pg.locator("#map path.leaflet-interactive").all()[:25]:
            try:
                el.hover(timeout=2000)
                opened += 1
            except Exception:  # a marker under another element: the next one will do
                pass
        clusters = pg.locator("[data-testid=map-cluster]")
        if clusters.count():
            try:
                clusters.first.click(timeout=3000)
                opened += 1
            except Exception:  # noqa: BLE001 - hidden behind the legend
                pass
        opened += pg.evaluate("""async () => { const {echarts} = await import('/vendor/echarts/index.js');
            const c = echarts.getInstanceByDom(document.getElementById('timeline')); if (!c) return 0;
            const n = (c.getOption().xAxis[0].data || []).length;
            for (let i = 0; i < n; i++) c.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i});
            return n; }""")
        pg.select_option("[data-testid=filter-group]", "actor")
        pg.fill("[data-testid=filter-q]", PAYLOADS[1])
        pg.click("[data-testid=apply-filters]")
        pg.wait_for_timeout(1500)
    return opened


def _visit_everything(browser, base, routes, *, bypass_csp: bool) -> dict:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=bypass_csp)
    pg = ctx.new_page()
    pg.add_init_script(INIT)
    dialogs, problems = [], []
    pg.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("request", lambda r: None if urlparse(r.url).hostname in ui.LOCAL_HOSTS
          or urlparse(r.url).scheme in ("data", "blob", "about") else problems.append(f"request: {r.url}"))
    seen = {"views": 0, "opened": 0}
    try:
        for route in routes:
            pg.goto(base + route)
            _ready(pg)
            seen["opened"] += _poke(pg, route)
            seen["views"] += 1
            state = pg.evaluate("""() => ({
                xss: window.__xss === undefined ? null : window.__xss,
                csp: window.__csp || [],
                handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes]
                    .filter((a) => /^on/i.test(a.name)).map((a) => el.tagName + ' ' + a.name)),
                scriptLinks: [...document.querySelectorAll('a[href], iframe, object, embed')]
                    .map((el) => el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('data') || el.tagName)
                    .filter((h) => !/^(#|\\/|https?:\\/\\/)/i.test(h.trim())),
                injected: document.querySelectorAll('#view script, #view iframe, #view object, #view img[src=x], #view details[ontoggle], #view style').length,
            })""")
            assert state["xss"] is None, (route, state)
            assert state["handlers"] == [], (route, state["handlers"])
            assert state["scriptLinks"] == [], (route, state["scriptLinks"])
            assert state["injected"] == 0, route
            assert state["csp"] == [], (route, state["csp"])
            assert dialogs == [], (route, dialogs)
        assert problems == [], "\n".join(problems)
    finally:
        ctx.close()
    return seen


def test_stored_payloads_never_run_in_any_view(hostile, browser_for_xss):
    base, stored = hostile
    m_id = _get(base, "/api/ach")[0]["id"]
    first_event = _get(base, "/api/events", limit=1)["items"][0]["id"]
    actor_id = _get(base, "/api/network")["nodes"][0]["id"]
    routes = _routes(base, m_id, first_event, actor_id)
    with_csp = _visit_everything(browser_for_xss, base, routes, bypass_csp=False)
    escaping_only = _visit_everything(browser_for_xss, base, routes, bypass_csp=True)
    assert with_csp["views"] == escaping_only["views"] == len(routes)
    assert with_csp["opened"] > 50  # tooltips and popups were really opened
    print(f"\nXSS: {len(PAYLOADS)} payloads + {len(URL_PAYLOADS)} URL payloads, {stored} stored "
          f"placements, {len(routes)} views x 2 (with and without CSP), "
          f"{with_csp['opened'] + escaping_only['opened']} tooltips/popups opened")


def test_the_original_link_is_offered_only_for_http_urls(hostile, browser_for_xss):
    base, _ = hostile
    ctx = browser_for_xss.new_context(bypass_csp=True)
    pg = ctx.new_page()
    try:
        for i in range(len(URL_PAYLOADS)):
            doc = HOSTILE_DOC_ID if i == 0 else f"hostile-{i:02d}"
            pg.goto(f"{base}/#/doc/{quote(doc, safe='')}")
            _ready(pg)
            shown = pg.locator("[data-testid=document-original]")
            url = URL_PAYLOADS[i % len(URL_PAYLOADS)]
            if url.lower().startswith("http"):
                assert shown.count() == 1 and shown.get_attribute("href").startswith("http://example.org/")
            else:
                assert shown.count() == 0, url
                assert pg.locator("[data-testid=plain-url]").inner_text().split() == url.split()
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def browser_for_xss():
    ui._need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=ui.CHROMIUM, args=ui.ARGS)
        yield b
        b.close()

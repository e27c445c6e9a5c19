"""Political-system views in headless Chromium: coalition builder, office timeline (with
confirmed events merged in), path finder, and an ACH matrix round trip. Uses the demo store and
browser fixtures of test_ui_browser; the office-events test serves a store of its own."""

from __future__ import annotations

import subprocess

import pytest

from test_ui_browser import (  # noqa: F401 (fixtures)
    ARTIFACTS,
    MARSAD,
    _free_port,
    _ready,
    _wait_http,
    base_url,
    browser,
    page,
)

pytestmark = pytest.mark.browser


def _goto(pg, url):
    pg.goto(url)
    _ready(pg)


def test_coalition_builder_moving_lists_changes_majority(page, base_url):  # noqa: F811
    _goto(page, base_url + "/#/seats")
    page.select_option("[data-testid=seat-election]", "iraq-provincial-2023-diyala")
    page.wait_for_function(
        "document.querySelector('[data-testid=camp-basis]').textContent.length > 0"
        " && document.querySelectorAll('[data-testid=camp]').length === 4"
    )
    status = page.locator("[data-testid=majority-status]")
    assert "nobody" in status.inner_text()

    def move(list_name, camp):
        chip = page.locator(f"[data-testid=list-chip][data-list='{list_name}']")
        chip.locator("select").select_option(camp)

    move("Istiqbal Diyala", "Coordination Framework")
    page.wait_for_function("document.querySelectorAll('[data-testid=camp]').length === 3")
    assert "nobody" in status.inner_text()  # 7 + 7 + 1: nobody has 8 alone
    move("Patriotic Union of Kurdistan", "Coordination Framework")
    page.wait_for_function(
        "document.querySelector('[data-testid=majority-status]').textContent.includes('Coordination Framework')"
    )
    assert page.get_attribute("[data-testid=threshold-majority]", "data-reached") == "1"
    rows = page.locator("[data-testid=power-row]")
    assert rows.count() >= 1 and "1.000" in rows.first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "seats.png"), full_page=True)
    page.click("[data-testid=seat-reset]")
    page.wait_for_function(
        "document.querySelector('[data-testid=majority-status]').textContent.includes('nobody')"
    )


def test_office_timeline_and_holders(page, base_url):  # noqa: F811
    _goto(page, base_url + "/#/offices?as_of=2024-01-01")
    page.wait_for_selector("[data-testid=holder-row]")
    speaker = page.locator("[data-testid=holder-row][data-office=speaker-iraq]")
    assert (
        "Mandalawi" in speaker.inner_text() and speaker.locator("[data-testid=acting]").count() == 1
    )
    acting = page.locator("[data-testid=tenure].acting[data-holder=mohsen-al-mandalawi]")
    assert acting.count() == 1
    page.fill("[data-testid=offices-date]", "2026-06-01")
    page.dispatch_event("[data-testid=offices-date]", "change")
    page.wait_for_function(
        "document.querySelector('[data-testid=holder-row][data-office=speaker-iraq]').textContent.includes('Haibat')"
    )
    assert "Coordination Framework" in page.inner_text("[data-testid=control]")
    page.screenshot(path=str(ARTIFACTS / "offices.png"), full_page=True)


def test_path_finder_shows_evidence(page, base_url):  # noqa: F811
    _goto(page, base_url + "/#/paths")
    page.fill("[data-testid=path-a]", "adnan-fayhan")
    page.fill("[data-testid=path-b]", "coordination-framework")
    page.fill("[data-testid=path-date]", "2026-06-01")
    page.click("[data-testid=path-form] button")
    page.wait_for_selector("[data-testid=path]")
    text = page.inner_text("[data-testid=path]")
    assert "Sadiqoun" in text and page.locator("[data-testid=edge-evidence]").count() >= 2


def test_ach_matrix_round_trip(page, base_url):  # noqa: F811
    _goto(page, base_url + "/#/ach")
    page.fill("[data-testid=ach-title]", "Why did the attacks pause?")
    page.click("[data-testid=ach-new] button")
    page.wait_for_selector("[data-testid=ach-matrix]")
    for label in ("Iranian-ordered halt", "Response to U.S. strikes"):
        page.fill("[data-testid=ach-hypothesis-label]", label)
        page.click("[data-testid=ach-add-hypothesis] button")
        page.wait_for_function(
            f"document.querySelectorAll('[data-testid=ach-hypothesis]').length === {1 + (label[0] == 'R')}"
        )
    page.fill("[data-testid=ach-evidence-label]", "Envoy visited Baghdad before the halt")
    page.fill("[data-testid=ach-add-evidence] input[name=weight]", "1")
    page.click("[data-testid=ach-add-evidence] button")
    page.wait_for_selector("[data-testid=ach-evidence-row]")
    selects = page.locator("[data-testid=ach-rating]")
    selects.nth(0).select_option("CC")
    page.wait_for_function("document.getElementById('view').dataset.version === '5'")
    page.locator("[data-testid=ach-rating]").nth(1).select_option("II")
    page.wait_for_function("document.getElementById('view').dataset.version === '6'")
    url = page.url
    page.reload()
    _ready(page)
    page.wait_for_selector("[data-testid=ach-rating]")
    assert page.url == url
    values = page.eval_on_selector_all("[data-testid=ach-rating]", "ss => ss.map(s => s.value)")
    assert values == ["CC", "II"]
    scores = page.eval_on_selector_all(
        "[data-testid=ach-score]", "ts => ts.map(t => t.textContent)"
    )
    assert scores[0].startswith("0.00") and scores[1].startswith("2.00")
    assert page.inner_text("[data-testid=ach-diagnosticity]").strip() == "4.00"
    # link a stored fact: a claim brings its document, sentence and the source's grades
    claim = page.request.get(base_url + "/api/claims", params={"limit": 1}).json()["items"][0]
    page.select_option("[data-testid=ach-evidence-kind]", "claim")
    page.fill("[data-testid=ach-evidence-fact]", claim["id"])
    page.fill("[data-testid=ach-add-evidence] input[name=weight]", "")
    page.click("[data-testid=ach-add-evidence] button")
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=ach-evidence-row]').length === 2"
    )
    row = page.locator("[data-testid=ach-evidence-row]").nth(1)
    row.locator("[data-testid=ach-rating]").nth(0).select_option("I")
    page.wait_for_function("document.getElementById('view').dataset.version === '8'")
    page.reload()
    _ready(page)
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=ach-evidence-row]').length === 2"
    )
    row = page.locator("[data-testid=ach-evidence-row]").nth(1)
    link = row.locator("a[href^='#/doc/']")
    assert link.count() == 1 and claim["doc_id"] in link.get_attribute("href")
    assert row.locator("[data-testid=ach-rating]").nth(0).input_value() == "I"
    score = page.locator("[data-testid=ach-score]").nth(0).inner_text()
    assert float(score.split()[0]) > 0  # the inconsistent claim now counts against hypothesis 1
    page.screenshot(path=str(ARTIFACTS / "ach.png"), full_page=True)


def test_figures_chart_keeps_every_source(page, base_url):  # noqa: F811
    _goto(page, base_url + "/#/figures?subject=Sadiqoun")
    page.wait_for_selector("[data-testid=figure-group]")
    groups = page.locator("[data-testid=figure-group]")
    assert groups.count() == 1 and groups.first.get_attribute("data-disagree") == "1"
    values = sorted(t.split(" ")[0] for t in page.locator("[data-testid=figure]").all_inner_texts())
    assert values == ["27", "28"]
    page.wait_for_selector("[data-testid=figure-group] canvas")


@pytest.fixture(scope="module")
def offices_url(tmp_path_factory):
    """A store with three constructed reports: a court removes the speaker, parliament elects a
    successor (both confirmed), and a confirmed vote dated differently from the pack."""
    from marsad.store import open_store
    from test_office_events import (
        ELECTION,
        FAYHAN,
        MASHHADANI,
        PARLIAMENT,
        SPEAKER_VOTE,
        _confirm,
        _removal,
        _report,
    )

    db = tmp_path_factory.mktemp("offices") / "offices.duckdb"
    store = open_store(str(db))
    store.ingest(
        [
            _removal(),
            _report("d-elect", ELECTION, ELECTION, "2026-10-02", "AGREE", PARLIAMENT, FAYHAN, None, "agreement"),
            _report("d-vote", SPEAKER_VOTE, SPEAKER_VOTE, "2024-11-05", "AGREE", PARLIAMENT, MASHHADANI, None, "agreement"),
        ]
    )  # fmt: skip
    for d in ("d-removal", "d-elect", "d-vote"):
        _confirm(store, d)
    store.close()
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


def test_office_timeline_merges_confirmed_events(page, offices_url):  # noqa: F811
    _goto(page, offices_url + "/#/offices?as_of=2026-10-05")
    speaker = page.locator("[data-testid=holder-row][data-office=speaker-iraq]")
    page.wait_for_selector("[data-testid=office-change]")
    assert (
        "Adnan Fayhan" in speaker.inner_text() and speaker.get_attribute("data-origin") == "event"
    )
    outcomes = page.eval_on_selector_all(
        "[data-testid=office-change]", "rs => rs.map(r => r.dataset.outcome).sort()"
    )
    assert outcomes == ["applied", "applied", "conflicts"]
    bars = page.locator("[data-testid=tenure][data-origin=event][data-holder=adnan-fayhan]")
    assert bars.count() == 1 and bars.first.get_attribute("href").startswith("#/doc/d-elect")
    # the removal's day is the speaker's last; the next day the office is vacant
    page.fill("[data-testid=offices-date]", "2026-09-02")
    page.dispatch_event("[data-testid=offices-date]", "change")
    page.wait_for_selector(
        "[data-testid=holder-row][data-office=speaker-iraq] [data-testid=vacant]"
    )
    # a vote the pack dates differently: the pack's holder stands and the conflict is shown
    page.fill("[data-testid=offices-date]", "2024-11-02")
    page.dispatch_event("[data-testid=offices-date]", "change")
    page.wait_for_selector(
        "[data-testid=holder-row][data-office=speaker-iraq] [data-testid=conflict]"
    )
    # (the row of the date before may hold a conflict mark too: wait for the new date's holder)
    page.wait_for_function(
        "() => { const r = document.querySelector('[data-testid=holder-row][data-office=speaker-iraq]');"
        " return r && r.innerText.includes('Mashhadani'); }",
        timeout=30_000,
    )
    assert "Mashhadani" in speaker.inner_text() and "2024-11-05" in speaker.inner_text()
    page.screenshot(path=str(ARTIFACTS / "offices-events.png"), full_page=True)
    # every figure links to the fact behind it: the event's sentence in its document
    speaker.locator("[data-testid=tenure-event]").first.click()
    page.wait_for_selector("[data-testid=evidence-highlight]")
    assert "Mashhadani" in page.inner_text("[data-testid=evidence-highlight]")

"""Political-system views in headless Chromium: coalition builder, office timeline, path finder,
and an ACH matrix round trip. Uses the demo store and browser fixtures of test_ui_browser."""

from __future__ import annotations

import pytest

from test_ui_browser import ARTIFACTS, _ready, base_url, browser, page  # noqa: F401 (fixtures)

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
    page.screenshot(path=str(ARTIFACTS / "ach.png"), full_page=True)


def test_figures_chart_keeps_every_source(page, base_url):  # noqa: F811
    _goto(page, base_url + "/#/figures?subject=Sadiqoun")
    page.wait_for_selector("[data-testid=figure-group]")
    groups = page.locator("[data-testid=figure-group]")
    assert groups.count() == 1 and groups.first.get_attribute("data-disagree") == "1"
    values = sorted(t.split(" ")[0] for t in page.locator("[data-testid=figure]").all_inner_texts())
    assert values == ["27", "28"]
    page.wait_for_selector("[data-testid=figure-group] canvas")

"""/api/analysis routes over the imported 2023-24 list, on both backends."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from marsad.interop.attacks_csv import import_attacks_csv
from marsad.server.app import create_app


@pytest.fixture(scope="module")
def client(module_store_location):
    s = module_store_location.open()
    import_attacks_csv(s)
    with TestClient(create_app(store=s)) as c:
        yield c


def test_tempo_and_its_events(client):
    r = client.get("/api/analysis/tempo", params={"by": "month", "country": "SY"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["by"] == "month" and sum(x["n"] for x in body["totals"]) == body["events"]
    assert body["published"] and body["published"][0]["counted"] <= body["published"][-1]["counted"]
    month = next(x for x in body["totals"] if x["n"] > 0)
    ev = client.get("/api/analysis/attacks", params={"start": month["period"][:7], "end": month["period"][:7],
                                                     "country": "SY"}).json()["items"]
    assert len(ev) == month["n"] and all(e["country"] == "SY" for e in ev)
    detail = client.get(f"/api/events/{ev[0]['id']}").json()
    assert detail["sources"][0]["evidence"]["text"]


def test_forecast_levers_changes_backtest(client):
    r = client.get("/api/analysis/forecast", params={"days": 14, "sims": 50, "end": "2024-01-20"})
    assert r.status_code == 200, r.text
    f = r.json()
    assert len(f["forecast"]["days"]) == 14 and 0 < f["fit"]["branching_ratio"] < 5
    lv = client.get("/api/analysis/levers", params={"end": "2024-01-20", "days": 10, "sims": 30}).json()
    assert set(lv["scenarios"]) == {"no-strikes", "strikes-every-7-days"}
    assert len(lv["scenario_daily"]["no-strikes"]) == 10 and lv["hawkes"]["interventions"]
    ch = client.get("/api/analysis/changes", params={"as_of": "2024-02-29"}).json()
    assert any(x["direction"] == "fall" for x in ch["flags"])
    bt = client.get("/api/analysis/backtest", params={"start": "2024-01-15", "end": "2024-02-04", "sims": 20}).json()
    assert {s["model"] for s in bt["scores"]} == {"hawkes", "last-period", "historical-mean"}


def test_bad_parameters_are_400(client):
    r = client.get("/api/analysis/tempo", params={"by": "fortnight"})
    assert r.status_code == 400 and "E400" in r.text
    r = client.get("/api/analysis/levers", params={"actor": "nobody", "sims": 10})
    assert r.status_code == 400

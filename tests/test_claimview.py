"""Which stored figures the claims page shows as claims, and what counts as a disagreement."""

from __future__ import annotations

import pytest

from marsad.server.claimview import is_disagreement, noise_reason


@pytest.mark.parametrize(
    "unit, text",
    [
        ("meters", "keep at least 1,000 meters"),
        ("days", "two-day siege"),
        ("seats", "329-seat chamber"),
        ("members", "329-member chamber"),
        ("sites", "Syria and three"),
        ("sites", "seven sites, four"),
        ("targets", "province, and two"),
    ],
)
def test_figures_that_are_not_claims_say_why(unit, text):
    assert noise_reason({"unit": unit, "evidence_text": text})


@pytest.mark.parametrize(
    "unit, text",
    [
        ("attacks", "claimed more than 150 attacks on American forces"),
        ("people", "killed at least 30 people"),
        ("seats", "Taqaddum took 37"),
        ("percent", "about 41 percent"),
        ("service members", "four American service members and two members"),
    ],
)
def test_claims_are_kept(unit, text):
    assert noise_reason({"unit": unit, "evidence_text": text}) is None


def group(subject="attacks on U.S. forces", period=None, values=()):
    return {"subject": subject, "period_start": period, "period_end": None,
            "values": [dict(id=f"c{i}", doc_id=d, value=v, as_of=a) for i, (d, v, a) in enumerate(values)]}


def test_a_disagreement_is_one_quantity_from_different_sources():
    same_week = [("d1", 150, "2024-01-29"), ("d2", 170, "2024-02-02")]
    assert is_disagreement(group(values=same_week))
    # the same figure everywhere, or one source alone, is no disagreement
    assert not is_disagreement(group(values=[("d1", 150, "2024-01-29"), ("d2", 150, "2024-02-02")]))
    assert not is_disagreement(group(values=[("d1", 150, "2024-01-29"), ("d1", 170, "2024-01-29")]))
    # "other people" a year apart are figures about different events
    apart = [("d1", 9, "2021-02-27"), ("d2", 23, "2022-07-22")]
    assert not is_disagreement(group(values=apart))
    assert is_disagreement(group(period="2023-10", values=apart))  # an explicit shared period
    assert not is_disagreement(group(subject=None, values=same_week))
    assert not is_disagreement(group(values=same_week), hidden={"c1"})  # noise does not count

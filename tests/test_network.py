"""Actor network analytics on a hand-built graph, the pack, a store, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from typer.testing import CliRunner

from marsad.analysis.network import (
    NetworkError,
    analyze_network,
    brokers,
    build_network,
    centrality,
    network_from_pack,
    network_from_store,
    paths,
    write_graphml,
)
from marsad.cli import app
from marsad.knowledge import KnowledgePack


def _hand_built():
    """Two triangles (a-b-c and x-y-z) joined through a broker m: a - m - x; plus one event
    between c and z in a document."""
    aff = pd.DataFrame(
        [
            {"id": "f1", "source": "a", "type": "member_of", "target": "b", "origin": "pack"},
            {"id": "f2", "source": "b", "type": "allied_with", "target": "c", "origin": "pack"},
            {"id": "f3", "source": "a", "type": "allied_with", "target": "c", "origin": "pack"},
            {"id": "f4", "source": "x", "type": "member_of", "target": "y", "origin": "pack"},
            {"id": "f5", "source": "y", "type": "allied_with", "target": "z", "origin": "pack"},
            {"id": "f6", "source": "x", "type": "allied_with", "target": "z", "origin": "pack"},
            {"id": "r1", "source": "m", "type": "backs", "target": "a", "origin": "document",
             "doc_id": "d1", "evidence": "M backs A."},
            {"id": "r2", "source": "m", "type": "backs", "target": "x", "origin": "document",
             "doc_id": "d2", "evidence": "M backs X."},
        ]
    )  # fmt: skip
    ev = pd.DataFrame(
        [
            {"id": "e1", "type": "ASSAULT", "date": "2024-01-02", "source_actor_id": "c",
             "target_actor_id": "a", "first_document": "d3"},
            {"id": "e2", "type": "ASSAULT", "date": "2024-01-03", "source_actor_id": "c",
             "target_actor_id": None, "first_document": "d4"},
        ]
    )  # fmt: skip
    return build_network(aff, ev, {"m": "Mediator"})


def test_edges_carry_their_evidence():
    g = _hand_built()
    assert g.number_of_nodes() == 7 and g.number_of_edges() == 8
    kinds = [e["kind"] for e in g["a"]["c"]["evidence"]]
    assert sorted(kinds) == ["affiliation", "event"] and g["a"]["c"]["weight"] == 2
    assert g.nodes["m"]["name"] == "Mediator"


def test_centrality_known_values():
    g = _hand_built()
    df = centrality(g).set_index("id")
    # every path between the two triangles passes m, a and x: 3 * 3 pairs across, out of 15
    assert df.loc["m", "betweenness"] == pytest.approx(9 / 15)
    # a lies on paths from b and c to m, x, y, z (2 * 4 pairs)
    assert df.loc["a", "betweenness"] == pytest.approx(8 / 15)
    assert df.loc["b", "betweenness"] == 0.0
    assert df.loc["a", "degree"] == 3 and df.loc["m", "degree"] == 2
    assert df.loc["a", "strength"] == 4  # the a-c link has an affiliation and an event
    assert df.loc["a", "community"] == df.loc["b", "community"] != df.loc["y", "community"]
    assert list(df.index[:1]) == ["m"]


def test_paths_with_evidence_per_edge():
    g = _hand_built()
    (p,) = paths(g, "b", "y")
    assert p.nodes[0] == "b" and p.nodes[-1] == "y" and "m" in p.nodes and len(p.nodes) == 5
    edge = next(e for e in p.edges if {e["from"], e["to"]} == {"m", "a"})
    assert edge["evidence"][0]["doc_id"] == "d1" and edge["evidence"][0]["evidence"] == "M backs A."
    assert paths(g, "Mediator", "z")[0].nodes == ["m", "x", "z"]  # names resolve too
    g.add_node("lonely", name="Lonely")
    assert paths(g, "a", "lonely") == []
    with pytest.raises(NetworkError):
        paths(g, "a", "nobody")


def test_brokers_span_groups():
    g = _hand_built()
    camps = {"a": "A", "b": "A", "c": "A", "x": "X", "y": "X", "z": "X", "m": "M"}
    df = brokers(g, camps)
    assert df.iloc[0]["id"] == "m" and df.iloc[0]["groups_reached"] == 2
    assert "b" not in set(df["id"])


def test_graphml_round_trip(tmp_path: Path):
    g = _hand_built()
    out = write_graphml(g, tmp_path / "g.graphml")
    h = nx.read_graphml(out)
    assert h.number_of_edges() == g.number_of_edges()
    ev = json.loads(h["m"]["a"]["evidence"])
    assert ev[0]["id"] == "r1"


def test_pack_network_respects_dates():
    pack = KnowledgePack.load()
    g2021 = network_from_pack(pack, "2021-06-01")
    g2026 = network_from_pack(pack, "2026-06-01")
    assert "ali-al-zaidi" in g2026 and "ali-al-zaidi" not in g2021
    (p,) = paths(g2026, "adnan-fayhan", "coordination-framework")[:1]
    assert p.nodes == ["adnan-fayhan", "sadiqoun", "coordination-framework"]


def test_network_from_store(store, tmp_path):
    d = tmp_path / "pack"
    d.mkdir()
    (d / "actors.yaml").write_text(
        """
- {id: party-a, name: Party A, kind: party}
- {id: party-b, name: Party B, kind: party}
- id: person-p
  name: Person P
  kind: person
  affiliations:
    - {type: leads, target: party-a, start: 2020, end: 2022}
    - {type: member_of, target: party-b, start: 2023}
""",
        encoding="utf-8",
    )
    store.load_pack(KnowledgePack.load(overlays=[d], builtin=False))
    g = network_from_store(store, "2021-06-01")
    assert g.has_edge("person-p", "party-a") and not g.has_edge("person-p", "party-b")
    assert g.nodes["party-a"]["name"] == "Party A"
    g = network_from_store(store, "2024-06-01")
    assert g.has_edge("person-p", "party-b") and not g.has_edge("person-p", "party-a")
    res = analyze_network(None, store, "2024-06-01", path=["Person P", "Party B"])
    assert res["paths"][0]["nodes"] == ["person-p", "party-b"]


def test_analyze_network_errors():
    pack = KnowledgePack.load()
    with pytest.raises(NetworkError):
        analyze_network(pack, None, "2024-13-01")
    with pytest.raises(NetworkError):
        analyze_network(pack, None, None, path=["a"])


def test_cli_network(tmp_path: Path):
    runner = CliRunner()
    out = tmp_path / "n.graphml"
    args = ["analyze", "network", "--as-of", "2026-06-01", "--path", "Ali al-Zaidi",
            "Coordination Framework", "--graphml", str(out), "--json"]  # fmt: skip
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["paths"][0]["nodes"] == ["ali-al-zaidi", "coordination-framework"]
    assert out.exists() and nx.read_graphml(out).number_of_nodes() == data["nodes"]
    res = runner.invoke(app, ["analyze", "network", "--around", "no such actor"])
    assert res.exit_code == 1 and "E530" in res.output

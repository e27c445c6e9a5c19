// ACH matrix editor (#/ach, #/ach/ID): hypotheses as columns, evidence as rows, one rating per
// cell; the server stores every change as a new version and computes the scores.
import { api, post, esc } from "/ui/util.js";
import "/ui/politics.js"; // shared styles

const RATINGS = ["", "CC", "C", "N", "I", "II"];
const $view = () => document.getElementById("view");

export async function achView(parts) {
  if (parts[0]) return matrixView(parts[0]);
  const view = $view();
  const list = await api("/api/ach");
  view.innerHTML = `<section class="panel"><h3>Analysis of competing hypotheses</h3>
    <form class="controls" data-testid="ach-new"><input name="title" placeholder="question or title" required data-testid="ach-title" size="50">
      <button>Create matrix</button></form>
    <table class="data" data-testid="ach-list"><tr><th>Matrix</th><th>Version</th><th>By</th><th>Updated</th></tr>
    ${list.map((m) => `<tr><td><a href="#/ach/${encodeURIComponent(m.id)}">${esc(m.title)}</a></td><td>${esc(m.version)}</td><td>${esc(m.created_by)}</td><td>${esc(m.updated_at)}</td></tr>`).join("")}</table></section>`;
  view.querySelector("[data-testid=ach-new]").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const m = await post("/api/ach", { title: new FormData(ev.target).get("title") });
    location.hash = `#/ach/${encodeURIComponent(m.id)}`;
  });
}

async function matrixView(id) {
  const view = $view();
  let m = await api(`/api/ach/${encodeURIComponent(id)}`);
  view.innerHTML = `<section class="panel"><h3 data-testid="ach-heading"></h3>
      <form class="controls" data-testid="ach-add-hypothesis"><input name="label" placeholder="new hypothesis" required data-testid="ach-hypothesis-label" size="40"><button>Add hypothesis</button></form>
      <form class="controls" data-testid="ach-add-evidence">
        <select name="kind" data-testid="ach-evidence-kind"><option>note</option><option>event</option><option>claim</option><option>relation</option></select>
        <input name="fact_id" placeholder="stored fact id (event, claim, relation)" data-testid="ach-evidence-fact" size="28">
        <input name="label" placeholder="label (a note's text)" data-testid="ach-evidence-label" size="34">
        <input name="weight" type="number" step="0.05" min="0" max="10" placeholder="weight" style="width:6em">
        <button>Link evidence</button></form>
      <p class="error" data-testid="ach-error"></p>
      <div class="table-wrap"><table class="data ach-grid" data-testid="ach-matrix"></table></div>
      <p class="small"><a href="/api/ach/${encodeURIComponent(id)}/export?format=csv" data-testid="ach-csv">CSV</a> ·
        <a href="/api/ach/${encodeURIComponent(id)}/export?format=json">JSON</a></p></section>
    <section class="panel"><h3>History</h3><div data-testid="ach-history" class="small"></div></section>`;
  const err = view.querySelector("[data-testid=ach-error]");

  function render() {
    view.querySelector("[data-testid=ach-heading]").textContent = `${m.title} (version ${m.version})`;
    view.dataset.version = String(m.version);
    const hs = m.hypotheses;
    view.querySelector("[data-testid=ach-matrix]").innerHTML = `<tr><th>Evidence</th><th>Weight</th><th>Diagnosticity</th>${hs.map((h) => `<th data-testid="ach-hypothesis">${esc(h.label)}</th>`).join("")}</tr>` +
      m.evidence.map((e) => `<tr data-testid="ach-evidence-row" data-id="${esc(e.id)}"><td>${e.doc_id ? `<a href="#/doc/${encodeURIComponent(e.doc_id)}">${esc(e.label)}</a>` : esc(e.label)} <span class="muted small">${esc(e.kind)}${e.reliability ? " · " + esc(e.reliability) + esc(e.credibility ?? "") : ""}</span></td>
        <td>${(e.weight ?? 0).toFixed(2)}</td><td data-testid="ach-diagnosticity">${e.diagnosticity.toFixed(2)}</td>
        ${hs.map((h) => `<td><select data-testid="ach-rating" data-e="${esc(e.id)}" data-h="${esc(h.id)}">${RATINGS.map((r) => `<option${(e.ratings[h.id] || "") === r ? " selected" : ""}>${r}</option>`).join("")}</select></td>`).join("")}</tr>`).join("") +
      `<tr><th colspan="3">Inconsistency (lower is stronger)</th>${hs.map((h) => `<th data-testid="ach-score" data-rank="${esc(h.rank)}">${h.inconsistency.toFixed(2)} <span class="muted">#${esc(h.rank)}</span></th>`).join("")}</tr>`;
    view.querySelectorAll("[data-testid=ach-rating]").forEach((s) => s.addEventListener("change", () => {
      if (!s.value) return;
      act(`/api/ach/${encodeURIComponent(id)}/ratings`, { evidence_id: s.dataset.e, hypothesis_id: s.dataset.h, rating: s.value });
    }));
    view.querySelector("[data-testid=ach-history]").innerHTML = m.history.slice().reverse().map((v) => `<div>v${esc(v.version)} · ${esc(v.action)} · ${esc(v.user_name)} · ${esc(v.created_at)}</div>`).join("");
  }

  async function act(path, body) {
    try { m = await post(path, body); err.textContent = ""; render(); } catch (e) { err.textContent = e.message; }
  }

  view.querySelector("[data-testid=ach-add-hypothesis]").addEventListener("submit", (ev) => {
    ev.preventDefault();
    act(`/api/ach/${encodeURIComponent(id)}/hypotheses`, { label: new FormData(ev.target).get("label") });
    ev.target.reset();
  });
  view.querySelector("[data-testid=ach-add-evidence]").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    const w = f.get("weight");
    act(`/api/ach/${encodeURIComponent(id)}/evidence`, { kind: f.get("kind"), fact_id: f.get("fact_id") || null, label: f.get("label") || null, weight: w === "" ? null : Number(w) });
    ev.target.reset();
  });
  render();
}

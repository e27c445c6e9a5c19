// Political-system views: the coalition builder (#/seats), office holders and their timeline
// (#/offices: pack roles merged with confirmed events, each linked to its source or sentence)
// and the path finder (#/paths). Every figure comes from /api/politics/*.
import { api, esc, extLink, safeUrl } from "/ui/util.js";
import { echarts } from "/vendor/echarts/index.js";

const $view = () => document.getElementById("view");

// This module's styles, kept with it.
if (!document.getElementById("politics-css")) {
  const style = document.createElement("style");
  style.id = "politics-css";
  style.textContent = `
  .controls { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin-bottom: 6px; }
  .camp-board { display: flex; gap: 10px; align-items: flex-start; flex-wrap: wrap; }
  .camp { flex: 1 1 230px; min-height: 60px; border: 1px dashed #c5ccd6; border-radius: 6px; padding: 6px; background: #fafbfc; }
  .camp h4 { margin: 0 0 6px; font-size: 13px; }
  .list-chip { display: flex; gap: 6px; align-items: center; justify-content: space-between; padding: 2px 6px; margin: 2px 0; background: #e9edf3; border-radius: 4px; font-size: 12px; cursor: grab; }
  .list-chip select { font-size: 11px; max-width: 9em; }
  .threshold { margin: 4px 0 8px; }
  .bar-row { margin: 3px 0; font-size: 12.5px; }
  .bar-label { display: inline-block; width: 16em; }
  .bar { display: inline-block; height: 10px; background: #3a6ea5; vertical-align: middle; }
  .tl-row { display: flex; align-items: center; margin: 3px 0; font-size: 11.5px; }
  .tl-label { width: 17em; flex: none; }
  .tl-track { position: relative; flex: 1; height: 18px; background: #f0f2f6; }
  .tl-bar { position: absolute; top: 1px; height: 16px; overflow: hidden; white-space: nowrap; background: #9db8d9; border-right: 1px solid #fff; font-size: 10.5px; line-height: 16px; padding-left: 2px; }
  .tl-bar.acting { background: repeating-linear-gradient(45deg, #f2c36b, #f2c36b 4px, #f7dca4 4px, #f7dca4 8px); }
  a.tl-bar { color: inherit; text-decoration: none; }
  .tl-bar.from-event { background: #8fc79a; }
  .tl-bar.disputed { box-shadow: inset 0 -3px 0 #b3261e; }
  .tl-key { display: inline-block; width: 14px; height: 9px; background: #9db8d9; margin-left: 8px; }
  .tl-key.from-event { background: #8fc79a; } .tl-key.acting { background: #f2c36b; } .tl-key.disputed { box-shadow: inset 0 -3px 0 #b3261e; }
  .conflict { color: #b3261e; }
  .outcome-conflicts, .outcome-unmatched { background: #f6d5d3; } .outcome-applied { background: #cfe8d4; }
  .outcome-corroborates { background: #dde7f3; }
  .ach-grid select { font-size: 12px; }
  .error { color: #b3261e; }`;
  document.head.appendChild(style);
}

// Query strings with repeated keys (list names may contain commas, so no joining).
async function get(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    for (const x of Array.isArray(v) ? v : [v]) if (x !== null && x !== undefined && x !== "" && x !== false) qs.append(k, String(x));
  }
  const s = qs.toString();
  return api(s ? `${path}?${s}` : path);
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;
const short = (s, n = 46) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

// --------------------------------------------------------------------------- coalition builder

export async function seatsView(_, params) {
  const view = $view();
  const elections = await api("/api/politics/elections");
  const st = { election: params.get("election") || "", byList: false, threshold: "", moves: new Map(), camps: [] };
  view.innerHTML = `<section class="panel"><h3>Coalition builder</h3>
    <div class="controls">
      <label>Election <select data-testid="seat-election">${elections.map((e) => `<option value="${esc(e.id)}">${esc(e.name)} (${esc(e.seats)})</option>`).join("")}</select></label>
      <label>Threshold <input type="number" min="1" data-testid="seat-threshold" placeholder="majority" style="width:6em"></label>
      <label><input type="checkbox" data-testid="seat-by-list"> every list votes alone</label>
      <button data-testid="seat-reset">Undo moves</button>
    </div>
    <p class="muted small" data-testid="camp-basis"></p></section>
    <section class="panel"><h3>Thresholds</h3><div data-testid="thresholds"></div></section>
    <section class="panel"><h3>Camps <span class="muted small">drag a list to another camp, or pick one</span></h3><div class="camp-board" data-testid="camp-board"></div></section>
    <section class="panel"><h3>Voting power</h3><div data-testid="power-chart" style="height:320px"></div>
      <table class="data" data-testid="power-table"></table></section>`;
  const sel = view.querySelector("[data-testid=seat-election]");
  const byDate = [...elections].sort((a, b) => String(b.date).localeCompare(String(a.date)));
  sel.value = st.election || (byDate.find((e) => e.body === "council-of-representatives") || byDate[0]).id;
  const chart = echarts.init(view.querySelector("[data-testid=power-chart]"));

  async function refresh() {
    const moves = [...st.moves].map(([l, c]) => `${l}=${c}`);
    const r = await get("/api/politics/seats", { election: sel.value, move: moves, threshold: st.threshold, by_list: st.byList });
    st.camps = [...new Set([...r.camps.map((c) => c.camp), "Coordination Framework", "Kurdish", "Sunni", "Other"])];
    view.querySelector("[data-testid=camp-basis]").textContent = r.camp_basis || "";
    view.querySelector("[data-testid=thresholds]").innerHTML = r.thresholds.map((t) => {
      const who = t.reached_by.length ? t.reached_by.map(esc).join(", ") : "nobody alone";
      return `<div class="threshold" data-testid="threshold-${esc(t.name)}" data-reached="${t.reached_by.length ? 1 : 0}">
        <b>${esc(t.name.replace(/_/g, " "))}</b>: ${esc(t.votes)} of ${esc(r.seats)} <span class="muted">(${esc(t.note)})</span> —
        <span data-testid="${t.name === "majority" ? "majority-status" : "status-" + esc(t.name)}">${t.reached_by.length ? "reached by " + who : "reached by nobody alone"}</span>;
        ${t.minimal_winning.toLocaleString()} minimal winning coalitions; ${esc(t.blocking)} seats block it
        <div class="small">${t.coalitions.slice(0, 3).map((c) => `<span class="chip">${c.map((x) => esc(short(x, 28))).join(" + ")}</span>`).join(" ")}</div></div>`;
    }).join("");
    renderBoard(r);
    renderPower(r);
    $view().dataset.seats = JSON.stringify({ majority: r.thresholds[0].reached_by });
  }

  function renderBoard(r) {
    const board = view.querySelector("[data-testid=camp-board]");
    board.innerHTML = r.camps.map((c) => `<div class="camp" data-camp="${esc(c.camp)}" data-testid="camp">
      <h4>${esc(c.camp)} <span class="muted">${esc(c.seats)} seats · ${pct(c.share)}</span></h4>
      ${r.lists.filter((l) => l.camp === c.camp).map((l) => `<div class="list-chip" draggable="true" data-list="${esc(l.list)}" data-testid="list-chip">
        <span title="${esc(l.list)}">${esc(short(l.list))}</span> <b>${esc(l.seats)}</b>
        <select data-testid="camp-select" aria-label="camp of ${esc(l.list)}">${st.camps.map((k) => `<option${k === c.camp ? " selected" : ""}>${esc(k)}</option>`).join("")}</select></div>`).join("")}
    </div>`).join("");
    board.querySelectorAll("[data-testid=camp-select]").forEach((s) => s.addEventListener("change", () => move(s.closest("[data-list]").dataset.list, s.value)));
    board.querySelectorAll("[draggable=true]").forEach((el) => el.addEventListener("dragstart", (ev) => ev.dataTransfer.setData("text/plain", el.dataset.list)));
    board.querySelectorAll(".camp").forEach((zone) => {
      zone.addEventListener("dragover", (ev) => ev.preventDefault());
      zone.addEventListener("drop", (ev) => { ev.preventDefault(); move(ev.dataTransfer.getData("text/plain"), zone.dataset.camp); });
    });
  }

  function renderPower(r) {
    const rows = r.players.slice(0, 20);
    chart.setOption({
      animation: false, tooltip: { trigger: "axis" }, legend: { data: ["seat share", "Shapley-Shubik", "Banzhaf"] },
      grid: { left: 200, right: 20, top: 30, bottom: 20 },
      xAxis: { type: "value", axisLabel: { formatter: (v) => `${Math.round(v * 100)}%` } },
      yAxis: { type: "category", inverse: true, data: rows.map((p) => short(p.player, 30)) },
      series: [["seat share", "share"], ["Shapley-Shubik", "shapley"], ["Banzhaf", "banzhaf"]].map(([name, k]) => ({ name, type: "bar", data: rows.map((p) => p[k]) })),
    }, true);
    view.querySelector("[data-testid=power-table]").innerHTML = `<tr><th>Player</th><th>Camp</th><th>Seats</th><th>Seat share</th><th>Shapley-Shubik</th><th>Banzhaf</th></tr>` +
      rows.map((p) => `<tr data-testid="power-row"><td>${esc(p.player)}</td><td>${esc(p.camp)}</td><td>${esc(p.seats)}</td><td>${pct(p.share)}</td><td>${p.shapley.toFixed(3)}</td><td>${p.banzhaf.toFixed(3)}</td></tr>`).join("");
  }

  async function move(list, camp) { st.moves.set(list, camp); await refresh(); }

  sel.addEventListener("change", () => { st.moves.clear(); refresh(); });
  view.querySelector("[data-testid=seat-by-list]").addEventListener("change", (ev) => { st.byList = ev.target.checked; refresh(); });
  view.querySelector("[data-testid=seat-threshold]").addEventListener("change", (ev) => { st.threshold = ev.target.value; refresh(); });
  view.querySelector("[data-testid=seat-reset]").addEventListener("click", () => { st.moves.clear(); refresh(); });
  await refresh();
  return () => chart.dispose();
}

// --------------------------------------------------------------------------- offices

function dayNum(d, end) {
  if (!d) return null;
  const s = String(d);
  const full = s.length === 4 ? s + (end ? "-12-31" : "-01-01") : s.length === 7 ? s + (end ? "-28" : "-01") : s;
  return Date.parse(full) / 86400000;
}

// A document link that opens the sentence (start/end) behind a fact.
function docLink(docId, start, end, factId) {
  const q = new URLSearchParams();
  if (start !== null && start !== undefined) q.set("start", start);
  if (end !== null && end !== undefined) q.set("end", end);
  if (factId) q.set("fact", factId);
  return `#/doc/${encodeURIComponent(docId)}${q.toString() ? "?" + q : ""}`;
}

// Where a tenure comes from: the pack's source, the confirmed events behind it, and conflicts.
function provenance(t) {
  const pack = t.source ? `${extLink(t.source, "source", 'data-testid="pack-source"')} <span class="muted">${esc(t.confidence || "")}</span>` : "";
  const events = (t.events || []).map((e) => `<a href="${docLink(e.doc_id, e.span_start, e.span_end, e.event_id)}" class="chip outcome-${esc(e.outcome)}"
    data-testid="tenure-event" data-outcome="${esc(e.outcome)}" title="${esc(e.sentence || "")}">${esc(e.change)} ${esc(e.date)}: ${esc(e.outcome)}</a>`).join(" ");
  const conflicts = (t.conflicts || []).map((c) => `<div class="conflict small" data-testid="conflict">⚠ ${esc(c.note)}${c.doc_id
    ? ` <a href="${docLink(c.doc_id, c.span_start, c.span_end, c.event_id)}" title="${esc(c.sentence || "")}">${esc(c.doc_id)}</a>` : ""}</div>`).join("");
  return [pack, events].filter(Boolean).join(" ") + conflicts;
}

function tenureHref(t) {
  const e = (t.events || []).find((x) => x.outcome === "applied") || (t.events || [])[0];
  if (t.origin === "event" && e) return docLink(e.doc_id, e.span_start, e.span_end, e.event_id);
  return safeUrl(t.source) || (e ? docLink(e.doc_id, e.span_start, e.span_end, e.event_id) : null);
}

export async function officesView(_, params) {
  const view = $view();
  const asOf = params.get("as_of") || new Date().toISOString().slice(0, 10);
  view.innerHTML = `<section class="panel"><h3>Who holds what</h3>
      <label>On <input type="date" data-testid="offices-date" value="${esc(asOf)}"></label>
      <span class="muted small">From the knowledge pack's dated roles and the store's confirmed events (elected, appointed, resigned, dismissed, removed by a court).</span>
      <table class="data" data-testid="holders"></table></section>
    <section class="panel"><h3>Institutional control</h3><div data-testid="control"></div></section>
    <section class="panel"><h3>Timeline since 2005</h3><div class="office-timeline" data-testid="office-timeline"></div>
      <p class="small muted"><span class="tl-key"></span> pack <span class="tl-key from-event"></span> from a confirmed event <span class="tl-key acting"></span> acting <span class="tl-key disputed"></span> pack and events disagree</p></section>
    <section class="panel"><h3>Changes read from confirmed events</h3><table class="data" data-testid="office-changes"></table></section>`;
  async function holders(date) {
    const r = await get("/api/politics/offices", { as_of: date });
    view.querySelector("[data-testid=holders]").innerHTML = `<tr><th>Office</th><th>Holder</th><th>Since</th><th>Camp</th><th>Evidence</th><th>From</th></tr>` +
      r.holders.map((h) => `<tr data-testid="holder-row" data-office="${esc(h.office)}" data-origin="${esc(h.origin || "")}"><td>${esc(h.title)}</td>
        <td>${h.holder ? `<a href="#/actor/${encodeURIComponent(h.holder)}">${esc(h.name)}</a>${h.acting ? ' <span class="chip" data-testid="acting">acting</span>' : ""}` : '<span class="muted" data-testid="vacant">vacant</span>'}</td>
        <td class="nowrap">${esc(h.start || "")}</td><td>${esc(h.camp_name || "")}</td><td class="small">${esc(h.evidence || "")}</td>
        <td class="small">${h.holder || (h.conflicts || []).length ? provenance(h) : ""}</td></tr>`).join("");
    const max = Math.max(1, ...r.control.map((c) => c.offices));
    view.querySelector("[data-testid=control]").innerHTML = r.control.map((c) => `<div class="bar-row"><span class="bar-label">${esc(c.camp)}</span>
      <span class="bar" style="width:${(60 * c.offices) / max}%"></span> ${esc(c.offices)} <span class="muted small">${esc(c.titles)}</span></div>`).join("");
  }
  const [tl, changes] = await Promise.all([api("/api/politics/offices/timeline"), api("/api/politics/offices/changes")]);
  const lo = dayNum("2005-01-01"), hi = Date.now() / 86400000, span = hi - lo;
  const byOffice = new Map();
  for (const t of tl) { if (!byOffice.has(t.office)) byOffice.set(t.office, []); byOffice.get(t.office).push(t); }
  view.querySelector("[data-testid=office-timeline]").innerHTML = [...byOffice].map(([office, ts]) => `<div class="tl-row"><span class="tl-label">${esc(ts[0].title)}</span><span class="tl-track">
    ${ts.map((t) => {
      const a = Math.max(lo, dayNum(t.start) ?? lo), b = Math.min(hi, dayNum(t.end, true) ?? hi);
      if (b < lo) return "";
      const tip = `${t.name}: ${t.start || "?"} – ${t.end || "now"}${t.acting ? " (acting)" : ""}${t.end_how ? "; " + t.end_how : ""}`
        + `${t.origin === "event" ? "; from a confirmed event" : ""}${(t.conflicts || []).map((c) => "; conflict: " + c.note).join("")}`;
      const href = tenureHref(t), cls = `tl-bar${t.acting ? " acting" : ""}${t.origin === "event" ? " from-event" : ""}${(t.conflicts || []).length ? " disputed" : ""}`;
      const ext = href && !href.startsWith("#") ? ' target="_blank" rel="noopener noreferrer"' : "";
      return `<a class="${cls}" data-testid="tenure" data-holder="${esc(t.holder)}" data-origin="${esc(t.origin)}" title="${esc(tip)}"${href ? ` href="${esc(href)}"${ext}` : ""}
        style="left:${(100 * (a - lo)) / span}%;width:${Math.max(0.4, (100 * (b - a)) / span)}%">${esc(t.name)}</a>`;
    }).join("")}</span></div>`).join("");
  view.querySelector("[data-testid=office-changes]").innerHTML = changes.length
    ? `<tr><th>Date</th><th>Change</th><th>Person</th><th>Office</th><th>Outcome</th><th>Sentence</th></tr>` + changes.map((c) => `<tr data-testid="office-change" data-outcome="${esc(c.outcome)}" data-event="${esc(c.event_id)}">
      <td class="nowrap">${esc(c.date || "")}</td><td>${esc(c.change)} <span class="muted small">${esc(c.how)}</span></td>
      <td>${c.holder ? `<a href="#/actor/${encodeURIComponent(c.holder)}">${esc(c.name || c.holder)}</a>` : '<span class="muted">—</span>'}</td>
      <td>${esc(c.office || "")}</td><td><span class="chip outcome-${esc(c.outcome)}">${esc(c.outcome)}</span>${c.note ? ` <span class="small muted">${esc(c.note)}</span>` : ""}</td>
      <td class="small"><a href="${docLink(c.doc_id, c.span_start, c.span_end, c.event_id)}" data-testid="change-evidence">${esc(c.sentence || c.doc_id)}</a></td></tr>`).join("")
    : '<tr><td class="muted">No confirmed event elects, appoints or removes anyone yet (confirm events in Review).</td></tr>';
  const input = view.querySelector("[data-testid=offices-date]");
  input.addEventListener("change", () => holders(input.value));
  await holders(asOf);
}

// --------------------------------------------------------------------------- path finder

export async function pathsView(_, params) {
  const view = $view();
  view.innerHTML = `<section class="panel"><h3>How are they connected?</h3>
    <form data-testid="path-form" class="controls">
      <input name="a" placeholder="actor id or name" value="${esc(params.get("a") || "")}" data-testid="path-a">
      <input name="b" placeholder="actor id or name" value="${esc(params.get("b") || "")}" data-testid="path-b">
      <label>on <input type="date" name="as_of" value="${esc(params.get("as_of") || "")}" data-testid="path-date"></label>
      <button>Find</button></form><div data-testid="paths"></div></section>
    <section class="panel"><h3>Brokers between communities</h3><table class="data" data-testid="brokers"></table></section>`;
  const form = view.querySelector("[data-testid=path-form]");
  async function run() {
    const f = new FormData(form);
    const path = [f.get("a"), f.get("b")].filter(Boolean);
    const r = await get("/api/politics/network", { as_of: f.get("as_of"), path: path.length === 2 ? path : null, top: 15 });
    view.querySelector("[data-testid=paths]").innerHTML = path.length !== 2 ? '<p class="muted">Give two actors.</p>'
      : r.paths.length ? r.paths.map((p) => `<div class="path" data-testid="path"><b>${p.names.map(esc).join(" → ")}</b>
        <ul>${p.edges.map((e) => `<li>${esc(e.from)} — ${esc(e.to)}: ${e.evidence.map((x) => x.doc_id
          ? `<a href="#/doc/${encodeURIComponent(x.doc_id)}" data-testid="edge-evidence">${esc(x.evidence || x.type)} (${esc(x.doc_id)})</a>`
          : `<span data-testid="edge-evidence">${esc(x.from)} ${esc(x.type)} ${esc(x.to)} <span class="muted">(pack${x.note ? ": " + esc(x.note) : ""})</span></span>`).join("; ")}</li>`).join("")}</ul></div>`).join("")
      : '<p data-testid="no-path">No path between them on that date.</p>';
    view.querySelector("[data-testid=brokers]").innerHTML = `<tr><th>Actor</th><th>Communities reached</th><th>Betweenness</th></tr>` +
      r.brokers.map((b) => `<tr><td><a href="#/actor/${encodeURIComponent(b.id)}">${esc(b.name)}</a></td><td>${esc(b.groups_reached)}</td><td>${b.betweenness.toFixed(3)}</td></tr>`).join("");
  }
  form.addEventListener("submit", (ev) => { ev.preventDefault(); run().catch((e) => { view.querySelector("[data-testid=paths]").innerHTML = `<p class="error" data-testid="path-error">${esc(e.message)}</p>`; }); });
  await run();
}

// --------------------------------------------------------------------------- conflicting figures

export async function figuresView(_, params) {
  const view = $view();
  view.innerHTML = `<section class="panel"><h3>Figures the sources disagree on</h3>
    <form class="controls" data-testid="figures-form"><input name="subject" placeholder="subject contains…" value="${esc(params.get("subject") || "")}">
      <label><input type="checkbox" name="all"> also where they agree</label><button>Show</button></form>
    <div data-testid="figures"></div></section>`;
  const form = view.querySelector("[data-testid=figures-form]");
  const charts = [];
  async function run() {
    const f = new FormData(form);
    const rows = await get("/api/politics/claims", { subject: f.get("subject"), disagree_only: !f.get("all") });
    charts.splice(0).forEach((c) => c.dispose());
    const box = view.querySelector("[data-testid=figures]");
    box.innerHTML = rows.length ? rows.map((q, i) => `<div class="figure" data-testid="figure-group" data-disagree="${q.disagree ? 1 : 0}">
      <h4>${esc(q.subject || q.quantity)} <span class="muted small">${esc(q.unit || "")}${q.period_start ? ", " + esc(q.period_start) : ""}${q.period_end && q.period_end !== q.period_start ? " – " + esc(q.period_end) : ""}</span></h4>
      <div class="fig-chart" data-i="${i}" style="height:${60 + 26 * q.figures.length}px"></div>
      <ul class="small">${q.figures.map((x) => `<li data-testid="figure">${esc(x.value)} — ${x.doc_id ? `<a href="#/doc/${encodeURIComponent(x.doc_id)}">${esc(x.doc_id)}</a>` : esc(x.source)}${x.as_of ? ", " + esc(x.as_of) : ""}${x.evidence ? ` <span class="muted">${esc(x.evidence)}</span>` : ""}</li>`).join("")}</ul></div>`).join("")
      : '<p class="muted">No such figures.</p>';
    box.querySelectorAll(".fig-chart").forEach((el) => {
      const q = rows[Number(el.dataset.i)];
      const c = echarts.init(el);
      c.setOption({ animation: false, grid: { left: 230, right: 30, top: 10, bottom: 24 }, xAxis: { type: "value", scale: true },
        yAxis: { type: "category", inverse: true, data: q.figures.map((x) => short(String(x.doc_id || x.source), 34)) },
        series: [{ type: "bar", data: q.figures.map((x) => x.value), label: { show: true, position: "right" } }] });
      charts.push(c);
    });
  }
  form.addEventListener("submit", (ev) => { ev.preventDefault(); run(); });
  await run();
}

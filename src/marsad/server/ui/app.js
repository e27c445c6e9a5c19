// Marsad dashboard: one page, hash routes (#/events, #/event/ID, #/doc/ID, #/actor/ID, #/network,
// #/actors, #/documents, #/review, #/search?q=, #/about). Views share one filter state; brushing
// the timeline sets its start/end, and the map, table and network follow.
import { api, post, esc, extLink, pick, actorRef, actorLink, typeColor, edgeColor, fmtNum, periodRange, toast, TYPE_COLORS } from "/ui/util.js";
import { attachActorSuggest, resolveActor, actorName, rememberActor } from "/ui/suggest.js";
import { seatsView, officesView, pathsView, figuresView } from "/ui/politics.js";
import { achView } from "/ui/ach.js";
import { tempoView } from "/ui/tempo.js";
import { startAuth, loginView, auditView } from "/ui/auth.js";

const view = document.getElementById("view");
const statusBar = document.getElementById("status");
const TYPES = Object.keys(TYPE_COLORS);
const EVENT_PAGE = 1000;

const state = {
  filters: { start: "", end: "", type: "", country: "", admin1: "", actor: "", include_affiliates: "", status: "", min_corroboration: "", q: "" },
  by: "month", group: "type",
  brush: null, // [startPeriod, endPeriod] chosen on the timeline
};
let current = null; // the active view's disposer

window.__marsad = { state, ready: false };

function setStatus(msg, isError) {
  statusBar.textContent = msg || "";
  statusBar.className = "status" + (msg ? " show" : "") + (isError ? " error" : "");
}

function eventParams(extra = {}, { withBrush = true } = {}) {
  const f = { ...state.filters };
  if (withBrush && state.brush) {
    f.start = periodRange(state.brush[0])[0] || f.start;
    f.end = periodRange(state.brush[1])[1] || f.end;
  }
  return { ...f, ...extra };
}

function parseHash() {
  const h = location.hash.replace(/^#\/?/, "");
  const [path, query] = h.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { parts, params: new URLSearchParams(query || "") };
}

async function route() {
  if (current) { try { current(); } catch (e) { /* view already gone */ } current = null; }
  const { parts, params } = parseHash();
  const name = parts[0] || "events";
  document.querySelectorAll(".topbar nav a").forEach((a) => a.classList.toggle("active", a.getAttribute("href") === "#/" + name));
  setStatus("");
  window.__marsad.ready = false;
  view.innerHTML = "";
  view.setAttribute("data-view", name);
  try {
    const fn = ROUTES[name];
    if (!fn) throw new Error(`no such page: ${name}`);
    await fn(parts.slice(1), params);
  } catch (err) {
    console.warn(err);
    setStatus(err.message || String(err), true);
  }
  window.__marsad.ready = true;
}

// --------------------------------------------------------------------------- helpers

function statsRows(stats, ...names) {
  for (const n of names) {
    const v = stats?.[n];
    if (Array.isArray(v)) return v;
    // {name: count} maps (the store's by_admin1 / by_type) become [{key, n}] rows
    if (v && typeof v === "object") return Object.entries(v).map(([key, n]) => ({ key, admin1: key, n }));
  }
  return [];
}

function statsTotal(stats) {
  const t = pick(stats, "totals.events", "total", "totals.total", "n");
  return typeof t === "object" && t !== null ? pick(t, "events", "total", "n") : t;
}

function statusCell(s) {
  return s ? `<span class="status-${esc(s)}" data-testid="status-cell">${esc(s)}</span>` : "";
}

function placeLabel(e) {
  const name = pick(e, "place_name", "location.name", "place");
  const admin1 = pick(e, "admin1", "location.admin1");
  const country = pick(e, "country", "location.country");
  const full = [name, admin1 && admin1 !== name ? admin1 : null, country].filter(Boolean).join(", ");
  return `<span title="${esc(full)}">${[name || admin1, country].filter(Boolean).map(esc).join(", ")}</span>`;
}

function docHref(docId, start, end, factId) {
  const q = new URLSearchParams();
  if (start !== null && start !== undefined) q.set("start", start);
  if (end !== null && end !== undefined) q.set("end", end);
  if (factId) q.set("fact", factId);
  return `#/doc/${encodeURIComponent(docId)}${q.toString() ? "?" + q : ""}`;
}

function sourcesOf(detail) {
  return detail.sources || detail.event_sources || [];
}

function sourceEvidence(s) {
  const ev = s.evidence && typeof s.evidence === "object" ? s.evidence : null;
  return {
    doc: pick(s, "doc_id", "document_id", "document.id", "doc"),
    title: pick(s, "title", "doc_title", "document.title"),
    text: ev ? ev.text : pick(s, "evidence_text", "evidence"),
    start: ev ? ev.start : pick(s, "evidence_start", "start"),
    end: ev ? ev.end : pick(s, "evidence_end", "end"),
    published: pick(s, "published", "doc_published"),
  };
}

// One click on an event opens its (first) source document with the evidence highlighted.
async function openEventDocument(e) {
  const direct = { doc: pick(e, "doc_id", "document_id"), start: pick(e, "evidence_start", "start"), end: pick(e, "evidence_end", "end") };
  if (direct.doc && direct.start !== null && direct.end !== null) {
    location.hash = docHref(direct.doc, direct.start, direct.end, e.id);
    return;
  }
  const detail = await api(`/api/events/${encodeURIComponent(e.id)}`);
  const s = sourcesOf(detail).map(sourceEvidence).find((x) => x.doc);
  if (s) location.hash = docHref(s.doc, s.start, s.end, e.id);
  else location.hash = `#/event/${encodeURIComponent(e.id)}`;
}

function eventRow(e) {
  const src = actorRef(e, "source"), tgt = actorRef(e, "target");
  const n = pick(e, "corroboration", "n_sources", "sources", "source_count") ?? "";
  return `<tr class="clickable" data-testid="event-row" data-id="${esc(e.id)}">
    <td class="nowrap">${esc(e.date || "")}</td>
    <td class="nowrap"><span class="type-dot" style="background:${typeColor(e.type)}"></span>${esc(e.type)}${e.mode ? `<div class="muted small">${esc(e.mode)}</div>` : ""}</td>
    <td>${actorLink(src)} → ${actorLink(tgt)}</td>
    <td>${placeLabel(e)}</td>
    <td>${esc(e.fatalities ?? "")}</td>
    <td><a href="#/event/${encodeURIComponent(e.id)}" data-testid="event-detail-link" title="sources and conflicts">${esc(String(typeof n === "object" ? n.length : n))} src</a></td>
    <td>${statusCell(e.status)}</td></tr>`;
}

function bindEventRows(container, byId) {
  container.querySelectorAll("tr[data-testid=event-row]").forEach((tr) => {
    tr.addEventListener("click", (ev) => {
      if (ev.target.closest("a")) return; // links keep their own target
      const e = byId.get(tr.dataset.id);
      if (e) openEventDocument(e).catch((err) => setStatus(err.message, true));
    });
  });
}

const EVENT_HEAD = "<tr><th>Date</th><th>Type</th><th>Source → target</th><th>Place</th><th>Killed</th><th>Sources</th><th>Status</th></tr>";

function genericTable(rows, testid, { maxCols = 8, skip = [] } = {}) {
  if (!rows || !rows.length) return `<p class="muted" data-testid="${testid}-empty">None.</p>`;
  const cols = [];
  for (const r of rows.slice(0, 50)) for (const k of Object.keys(r)) if (!cols.includes(k) && !skip.includes(k)) cols.push(k);
  const shown = cols.filter((c) => rows.some((r) => r[c] !== null && r[c] !== undefined && typeof r[c] !== "object")).slice(0, maxCols);
  const cell = (c, v) => {
    if (v === null || v === undefined) return "";
    if (/(^|_)actor_id$|^(source|target)_id$|^actor$/.test(c) && typeof v === "string") return `<a href="#/actor/${encodeURIComponent(v)}" data-testid="actor-link">${esc(v)}</a>`;
    if (/^(doc_id|document_id)$/.test(c)) return `<a href="#/doc/${encodeURIComponent(v)}">${esc(v)}</a>`;
    return esc(typeof v === "object" ? JSON.stringify(v) : v);
  };
  return `<div class="table-wrap"><table class="data" data-testid="${testid}"><tr>${shown.map((c) => `<th>${esc(c.replace(/_/g, " "))}</th>`).join("")}</tr>` +
    rows.map((r) => `<tr>${shown.map((c) => `<td>${cell(c, r[c])}</td>`).join("")}</tr>`).join("") + "</table></div>";
}

// --------------------------------------------------------------------------- events view

function filterBar() {
  const f = state.filters;
  const opt = (vals, sel) => `<option value="">any</option>` + vals.map((v) => `<option ${v === sel ? "selected" : ""}>${esc(v)}</option>`).join("");
  return `<form class="panel filters" data-testid="filters">
    <label>From<input type="text" name="start" placeholder="YYYY-MM-DD" value="${esc(f.start)}" data-testid="filter-start"></label>
    <label>To<input type="text" name="end" placeholder="YYYY-MM-DD" value="${esc(f.end)}" data-testid="filter-end"></label>
    <label>Type<select name="type" data-testid="filter-type">${opt(TYPES, f.type)}</select></label>
    <label>Country<select name="country" data-testid="filter-country">${opt(["IQ", "SY", "JO"], f.country)}</select></label>
    <label>Governorate<select name="admin1" data-testid="filter-admin1"><option value="">any</option>${f.admin1 ? `<option value="${esc(f.admin1)}" selected>${esc(f.admin1)}</option>` : ""}</select></label>
    <label>Actor<input type="text" name="actor" placeholder="name or alias" value="${esc(f.actor ? actorName(f.actor) : "")}" data-actor-id="${esc(f.actor)}" data-testid="filter-actor"></label>
    <label title="also events of actors affiliated with it on the event's date">+ affiliates<input type="checkbox" name="include_affiliates" value="true" ${f.include_affiliates ? "checked" : ""} data-testid="filter-affiliates"></label>
    <label>Status<select name="status" data-testid="filter-status">${opt(["draft", "confirmed", "rejected", "edited"], f.status)}</select></label>
    <label>Min. sources<input type="number" min="0" name="min_corroboration" value="${esc(f.min_corroboration)}" data-testid="filter-corroboration"></label>
    <label>Text<input type="text" name="q" value="${esc(f.q)}" data-testid="filter-q"></label>
    <label>Period<select name="by" data-testid="filter-by"><option ${state.by === "month" ? "selected" : ""}>month</option><option ${state.by === "week" ? "selected" : ""}>week</option></select></label>
    <label>Stack by<select name="group" data-testid="filter-group"><option ${state.group === "type" ? "selected" : ""}>type</option><option ${state.group === "actor" ? "selected" : ""}>actor</option></select></label>
    <button type="submit" class="primary" data-testid="apply-filters">Apply</button>
    <button type="button" data-testid="clear-filters">Clear</button>
    <span data-testid="brush-range">${state.brush ? `<span class="chip brush">${esc(state.brush[0])} – ${esc(state.brush[1])} <a href="#" data-testid="clear-brush">×</a></span>` : ""}</span>
  </form>`;
}

async function eventsView() {
  view.innerHTML = `${filterBar()}
    <section class="panel"><h3>Events over time <span class="muted small">drag across the chart to select periods; click a bar for one period</span></h3><div id="timeline" data-testid="timeline"></div></section>
    <div class="grid-2">
      <section class="panel"><h3>Map <span class="muted small" data-testid="map-caption"></span></h3><div id="map" data-testid="map"></div></section>
      <section class="panel"><h3><span data-testid="event-count"></span></h3>
        <div class="table-wrap"><table class="data" data-testid="event-table"></table></div>
        <div class="pager"><button type="button" data-testid="load-more" hidden>Load more</button></div></section>
    </div>`;
  const [{ Timeline }, { EventMap, admin1Areas }] = await Promise.all([import("/ui/timeline.js"), import("/ui/map.js")]);
  const form = view.querySelector("form.filters");
  attachActorSuggest(form.actor);
  fillAdmin1(form.admin1, await admin1Areas());
  const timeline = new Timeline(view.querySelector("#timeline"), {
    onBrush: (a, b) => { state.brush = a ? [a, b] : null; updateBrushChip(); refreshData(); },
  });
  const map = new EventMap(view.querySelector("#map"), {
    onSelect: (e) => openEventDocument(e).catch((err) => setStatus(err.message, true)),
    onAdmin1: (code) => { state.filters.admin1 = code; form.admin1.value = code; refreshAll().catch((err) => setStatus(err.message, true)); },
  });
  current = () => { timeline.dispose(); map.remove(); };
  const table = view.querySelector("[data-testid=event-table]");
  const more = view.querySelector("[data-testid=load-more]");
  let rows = [], cursor = null, seq = 0;

  function updateBrushChip() {
    const el = view.querySelector("[data-testid=brush-range]");
    el.innerHTML = state.brush ? `<span class="chip brush">${esc(state.brush[0])} – ${esc(state.brush[1])} <a href="#" data-testid="clear-brush">×</a></span>` : "";
    const x = el.querySelector("a");
    if (x) x.addEventListener("click", (ev) => { ev.preventDefault(); state.brush = null; updateBrushChip(); refreshAll(); });
  }

  function renderTable(total) {
    const byId = new Map(rows.map((e) => [e.id, e]));
    table.innerHTML = EVENT_HEAD + rows.map(eventRow).join("");
    bindEventRows(table, byId);
    view.querySelector("[data-testid=event-count]").textContent =
      `${fmtNum(total ?? rows.length)} events${total !== undefined && total > rows.length ? ` (showing ${fmtNum(rows.length)})` : ""}`;
    more.hidden = !cursor;
  }

  async function refreshData() {
    const my = ++seq;
    table.setAttribute("data-loading", "1");
    const params = eventParams();
    const [page, stats] = await Promise.all([
      api("/api/events", { ...params, limit: EVENT_PAGE }),
      api("/api/stats", { ...params, by: state.by }),
    ]);
    if (my !== seq) return;
    rows = page.items; cursor = page.next_cursor;
    const total = statsTotal(stats);
    renderTable(total === null || total === undefined ? undefined : Number(total));
    map.setEvents(rows);
    map.setChoropleth(statsRows(stats, "by_admin1", "admin1"));
    view.querySelector("[data-testid=map-caption]").textContent = `${fmtNum(map.points.length)} located events shown${cursor ? ` (first ${fmtNum(rows.length)})` : ""}; shading counts all matching events`;
    table.setAttribute("data-loading", "0");
    table.setAttribute("data-version", String(my));
  }

  async function refreshTimeline() {
    const stats = await api("/api/stats", { ...eventParams({}, { withBrush: false }), by: state.by, group: state.group });
    const actorRows = state.group === "actor" ? statsRows(stats, "by_period_actor") : [];
    if (actorRows.length) timeline.setData(actorRows, "actor", state.brush);
    else timeline.setData(statsRows(stats, "series", "by_period", "by_period_type", "periods", "timeline"), "type", state.brush);
  }

  async function refreshAll() { await Promise.all([refreshTimeline(), refreshData()]); }

  more.addEventListener("click", async () => {
    const page = await api("/api/events", { ...eventParams(), limit: EVENT_PAGE, cursor });
    rows = rows.concat(page.items); cursor = page.next_cursor;
    renderTable(undefined); map.setEvents(rows);
  });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    let actor;
    try { actor = await resolveActor(form.actor); } catch (err) { setStatus(err.message, true); return; }
    setStatus("");
    for (const k of Object.keys(state.filters)) state.filters[k] = String(fd.get(k) || "").trim();
    state.filters.actor = actor;
    state.by = String(fd.get("by") || "month"); state.group = String(fd.get("group") || "type");
    refreshAll().catch((err) => setStatus(err.message, true));
  });
  form.querySelector("[data-testid=clear-filters]").addEventListener("click", () => {
    for (const k of Object.keys(state.filters)) state.filters[k] = "";
    state.brush = null;
    route();
  });
  updateBrushChip();
  await refreshAll();
}

// governorates as the map knows them: value = id (ISO 3166-2 code), label = name; stored names too
function fillAdmin1(select, areas) {
  const cur = state.filters.admin1;
  const byCountry = new Map();
  for (const a of areas) { if (!byCountry.has(a.country)) byCountry.set(a.country, []); byCountry.get(a.country).push(a); }
  select.innerHTML = '<option value="">any</option>' + [...byCountry.entries()].map(([c, list]) =>
    `<optgroup label="${esc(c)}">${list.sort((x, y) => x.name.localeCompare(y.name)).map((a) =>
      `<option value="${esc(a.code)}">${esc(a.admin1.length && a.admin1[0] !== a.name ? `${a.admin1[0]} (${a.name})` : a.name)}</option>`).join("")}</optgroup>`).join("");
  if (cur && !areas.some((a) => a.code === cur)) select.insertAdjacentHTML("beforeend", `<option value="${esc(cur)}">${esc(cur)}</option>`);
  select.value = cur || "";
}

// --------------------------------------------------------------------------- event detail

async function eventView([id]) {
  const e = await api(`/api/events/${encodeURIComponent(id)}`);
  const src = actorRef(e, "source"), tgt = actorRef(e, "target");
  const sources = sourcesOf(e).map(sourceEvidence);
  const conflicts = e.conflicts || {};
  view.innerHTML = `<section class="panel" data-testid="event-detail">
      <h2><span class="type-dot" style="background:${typeColor(e.type)}"></span>${esc(e.type)}${e.mode ? " / " + esc(e.mode) : ""} · ${esc(e.date || "undated")}</h2>
      <dl class="kv">
        <dt>Source actor</dt><dd>${actorLink(src)}</dd><dt>Target actor</dt><dd>${actorLink(tgt)}</dd>
        <dt>Place</dt><dd>${placeLabel(e)}</dd><dt>Fatalities</dt><dd>${esc(e.fatalities ?? "—")}</dd>
        <dt>Injuries</dt><dd>${esc(e.injuries ?? "—")}</dd><dt>Certainty</dt><dd>${esc(e.certainty || "")}</dd>
        <dt>Corroboration</dt><dd>${esc(pick(e, "corroboration", "n_sources") ?? sources.length)}</dd>
        <dt>Status</dt><dd data-testid="event-status">${statusCell(e.status)}</dd><dt>Id</dt><dd class="muted">${esc(e.id)}</dd>
      </dl>
      <p>${reviewButtons("event", e.id)}</p></section>
    <section class="panel"><h3>Sources</h3><table class="data" data-testid="event-sources"><tr><th>Document</th><th>Reliability</th><th>Evidence</th><th></th></tr>
      ${sourcesOf(e).map((raw, i) => [raw, sources[i]]).map(([raw, s]) => `<tr><td>${esc(s.title || s.doc)}<div class="muted small">${esc([raw.outlet, s.published].filter(Boolean).join(" · "))}</div></td>
        <td>${esc(raw.reliability || "")}</td><td class="evidence">${esc(s.text || "")}</td>
        <td><a href="${docHref(s.doc, s.start, s.end, e.id)}" data-testid="source-link">open</a></td></tr>`).join("")}</table></section>
    <section class="panel"><h3>Conflicts between sources</h3>${conflictsTable(conflicts)}</section>`;
  bindReviewButtons(view);
}

function conflictsTable(conflicts) {
  const rows = Array.isArray(conflicts) ? conflicts.map((c) => [c.field || "", c.values || [c]]) : Object.entries(conflicts);
  if (!rows.length) return '<p class="muted" data-testid="event-conflicts-empty">The sources agree.</p>';
  return `<table class="data" data-testid="event-conflicts"><tr><th>Attribute</th><th>What each source says</th></tr>` +
    rows.map(([field, vals]) => `<tr><td>${esc(field)}</td><td>${(vals || []).map((v) =>
      `<span class="chip">${esc(v.value)} <span class="muted">— ${esc(v.doc_id || "")}${v.reliability ? ` (${esc(v.reliability)})` : ""}${v.as_of ? `, ${esc(v.as_of)}` : ""}</span></span>`).join(" ")}</td></tr>`).join("") + "</table>";
}

function reviewButtons(kind, id) {
  return `<button class="primary" data-review="${kind}" data-id="${esc(id)}" data-action="confirm" data-testid="confirm-${esc(id)}">Confirm</button>
    <button class="danger" data-review="${kind}" data-id="${esc(id)}" data-action="reject" data-testid="reject-${esc(id)}">Reject</button>`;
}

function bindReviewButtons(root, after) {
  root.querySelectorAll("button[data-review]").forEach((b) => b.addEventListener("click", async (ev) => {
    ev.stopPropagation();
    const { review: kind, id, action } = b.dataset;
    try {
      const res = await post(`/api/review/${encodeURIComponent(kind)}/${encodeURIComponent(id)}/${action}`, {});
      toast(`${action === "confirm" ? "Confirmed" : "Rejected"} ${kind} ${id}`);
      if (after) after(b, res); else route();
    } catch (err) { setStatus(err.message, true); }
  }));
}

// --------------------------------------------------------------------------- document view

async function docView([id], params) {
  const d = await api(`/api/documents/${encodeURIComponent(id)}`);
  const text = d.text || "";
  const hs = params.get("start"), he = params.get("end"), fact = params.get("fact");
  const spans = (d.spans || []).map((s) => ({
    start: Number(pick(s, "start", "evidence.start")), end: Number(pick(s, "end", "evidence.end")),
    kind: pick(s, "kind", "type", "fact_kind") || "fact", id: pick(s, "id", "fact_id"),
  })).filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.end > s.start);
  let target = null;
  if (hs !== null && he !== null) target = { start: Number(hs), end: Number(he), kind: "evidence", id: fact, target: true };
  else if (fact) { const s = spans.find((x) => x.id === fact); if (s) target = { ...s, target: true }; }
  // paint non-overlapping spans, the requested one first
  const chosen = [];
  const overlaps = (a, b) => a.start < b.end && b.start < a.end;
  for (const s of [target, ...spans.sort((a, b) => a.start - b.start)].filter(Boolean)) {
    if (!chosen.some((c) => overlaps(c, s))) chosen.push(s);
  }
  chosen.sort((a, b) => a.start - b.start);
  let html = "", pos = 0;
  for (const s of chosen) {
    html += esc(text.slice(pos, s.start));
    const inner = esc(text.slice(s.start, s.end));
    html += s.target ? `<mark id="hl" data-testid="evidence-highlight">${inner}</mark>`
      : `<span class="span" title="${esc(s.kind)}${s.id ? " " + esc(s.id) : ""}">${inner}</span>`;
    pos = s.end;
  }
  html += esc(text.slice(pos));
  view.innerHTML = `<section class="panel" data-testid="document-view"><h2 data-testid="document-title">${esc(d.title || d.id)}</h2>
    <p class="muted">${esc(d.source || "")} · ${esc(d.published || "")} · ${esc(d.id)}${d.url ? " · " + extLink(d.url, "original", 'data-testid="document-original"') : ""}
    ${fact ? ` · <a href="#/event/${encodeURIComponent(fact)}">event details</a>` : ""}</p>
    <p class="small muted">Highlighted: the evidence for the selected fact. Shaded: other facts found in this document.</p>
    <div class="doc-text" data-testid="document-text">${html}</div></section>`;
  const mark = view.querySelector("#hl");
  if (mark) mark.scrollIntoView({ block: "center" });
}

// --------------------------------------------------------------------------- actors

async function actorView([id]) {
  const a = await api(`/api/actors/${encodeURIComponent(id)}`);
  const aliases = a.aliases || [];
  const list = (k, ...alts) => { for (const n of [k, ...alts]) if (Array.isArray(a[n])) return a[n]; return []; };
  const evTable = (rows, testid) => {
    if (!rows.length) return `<p class="muted" data-testid="${testid}-empty">None.</p>`;
    return `<div class="table-wrap"><table class="data" data-testid="${testid}">${EVENT_HEAD}${rows.map(eventRow).join("")}</table></div>`;
  };
  const asSource = list("events_as_source", "source_events");
  const asTarget = list("events_as_target", "target_events");
  const known = new Set(["id", "name", "kind", "sector", "aliases", "description", "country", "acled_inter", "events_as_source", "source_events", "events_as_target", "target_events", "affiliations", "links", "leaders", "claims", "roles", "titles"]);
  const extra = Object.entries(a).filter(([k, v]) => !known.has(k) && Array.isArray(v) && v.length && typeof v[0] === "object");
  view.innerHTML = `<section class="panel" data-testid="actor-profile">
      <h2 data-testid="actor-name">${esc(a.name || a.id)}</h2>
      <dl class="kv"><dt>Kind</dt><dd>${esc(a.kind || "")}</dd><dt>Sector</dt><dd>${esc(a.sector || "")}</dd>
        <dt>Country</dt><dd>${esc(a.country || "")}</dd><dt>Aliases</dt><dd data-testid="actor-aliases">${aliases.map((x) => `<span class="chip">${esc(x)}</span>`).join("") || "—"}</dd>
        ${a.titles && a.titles.length ? `<dt>Titles</dt><dd>${a.titles.map(esc).join(", ")}</dd>` : ""}
        <dt>Id</dt><dd class="muted">${esc(a.id)}</dd></dl>
      ${a.description ? `<p>${esc(a.description)}</p>` : ""}
      <p><a href="#/network?actor=${encodeURIComponent(a.id)}" data-testid="actor-network-link">Network around this actor</a> ·
         <a href="#/events" data-testid="actor-events-link" data-actor="${esc(a.id)}">Filter events on this actor</a></p></section>
    <section class="panel"><h3>Leaders over time</h3>${leadersTable(list("leaders"))}</section>
    <section class="panel"><h3>Affiliations</h3>${affiliationsTable(a.id, list("links", "affiliations"))}</section>
    <section class="panel"><h3>Events as source (${asSource.length})</h3>${evTable(asSource, "actor-events-source")}</section>
    <section class="panel"><h3>Events as target (${asTarget.length})</h3>${evTable(asTarget, "actor-events-target")}</section>
    <section class="panel"><h3>Claims about it <span class="muted small">figures that name it, or stated in a sentence that does</span></h3>${claimsTable(list("claims"))}</section>
    ${extra.map(([k, v]) => `<section class="panel"><h3>${esc(k.replace(/_/g, " "))}</h3>${genericTable(v, "actor-" + k)}</section>`).join("")}`;
  const byId = new Map([...asSource, ...asTarget].map((e) => [e.id, e]));
  view.querySelectorAll("table[data-testid^=actor-events]").forEach((t) => bindEventRows(t, byId));
  view.querySelector("[data-testid=actor-events-link]").addEventListener("click", () => { rememberActor(a.id, a.name); state.filters.actor = a.id; });
}

function period(x) {
  const s = x.start || "", e = x.end || "";
  return s || e ? `${esc(s || "…")} – ${esc(e || "")}` : '<span class="muted">undated</span>';
}

function evidenceCell(x) {
  const ev = x.evidence && typeof x.evidence === "object" ? x.evidence : null;
  if (!x.doc_id) return "";
  const label = ev && ev.text ? esc(ev.text) : esc(x.doc_id);
  return `<a href="${docHref(x.doc_id, ev ? ev.start : null, ev ? ev.end : null)}" class="evidence">${label}</a>`;
}

function claimsTable(rows) {
  if (!rows.length) return '<p class="muted" data-testid="actor-claims-empty">None.</p>';
  return `<table class="data" data-testid="actor-claims"><tr><th>Value</th><th>Subject</th><th>Evidence</th><th>As of</th><th>Status</th></tr>` +
    rows.map((c) => `<tr><td>${fmtNum(c.value)} ${esc(c.unit || "")}</td><td>${esc(c.subject || "")}</td>
      <td class="small">${c.doc_id ? `<a class="evidence" href="${docHref(c.doc_id, c.evidence_start, c.evidence_end, c.id)}">${esc(c.evidence_text || c.doc_id)}</a>` : esc(c.evidence_text || "")}</td>
      <td>${esc(c.as_of || "")}</td><td>${statusCell(c.status)}</td></tr>`).join("") + "</table>";
}

function leadersTable(rows) {
  if (!rows.length) return '<p class="muted" data-testid="actor-leaders-empty">None recorded.</p>';
  return `<table class="data" data-testid="actor-leaders"><tr><th>Leader</th><th>Period</th><th>Office</th><th>Source</th></tr>` +
    rows.map((l) => `<tr><td>${actorLink({ id: l.id, name: l.name || l.id })}</td><td>${period(l)}${lateNote(l)}</td><td>${esc(l.office || "")}</td>
      <td>${esc(l.origin || "")}${(l.doc_ids || (l.doc_id ? [l.doc_id] : [])).map((d) => ` <a href="#/doc/${encodeURIComponent(d)}">${esc(d)}</a>`).join("")}</td></tr>`).join("") + "</table>";
}

// documents that speak of a link after the pack ended it (a death, a successor): history
function lateNote(x) {
  const late = x.after_end || [];
  return late.length ? `<div class="small muted" data-testid="after-end">mentioned after it ended in ${late.map((d) => `<a href="#/doc/${encodeURIComponent(d)}">${esc(d)}</a>`).join(", ")}</div>` : "";
}

function linkSources(x) {
  const docs = x.doc_ids || (x.doc_id ? [x.doc_id] : []);
  if (!docs.length) return "";
  const seen = x.first_seen ? ` <span class="muted">${esc(x.first_seen)}${x.last_seen && x.last_seen !== x.first_seen ? " – " + esc(x.last_seen) : ""}</span>` : "";
  return `<div class="small">${docs.length} document${docs.length > 1 ? "s" : ""}: ${docs.slice(0, 6).map((d) => `<a href="#/doc/${encodeURIComponent(d)}">${esc(d)}</a>`).join(", ")}${docs.length > 6 ? " …" : ""}${seen}</div>`;
}

function affiliationsTable(self, rows) {
  if (!rows.length) return '<p class="muted" data-testid="actor-affiliations-empty">None recorded.</p>';
  return `<table class="data" data-testid="actor-affiliations"><tr><th>Relation</th><th>Period</th><th>Origin</th><th>Evidence</th></tr>` +
    rows.map((x) => {
      const src = { id: x.source, name: x.source === self ? "this actor" : (x.source_name || x.source) };
      const tgt = { id: x.target, name: x.target === self ? "this actor" : (x.target_name || x.target) };
      const color = edgeColor(x.type);
      return `<tr><td>${x.source === self ? "<b>this actor</b>" : actorLink(src)} <span style="color:${color};font-weight:600">${esc(String(x.type).replace("_", " "))}</span> ${x.target === self ? "<b>this actor</b>" : actorLink(tgt)}</td>
        <td>${period(x)}${lateNote(x)}</td><td>${esc(x.origin || "")}</td><td class="small">${evidenceCell(x.evidence ? { ...x, doc_id: x.evidence.doc_id || x.doc_id || (x.doc_ids || [])[0] } : x) || esc(x.note || "")}${linkSources(x)}</td></tr>`;
    }).join("") + "</table>";
}

async function actorsView(_, params) {
  const { actorsView: render } = await import("/ui/actors.js");
  await render(view, params);
}

async function documentsView() {
  const page = await api("/api/documents", { limit: 500 });
  view.innerHTML = `<section class="panel"><h3>Documents</h3><table class="data" data-testid="document-table"><tr><th>Published</th><th>Title</th><th>Source</th><th>Id</th></tr>` +
    page.items.map((d) => `<tr><td>${esc(d.published || "")}</td><td><a href="#/doc/${encodeURIComponent(d.id)}" data-testid="document-link">${esc(d.title || d.id)}</a></td><td>${esc(d.source || "")}</td><td class="muted">${esc(d.id)}</td></tr>`).join("") +
    `</table>${page.next_cursor ? '<p class="muted">Showing the first 500.</p>' : ""}</section>`;
}

// --------------------------------------------------------------------------- network

async function networkView(_, params) {
  const { networkView: render } = await import("/ui/netpage.js");
  await render({ view, params, state, eventParams, setStatus, onDispose: (fn) => { current = fn; } });
}

// --------------------------------------------------------------------------- review, search, about

async function reviewView() {
  const { reviewView: render } = await import("/ui/review.js");
  await render({ view, setStatus, placeLabel, docHref, sourcesOf, sourceEvidence });
}

async function claimsView() {
  const [groups, claims] = await Promise.all([api("/api/claims/groups"), api("/api/claims", { limit: 300 })]);
  const disagree = groups.items.filter((g) => g.conflict ?? g.disagree);
  const noisy = claims.items.filter((c) => c.noise).length;
  claims.items.sort((a, b) => (a.noise ? 1 : 0) - (b.noise ? 1 : 0)); // claims first, the rest hidden below
  view.innerHTML = `<section class="panel"><h3>Figures the sources disagree on (${disagree.length} of ${groups.items.length} groups)
      <span class="muted small">one quantity: same subject and period, stated differently by different sources</span></h3>
    ${disagree.length ? "" : '<p class="muted" data-testid="claim-groups-empty">None: no quantity is stated differently by different sources.</p>'}
    <table class="data" data-testid="claim-groups" ${disagree.length ? "" : "hidden"}><tr><th>Quantity</th><th>Period</th><th>Values by source</th></tr>
    ${disagree.map((g) => `<tr><td>${esc(g.unit || "")}${g.subject ? ` <span class="muted">— ${esc(g.subject)}</span>` : ""}</td>
      <td>${period({ start: g.period_start, end: g.period_end })}</td>
      <td>${(g.values || []).map((v) => `<a class="chip" href="${docHref(v.doc_id, null, null, v.id)}">${fmtNum(v.value)} <span class="muted">${esc(v.doc_id)}${v.as_of ? ", " + esc(v.as_of) : ""} (${esc(v.reliability || "F")})</span></a>`).join(" ")}</td></tr>`).join("")}
    </table></section>
    <section class="panel"><h3>Claims (<span data-testid="claim-count">${claims.items.length - noisy}</span>${claims.next_cursor ? "+" : ""})
      ${noisy ? `<label class="small muted"><input type="checkbox" data-testid="show-noise"> also show ${noisy} figures that are not claims (measures, descriptions, numbers out of lists)</label>` : ""}</h3><div class="table-wrap">
    <table class="data" data-testid="claim-table"><tr><th>Value</th><th>Subject</th><th>Evidence</th><th>As of</th><th>Status</th><th></th></tr>
    ${claims.items.map((c) => `<tr ${c.noise ? `class="noise" hidden title="${esc(c.noise)}" data-testid="noise-row"` : 'data-testid="claim-row"'}><td class="nowrap">${fmtNum(c.value)} ${esc(c.unit || "")}</td><td>${esc(c.subject || "")}${c.noise ? `<div class="small muted">${esc(c.noise)}</div>` : ""}</td>
      <td class="small"><a class="evidence" href="${docHref(c.doc_id, c.evidence_start, c.evidence_end, c.id)}">${esc(c.evidence_text || c.doc_id)}</a> <span class="muted">(${esc(c.doc_id)})</span></td>
      <td class="nowrap">${esc(c.as_of || "")}</td><td>${statusCell(c.status)}</td><td class="nowrap">${reviewButtons("claim", c.id)}</td></tr>`).join("")}
    </table></div></section>`;
  const toggle = view.querySelector("[data-testid=show-noise]");
  if (toggle) toggle.addEventListener("change", () => view.querySelectorAll("tr.noise").forEach((tr) => { tr.hidden = !toggle.checked; }));
  bindReviewButtons(view, (b, res) => { const td = b.closest("tr").querySelector("[data-testid=status-cell]"); if (td) { td.textContent = b.dataset.action === "confirm" ? "confirmed" : "rejected"; td.className = "status-" + td.textContent; } });
}

async function searchView(_, params) {
  const q = params.get("q") || "";
  const r = await api("/api/search", { q });
  const byId = new Map(r.events.map((e) => [e.id, e]));
  view.innerHTML = `<section class="panel"><h3>Actors matching “${esc(q)}”</h3>${r.actors.length ? r.actors.map((a) => `<div><a href="#/actor/${encodeURIComponent(a.id)}" data-testid="actor-link">${esc(a.name || a.id)}</a> <span class="muted">${esc(a.kind || "")}</span></div>`).join("") : '<p class="muted">None.</p>'}</section>
    <section class="panel"><h3>Places</h3>${r.places.length ? r.places.map((p) => `<span class="chip">${esc(p.name)} · ${esc(p.admin1 || "")} ${esc(p.country || "")}</span>`).join("") : '<p class="muted">None.</p>'}</section>
    <section class="panel"><h3>Events</h3><table class="data" data-testid="search-events">${EVENT_HEAD}${r.events.map(eventRow).join("")}</table></section>`;
  bindEventRows(view, byId);
}

async function aboutView() {
  let text = "";
  try { text = (await api("/api/geo/attribution")).markdown; } catch (e) { text = "Boundary attribution file not bundled."; }
  const quote = text.split("\n").filter((l) => l.startsWith("> ")).map((l) => l.slice(2)).join(" ");
  view.innerHTML = `<section class="panel"><h2>About Marsad</h2><p>An offline workbench that turns reports on armed groups and politics into a sourced knowledge base. Every fact links back to the sentence it came from.</p></section>
    <section class="panel" data-testid="attribution"><h3>Map data</h3>
      ${quote ? `<blockquote class="attribution-quote">${esc(quote)}</blockquote>` : ""}
      <details ${quote ? "" : "open"}><summary>Licences and provenance of the boundary files</summary><div class="attribution">${esc(text)}</div></details></section>
    <section class="panel"><h3>Software</h3><p>Maps are drawn with Leaflet and charts with Apache ECharts, both served from the locally installed packages.</p></section>`;
}

const ROUTES = {
  events: eventsView, event: eventView, doc: docView, actor: actorView, actors: actorsView,
  documents: documentsView, network: networkView, claims: claimsView, review: reviewView, search: searchView, about: aboutView,
  seats: seatsView, offices: officesView, paths: pathsView, ach: achView, figures: figuresView,
  tempo: async (parts, params) => { current = await tempoView(parts, params); },
  login: () => loginView(view), audit: (parts, params) => auditView(view, params),
};

document.querySelector("form.search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = ev.target.q.value.trim();
  if (q) location.hash = `#/search?q=${encodeURIComponent(q)}`;
});
window.addEventListener("hashchange", route);
startAuth().then(route);

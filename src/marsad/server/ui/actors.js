// Actor list: search by name or alias, filter by kind, sort by a column, 50 rows a page.
import { api, esc, fmtNum, kindColor } from "/ui/util.js";

const PER_PAGE = 50;
const KINDS = ["armed_group", "state", "state_force", "party", "coalition", "person", "institution", "organization"];
const SORTS = {
  events: (a, b) => (b.events || 0) - (a.events || 0) || String(a.name).localeCompare(String(b.name)),
  name: (a, b) => String(a.name || a.id).localeCompare(String(b.name || b.id)),
  kind: (a, b) => String(a.kind || "").localeCompare(String(b.kind || "")) || String(a.name).localeCompare(String(b.name)),
};

export async function actorsView(view, params) {
  const q = params.get("q") || "";
  const kind = params.get("kind") || "";
  const sort = SORTS[params.get("sort")] ? params.get("sort") : "events";
  let pageNo = Math.max(0, Number(params.get("page") || 0) | 0);
  view.innerHTML = `<form class="panel filters" data-testid="actor-search">
      <label>Name or alias<input type="text" name="q" value="${esc(q)}"></label>
      <label>Kind<select name="kind" data-testid="actor-kind"><option value="">any</option>${KINDS.map((k) => `<option ${k === kind ? "selected" : ""}>${k}</option>`).join("")}</select></label>
      <label>Sort by<select name="sort" data-testid="actor-sort">${Object.keys(SORTS).map((k) => `<option ${k === sort ? "selected" : ""}>${k}</option>`).join("")}</select></label>
      <button class="primary">Show</button></form>
    <section class="panel" data-testid="actor-list"></section>`;
  const form = view.querySelector("form");
  const go = (over = {}) => {
    const p = new URLSearchParams();
    const vals = { q: form.q.value.trim(), kind: form.kind.value, sort: form.sort.value, ...over };
    for (const [k, v] of Object.entries(vals)) if (v) p.set(k, v);
    location.hash = "#/actors" + (p.toString() ? "?" + p : "");
  };
  form.addEventListener("submit", (ev) => { ev.preventDefault(); go(); });
  form.kind.addEventListener("change", () => go());
  form.sort.addEventListener("change", () => go());
  const res = await api("/api/actors", { q, kind, limit: 10_000 });
  const all = res.items.slice().sort(SORTS[sort]);
  const pages = Math.max(1, Math.ceil(all.length / PER_PAGE));
  pageNo = Math.min(pageNo, pages - 1);
  const rows = all.slice(pageNo * PER_PAGE, (pageNo + 1) * PER_PAGE);
  const th = (key, label) => key in SORTS
    ? `<th><a href="#" data-sort="${key}" data-testid="actor-sort-${key}">${label}${key === sort ? " ▾" : ""}</a></th>` : `<th>${label}</th>`;
  const list = view.querySelector("[data-testid=actor-list]");
  list.innerHTML = `<p class="muted" data-testid="actor-total">${fmtNum(all.length)} actors${kind ? ` of kind ${esc(kind)}` : ""}${q ? ` matching “${esc(q)}”` : ""}; page ${pageNo + 1} of ${pages}</p>
    <table class="data" data-testid="actor-table"><tr>${th("name", "Name")}${th("kind", "Kind")}<th>Sector</th>${th("events", "Events")}<th>Aliases</th></tr>` +
    rows.map((a) => `<tr data-testid="actor-row" data-kind="${esc(a.kind || "")}"><td><a href="#/actor/${encodeURIComponent(a.id)}" data-testid="actor-link">${esc(a.name || a.id)}</a></td>
      <td><span class="type-dot" style="background:${kindColor(a.kind)}"></span>${esc(a.kind || "")}</td><td>${esc(a.sector || "")}</td><td>${fmtNum(a.events || 0)}</td>
      <td class="small">${(Array.isArray(a.aliases) ? a.aliases : []).slice(0, 4).map(esc).join(", ")}</td></tr>`).join("") + "</table>" +
    `<div class="pager"><button type="button" data-testid="actor-prev" ${pageNo ? "" : "disabled"}>‹ Previous</button>
      <span class="muted small">${fmtNum(pageNo * PER_PAGE + (rows.length ? 1 : 0))}–${fmtNum(pageNo * PER_PAGE + rows.length)}</span>
      <button type="button" data-testid="actor-next" ${pageNo + 1 < pages ? "" : "disabled"}>Next ›</button></div>`;
  list.querySelectorAll("a[data-sort]").forEach((a) => a.addEventListener("click", (ev) => { ev.preventDefault(); go({ sort: a.dataset.sort }); }));
  list.querySelector("[data-testid=actor-prev]").addEventListener("click", () => go({ page: String(pageNo - 1) }));
  list.querySelector("[data-testid=actor-next]").addEventListener("click", () => go({ page: String(pageNo + 1) }));
}

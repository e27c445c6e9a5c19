// Review page: draft events and relations with Confirm / Reject, counts in the headings that follow
// every decision, and the audit trail of recent decisions with Undo.
import { api, post, esc, pick, actorRef, actorLink, toast } from "/ui/util.js";

const PAGE = 200;

function buttons(kind, id) {
  return `<button class="primary" data-review="${esc(kind)}" data-id="${esc(id)}" data-action="confirm" data-testid="confirm-${esc(id)}">Confirm</button>
    <button class="danger" data-review="${esc(kind)}" data-id="${esc(id)}" data-action="reject" data-testid="reject-${esc(id)}">Reject</button>`;
}

async function draftEventCount() {
  const s = await api("/api/stats", { status: "draft" });
  return Number(pick(s, "totals.events") ?? 0);
}

function auditRows(items) {
  if (!items.length) return '<p class="muted" data-testid="audit-empty">No decisions yet.</p>';
  const status = (x) => (x && typeof x === "object" ? x.status || JSON.stringify(x) : x ?? "");
  return `<table class="data" data-testid="audit-table"><tr><th>When</th><th>Who</th><th>Action</th><th>Fact</th><th>Change</th><th></th></tr>` +
    items.map((a) => {
      const fact = a.kind === "event" ? `<a href="#/event/${encodeURIComponent(a.fact_id)}">${esc(a.fact_id)}</a>` : esc(a.fact_id);
      const undoable = !a.undone_by && a.action !== "undo";
      return `<tr data-testid="audit-row" data-id="${esc(a.id)}"><td class="nowrap">${esc(String(a.at || "").replace("T", " "))}</td><td>${esc(a.user || "")}</td>
        <td>${esc(a.action)}</td><td>${esc(a.kind || "")} ${fact}</td><td class="small">${esc(status(a.before))} → ${esc(status(a.after))}</td>
        <td>${undoable ? `<button data-undo="${esc(a.id)}" data-testid="undo-${esc(a.id)}">Undo</button>` : a.undone_by ? '<span class="muted small">undone</span>' : ""}</td></tr>`;
    }).join("") + "</table>";
}

export async function reviewView(ctx) {
  const { view, setStatus, placeLabel, docHref, sourcesOf, sourceEvidence } = ctx;
  const [events, rels, nEvents, audit] = await Promise.all([
    api("/api/events", { status: "draft", limit: PAGE }),
    api("/api/relations", { limit: 5000 }).catch(() => ({ items: [] })),
    draftEventCount(),
    api("/api/audit", { limit: 30 }).catch(() => ({ items: [] })),
  ]);
  const draftRels = rels.items.filter((r) => !r.status || r.status === "draft");
  let nRels = draftRels.length;
  view.innerHTML = `<section class="panel"><h3>Draft events (<span data-testid="review-count-events">${nEvents}</span>)${events.next_cursor ? ` <span class="muted small">the first ${PAGE} are listed</span>` : ""}</h3>
    <div class="table-wrap"><table class="data" data-testid="review-events"><tr><th>Date</th><th>Type</th><th>Source → target</th><th>Place</th><th>Evidence</th><th></th></tr>
    ${events.items.map((e) => `<tr data-testid="review-row" data-id="${esc(e.id)}"><td class="nowrap">${esc(e.date || "")}</td><td>${esc(e.type)}</td><td>${actorLink(actorRef(e, "source"))} → ${actorLink(actorRef(e, "target"))}</td>
      <td>${placeLabel(e)}</td><td class="evidence small" data-evidence-for="${esc(e.id)}"><a href="#/event/${encodeURIComponent(e.id)}">details</a></td><td class="nowrap">${buttons("event", e.id)}</td></tr>`).join("")}
    </table></div></section>
    <section class="panel"><h3>Draft relations (<span data-testid="review-count-relations">${nRels}</span>)</h3>
    <div class="table-wrap"><table class="data" data-testid="review-relations"><tr><th>Source</th><th>Type</th><th>Target</th><th>Evidence</th><th></th></tr>
    ${draftRels.slice(0, PAGE).map((r) => `<tr data-testid="review-relation-row"><td>${actorLink(actorRef(r, "source"))}</td><td>${esc(r.type)}</td><td>${actorLink(actorRef(r, "target"))}</td>
      <td class="evidence small">${esc(String(pick(r, "evidence_text", "evidence", "evidence.text") || ""))}</td><td class="nowrap">${r.id ? buttons("relation", r.id) : ""}</td></tr>`).join("")}
    </table></div></section>
    <section class="panel"><h3>Recent decisions <span class="muted small">every review action is audited; Undo restores the state before it</span></h3>
      <div data-testid="audit">${auditRows(audit.items)}</div></section>`;

  const refreshAudit = async () => {
    const a = await api("/api/audit", { limit: 30 });
    view.querySelector("[data-testid=audit]").innerHTML = auditRows(a.items);
    bindUndo();
  };
  const bindUndo = () => view.querySelectorAll("button[data-undo]").forEach((b) => b.addEventListener("click", async () => {
    try {
      await post(`/api/review/undo/${encodeURIComponent(b.dataset.undo)}`, {});
      toast("Undone");
      await reviewView(ctx); // the fact is back in the draft lists, counts recomputed
    } catch (err) { setStatus(err.message, true); }
  }));
  view.querySelectorAll("button[data-review]").forEach((b) => b.addEventListener("click", async () => {
    const { review: kind, id, action } = b.dataset;
    try {
      await post(`/api/review/${encodeURIComponent(kind)}/${encodeURIComponent(id)}/${action}`, {});
      toast(`${action === "confirm" ? "Confirmed" : "Rejected"} ${kind} ${id}`);
      const tr = b.closest("tr");
      if (tr) tr.remove();
      if (kind === "event") view.querySelector("[data-testid=review-count-events]").textContent = String(await draftEventCount());
      else view.querySelector("[data-testid=review-count-relations]").textContent = String(--nRels);
      await refreshAudit();
    } catch (err) { setStatus(err.message, true); }
  }));
  bindUndo();
  // the evidence sentence of the first rows, fetched a few at a time
  const cells = [...view.querySelectorAll("[data-evidence-for]")].slice(0, 60);
  const fill = async (cell) => {
    try {
      const d = await api(`/api/events/${encodeURIComponent(cell.dataset.evidenceFor)}`);
      const s = sourcesOf(d).map(sourceEvidence).find((x) => x.doc);
      if (s && s.text) cell.innerHTML = `<a href="${docHref(s.doc, s.start, s.end, d.id)}">${esc(s.text)}</a> <span class="muted">(${esc(s.doc)})</span>`;
    } catch (err) { /* keep the details link */ }
  };
  for (let i = 0; i < cells.length; i += 6) await Promise.all(cells.slice(i, i + 6).map(fill));
}

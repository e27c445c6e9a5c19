// Small helpers shared by the dashboard's views: API calls, HTML escaping, colours, periods.

export const TYPE_COLORS = {
  ASSAULT: "#c9452b", COERCE: "#e07b39", MOBILIZE: "#b5651d", SANCTION: "#8c564b",
  THREATEN: "#d62f7f", PROTEST: "#9467bd", ACCUSE: "#7f6bb0", REJECT: "#5d4f8c", REQUEST: "#8e9bb3",
  AGREE: "#2c8c5a", CONSULT: "#3a9bb5", SUPPORT: "#4caf7d", CONCEDE: "#7cb342", COOPERATE: "#1f77b4",
  AID: "#17becf", RETREAT: "#a0a000",
};
export const KIND_COLORS = {
  armed_group: "#c9452b", state: "#1f3a5f", state_force: "#3a6ea5", party: "#9467bd", coalition: "#17becf",
  person: "#e0a030", institution: "#2c8c5a", organization: "#8c564b",
};
export const EDGE_COLORS = {
  backs: "#c9452b", member_of: "#1f77b4", part_of: "#6baed6", leads: "#e0a030",
  allied_with: "#2c8c5a", opposes: "#d62f7f", co_event: "#b8bfcc",
};

// Colours by a stored value: only the table's own keys count (never "constructor" or "__proto__").
function colorOf(table, key, fallback) { return Object.hasOwn(table, key) ? table[key] : fallback; }
export function typeColor(t) { return colorOf(TYPE_COLORS, t, "#7f7f7f"); }
export function kindColor(k) { return colorOf(KIND_COLORS, k, "#888"); }
export function edgeColor(t, fallback = "#888") { return colorOf(EDGE_COLORS, t, fallback); }

export function esc(s) {
  if (s === null || s === undefined) return "";
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

// Stored URLs become links only when they are http(s): a javascript:, data: or any other scheme
// (or a string that is not a URL at all) is shown as plain text.
export function safeUrl(u) {
  if (u === null || u === undefined) return null;
  const s = String(u).trim();
  if (!/^https?:\/\//i.test(s)) return null;
  try {
    const parsed = new URL(s);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (e) { return null; }
}

// An outside link that opens in a new tab without telling the other site where it came from.
export function extLink(u, label, attrs = "") {
  const href = safeUrl(u);
  if (!href) return u ? `<span class="muted" data-testid="plain-url">${esc(u)}</span>` : "";
  return `<a href="${esc(href)}" rel="noreferrer noopener" target="_blank"${attrs ? " " + attrs : ""}>${esc(label ?? u)}</a>`;
}

export class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

// The session's CSRF token (team servers): sent with every state-changing request.
let csrfToken = null;
export function setCsrf(token) { csrfToken = token || null; }

export async function api(path, params, opts = {}) {
  let url = path;
  if (params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v === null || v === undefined || v === "" || v === false) continue;
      qs.set(k, Array.isArray(v) ? v.join(",") : String(v));
    }
    const s = qs.toString();
    if (s) url += (url.includes("?") ? "&" : "?") + s;
  }
  const res = await fetch(url, opts);
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) {
    const err = (body && body.error) || {};
    if (res.status === 401 && !path.startsWith("/api/auth/")) window.dispatchEvent(new CustomEvent("marsad:login-needed"));
    throw new ApiError(res.status, err.code || `E${res.status}`, err.message || res.statusText);
  }
  return body;
}

export function post(path, body) {
  const headers = { "Content-Type": "application/json" };
  if (csrfToken) headers["X-CSRF-Token"] = csrfToken;
  return api(path, null, { method: "POST", headers, body: JSON.stringify(body || {}) });
}

// Pick the first present field among several names: the store's frames may name columns
// differently (source_actor_id vs source_id), and nested dicts are accepted as well.
export function pick(obj, ...names) {
  if (!obj) return null;
  for (const n of names) {
    const v = n.includes(".") ? n.split(".").reduce((o, k) => (o == null ? null : o[k]), obj) : obj[n];
    if (v !== null && v !== undefined && v !== "") return v;
  }
  return null;
}

export function actorRef(ev, side) {
  const nested = ev[`${side}_actor`];
  const id = pick(ev, `${side}_actor_id`, `${side}_id`) ?? (nested && typeof nested === "object" ? nested.id : (typeof nested === "string" ? nested : null));
  const name = pick(ev, `${side}_actor_name`, `${side}_name`) ?? (nested && typeof nested === "object" ? nested.name : null) ?? id;
  return { id, name };
}

export function actorLink(ref) {
  if (!ref || (!ref.id && !ref.name)) return '<span class="muted">—</span>';
  if (!ref.id) return esc(ref.name);
  return `<a href="#/actor/${encodeURIComponent(ref.id)}" data-testid="actor-link">${esc(ref.name || ref.id)}</a>`;
}

export function normName(s) {
  // join key between the store's admin1 names and the boundary files' names
  if (!s) return "";
  let k = String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  k = k.replace(/['\u2019\u2018`]/g, "").replace(/[-_/.]/g, " ").replace(/\s+/g, " ").trim();
  // Arabic articles anywhere ("Salah Al-Din", "Ar-Raqqa") and administrative suffixes
  k = k.replace(/(^|\s)(al|el|ar|as|ad|an|at|az|ash)\s+/g, "$1").replace(/\s+(governorate|province|muhafazat)$/, "").trim();
  return ADMIN1_SYNONYMS[k] || k;
}
const ADMIN1_SYNONYMS = {
  anbar: "anbar", basra: "basrah", najaf: "najaf", qadisiyah: "qadissiya", qadisiya: "qadissiya", diwaniyah: "qadissiya",
  sulaimaniyah: "sulaymaniyah", sulaymaniya: "sulaymaniyah", suleimaniyah: "sulaymaniyah", slemani: "sulaymaniyah",
  dohuk: "duhok", dahuk: "duhok", arbil: "erbil", hawler: "erbil", karbala: "kerbala", nineveh: "ninewa", nineva: "ninewa", ninawa: "ninewa",
  "salah din": "salah din", "salahuddin": "salah din", "salahaddin": "salah din", "saladin": "salah din",
  halabja: "sulaymaniyah", halabcha: "sulaymaniyah", "dayr zawr": "deir ez zor", "deir zor": "deir ez zor",
  "dhi qar": "thi qar", wasit: "wassit", missan: "maysan", babylon: "babel", babil: "babel", babel: "babel",
  "deir ez zor": "deir ez zor", "deir ezzor": "deir ez zor", "dayr az zawr": "deir ez zor", "deir al zor": "deir ez zor", "deir el zor": "deir ez zor",
  hasakah: "hasakeh", hasaka: "hasakeh", raqqa: "raqqa", raqqah: "raqqa", idlib: "idleb", latakia: "lattakia", tartus: "tartous",
  daraa: "dara", dara: "dara", sweida: "sweida", suwayda: "sweida", "rif dimashq": "rural damascus", "damascus countryside": "rural damascus",
  maan: "maan", tafila: "tafilah", ajlun: "ajloun", zarqa: "zarqa", balqa: "balqa",
};

// A period label from the stats ("2024-01", "2024-W05", "2024-01-29") -> [start, end] dates for filters.
export function periodRange(label) {
  const s = String(label);
  let m;
  if ((m = s.match(/^(\d{4})-W(\d{1,2})$/))) {
    const y = +m[1], w = +m[2];
    const jan4 = new Date(Date.UTC(y, 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 864e5 + (w - 1) * 7 * 864e5);
    return [iso(monday), iso(new Date(monday.getTime() + 6 * 864e5))];
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const d = new Date(s.slice(0, 10) + "T00:00:00Z");
    return [iso(d), iso(new Date(d.getTime() + 6 * 864e5))];
  }
  if (/^\d{4}(-\d{2})?$/.test(s)) return [s, s];
  return [null, null];
}
function iso(d) { return d.toISOString().slice(0, 10); }

export function fmtNum(n) { return n === null || n === undefined ? "" : Number(n).toLocaleString("en-US"); }

export function toast(msg) {
  const t = document.createElement("div");
  t.className = "toast"; t.textContent = msg; t.setAttribute("data-testid", "toast");
  document.body.appendChild(t);
  setTimeout(() => t.remove(), 2500);
}

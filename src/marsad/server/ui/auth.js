// Accounts in the dashboard: who is logged in (and the session's CSRF token), the login page of a
// team server, logging out, and the admin's audit view. A server without accounts answers
// /api/auth/me with its local user, so none of this shows there.
import { api, post, esc, setCsrf, ApiError } from "/ui/util.js";

const who = document.getElementById("whoami");
const auditLink = document.querySelector("[data-testid=nav-audit]");
let me = null;
let returnTo = null;

function showIdentity() {
  const team = Boolean(me && me.team);
  auditLink.hidden = !(team && me.role === "admin");
  who.hidden = !team;
  if (!team) { who.innerHTML = ""; return; }
  who.innerHTML = `<span data-testid="whoami-name">${esc(me.user)}</span> <span class="muted">(${esc(me.role)})</span>
    <button type="button" data-testid="logout">Log out</button>`;
  who.querySelector("[data-testid=logout]").addEventListener("click", async () => {
    try { await post("/api/auth/logout", {}); } catch (err) { /* the session may already be gone */ }
    me = null; setCsrf(null); showIdentity();
    location.hash = "#/login";
  });
}

function askLogin() {
  if (location.hash.startsWith("#/login")) return;
  returnTo = location.hash || "#/events";
  location.hash = "#/login";
}

// Who we are: on a team server without a session, the login page instead of the asked one.
export async function startAuth() {
  window.addEventListener("marsad:login-needed", () => { me = null; setCsrf(null); showIdentity(); askLogin(); });
  try {
    me = await api("/api/auth/me");
    setCsrf(me.csrf_token);
  } catch (err) {
    me = null;
    if (err instanceof ApiError && err.status === 401) askLogin();
  }
  showIdentity();
}

export async function loginView(view) {
  view.innerHTML = `<section class="panel login" data-testid="login">
    <h2>Log in to Marsad</h2>
    <form data-testid="login-form">
      <label>User name <input name="name" autocomplete="username" required data-testid="login-name"></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required data-testid="login-password"></label>
      <button class="primary" type="submit" data-testid="login-submit">Log in</button>
      <div class="error small" data-testid="login-error" role="alert"></div>
    </form></section>`;
  const form = view.querySelector("form");
  form.name.focus();
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const fields = new FormData(form);
    try {
      me = await post("/api/auth/login", { name: fields.get("name"), password: fields.get("password") });
      me = await api("/api/auth/me");
      setCsrf(me.csrf_token);
      showIdentity();
      location.hash = returnTo && !returnTo.startsWith("#/login") ? returnTo : "#/events";
      returnTo = null;
    } catch (err) {
      form.password.value = "";
      view.querySelector("[data-testid=login-error]").textContent = err.message;
    }
  });
}

function change(x) {
  if (x === null || x === undefined) return "";
  if (typeof x !== "object") return String(x);
  const keys = Object.keys(x);
  return keys.length ? keys.map((k) => `${k}: ${typeof x[k] === "object" ? JSON.stringify(x[k]) : x[k]}`).join(", ") : "";
}

// The whole audit trail (admin): review decisions, logins, token uses, exports, account changes.
export async function auditView(view, params) {
  const f = { user: params.get("user") || "", action: params.get("action") || "", since: params.get("since") || "" };
  view.innerHTML = `<section class="panel"><h3>Audit trail <span class="muted small">every change, login, token use and export; newest first</span></h3>
    <form class="filters" data-testid="audit-filters">
      <label>User <input type="text" name="user" value="${esc(f.user)}" data-testid="audit-user"></label>
      <label>Action(s) <input type="text" name="action" value="${esc(f.action)}" placeholder="login,confirm" data-testid="audit-action"></label>
      <label>Since <input type="text" name="since" value="${esc(f.since)}" placeholder="2024-05-01 or 24h" data-testid="audit-since"></label>
      <button type="submit">Filter</button>
    </form></section>
    <section class="panel"><div class="table-wrap" data-testid="audit-log"><p class="muted">Loading…</p></div></section>`;
  view.querySelector("form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(ev.target).entries()) if (String(v).trim()) q.set(k, String(v).trim());
    location.hash = `#/audit${q.toString() ? "?" + q : ""}`;
  });
  const out = view.querySelector("[data-testid=audit-log]");
  const data = await api("/api/admin/audit", { ...f, limit: 500 });
  out.dataset.loaded = "1";
  if (!data.items.length) { out.innerHTML = '<p class="muted" data-testid="audit-log-empty">No records.</p>'; return; }
  out.innerHTML = `<table class="data"><tr><th>When (UTC)</th><th>Who</th><th>Via</th><th>Action</th><th>What</th><th>Before</th><th>After</th></tr>` +
    data.items.map((a) => `<tr data-testid="audit-log-row" data-action="${esc(a.action)}" data-user="${esc(a.user)}">
      <td class="nowrap">${esc(String(a.at || "").replace("T", " "))}</td><td>${esc(a.user)}</td><td class="small">${esc(a.via || "")}</td>
      <td>${esc(a.action)}</td><td>${esc(a.kind || "")} ${esc(a.fact_id || "")}</td>
      <td class="small">${esc(change(a.before))}</td><td class="small">${esc(change(a.after))}</td></tr>`).join("") + "</table>";
}

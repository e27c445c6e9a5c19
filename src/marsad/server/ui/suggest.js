// Actor fields: the analyst types a name or alias, picks from suggestions, and the field carries the
// actor's id (input.dataset.actorId). resolveActor() turns what was typed into an id or says that no
// actor has that name; a field never sends a name where an id is expected.
import { api, esc } from "/ui/util.js";

const NAMES = new Map(); // id -> display name, remembered across views

export function rememberActor(id, name) { if (id && name) NAMES.set(id, name); }
export function actorName(id) { return NAMES.get(id) || id; }

function keyOf(s) {
  return String(s || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/['\u2019\u2018`.]/g, "").replace(/[-_/]/g, " ").replace(/\s+/g, " ").trim().replace(/^(the|al|el) /, "");
}

/** Fill ``input`` with the actor ``id`` (showing its name) or clear it. */
export function setActor(input, id) {
  input.dataset.actorId = id || "";
  input.value = id ? actorName(id) : "";
}

export function attachActorSuggest(input, { onPick } = {}) {
  const wrap = document.createElement("span");
  wrap.className = "suggest";
  input.parentNode.insertBefore(wrap, input);
  wrap.appendChild(input);
  const list = document.createElement("div");
  list.className = "suggest-list";
  list.hidden = true;
  list.setAttribute("data-testid", "actor-suggestions");
  wrap.appendChild(list);
  const note = document.createElement("div");
  note.className = "field-note";
  note.setAttribute("data-testid", "actor-note");
  wrap.appendChild(note);
  input.setAttribute("autocomplete", "off");
  let items = [], active = -1, seq = 0, timer = null;

  const render = () => {
    list.innerHTML = items.map((a, i) => `<div data-i="${i}" class="${i === active ? "active" : ""}" data-testid="actor-suggestion">${esc(a.name || a.id)} <span class="muted small">${esc(a.kind || "")}</span></div>`).join("");
    list.hidden = !items.length;
  };
  const pickItem = (a) => {
    rememberActor(a.id, a.name);
    input.value = a.name || a.id;
    input.dataset.actorId = a.id;
    items = []; render(); note.textContent = "";
    if (onPick) onPick(a);
  };
  input.addEventListener("input", () => {
    input.dataset.actorId = "";
    note.textContent = "";
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) { items = []; render(); return; }
    timer = setTimeout(async () => {
      const my = ++seq;
      try {
        const page = await api("/api/actors", { q, limit: 8 });
        if (my !== seq) return;
        items = page.items; active = -1; render();
      } catch (err) { items = []; render(); }
    }, 120);
  });
  input.addEventListener("keydown", (ev) => {
    if (list.hidden) return;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length; render();
    } else if (ev.key === "Enter" && active >= 0) { ev.preventDefault(); pickItem(items[active]); }
    else if (ev.key === "Escape") { items = []; render(); }
  });
  list.addEventListener("mousedown", (ev) => {
    const d = ev.target.closest("[data-i]");
    if (d) { ev.preventDefault(); pickItem(items[Number(d.dataset.i)]); }
  });
  input.addEventListener("blur", () => setTimeout(() => { items = []; render(); }, 150));
  input.showNote = (msg) => { note.textContent = msg || ""; };
}

/** The actor id for what the field holds: "" when empty; raises when no actor has that name. */
export async function resolveActor(input) {
  const text = input.value.trim();
  if (!text) { input.dataset.actorId = ""; return ""; }
  if (input.dataset.actorId && actorName(input.dataset.actorId) === text) return input.dataset.actorId;
  const page = await api("/api/actors", { q: text, limit: 20 });
  const k = keyOf(text);
  const hit = page.items.find((a) => a.id === text || keyOf(a.name) === k || (a.aliases || []).some((x) => keyOf(x) === k))
    || (page.items.length === 1 ? page.items[0] : null);
  if (!hit) {
    const msg = `no actor is named “${text}”` + (page.items.length ? `; did you mean ${page.items.slice(0, 3).map((a) => a.name).join(", ")}?` : "");
    if (input.showNote) input.showNote(msg);
    throw new Error(msg);
  }
  rememberActor(hit.id, hit.name);
  input.dataset.actorId = hit.id;
  input.value = hit.name || hit.id;
  if (input.showNote) input.showNote("");
  return hit.id;
}

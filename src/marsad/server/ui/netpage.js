// Network page: starts readable (the 40 best-connected actors, labels only where they fit), filters
// by actor kind and link type, and grows on demand: click an actor, then "Show its links" adds its
// neighbours, "Around it" shows its neighbourhood alone, "Profile" opens it.
import { api, esc, fmtNum, EDGE_COLORS, KIND_COLORS } from "/ui/util.js";
import { attachActorSuggest, resolveActor, actorName, rememberActor } from "/ui/suggest.js";

const SIZES = [["40", "40 best connected"], ["100", "100"], ["300", "300"], ["5000", "all"]];
const KINDS = Object.keys(KIND_COLORS);

export async function networkView({ view, params, state, eventParams, setStatus, onDispose }) {
  const focus = params.get("actor") || "";
  const asOf = params.get("as_of") || "";
  const max = SIZES.some(([v]) => v === params.get("max")) ? params.get("max") : (focus ? "5000" : "40");
  const expand = (params.get("expand") || "").split(",").filter(Boolean);
  const types = Object.keys(EDGE_COLORS);
  const chosen = new Set((params.get("edge_types") || types.join(",")).split(","));
  const kinds = new Set((params.get("kinds") || KINDS.join(",")).split(","));
  const box = (name, value, on, color, label) => `<label class="check"><input type="checkbox" name="${name}" value="${esc(value)}" ${on ? "checked" : ""}><span style="color:${color}">■</span>${esc(label)}</label>`;
  view.innerHTML = `<form class="panel filters" data-testid="network-controls">
      <label>As of<input type="text" name="as_of" placeholder="YYYY-MM-DD" value="${esc(asOf)}" data-testid="network-asof"></label>
      <label>Around actor<input type="text" name="actor" placeholder="name or alias" value="${esc(focus ? actorName(focus) : "")}" data-testid="network-actor"></label>
      <label>Actors shown<select name="max" data-testid="network-max">${SIZES.map(([v, l]) => `<option value="${v}" ${v === max ? "selected" : ""}>${l}</option>`).join("")}</select></label>
      <button class="primary">Show</button>
      <span class="muted small" data-testid="network-caption"></span>
      <div class="check-row" data-testid="network-kinds"><span class="muted small">Kinds</span>${KINDS.map((k) => box("kind", k, kinds.has(k), KIND_COLORS[k], k.replace("_", " "))).join("")}</div>
      <div class="check-row"><span class="muted small">Links</span>${types.map((t) => box("et", t, chosen.has(t), EDGE_COLORS[t], t.replace("_", " "))).join("")}</div>
    </form>
    <div class="panel net-selection" data-testid="network-selection" hidden></div>
    <section class="panel"><div id="network" data-testid="network"></div></section>`;
  const form = view.querySelector("form");
  form.actor.dataset.actorId = focus;
  attachActorSuggest(form.actor);
  const go = (over = {}) => {
    const q = new URLSearchParams();
    const vals = {
      as_of: form.as_of.value.trim(), max: form.max.value,
      kinds: [...form.querySelectorAll("input[name=kind]:checked")].map((x) => x.value).join(","),
      edge_types: [...form.querySelectorAll("input[name=et]:checked")].map((x) => x.value).join(","),
      actor: form.actor.dataset.actorId || "", expand: expand.join(","), ...over,
    };
    if (vals.kinds === KINDS.join(",")) vals.kinds = "";
    for (const [k, v] of Object.entries(vals)) if (v) q.set(k, v);
    location.hash = "#/network?" + q;
  };
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    let actor;
    try { actor = await resolveActor(form.actor); } catch (err) { setStatus(err.message, true); return; }
    go({ actor, expand: actor === focus ? expand.join(",") : "" });
  });
  const { NetworkView } = await import("/ui/netview.js");
  let net = { nodes: [] };
  const select = (id) => {
    const n = net.nodes.find((x) => x.id === id);
    if (!n) return;
    rememberActor(n.id, n.name);
    const bar = view.querySelector("[data-testid=network-selection]");
    bar.hidden = false;
    bar.innerHTML = `<b>${esc(n.name)}</b> <span class="muted">${esc(n.kind || "")} · ${fmtNum(n.degree)} links</span>
      <button type="button" data-testid="network-expand">Show its links</button>
      <button type="button" data-testid="network-around">Around it</button>
      <a href="#/actor/${encodeURIComponent(n.id)}" data-testid="network-profile">Profile</a>`;
    bar.querySelector("[data-testid=network-expand]").addEventListener("click", () => go({ expand: [...new Set([...expand, n.id])].join(",") }));
    bar.querySelector("[data-testid=network-around]").addEventListener("click", () => go({ actor: n.id, expand: "", max: "5000" }));
  };
  const nv = new NetworkView(view.querySelector("#network"), { onNode: select });
  onDispose(() => nv.dispose());
  const f = eventParams();
  delete f.actor;
  const kindParam = kinds.size === KINDS.length ? "" : [...kinds].join(",");
  net = await api("/api/network", { ...f, actor: focus, as_of: asOf, edge_types: [...chosen].join(","), max_nodes: max, kinds: kindParam, expand: expand.join(",") });
  nv.setData(net, focus, new Set(expand));
  view.querySelector("[data-testid=network-caption]").textContent =
    `${fmtNum(net.nodes.length)} actors, ${fmtNum(net.edges.length)} links${net.truncated ? " (the best connected; click an actor to show its links)" : ""}${state.brush ? `; events ${state.brush[0]} – ${state.brush[1]}` : ""}`;
}

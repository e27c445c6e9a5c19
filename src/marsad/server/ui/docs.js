// The offline API reference (/docs): lists every path, parameter and JSON body of /openapi.json.
import { esc } from "/ui/util.js";

const el = document.getElementById("docs");
const spec = await (await fetch("/openapi.json")).json();
const ref = (s) => s && s.$ref ? s.$ref.split("/").pop() : null;
const typeOf = (s) => { if (!s) return ""; if (s.$ref) return ref(s); if (s.anyOf) return s.anyOf.map(typeOf).join(" | ");
  if (s.enum) return s.enum.map((x) => JSON.stringify(x)).join(" | "); if (s.type === "array") return typeOf(s.items) + "[]"; return s.type || "any"; };
const byTag = {};
for (const [path, ops] of Object.entries(spec.paths)) for (const [method, op] of Object.entries(ops)) {
  const tag = (op.tags || ["other"])[0]; (byTag[tag] = byTag[tag] || []).push({ path, method, op });
}
let html = `<h1>${esc(spec.info.title)} <span class="muted">${esc(spec.info.version)}</span></h1><p>${esc(spec.info.description || "")}</p>
  <p>Errors always come as <code>{"error": {"code": "...", "message": "..."}}</code>: 400 for bad parameters, 404 for unknown ids.</p>`;
for (const [tag, ops] of Object.entries(byTag)) {
  html += `<h2>${esc(tag)}</h2>`;
  for (const { path, method, op } of ops) {
    const params = op.parameters || [];
    const body = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
    const schema = body ? (spec.components.schemas[ref(body.schema)] || (body.schema.anyOf && spec.components.schemas[ref(body.schema.anyOf.find((x) => x.$ref))]) || body.schema) : null;
    html += `<div class="op" data-testid="api-op"><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code> — ${esc(op.summary || "")}
      ${op.description ? `<p class="muted">${esc(op.description)}</p>` : ""}
      ${params.length ? `<table><tr><th>parameter</th><th>in</th><th>type</th><th>description</th></tr>${params.map((p) => `<tr><td><code>${esc(p.name)}</code>${p.required ? " *" : ""}</td><td>${esc(p.in)}</td><td>${esc(typeOf(p.schema))}${p.schema && p.schema.default !== undefined ? ` = ${esc(JSON.stringify(p.schema.default))}` : ""}</td><td>${esc(p.description || "")}</td></tr>`).join("")}</table>` : ""}
      ${schema && schema.properties ? `<table><tr><th>JSON body field</th><th>type</th><th>description</th></tr>${Object.entries(schema.properties).map(([k, v]) => `<tr><td><code>${esc(k)}</code>${(schema.required || []).includes(k) ? " *" : ""}</td><td>${esc(typeOf(v))}</td><td>${esc(v.description || "")}</td></tr>`).join("")}</table>` : ""}
    </div>`;
  }
}
el.innerHTML = html;

// Event map, fully offline: water is the map's background, land the bundled Natural Earth countries
// (their borders drawn heavier than governorate lines), governorates of Iraq, Syria and Jordan
// shaded by the number of matching events; labels for countries and, where they fit, governorates.
// Governorates are joined to the store by id (ISO 3166-2 code, /api/geo/admin1), never by name.
// Markers are coloured by type and sized by fatalities; nearby markers group into numbered circles,
// and events at one spot open as a list, so 28 events on one Baghdad point can be picked apart.
import { leaflet as L } from "/vendor/leaflet/index.js";
import { api, esc, fmtNum, pick, typeColor, actorRef } from "/ui/util.js";

const COUNTRIES = ["IQ", "SY", "JO"];
const CLUSTER_PX = 56;
const UNCLUSTER_ZOOM = 9; // from here on, smaller grid cells
const LAND = "#efece4", EMPTY = "#f7f5ef", FULL = [31, 58, 95], BASE = [247, 245, 239];
let geoCache = null;

function loadGeo() {
  if (!geoCache) {
    geoCache = Promise.all([
      api("/api/geo/countries").catch(() => null),
      Promise.all(COUNTRIES.map((c) => api(`/api/geo/${c}/adm1`).catch(() => null))),
      api("/api/geo/admin1").catch(() => ({ items: [] })),
    ]);
  }
  return geoCache;
}

/** The governorates on the map: [{code, name, country, admin1: [stored names]}]. */
export async function admin1Areas() { return (await loadGeo())[2].items || []; }

function shade(t) {
  const c = BASE.map((b, i) => Math.round(b + (FULL[i] - b) * t));
  return `rgb(${c.join(",")})`;
}

// A point inside a polygon for its label: the middle of the widest run of a horizontal line through
// the middle of the largest ring's bounding box.
function labelPoint(geom) {
  const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
  let best = null, bestSpan = -1;
  for (const poly of polys) {
    const ring = poly[0] || [];
    const ys = ring.map((p) => p[1]);
    const y = (Math.min(...ys) + Math.max(...ys)) / 2;
    const xs = [];
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j];
      if ((yi > y) !== (yj > y)) xs.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      if (xs[k + 1] - xs[k] > bestSpan) { bestSpan = xs[k + 1] - xs[k]; best = [y, (xs[k] + xs[k + 1]) / 2]; }
    }
  }
  return best;
}

export class EventMap {
  constructor(el, { onSelect, onAdmin1 } = {}) {
    this.el = el;
    this.onSelect = onSelect;
    this.onAdmin1 = onAdmin1;
    this.map = L.map(el, { zoomSnap: 0.25, minZoom: 4, maxZoom: 13, preferCanvas: true, attributionControl: true });
    this.map.attributionControl.setPrefix("Leaflet");
    this.map.attributionControl.addAttribution(
      'Made with Natural Earth; boundaries: CSO Iraq &amp; OCHA; UNCS &amp; OCHA; Wikimedia via geoBoundaries (CC BY) — <a href="#/about" data-testid="map-credits">credits</a>'
    );
    this.map.createPane("borders").style.zIndex = 410;
    this.map.createPane("labels").style.zIndex = 420;
    this.map.getPane("labels").style.pointerEvents = "none";
    this.map.fitBounds([[29.0, 34.8], [37.6, 48.8]]);
    this.baseLayer = L.layerGroup().addTo(this.map);
    this.boundaryLayer = L.layerGroup().addTo(this.map);
    this.labelLayer = L.layerGroup().addTo(this.map);
    this.markerLayer = L.layerGroup().addTo(this.map);
    L.control.layers(null, { "Events": this.markerLayer, "Labels": this.labelLayer }, { collapsed: false, position: "bottomleft" }).addTo(this.map);
    this.points = [];
    this.counts = new Map(); // ISO 3166-2 code -> matching events
    this.labels = [];
    this.map.on("zoomend", () => { this.drawMarkers(); this._placeLabels(); });
    this._legend();
    window.__marsadMap = this; // for tests and benchmarks
    this.ready = this._drawBase();
  }

  async _drawBase() {
    const [countries, fcs, areas] = await loadGeo();
    this.areas = areas.items || [];
    this.byStored = new Map();
    for (const a of this.areas) for (const n of a.admin1) this.byStored.set(a.country + ":" + n, a.code);
    if (countries) {
      L.geoJSON(countries, { interactive: false, style: (f) => ({ stroke: !COUNTRIES.includes(f.properties.country), color: "#8c8577", weight: 1.2, fillColor: LAND, fillOpacity: 1 }) }).addTo(this.baseLayer);
      for (const f of countries.features) {
        if (!f.properties.name) continue;
        this._label(labelPoint(f.geometry), f.properties.name, "country", f.geometry);
      }
    }
    this.geoLayers = [];
    this.byCode = new Map();
    for (const fc of fcs) {
      if (!fc) continue;
      // a heavy outline under opaque governorate fills: only the country's outer border stays visible
      L.geoJSON(fc, { interactive: false, style: { color: "#6b6457", weight: 3.2, fill: false } }).addTo(this.boundaryLayer);
      const layer = L.geoJSON(fc, {
        style: (f) => this._style(f),
        onEachFeature: (f, lyr) => {
          const p = f.properties;
          this.byCode.set(p.iso_3166_2, lyr);
          lyr.on("click", () => this.onAdmin1 && this.onAdmin1(p.iso_3166_2, p.name, p.country));
          lyr.bindTooltip(() => `${esc(p.name)} (${esc(p.country)}): ${fmtNum(this._count(f))} events`, { sticky: true });
          this._label(labelPoint(f.geometry), p.name, "admin1", f.geometry);
        },
      });
      layer.addTo(this.boundaryLayer);
      this.geoLayers.push(layer);
    }
    this._placeLabels();
    this.el.setAttribute("data-boundaries", String(this.geoLayers.length));
    this.el.setAttribute("data-countries", String(countries ? countries.features.length : 0));
  }

  _label(at, text, kind, geom) {
    if (!at) return;
    const b = L.geoJSON(geom).getBounds();
    const icon = L.divIcon({ className: `map-label map-label-${kind}`, html: `<span>${esc(text)}</span>`, iconSize: null });
    const m = L.marker(at, { icon, interactive: false, keyboard: false, pane: "labels" });
    this.labels.push({ m, text, kind, b });
  }

  // labels only where they fit: the region's width on screen must hold the text
  _placeLabels() {
    const z = this.map.getZoom();
    let shown = 0;
    for (const l of this.labels) {
      const w = this.map.latLngToContainerPoint(l.b.getNorthEast()).x - this.map.latLngToContainerPoint(l.b.getSouthWest()).x;
      const need = l.text.length * (l.kind === "country" ? 8 : 6.5);
      const fits = w > need && (l.kind === "country" || z >= 5.5);
      if (fits && !this.labelLayer.hasLayer(l.m)) l.m.addTo(this.labelLayer);
      if (!fits && this.labelLayer.hasLayer(l.m)) this.labelLayer.removeLayer(l.m);
      if (fits) shown++;
    }
    this.el.setAttribute("data-labels", String(shown));
  }

  _count(f) { return this.counts.get(f.properties.iso_3166_2) || 0; }

  _style(f) {
    const n = this._count(f);
    const max = this.maxCount || 1;
    return { color: "#a39d90", weight: 0.8, fillColor: n ? shade(0.15 + 0.7 * Math.sqrt(n / max)) : EMPTY, fillOpacity: 1 };
  }

  /** rows: [{admin1, n}] from /api/stats (the store's names); joined to features by code. */
  setChoropleth(rows) {
    this.ready.then(() => {
      this.counts = new Map();
      const missed = [];
      for (const r of rows || []) {
        const name = pick(r, "admin1", "name");
        const n = Number(pick(r, "n", "count", "events") || 0);
        if (!name || name === "unknown") continue;
        const codes = COUNTRIES.map((c) => this.byStored.get(c + ":" + name)).filter(Boolean);
        if (!codes.length) { missed.push(name); continue; }
        for (const code of codes) this.counts.set(code, (this.counts.get(code) || 0) + n);
      }
      this.maxCount = Math.max(1, ...this.counts.values());
      this.geoLayers.forEach((l) => {
        l.setStyle((f) => this._style(f));
        l.eachLayer((x) => { if (x.isTooltipOpen()) x.getTooltip().update(); }); // the count under the pointer
      });
      this.el.setAttribute("data-unmatched", missed.join("|"));
      this.el.setAttribute("data-shaded", [...this.counts.entries()].filter(([, n]) => n > 0).map(([c]) => c).join(","));
    });
  }

  setEvents(events) {
    this.points = [];
    for (const e of events) {
      const lat = Number(pick(e, "lat", "latitude", "location.lat"));
      const lon = Number(pick(e, "lon", "longitude", "location.lon"));
      if (!Number.isFinite(lat) || !Number.isFinite(lon) || (lat === 0 && lon === 0)) continue;
      this.points.push({ e, ll: L.latLng(lat, lon) });
    }
    this.el.setAttribute("data-points", String(this.points.length));
    this.drawMarkers();
  }

  drawMarkers() {
    this.markerLayer.clearLayers();
    const z = this.map.getZoom();
    const cells = new Map();
    for (const p of this.points) {
      const cell = z >= UNCLUSTER_ZOOM ? CLUSTER_PX / 2 : CLUSTER_PX;
      const px = this.map.project(p.ll, z);
      const key = Math.floor(px.x / cell) + ":" + Math.floor(px.y / cell);
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(p);
    }
    let nClusters = 0;
    for (const g of cells.values()) {
      if (g.length === 1) { this._marker(g[0]).addTo(this.markerLayer); continue; }
      nClusters++;
      this._cluster(g, z).addTo(this.markerLayer);
    }
    this.el.setAttribute("data-clusters", String(nClusters));
  }

  _cluster(g, z) {
    const lat = g.reduce((s, p) => s + p.ll.lat, 0) / g.length;
    const lon = g.reduce((s, p) => s + p.ll.lng, 0) / g.length;
    const size = Math.round(24 + 10 * Math.log10(g.length));
    const oneSpot = g.every((p) => p.ll.equals(g[0].ll, 1e-4));
    const icon = L.divIcon({ className: "", html: `<div class="cluster-icon${oneSpot ? " one-spot" : ""}" data-testid="map-cluster" style="width:${size}px;height:${size}px;line-height:${size - 4}px">${g.length}</div>`, iconSize: [size, size] });
    const m = L.marker([lat, lon], { icon });
    m.bindTooltip(oneSpot ? `${g.length} events at one place: click for the list` : `${g.length} events: click to zoom in`);
    m.on("click", () => {
      if (oneSpot || z >= this.map.getMaxZoom()) this._list(g, m);
      else this.map.fitBounds(L.latLngBounds(g.map((p) => p.ll)).pad(0.3), { maxZoom: this.map.getMaxZoom() });
    });
    return m;
  }

  // events that share one spot: a scrollable list, each line opens its evidence
  _list(g, marker) {
    const rows = g.slice().sort((a, b) => String(b.e.date || "").localeCompare(String(a.e.date || "")));
    const place = pick(rows[0].e, "place_name", "place", "admin1") || "";
    const html = `<div class="map-list" data-testid="map-list"><b>${rows.length} events${place ? " at " + esc(place) : ""}</b><ul>` +
      rows.map(({ e }, i) => {
        const src = actorRef(e, "source"), tgt = actorRef(e, "target");
        return `<li><a href="#" data-i="${i}" data-testid="map-list-item"><span class="type-dot" style="background:${typeColor(e.type)}"></span>${esc(e.date || "")} ${esc(e.type)}</a>
          <span class="muted">${esc(src.name || "?")} → ${esc(tgt.name || "?")}${e.fatalities ? `, ${esc(e.fatalities)} killed` : ""}</span></li>`;
      }).join("") + "</ul></div>";
    const popup = L.popup({ maxWidth: 360, maxHeight: 300 }).setLatLng(marker.getLatLng()).setContent(html).openOn(this.map);
    const el = popup.getElement();
    if (el) el.querySelectorAll("a[data-i]").forEach((a) => a.addEventListener("click", (ev) => {
      ev.preventDefault();
      const p = rows[Number(a.dataset.i)];
      if (p && this.onSelect) this.onSelect(p.e);
    }));
  }

  _marker({ e, ll }) {
    const f = Number(pick(e, "fatalities") || 0);
    const r = 5 + Math.min(16, 3 * Math.sqrt(f));
    const m = L.circleMarker(ll, { radius: r, color: "#fff", weight: 1, fillColor: typeColor(e.type), fillOpacity: 0.85 });
    const src = actorRef(e, "source"), tgt = actorRef(e, "target");
    m.bindTooltip(`<b>${esc(e.type)}${e.mode ? " / " + esc(e.mode) : ""}</b> ${esc(e.date || "")}<br>${esc(src.name || "?")} → ${esc(tgt.name || "?")}` +
      `${f ? `<br>${esc(f)} killed` : ""}<br>${esc(pick(e, "place_name", "place", "location.name", "admin1") || "")}`);
    m.on("click", () => this.onSelect && this.onSelect(e));
    return m;
  }

  /** Container pixel of a governorate's label point, zooming to it first (for tests). */
  pointOf(code) {
    const lyr = this.byCode.get(code);
    if (!lyr) return null;
    this.map.fitBounds(lyr.getBounds(), { animate: false });
    const at = labelPoint(lyr.feature.geometry);
    return at ? this.map.latLngToContainerPoint(at) : null;
  }

  _legend() {
    const ctl = L.control({ position: "topright" });
    ctl.onAdd = () => {
      const d = L.DomUtil.create("div", "map-legend");
      d.innerHTML = "<b>Markers</b>: colour = event type, size = fatalities; numbered circles group nearby events (click to zoom in); a ringed circle holds events at one place (click for the list).<br><b>Shading</b>: events per governorate; click one to filter.";
      return d;
    };
    ctl.addTo(this.map);
  }

  invalidate() { this.map.invalidateSize(); }
  remove() { if (window.__marsadMap === this) window.__marsadMap = null; this.map.remove(); }
}

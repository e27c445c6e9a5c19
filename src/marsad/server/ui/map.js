// Event map: bundled admin1 boundaries as the base (no tiles), an admin1 choropleth of counts,
// event markers coloured by type and sized by fatalities, grid-clustered at low zoom.
import { leaflet as L } from "/vendor/leaflet/index.js";
import { api, esc, fmtNum, normName, pick, typeColor, actorRef } from "/ui/util.js";

const COUNTRIES = ["IQ", "SY", "JO"];
const CLUSTER_PX = 56;
const UNCLUSTER_ZOOM = 9;
let boundaryCache = null;

async function loadBoundaries() {
  if (!boundaryCache) {
    boundaryCache = Promise.all(COUNTRIES.map((c) => api(`/api/geo/${c}/adm1`).catch(() => null)));
  }
  return boundaryCache;
}

export class EventMap {
  constructor(el, { onSelect, onAdmin1 } = {}) {
    this.el = el;
    this.onSelect = onSelect;
    this.onAdmin1 = onAdmin1;
    this.map = L.map(el, { zoomSnap: 0.25, minZoom: 4, maxZoom: 13, preferCanvas: true, attributionControl: true });
    this.map.attributionControl.setPrefix("Leaflet");
    this.map.attributionControl.addAttribution(
      'Boundaries: CSO Iraq &amp; OCHA; UNCS &amp; OCHA; Wikimedia via geoBoundaries (CC BY) — <a href="#/about" data-testid="map-credits">credits</a>'
    );
    this.map.fitBounds([[29.0, 34.8], [37.6, 48.8]]);
    this.boundaryLayer = L.layerGroup().addTo(this.map);
    this.markerLayer = L.layerGroup().addTo(this.map);
    this.points = [];
    this.counts = new Map();
    this.map.on("zoomend", () => this.drawMarkers());
    this._legend();
    this.ready = this._drawBoundaries();
  }

  async _drawBoundaries() {
    const fcs = await loadBoundaries();
    this.geoLayers = [];
    for (const fc of fcs) {
      if (!fc) continue;
      const layer = L.geoJSON(fc, {
        style: (f) => this._style(f),
        onEachFeature: (f, lyr) => {
          lyr.on("click", () => this.onAdmin1 && this.onAdmin1(f.properties.name, f.properties.country));
          lyr.bindTooltip(() => `${esc(f.properties.name)} (${esc(f.properties.country)}): ${fmtNum(this._count(f))} events`, { sticky: true });
        },
      });
      layer.addTo(this.boundaryLayer);
      this.geoLayers.push(layer);
    }
    this.el.setAttribute("data-boundaries", String(this.geoLayers.length));
  }

  _count(f) { return this.counts.get(f.properties.country + ":" + normName(f.properties.name)) || 0; }

  _style(f) {
    const n = this._count(f);
    const max = this.maxCount || 1;
    const t = n ? 0.15 + 0.65 * Math.sqrt(n / max) : 0;
    return { color: "#5b6b82", weight: 1, fillColor: n ? "#1f3a5f" : "#f3f1ea", fillOpacity: n ? t : 0.9 };
  }

  setChoropleth(rows) {
    // rows: [{admin1, country?, n}] from /api/stats
    this.counts = new Map();
    let max = 0;
    for (const r of rows || []) {
      const name = pick(r, "admin1", "name");
      const n = Number(pick(r, "n", "count", "events") || 0);
      if (!name) continue;
      for (const c of r.country ? [r.country] : COUNTRIES) {
        const k = c + ":" + normName(name);
        this.counts.set(k, (this.counts.get(k) || 0) + n);
        max = Math.max(max, this.counts.get(k));
      }
    }
    this.maxCount = max;
    this.ready.then(() => {
      (this.geoLayers || []).forEach((l) => l.setStyle((f) => this._style(f)));
      // names that match no boundary (outside IQ/SY/JO, or spelled in a way the join misses)
      const known = new Set();
      (this.geoLayers || []).forEach((l) => l.eachLayer((x) => known.add(normName(x.feature.properties.name))));
      const missed = (rows || []).map((r) => pick(r, "admin1", "name")).filter((n) => n && n !== "unknown" && !known.has(normName(n)));
      this.el.setAttribute("data-unmatched", missed.join("|"));
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
    let groups;
    if (z >= UNCLUSTER_ZOOM) {
      groups = this.points.map((p) => [p]);
    } else {
      const cells = new Map();
      for (const p of this.points) {
        const px = this.map.project(p.ll, z);
        const key = Math.floor(px.x / CLUSTER_PX) + ":" + Math.floor(px.y / CLUSTER_PX);
        if (!cells.has(key)) cells.set(key, []);
        cells.get(key).push(p);
      }
      groups = [...cells.values()];
    }
    let nClusters = 0;
    for (const g of groups) {
      if (g.length === 1) {
        this._marker(g[0]).addTo(this.markerLayer);
      } else {
        nClusters++;
        const lat = g.reduce((s, p) => s + p.ll.lat, 0) / g.length;
        const lon = g.reduce((s, p) => s + p.ll.lng, 0) / g.length;
        const size = Math.round(24 + 10 * Math.log10(g.length));
        const icon = L.divIcon({ className: "", html: `<div class="cluster-icon" data-testid="map-cluster" style="width:${size}px;height:${size}px;line-height:${size - 4}px">${g.length}</div>`, iconSize: [size, size] });
        const m = L.marker([lat, lon], { icon });
        m.on("click", () => this.map.fitBounds(L.latLngBounds(g.map((p) => p.ll)).pad(0.3), { maxZoom: UNCLUSTER_ZOOM }));
        m.bindTooltip(`${g.length} events`);
        m.addTo(this.markerLayer);
      }
    }
    this.el.setAttribute("data-clusters", String(nClusters));
  }

  _marker({ e, ll }) {
    const f = Number(pick(e, "fatalities") || 0);
    const r = 5 + Math.min(16, 3 * Math.sqrt(f));
    const m = L.circleMarker(ll, { radius: r, color: "#fff", weight: 1, fillColor: typeColor(e.type), fillOpacity: 0.85 });
    const src = actorRef(e, "source"), tgt = actorRef(e, "target");
    m.bindTooltip(`<b>${esc(e.type)}${e.mode ? " / " + esc(e.mode) : ""}</b> ${esc(e.date || "")}<br>${esc(src.name || "?")} → ${esc(tgt.name || "?")}` +
      `${f ? `<br>${f} killed` : ""}<br>${esc(pick(e, "place_name", "place", "location.name", "admin1") || "")}`);
    m.on("click", () => this.onSelect && this.onSelect(e));
    return m;
  }

  _legend() {
    const ctl = L.control({ position: "topright" });
    ctl.onAdd = () => {
      const d = L.DomUtil.create("div", "map-legend");
      d.innerHTML = "<b>Markers</b>: colour = event type, size = fatalities; numbered circles group nearby events.<br><b>Shading</b>: events per governorate.";
      return d;
    };
    ctl.addTo(this.map);
  }

  invalidate() { this.map.invalidateSize(); }
  remove() { this.map.remove(); }
}

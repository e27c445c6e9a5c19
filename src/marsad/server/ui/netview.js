// Actor network: the server computes coordinates, so ECharts draws with layout "none" and never
// runs a force simulation; large graphs drop labels and animation and render progressively.
import { echarts } from "/vendor/echarts/index.js";
import { edgeColor, kindColor, esc } from "/ui/util.js";

const LABEL_LIMIT = 250;
const FAST_LIMIT = 1500; // above this many nodes, draw with large-mode scatter + lines series

export class NetworkView {
  constructor(el, { onNode } = {}) {
    this.el = el;
    this.chart = echarts.init(el, null, { renderer: "canvas" });
    window.__marsadNetworkChart = this.chart; // for benchmarks and tests
    this.chart.on("click", (p) => {
      if (!onNode) return;
      if (p.dataType === "node") onNode(p.data.id);
      else if (p.seriesType === "scatter") {
        const n = (p.data && p.data.id) ? p.data : (this.byKind && this.byKind.get(p.seriesName) || [])[p.dataIndex];
        if (n && n.id) onNode(n.id);
      }
    });
    this._resize = () => this.chart.resize();
    window.addEventListener("resize", this._resize);
  }

  setData(net, focus, expanded = new Set()) {
    const t0 = performance.now();
    this._whenFinished(t0);
    if (net.nodes.length > FAST_LIMIT) return this._setLarge(net, focus);
    this.byKind = null;
    const big = net.nodes.length > LABEL_LIMIT;
    const maxDeg = Math.max(1, ...net.nodes.map((n) => n.degree || 0));
    const kinds = [...new Set(net.nodes.map((n) => n.kind || "unknown"))];
    const catIndex = new Map(kinds.map((k, i) => [k, i]));
    const names = new Map(net.nodes.map((n) => [n.id, n.name || n.id]));
    const size = (n) => (big ? 3 : 7) + (big ? 10 : 22) * Math.sqrt((n.degree || 0) / maxDeg);
    const px = big ? null : this._fit(net.nodes);
    // small graphs: a label wherever it fits on screen, best connected first; big: the 40 hubs
    const ranked = net.nodes.map((n) => n.degree || 0).sort((a, b) => b - a);
    const labelMin = !big ? 0 : ranked[Math.min(ranked.length - 1, 39)] + 0.5;
    const shown = big ? null : this._placeLabels(net.nodes, px, size, focus);
    const nodes = net.nodes.map((n) => ({
      id: n.id, name: n.name, x: px ? px.get(n.id)[0] : n.x, y: px ? px.get(n.id)[1] : n.y,
      value: n.degree, symbolSize: size(n),
      category: catIndex.get(n.kind || "unknown"),
      label: shown ? { show: shown.has(n.id), position: shown.get(n.id) || "right" } : { show: (n.degree || 0) >= labelMin || n.id === focus },
      itemStyle: n.id === focus || expanded.has(n.id) ? { borderColor: "#f2c14e", borderWidth: 3 } : undefined,
    }));
    const links = net.edges.map((e) => ({
      source: e.source, target: e.target, value: e.weight,
      lineStyle: { color: edgeColor(e.type, "#aaa"), width: e.type === "co_event" ? Math.min(4, 0.6 + Math.log2(e.weight)) : 1.4,
        opacity: big ? 0.35 : 0.7, curveness: e.type === "co_event" ? 0 : 0.12 },
      edgeType: e.type,
    }));
    this.chart.setOption({
      animation: false,
      tooltip: { formatter: (p) => p.dataType === "node" ? `${esc(p.data.name)}<br>${esc(kinds[p.data.category])} · degree ${esc(p.data.value)}` : `${esc(names.get(p.data.source) || p.data.source)} — ${esc(String(p.data.edgeType).replace("_", " "))} → ${esc(names.get(p.data.target) || p.data.target)} (${esc(p.data.value)})` },
      legend: [{ data: kinds, top: 0, textStyle: { fontSize: 11 } }],
      series: [{
        type: "graph", layout: "none", roam: true, draggable: false,
        progressive: 400, progressiveThreshold: 1000,
        categories: kinds.map((k) => ({ name: k, itemStyle: { color: kindColor(k) } })),
        data: nodes, links,
        edgeSymbol: ["none", big ? "none" : "arrow"], edgeSymbolSize: 6,
        label: { position: "right", fontSize: 11, color: "#1c2330", textBorderColor: "#fff", textBorderWidth: 2 },
        emphasis: { focus: big ? "none" : "adjacency", lineStyle: { width: 3 } },
        silent: false,
      }],
    }, { notMerge: true });
    this.el.setAttribute("data-nodes", String(nodes.length));
    this.el.setAttribute("data-edges", String(links.length));
    this.el.setAttribute("data-labels", String(nodes.filter((n) => n.label.show).length));
  }

  // the server's layout stretched to the container (room for labels on the right), in pixels
  _fit(list) {
    const W = Math.max(300, this.el.clientWidth || 1000), H = Math.max(200, (this.el.clientHeight || 640) - 40);
    const xs = list.map((n) => n.x), ys = list.map((n) => n.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const pad = 24, right = 150;
    return new Map(list.map((n) => [n.id, [
      pad + ((n.x - x0) / (x1 - x0 || 1)) * (W - 2 * pad - right),
      pad + ((n.y - y0) / (y1 - y0 || 1)) * (H - 2 * pad),
    ]]));
  }

  // greedy: best-connected first, a label is shown when its box overlaps no shown label or node
  _placeLabels(list, px, size, focus) {
    const boxes = list.map((n) => { const [x, y] = px.get(n.id), r = size(n) / 2; return [x - r, y - r, x + r, y + r, n.id]; });
    const hit = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    const order = list.slice().sort((a, b) => (b.id === focus) - (a.id === focus) || (b.degree || 0) - (a.degree || 0));
    const shown = new Map(), taken = [];
    for (const n of order) {
      const [x, y] = px.get(n.id), r = size(n) / 2, w = 6.3 * String(n.name || n.id).length;
      const tries = {
        right: [x + r + 3, y - 8, x + r + 5 + w, y + 8], left: [x - r - 5 - w, y - 8, x - r - 3, y + 8],
        top: [x - w / 2, y - r - 18, x + w / 2, y - r - 2], bottom: [x - w / 2, y + r + 2, x + w / 2, y + r + 18],
      };
      for (const [pos, box] of Object.entries(tries)) {
        if (taken.some((t) => hit(box, t)) || boxes.some((b) => b[4] !== n.id && hit(box, b))) continue;
        taken.push(box); shown.set(n.id, pos);
        break;
      }
    }
    return shown;
  }

  _whenFinished(t0) {
    this.el.setAttribute("data-rendered", "0");
    this.chart.off("finished");
    this.chart.on("finished", () => {
      if (this.el.getAttribute("data-rendered") === "1") return;
      this.el.setAttribute("data-rendered", "1");
      this.el.setAttribute("data-render-ms", String(Math.round(performance.now() - t0)));
      window.__marsadNetworkRendered = performance.now();
    });
  }

  // Thousands of nodes: one large-mode scatter per kind and one large-mode lines series per edge
  // type on hidden value axes; pan/zoom through inside dataZoom. Only the hubs carry labels.
  _setLarge(net, focus) {
    const maxDeg = Math.max(1, ...net.nodes.map((n) => n.degree || 0));
    const pos = new Map(net.nodes.map((n) => [n.id, n]));
    const kinds = [...new Set(net.nodes.map((n) => n.kind || "unknown"))];
    const byKind = new Map(kinds.map((k) => [k, []]));
    for (const n of net.nodes) byKind.get(n.kind || "unknown").push(n);
    const byType = new Map();
    for (const e of net.edges) {
      const a = pos.get(e.source), b = pos.get(e.target);
      if (!a || !b) continue;
      if (!byType.has(e.type)) byType.set(e.type, []);
      byType.get(e.type).push({ coords: [[a.x, a.y], [b.x, b.y]] });
    }
    const ranked = net.nodes.slice().sort((a, b) => (b.degree || 0) - (a.degree || 0));
    const hubs = ranked.slice(0, 40);
    if (focus && pos.get(focus) && !hubs.includes(pos.get(focus))) hubs.push(pos.get(focus));
    const size = (n) => 3 + 12 * Math.sqrt((n.degree || 0) / maxDeg);
    // keep the layout's aspect ratio: pad the shorter data span to the container's shape
    const w = this.el.clientWidth || 800, h = Math.max(1, (this.el.clientHeight || 600) - 28);
    const xs = net.nodes.map((n) => n.x), ys = net.nodes.map((n) => n.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const spanX = Math.max(x1 - x0, ((y1 - y0) * w) / h, 1) * 1.06, spanY = (spanX * h) / w;
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    this.kindsOrder = kinds;
    this.byKind = byKind;
    this.chart.setOption({
      animation: false,
      grid: { left: 0, right: 0, top: 28, bottom: 0 },
      xAxis: { type: "value", show: false, min: cx - spanX / 2, max: cx + spanX / 2 },
      yAxis: { type: "value", show: false, inverse: true, min: cy - spanY / 2, max: cy + spanY / 2 },
      dataZoom: [{ type: "inside", xAxisIndex: 0, filterMode: "none", throttle: 16 }, { type: "inside", yAxisIndex: 0, filterMode: "none", throttle: 16 }],
      legend: [{ data: kinds, top: 0, textStyle: { fontSize: 11 } }],
      tooltip: { trigger: "item", formatter: (p) => (p.data && p.data.name) ? `${esc(p.data.name)}<br>${esc(p.data.kind || "")} · degree ${esc(p.data.degree)}` : "" },
      series: [
        ...[...byType.entries()].map(([t, data]) => ({
          type: "lines", name: t, coordinateSystem: "cartesian2d", large: true, largeThreshold: 500, silent: true,
          progressive: 0, polyline: false, data,
          lineStyle: { color: edgeColor(t, "#aaa"), width: t === "co_event" ? 0.6 : 0.8, opacity: 0.35 },
        })),
        ...kinds.map((k) => ({
          type: "scatter", name: k, large: true, largeThreshold: 800, progressive: 0,
          data: byKind.get(k).map((n) => ({ value: [n.x, n.y], id: n.id, name: n.name, kind: n.kind, degree: n.degree, symbolSize: size(n) })),
          symbolSize: (v, p) => (p && p.data && p.data.symbolSize) || 4,
          itemStyle: { color: kindColor(k) },
        })),
        { type: "scatter", name: "labels", data: hubs.map((n) => ({ value: [n.x, n.y], id: n.id, name: n.name, kind: n.kind, degree: n.degree })),
          symbolSize: (v, p) => size(p.data), itemStyle: { color: "rgba(0,0,0,0)", borderColor: "#1c2330", borderWidth: 1 },
          label: { show: true, position: "right", formatter: (p) => p.data.name, fontSize: 11, color: "#1c2330" } },
      ],
    }, { notMerge: true });
    this.el.setAttribute("data-nodes", String(net.nodes.length));
    this.el.setAttribute("data-edges", String(net.edges.length));
  }

  dispose() { window.removeEventListener("resize", this._resize); this.chart.dispose(); }
}

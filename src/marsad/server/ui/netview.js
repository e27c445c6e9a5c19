// Actor network: the server computes coordinates, so ECharts draws with layout "none" and never
// runs a force simulation; large graphs drop labels and animation and render progressively.
import { echarts } from "/vendor/echarts/index.js";
import { EDGE_COLORS, KIND_COLORS } from "/ui/util.js";

const LABEL_LIMIT = 250;

export class NetworkView {
  constructor(el, { onNode } = {}) {
    this.el = el;
    this.chart = echarts.init(el, null, { renderer: "canvas" });
    this.chart.on("click", (p) => {
      if (p.dataType === "node" && onNode) onNode(p.data.id);
    });
    this._resize = () => this.chart.resize();
    window.addEventListener("resize", this._resize);
  }

  setData(net, focus) {
    const t0 = performance.now();
    const big = net.nodes.length > LABEL_LIMIT;
    const maxDeg = Math.max(1, ...net.nodes.map((n) => n.degree || 0));
    const kinds = [...new Set(net.nodes.map((n) => n.kind || "unknown"))];
    const catIndex = new Map(kinds.map((k, i) => [k, i]));
    // label only the best-connected actors (and the focus); the rest show on hover
    const ranked = net.nodes.map((n) => n.degree || 0).sort((a, b) => b - a);
    const labelMin = net.nodes.length <= 60 ? 0 : ranked[Math.min(ranked.length - 1, 39)] + 0.5;
    const nodes = net.nodes.map((n) => ({
      id: n.id, name: n.name, x: n.x, y: n.y,
      value: n.degree, symbolSize: (big ? 3 : 7) + (big ? 10 : 22) * Math.sqrt((n.degree || 0) / maxDeg),
      category: catIndex.get(n.kind || "unknown"),
      label: { show: (n.degree || 0) >= labelMin || n.id === focus },
      itemStyle: n.id === focus ? { borderColor: "#f2c14e", borderWidth: 3 } : undefined,
    }));
    const links = net.edges.map((e) => ({
      source: e.source, target: e.target, value: e.weight,
      lineStyle: { color: EDGE_COLORS[e.type] || "#aaa", width: e.type === "co_event" ? Math.min(4, 0.6 + Math.log2(e.weight)) : 1.4,
        opacity: big ? 0.35 : 0.7, curveness: e.type === "co_event" ? 0 : 0.12 },
      edgeType: e.type,
    }));
    this.el.setAttribute("data-rendered", "0");
    this.chart.off("finished");
    this.chart.on("finished", () => {
      if (this.el.getAttribute("data-rendered") === "1") return;
      this.el.setAttribute("data-rendered", "1");
      this.el.setAttribute("data-render-ms", String(Math.round(performance.now() - t0)));
      window.__marsadNetworkRendered = performance.now();
    });
    this.chart.setOption({
      animation: false,
      tooltip: { formatter: (p) => p.dataType === "node" ? `${p.data.name}<br>${kinds[p.data.category]} · degree ${p.data.value}` : `${p.data.source} — ${p.data.edgeType} → ${p.data.target} (${p.data.value})` },
      legend: [{ data: kinds, top: 0, textStyle: { fontSize: 11 } }],
      series: [{
        type: "graph", layout: "none", roam: true, draggable: false,
        progressive: 400, progressiveThreshold: 1000,
        categories: kinds.map((k) => ({ name: k, itemStyle: { color: KIND_COLORS[k] || "#888" } })),
        data: nodes, links,
        edgeSymbol: ["none", big ? "none" : "arrow"], edgeSymbolSize: 6,
        label: { position: "right", fontSize: 11, color: "#1c2330" },
        emphasis: { focus: big ? "none" : "adjacency", lineStyle: { width: 3 } },
        silent: false,
      }],
    }, { notMerge: true });
    this.el.setAttribute("data-nodes", String(nodes.length));
    this.el.setAttribute("data-edges", String(links.length));
  }

  dispose() { window.removeEventListener("resize", this._resize); this.chart.dispose(); }
}

// Timeline: events per week/month, stacked by type or actor (ECharts), with a brush over the
// periods; brushing reports [first period, last period] so every other view can filter on it.
import { echarts } from "/vendor/echarts/index.js";
import { pick, typeColor } from "/ui/util.js";

const MAX_SERIES = 10;
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
  "#bcbd22", "#393b79", "#7f7f7f"];

export class Timeline {
  constructor(el, { onBrush } = {}) {
    this.el = el;
    this.onBrush = onBrush;
    this.chart = echarts.init(el, null, { renderer: "canvas" });
    this.periods = [];
    this.chart.on("brushEnd", (p) => this._brushed(p));
    this.chart.on("click", (p) => {
      if (p.componentType === "series" && this.onBrush) this.onBrush(this.periods[p.dataIndex], this.periods[p.dataIndex]);
    });
    this.chart.on("finished", () => el.setAttribute("data-rendered", "1"));
    this._resize = () => this.chart.resize();
    window.addEventListener("resize", this._resize);
  }

  /** rows: [{period, type|actor|key, n}]; group: "type" | "actor". */
  setData(rows, group, selected) {
    const keyOf = (r) => String(pick(r, group === "actor" ? "actor_name" : "type", group === "actor" ? "actor" : "key", "actor_id", "key", "group") ?? "other");
    const periods = fillPeriods([...new Set(rows.map((r) => String(pick(r, "period", "week", "month", "bucket"))))].filter((p) => p !== "null").sort());
    const totals = new Map();
    for (const r of rows) totals.set(keyOf(r), (totals.get(keyOf(r)) || 0) + Number(pick(r, "n", "count", "events") || 0));
    let keys = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a));
    const top = new Set(keys.slice(0, MAX_SERIES));
    if (keys.length > MAX_SERIES) keys = [...keys.slice(0, MAX_SERIES), "other"];
    const idx = new Map(periods.map((p, i) => [p, i]));
    const series = new Map(keys.map((k) => [k, new Array(periods.length).fill(0)]));
    for (const r of rows) {
      let k = keyOf(r);
      if (!top.has(k)) k = "other";
      const i = idx.get(String(pick(r, "period", "week", "month", "bucket")));
      if (i === undefined || !series.has(k)) continue;
      series.get(k)[i] += Number(pick(r, "n", "count", "events") || 0);
    }
    this.periods = periods;
    this.el.setAttribute("data-periods", String(periods.length));
    this.chart.setOption({
      animation: false,
      grid: { left: 40, right: 12, top: 34, bottom: 24 },
      color: PALETTE,
      legend: { type: "scroll", top: 0, left: 10, right: 70, textStyle: { fontSize: 11 } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      toolbox: { right: 8, top: 0, feature: { brush: { type: ["lineX", "clear"], title: { lineX: "Select periods", clear: "Clear selection" } } } },
      brush: { xAxisIndex: 0, brushType: "lineX", brushMode: "single", throttleType: "debounce", throttleDelay: 200,
        brushStyle: { color: "rgba(242,193,78,0.25)", borderColor: "#c99a1a", borderWidth: 1 }, outOfBrush: { colorAlpha: 0.25 } },
      xAxis: { type: "category", data: periods, axisLabel: { fontSize: 11 } },
      yAxis: { type: "value", minInterval: 1, axisLabel: { fontSize: 11 } },
      series: keys.map((k) => ({ name: k, type: "bar", stack: "all", data: series.get(k), barCategoryGap: "15%",
        itemStyle: { color: group === "type" ? typeColor(k) : undefined } })),
    }, { notMerge: true });
    this.chart.dispatchAction({ type: "takeGlobalCursor", key: "brush", brushOption: { brushType: "lineX", brushMode: "single" } });
    if (selected && selected[0]) this.showRange(selected[0], selected[1]);
  }

  showRange(start, end) {
    const i0 = this.periods.findIndex((p) => p >= start.slice(0, p.length) || p.startsWith(start));
    let i1 = -1;
    for (let i = this.periods.length - 1; i >= 0; i--) { if (this.periods[i].slice(0, (end || start).length) <= (end || start)) { i1 = i; break; } }
    if (i0 < 0 || i1 < i0) return;
    this._silent = true;
    this.chart.dispatchAction({ type: "brush", areas: [{ brushType: "lineX", xAxisIndex: 0, coordRange: [i0, i1] }] });
    this._silent = false;
  }

  _brushed(p) {
    if (this._silent || !this.onBrush) return;
    const area = (p.areas || [])[0];
    if (!area) { this.onBrush(null, null); return; }
    let [a, b] = area.coordRange || [];
    a = Math.max(0, Math.round(a)); b = Math.min(this.periods.length - 1, Math.round(b));
    if (!this.periods.length || b < a) return;
    this.onBrush(this.periods[a], this.periods[b]);
  }

  dispose() { window.removeEventListener("resize", this._resize); this.chart.dispose(); }
}

// Months with no events still get a (zero) bar, so the axis is continuous time.
function fillPeriods(periods) {
  const months = periods.filter((p) => /^\d{4}-\d{2}$/.test(p));
  const weeks = periods.filter((p) => /^\d{4}-\d{2}-\d{2}$/.test(p));
  const out = new Set(periods);
  if (months.length >= 2 && months.length >= periods.length / 2) {
    let [y, m] = months[0].split("-").map(Number);
    const last = months[months.length - 1];
    for (let guard = 0; guard < 1200; guard++) {
      const label = `${y}-${String(m).padStart(2, "0")}`;
      out.add(label);
      if (label >= last) break;
      m += 1; if (m > 12) { m = 1; y += 1; }
    }
  } else if (weeks.length >= 2 && weeks.length >= periods.length / 2) {
    let d = new Date(weeks[0] + "T00:00:00Z");
    const last = weeks[weeks.length - 1];
    for (let guard = 0; guard < 1000; guard++) {
      const label = d.toISOString().slice(0, 10);
      out.add(label);
      if (label >= last) break;
      d = new Date(d.getTime() + 7 * 864e5);
    }
  }
  return [...out].sort();
}

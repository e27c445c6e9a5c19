// Tempo view (#/tempo): attacks per period against the published running totals, a Hawkes
// forecast with its simulated band, change flags, a lever panel (strike schedules, withdrawal
// scenarios) and backtest scores. Clicking a bar lists that period's attacks, each linked to its
// evidence (#/event/ID).
import { echarts } from "/vendor/echarts/index.js";
import { api, esc } from "/ui/util.js";

const COUNTRIES = [["", "all countries"], ["IQ", "Iraq"], ["SY", "Syria"], ["JO", "Jordan"]];
const DAY = 86400000;

function iso(d) { return new Date(d).toISOString().slice(0, 10); }

function periodEnd(start, by) {
  const d = new Date(start + "T00:00:00Z");
  if (by === "day") return start;
  if (by === "week") return iso(d.getTime() + 6 * DAY);
  return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
}

function chartOn(el) {
  const chart = echarts.init(el, null, { renderer: "canvas" });
  el.__chart = chart;
  const resize = () => chart.resize();
  window.addEventListener("resize", resize);
  return { chart, dispose: () => { window.removeEventListener("resize", resize); chart.dispose(); } };
}

// a click anywhere in a category column (on the bar, an overlaid line or the empty space above
// the bar) selects that column: lines and markers drawn over a bar must not swallow the click
function onColumnClick(chart, handler) {
  chart.getZr().on("click", (e) => {
    const pt = [e.offsetX, e.offsetY];
    if (!chart.containPixel({ gridIndex: 0 }, pt)) return;
    const i = chart.convertFromPixel({ gridIndex: 0 }, pt)[0];
    const cats = chart.getOption().xAxis[0].data || [];
    if (Number.isInteger(i) && i >= 0 && i < cats.length) handler(i, cats[i], chart.getOption().series[0].data[i]);
  });
}

function query(state, extra = {}) {
  const q = { ...extra };
  if (state.country) q.country = state.country;
  return q;
}

function drawTempo(chart, el, data) {
  const periods = data.totals.map((t) => t.period);
  let cum = 0;
  const counted = data.totals.map((t) => (cum += t.n));
  const published = new Array(periods.length).fill(null);
  for (const p of data.published || []) {
    const day = String(p.as_of).slice(0, 10);
    let i = periods.length - 1;
    while (i > 0 && periods[i] > day) i--;
    published[i] = Math.max(published[i] ?? 0, p.published);
  }
  chart.setOption({
    animation: false,
    grid: { left: 44, right: 50, top: 34, bottom: 28 },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: periods, axisLabel: { fontSize: 11 } },
    yAxis: [{ type: "value", name: `per ${data.by}`, minInterval: 1 }, { type: "value", name: "cumulative", splitLine: { show: false } }],
    series: [
      { name: "attacks", type: "bar", data: data.totals.map((t) => t.n), itemStyle: { color: "#4c78a8" } },
      { name: `${data.window}-${data.by} mean`, type: "line", data: data.totals.map((t) => +t.rolling.toFixed(2)), showSymbol: false, color: "#222" },
      { name: "counted (cumulative)", type: "line", yAxisIndex: 1, step: "end", data: counted, showSymbol: false, color: "#72b7b2" },
      { name: "published total", type: "scatter", yAxisIndex: 1, data: published, color: "#d62728", symbolSize: 8 },
    ],
  }, { notMerge: true });
  el.setAttribute("data-periods", String(periods.length));
}

function drawForecast(chart, el, fc, history) {
  const days = fc.forecast.days.map((d) => d.day);
  const histDays = history.map((h) => h.period);
  const x = [...histDays, ...days];
  const pad = new Array(histDays.length).fill(null);
  chart.setOption({
    animation: false,
    grid: { left: 44, right: 16, top: 34, bottom: 28 },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: x, axisLabel: { fontSize: 11 } },
    yAxis: { type: "value", name: "per day", minInterval: 1 },
    series: [
      { name: "attacks", type: "bar", data: [...history.map((h) => h.n), ...new Array(days.length).fill(null)], itemStyle: { color: "#9ab" } },
      { name: "p10", type: "line", stack: "band", data: [...pad, ...fc.forecast.days.map((d) => d.p10)], lineStyle: { opacity: 0 }, showSymbol: false, color: "#d62728" },
      { name: "10-90% band", type: "line", stack: "band", data: [...pad, ...fc.forecast.days.map((d) => d.p90 - d.p10)], lineStyle: { opacity: 0 }, areaStyle: { color: "rgba(214,39,40,0.2)" }, showSymbol: false, color: "#d62728" },
      { name: "forecast mean", type: "line", data: [...pad, ...fc.forecast.days.map((d) => d.mean)], showSymbol: false, color: "#d62728" },
    ],
  }, { notMerge: true });
  el.setAttribute("data-band", "1");
}

function drawScenarios(chart, el, res) {
  const names = Object.keys(res.scenario_daily);
  const x = res.scenario_daily[names[0]].map((d) => d.day);
  const colors = ["#4c78a8", "#f58518", "#54a24b", "#b279a2"];
  const series = [];
  names.forEach((n, i) => {
    const rows = res.scenario_daily[n];
    series.push({ name: n, type: "line", data: rows.map((d) => d.cum_mean), showSymbol: false, color: colors[i % 4] });
    series.push({ name: `${n} p10`, type: "line", stack: n, data: rows.map((d) => d.cum_p10), lineStyle: { opacity: 0 }, showSymbol: false, color: colors[i % 4], tooltip: { show: false } });
    series.push({ name: `${n} band`, type: "line", stack: n, data: rows.map((d) => d.cum_p90 - d.cum_p10), lineStyle: { opacity: 0 }, areaStyle: { opacity: 0.15 }, showSymbol: false, color: colors[i % 4] });
  });
  chart.setOption({
    animation: false, grid: { left: 44, right: 16, top: 34, bottom: 28 },
    legend: { top: 0, data: names, textStyle: { fontSize: 11 } }, tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: x }, yAxis: { type: "value", name: "cumulative attacks" }, series,
  }, { notMerge: true });
  el.setAttribute("data-scenarios", String(names.length));
}

function table(rows, cols, testid) {
  return `<table class="data"><thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) =>
    `<tr data-testid="${testid}">${cols.map((c) => `<td>${esc(r[c] ?? "")}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

export async function tempoView(parts, params) {
  const view = document.getElementById("view");
  const state = { by: params.get("by") || "week", country: params.get("country") || "", end: params.get("end") || "" };
  view.innerHTML = `
    <section class="panel"><h2>Tempo of attacks</h2>
      <div class="filters">
        <label>Period <select data-testid="tempo-by">${["day", "week", "month"].map((b) => `<option ${b === state.by ? "selected" : ""}>${b}</option>`).join("")}</select></label>
        <label>Country <select data-testid="tempo-country">${COUNTRIES.map(([v, l]) => `<option value="${v}" ${v === state.country ? "selected" : ""}>${l}</option>`).join("")}</select></label>
        <label>Forecast from the end of <input type="date" data-testid="forecast-end" value="${esc(state.end)}"></label>
      </div>
      <div data-testid="tempo-chart" style="height:300px"></div>
      <p class="small" data-testid="tempo-gap"></p>
      <div data-testid="tempo-events"></div></section>
    <section class="panel"><h3>Forecast (self-exciting model)</h3><p class="small" data-testid="fit-summary">fitting…</p>
      <div data-testid="forecast-chart" style="height:260px"></div></section>
    <section class="panel" data-testid="lever-panel"><h3>Levers and scenarios</h3>
      <div class="filters"><label>Strikes every <input type="number" min="1" value="7" data-testid="lever-every" style="width:4em"> days</label>
        <label>Withdrawal from place id <input data-testid="lever-place" placeholder="e.g. ain-al-asad"></label>
        <button data-testid="apply-scenario">Apply scenario</button></div>
      <p class="small" data-testid="lever-effect"></p><div data-testid="scenario-chart" style="height:260px"></div><div data-testid="scenario-table"></div></section>
    <section class="panel"><h3>Change flags</h3><div data-testid="change-flags">…</div></section>
    <section class="panel"><h3>Backtest</h3><button data-testid="run-backtest">Run weekly backtest from December 2023</button><div data-testid="backtest-table"></div></section>`;
  const $ = (id) => view.querySelector(`[data-testid=${id}]`);
  const charts = [chartOn($("tempo-chart")), chartOn($("forecast-chart")), chartOn($("scenario-chart"))];
  let current = null;
  let asked = 0;  // only the latest click's answer is shown, however the responses arrive

  async function showPeriod(i, start = current.totals[i].period, by = current.by) {
    const end = periodEnd(start, by);
    const mine = ++asked;
    const rows = (await api("/api/analysis/attacks", query(state, { start, end }))).items;
    if (mine !== asked) return;
    $("tempo-events").innerHTML = `<h3>${rows.length} attacks, ${esc(start)} – ${esc(end)}</h3><ul>${rows.map((e) =>
      `<li><a data-testid="tempo-event-link" href="#/event/${encodeURIComponent(e.id)}">${esc(e.date)} · ${esc(e.place_name || e.admin1 || "")}</a> ${esc(e.source_actor_name || "")}</li>`).join("")}</ul>`;
  }
  onColumnClick(charts[0].chart, (i) => showPeriod(i));
  // a day of the forecast chart's history lists that day's attacks too (forecast days have none)
  onColumnClick(charts[1].chart, (i, day, n) => { if (n) showPeriod(null, day, "day"); });

  // a filter changed while an earlier request was under way: only the latest answer is drawn
  const latest = { tempo: 0, forecast: 0 };

  async function loadTempo() {
    const mine = ++latest.tempo;
    const data = await api("/api/analysis/tempo", query(state, { by: state.by }));
    if (mine !== latest.tempo) return;
    current = data;
    drawTempo(charts[0].chart, $("tempo-chart"), current);
    $("tempo-chart").setAttribute("data-country", state.country || "all");
    const last = (current.published || []).slice(-1)[0];
    $("tempo-gap").textContent = last ? `Latest published total ${last.published} (${String(last.as_of).slice(0, 10)}) vs ${last.counted} counted rows: gap ${last.gap}.` : "No published totals stored.";
  }

  async function loadForecast() {
    $("forecast-chart").removeAttribute("data-band");
    const q = query(state, { days: 30, sims: 300 });
    if (state.end) q.end = state.end;
    const mine = ++latest.forecast;
    const [fc, daily] = await Promise.all([api("/api/analysis/forecast", q), api("/api/analysis/tempo", query(state, { by: "day", ...(state.end ? { end: state.end } : {}) }))]);
    if (mine !== latest.forecast) return;
    const f = fc.fit;
    $("fit-summary").textContent = `${f.events} attacks · branching ratio ${f.branching_ratio} · mean decay ${f.decay_days} days · KS p = ${f.ks.pvalue} · next 30 days: ${fc.forecast.total.p50} (80%: ${fc.forecast.total.p10}–${fc.forecast.total.p90})`;
    drawForecast(charts[1].chart, $("forecast-chart"), fc, daily.totals.slice(-60));
  }

  async function loadChanges() {
    const ch = await api("/api/analysis/changes", {});
    $("change-flags").innerHTML = ch.flags.length ? table(ch.flags.map((r) => ({ ...r, change: r.change === null ? "new" : `${Math.round(r.change * 100)}%` })),
      ["dimension", "key", "recent", "expected", "change", "pvalue", "direction"], "change-flag") : `No significant change in the ${ch.recent_days} days to ${esc(ch.as_of)}.`;
  }

  $("apply-scenario").addEventListener("click", async () => {
    const q = { every: $("lever-every").value || 7, days: 30, sims: 300 };
    if (state.end) q.end = state.end;
    if ($("lever-place").value.trim()) q.without_place = $("lever-place").value.trim();
    $("lever-effect").textContent = "simulating…";
    try {
      const res = await api("/api/analysis/levers", q);
      const h = res.hawkes, s = res.event_study;
      $("lever-effect").textContent = `Rate ratio in the ${h.window_days} days after a strike: ${h.rate_ratio_in_windows} (95% CI ${(h.ci95 || []).join("–")}), from ${h.interventions.length} strikes; event study ${s.before} before vs ${s.after} after (ratio ${s.rate_ratio}, CI ${(s.ci95 || []).join("–")}).`;
      drawScenarios(charts[2].chart, $("scenario-chart"), res);
      $("scenario-table").innerHTML = table(Object.entries(res.scenarios).map(([k, v]) => ({ scenario: k, ...v })), ["scenario", "mean", "p10", "p50", "p90"], "scenario-row");
    } catch (e) { $("lever-effect").textContent = e.message; }
  });
  $("run-backtest").addEventListener("click", async () => {
    $("backtest-table").textContent = "running…";
    try {
      const bt = await api("/api/analysis/backtest", { start: "2023-12-04", sims: 200 });
      $("backtest-table").innerHTML = table(bt.scores, ["model", "mae", "crps", "coverage80", "origins"], "backtest-row");
    } catch (e) { $("backtest-table").textContent = e.message; }
  });
  const reload = async () => { await loadTempo(); loadForecast().catch((e) => { $("fit-summary").textContent = e.message; }); };
  $("tempo-by").addEventListener("change", (e) => { state.by = e.target.value; reload(); });
  $("tempo-country").addEventListener("change", (e) => { state.country = e.target.value; reload(); });
  $("forecast-end").addEventListener("change", (e) => { state.end = e.target.value; loadForecast().catch((err) => { $("fit-summary").textContent = err.message; }); });
  await Promise.all([reload(), loadChanges().catch((e) => { $("change-flags").textContent = e.message; })]);
  return () => charts.forEach((c) => c.dispose());
}

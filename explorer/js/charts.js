// ECharts instances on the current page, by name: drawn, resized with the window, disposed on leaving.
import * as echarts from "echarts";

const live = new Map();

export function draw(el, name, option, { renderer = "canvas", onClick } = {}) {
  live.get(name)?.dispose();
  const chart = echarts.init(el, null, { renderer });
  chart.setOption(option);
  if (onClick) chart.on("click", onClick);
  live.set(name, chart);
  return chart;
}

export function disposeAll() {
  for (const chart of live.values()) chart.dispose();
  live.clear();
}

/** The option a named chart currently draws (what tests and the benchmark read back). */
export function drawnOption(name) {
  return live.get(name)?.getOption() ?? null;
}

export function chartNames() {
  return [...live.keys()];
}

let resizeTimer = 0;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => live.forEach((chart) => chart.resize()), 100);
});

// The gap heat map: regions down, occupations across, each cell the summed gap of its demands.

/** {regions, occupations, cells: [[x, y, gap]]} from skill-gap rows, names sorted as the codes are. */
export function gapMatrix(rows) {
  const regions = new Map();
  const occupations = new Map();
  const sums = new Map();
  for (const row of rows) {
    regions.set(row.regionCode, row.regionName || row.regionCode);
    occupations.set(row.occupationCode, row.occupationName || row.occupationCode);
    const key = `${row.regionCode}|${row.occupationCode}`;
    sums.set(key, (sums.get(key) || 0) + row.gap);
  }
  const regionCodes = [...regions.keys()].sort();
  const occupationCodes = [...occupations.keys()].sort();
  const cells = [];
  for (const [key, gap] of sums) {
    const [region, occupation] = key.split("|");
    cells.push([occupationCodes.indexOf(occupation), regionCodes.indexOf(region), gap]);
  }
  return {
    regions: regionCodes.map((code) => regions.get(code)),
    occupations: occupationCodes.map((code) => occupations.get(code)),
    cells,
  };
}

export function heatmapOption({ regions, occupations, cells }) {
  const most = Math.max(1, ...cells.map((cell) => cell[2]));
  return {
    animation: false,
    tooltip: { position: "top", formatter: (p) => `${regions[p.value[1]]} · ${occupations[p.value[0]]}：缺口 ${p.value[2]} 人` },
    grid: { left: 8, right: 8, top: 10, bottom: 70, containLabel: true },
    xAxis: { type: "category", data: occupations, axisLabel: { rotate: 40, interval: 0, fontSize: 10 }, splitArea: { show: true } },
    yAxis: { type: "category", data: regions, inverse: true, axisLabel: { interval: 0, fontSize: 11 }, splitArea: { show: true } },
    visualMap: { min: 0, max: most, calculable: true, orient: "horizontal", left: "center", bottom: 0,
      text: ["缺口大", "缺口小"], inRange: { color: ["#fff8e1", "#ffb74d", "#e65100", "#b71c1c"] } },
    series: [{ type: "heatmap", data: cells, label: { show: cells.length <= 150, fontSize: 10 },
      emphasis: { itemStyle: { borderColor: "#333", borderWidth: 1 } } }],
  };
}

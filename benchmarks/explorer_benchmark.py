"""How long the explorer takes to draw a lineage of 200 people and a 50 × 50 gap heat map in headless Chromium.

    .venv/bin/python -m benchmarks.explorer_benchmark [--runs 7]

Serves the explorer's own files (no store needed), opens it in Debian's Chromium through Playwright and,
in the page, times building the ECharts option with the explorer's own modules (js/graphs.js,
js/heatmap.js) and drawing it until ECharts reports `finished`. Prints the first run and the median.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import threading
import time

import uvicorn
from playwright.sync_api import sync_playwright
from starlette.applications import Starlette

from api.explorer import explorer_routes

# In the page: the same modules the explorer draws with, on synthetic data of the benchmark's size.
TIMED = """async ({ people, regions, occupations, runs }) => {
  const echarts = await import("echarts");
  const { lineageOption } = await import("/explorer/js/graphs.js");
  const { gapMatrix, heatmapOption } = await import("/explorer/js/heatmap.js");
  const statuses = ["在带", "已出师", "终止"];
  const grades = ["学徒工", "初级工", "中级工", "高级工", "技师", "高级技师", "特级技师", "首席技师"];
  const members = [{ personId: "P0", name: "师傅0", generation: 0, grade: 8, gradeName: grades[7] }];
  const mentorships = [];
  for (let i = 1; i < people; i += 1) {
    const master = members[Math.floor((i - 1) / 3)];
    const grade = 1 + (i % 8);
    members.push({ personId: `P${i}`, name: `徒弟${i}`, generation: master.generation + 1, grade, gradeName: grades[grade - 1] });
    mentorships.push({ agreementId: `M${i}`, masterId: master.personId, apprenticeId: `P${i}`, status: statuses[i % 3] });
  }
  const rows = [];
  for (let r = 0; r < regions; r += 1) {
    for (let o = 0; o < occupations; o += 1) {
      rows.push({ regionCode: `R${String(r).padStart(2, "0")}`, regionName: `地区${r}`,
        occupationCode: `O${String(o).padStart(2, "0")}`, occupationName: `职业${o}`, gap: (r * 7 + o * 13) % 120 });
    }
  }
  const box = document.createElement("div");
  box.style.cssText = "width:1200px;height:700px";
  document.body.append(box);
  const timed = (build) => new Promise((resolve) => {
    const started = performance.now();
    const chart = echarts.init(box, null, { renderer: "canvas" });
    chart.on("finished", () => {
      const ms = performance.now() - started;
      chart.dispose();
      resolve(ms);
    });
    chart.setOption(build());
  });
  const result = { lineage: [], heatmap: [], generations: Math.max(...members.map((m) => m.generation)) };
  const aspect = 1200 / 700;
  for (let run = 0; run < runs; run += 1) {
    result.lineage.push(await timed(() => lineageOption(members, mentorships, { aspect })));
    result.heatmap.push(await timed(() => heatmapOption(gapMatrix(rows))));
  }
  const shown = document.createElement("div");  // the last pictures stay, for --screenshot
  shown.style.cssText = "width:1200px;height:700px";
  const heat = shown.cloneNode();
  document.body.replaceChildren(shown, heat);
  echarts.init(shown).setOption(lineageOption(members, mentorships, { aspect }));
  echarts.init(heat).setOption(heatmapOption(gapMatrix(rows)));
  return result;
}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_explorer(port: int) -> uvicorn.Server:
    server = uvicorn.Server(uvicorn.Config(Starlette(routes=explorer_routes()), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--cells", type=int, default=50, help="regions and occupations of the heat map")
    parser.add_argument("--screenshot", help="save the pictures drawn (a PNG) to look at them")
    args = parser.parse_args()
    port = free_port()
    server = serve_explorer(port)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium is missing: `bash bin/setup` installs Debian's chromium package")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"http://127.0.0.1:{port}/search")
            page.wait_for_load_state("networkidle")
            found = page.evaluate(TIMED, {"people": args.people, "regions": args.cells, "occupations": args.cells,
                                          "runs": args.runs})
            if args.screenshot:
                page.wait_for_timeout(300)
                page.screenshot(path=args.screenshot, full_page=True)
            browser.close()
    finally:
        server.should_exit = True
    for name, label in (("lineage", f"lineage of {args.people} people ({found['generations']} generations)"),
                        ("heatmap", f"heat map {args.cells} x {args.cells}")):
        runs = found[name]
        print(f"{label}: first {runs[0]:.0f} ms, median {statistics.median(runs):.0f} ms, max {max(runs):.0f} ms "
              f"over {len(runs)} runs (option built and drawn until ECharts' `finished`)")


if __name__ == "__main__":
    main()

"""Dashboard speed in a real browser, each figure beside its baseline and the issue's target, in one run.
Prints figures; it passes or fails nothing.

    python bench/bench_ui.py [--runs 3]

Fully painted = no script running, no skeleton left, the page's own content there, every Plotly chart
drawn, and every map's data fetched and drawn by WebGL after it was read.

1. Fresh server to the real first page: from launching the README's run command to the profile fully
   painted, against `streamlit run bench/apps/empty_app.py` to its heading. Target <= 1.5x.
2. Deep link to every page: a new browser tab (empty cache) on a warm server to the page fully painted,
   against a new tab of the empty app. Target <= 2x for each page. Pages with Plotly charts are also set
   against a one-chart Plotly app (bench/apps/one_chart_app.py), the part of their load that is Plotly's own.
3. In-app page switch: a click in the sidebar to the next page fully painted (warm server, same tab).
   Target: median <= 1 s.
4. Map of all 1,502 comuni: a new tab to the map fully painted, against a new tab of a pydeck app that
   draws one polygon (bench/apps/one_polygon_app.py); also a returning visitor (same browser, another
   indicator then back: the layer file comes from the browser's cache if the server lets it). Target <= 1.5x.
5. Server memory (resident set size) after all that, against the empty app's.
Debian chromium driven by Playwright, with the flags the tests use (software WebGL). Timings taken while
other work runs on the machine are noisy: compare ratios taken in the same run.
"""
import argparse
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from cruscotto.build import build, needs_build  # noqa: E402

FLAGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
DASHBOARD, EMPTY, ONE_POLYGON = "dashboard.py", "bench/apps/empty_app.py", "bench/apps/one_polygon_app.py"
ONE_CHART = "bench/apps/one_chart_app.py"  # what Plotly alone costs a new tab
HEADING = "[data-testid='stMainBlockContainer'] h1"
PROFILE_READY = "[data-testid='stMetric']"
CHART = ".js-plotly-plot .main-svg"
MAP = "canvas"
COMUNI_MAP = "/mappa?territorio=015146&indicatore=share_65_plus&anno={year}&livello=comune"
# (path, what shows the page's own content, whether a map reads its areas from a file)
DEEP_LINKS = [
    ("/panoramica?territorio=015146", PROFILE_READY, False),
    ("/mappa?territorio=015146&indicatore=share_65_plus&anno=2022", MAP, True),
    ("/tendenze?territorio=015146", CHART, False),
    ("/confronta?territorio=015146&confronto=015146,012133", CHART, False),
    ("/spesa?territorio=015146", CHART, False),
    ("/dati-aperti", HEADING, False),
    ("/fonti", HEADING, False),
    ("/carica", HEADING, False),
]
# (sidebar link, the page's path, what shows its own content, whether a map reads its areas from a file)
SWITCHES = [("Mappa", "/mappa", MAP, True), ("Tendenze", "/tendenze", CHART, False),
            ("Confronta", "/confronta", CHART, False), ("Spesa sociale", "/spesa", CHART, False),
            ("Panoramica", "/panoramica", PROFILE_READY, False)]

# The dashboard's Content-Security-Policy forbids evaluating strings, which Playwright's waits do.
CONTEXT = {"viewport": {"width": 1400, "height": 1000}, "bypass_csp": True}
# Records when a map's GeoJSON file was asked for and read (deck.gl fetches it) and when WebGL last drew.
PAINT_PROBE = """
window.__mapAsked = 0; window.__mapRead = 0; window.__lastDraw = 0;
const originalFetch = window.fetch;
window.fetch = async (...args) => {
  const url = String(args[0] && args[0].url ? args[0].url : args[0]);
  const isMap = url.includes('/static/maps/');
  if (isMap) window.__mapAsked = performance.now();
  const response = await originalFetch(...args);
  if (isMap) response.clone().arrayBuffer().then(() => { window.__mapRead = performance.now(); });
  return response;
};
for (const Context of [window.WebGLRenderingContext, window.WebGL2RenderingContext]) {
  if (!Context) continue;
  for (const name of ['drawElements', 'drawArrays', 'drawElementsInstanced', 'drawArraysInstanced']) {
    const original = Context.prototype[name];
    if (original) Context.prototype[name] = function (...args) { window.__lastDraw = performance.now(); return original.apply(this, args); };
  }
}
"""
# Fully painted, as the issue defines it; `mapFile`: the page's map reads its areas from a file.
FULLY_PAINTED = """mapFile => !document.querySelector('[data-testid="stStatusWidget"]')
  && !document.querySelector('[data-testid="stSkeleton"]') && !document.querySelector('[data-stale="true"]')
  && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(chart => chart.querySelector('.main-svg'))
  && [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')].every(deck => deck.querySelector('canvas'))
  && (!document.querySelector('[data-testid="stDeckGlJsonChart"]')
      || (mapFile ? window.__mapRead > 0 && window.__mapRead >= window.__mapAsked && window.__lastDraw > window.__mapRead
                  : window.__lastDraw > 0))"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(app: str):
    """Yields (url, process, time of launch)."""
    port = free_port()
    started = time.perf_counter()
    # the dashboard as the README's run command starts it; the baselines with plain `streamlit run`
    launcher = ["-m", "cruscotto", "serve"] if app == DASHBOARD else ["-m", "streamlit", "run", app]
    process = subprocess.Popen([sys.executable, *launcher, "--server.port", str(port),
                                "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                               cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.02)
        yield url, process, started
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_painted(page, ready: str, map_file: bool) -> None:
    page.wait_for_selector(ready, timeout=120_000)
    page.wait_for_function(FULLY_PAINTED, arg=map_file, timeout=120_000, polling=20)


def settle(page) -> None:
    """Let the browser finish the previous page's work (deck.gl keeps working after the first paint)."""
    for _ in range(3):
        page.evaluate("new Promise(done => requestIdleCallback(done, {timeout: 10000}))")
    page.wait_for_timeout(200)


def new_page(browser_or_context):
    """A new tab; from a browser, in a context of its own (an empty cache, as a new visitor)."""
    if hasattr(browser_or_context, "new_context"):
        page = browser_or_context.new_page(**CONTEXT)
    else:
        page = browser_or_context.new_page()
    page.add_init_script(PAINT_PROBE)
    return page


def cold_start(browser, app: str, path: str, ready: str) -> float:
    with server(app) as (url, _, started):
        page = new_page(browser)
        page.goto(url + path)
        wait_painted(page, ready, False)
        elapsed = time.perf_counter() - started
        page.close()
    return elapsed


def tab_load(browser_or_context, url: str, ready: str, map_file: bool = False) -> float:
    page = new_page(browser_or_context)
    start = time.perf_counter()
    page.goto(url)
    wait_painted(page, ready, map_file)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def rss_mb(process) -> float:
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def runs_text(samples: list[float]) -> str:
    return ", ".join(f"{s:.2f}" for s in samples)


def ratio_line(label: str, samples: list[float], baseline: float, target: float) -> float:
    value = statistics.median(samples)
    ratio = value / baseline
    verdict = "met" if ratio <= target else "NOT met"
    print(f"  {label:60} {value:6.2f} s  {ratio:5.2f}x  (target <= {target}x: {verdict})  runs {runs_text(samples)}")
    return ratio


def baseline_line(label: str, samples: list[float]) -> float:
    value = statistics.median(samples)
    print(f"  {label:60} {value:6.2f} s  baseline               runs {runs_text(samples)}")
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", type=int, nargs="*", default=[1, 2, 3, 4, 5], help="sections to run (1-5)")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # figures appear as they are taken, also into a file
    if needs_build():
        build(progress=print)
    began = time.perf_counter()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)

        if 1 in args.only:
            print("1. Fresh server to the real first page (launch to fully painted), median of", args.runs)
            empty = baseline_line("empty app, heading", [cold_start(browser, EMPTY, "/", HEADING) for _ in range(args.runs)])
            ratio_line("dashboard, /panoramica?territorio=015146",
                       [cold_start(browser, DASHBOARD, "/panoramica?territorio=015146", PROFILE_READY)
                        for _ in range(args.runs)], empty, 1.5)

        with server(DASHBOARD) as (url, process, _), server(EMPTY) as (empty_url, empty_process, _), \
                server(ONE_POLYGON) as (polygon_url, _, _), server(ONE_CHART) as (chart_url, _, _):
            # each server's first page (and the map's first layer) once, so later figures are warm
            tab_load(browser, empty_url + "/", HEADING)
            tab_load(browser, polygon_url + "/", MAP)
            tab_load(browser, chart_url + "/", CHART)
            for path, ready, map_file in DEEP_LINKS:
                tab_load(browser, url + path, ready, map_file)

            if 2 in args.only:
                deep_links(browser, url, empty_url, chart_url, args.runs)
            if 3 in args.only:
                page_switches(browser, url, args.runs)
            if 4 in args.only:
                comuni_map(browser, url, polygon_url, args.runs)
            if 5 in args.only:
                print("5. Server memory after the runs above (resident set size)")
                print(f"  empty app {rss_mb(empty_process):.0f} MB · dashboard {rss_mb(process):.0f} MB "
                      f"({rss_mb(process) / rss_mb(empty_process):.2f}x)")
        browser.close()
    print(f"(bench took {time.perf_counter() - began:.0f} s)")


def deep_links(browser, url: str, empty_url: str, chart_url: str, runs: int) -> None:
    print("2. Deep link to every page, new tab (empty cache) on a warm server")
    empty_tab = baseline_line("empty app, heading", [tab_load(browser, empty_url + "/", HEADING) for _ in range(runs)])
    one_chart = statistics.median([tab_load(browser, chart_url + "/", CHART) for _ in range(runs)])
    print(f"  {'one-chart Plotly app (what Plotly alone costs)':60} {one_chart:6.2f} s  {one_chart / empty_tab:5.2f}x")
    worst = 0.0
    for path, ready, map_file in DEEP_LINKS:
        ratio = ratio_line(path, [tab_load(browser, url + path, ready, map_file) for _ in range(runs)], empty_tab, 2)
        worst = max(worst, ratio)
        if ready == CHART:
            print(f"  {'':60} {'':8}  {ratio * empty_tab / one_chart:5.2f}x the one-chart Plotly app")
    print(f"  slowest page: {worst:.2f}x the empty app (target <= 2x)")


def page_switches(browser, url: str, runs: int) -> None:
    print("3. In-app page switch, click in the sidebar to fully painted (warm server)")
    page = new_page(browser)
    page.goto(url + "/panoramica?territorio=098031")
    wait_painted(page, PROFILE_READY, False)
    rounds = []
    for _ in range(runs + 1):
        times = {}
        for title, path, ready, map_file in SWITCHES:
            settle(page)
            page.evaluate("window.__mapAsked = 0; window.__mapRead = 0; window.__lastDraw = 0")
            start = time.perf_counter()
            page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()
            # the old page's elements stay (marked stale) until the new run draws: never count them as the new page
            page.wait_for_function("path => location.pathname.endsWith(path)", arg=path, timeout=120_000, polling=20)
            page.wait_for_timeout(50)  # the click's rerun request leaves before the old page is marked stale
            wait_painted(page, ready, map_file)
            times[title] = time.perf_counter() - start
        rounds.append(times)
    page.close()
    later = [r[title] for r in rounds[1:] for title, _, _, _ in SWITCHES]
    for title, _, _, _ in SWITCHES:
        print(f"  to {title:16} first visit {rounds[0][title]:5.2f} s · later visits median "
              f"{statistics.median([r[title] for r in rounds[1:]]):5.2f} s")
    median = statistics.median(later)
    print(f"  median switch (later visits): {median:.2f} s (target <= 1 s: {'met' if median <= 1 else 'NOT met'}); "
          f"slowest {max(later):.2f} s")


def comuni_map(browser, url: str, polygon_url: str, runs: int) -> None:
    print("4. Map of all 1,502 comuni against a one-polygon pydeck app, new tab on a warm server")
    polygon = baseline_line("one-polygon pydeck app (painted)", [tab_load(browser, polygon_url + "/", MAP) for _ in range(runs)])
    ratio_line("dashboard /mappa, new visitor",
               [tab_load(browser, url + COMUNI_MAP.format(year=2022), MAP, True) for _ in range(runs)], polygon, 1.5)
    context = browser.new_context(**CONTEXT)
    tab_load(context, url + COMUNI_MAP.format(year=2022), MAP, True)
    tab_load(context, url + COMUNI_MAP.format(year=2023), MAP, True)
    ratio_line("dashboard /mappa, returning visitor (same browser)",
               [tab_load(context, url + COMUNI_MAP.format(year=2022 + i % 2), MAP, True) for i in range(runs)], polygon, 1.5)
    context.close()


if __name__ == "__main__":
    main()

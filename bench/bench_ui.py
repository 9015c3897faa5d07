"""Dashboard speed in a real browser, against an empty Streamlit app started the same way.
Prints figures; it passes or fails nothing.

    python bench/bench_ui.py [--runs 3]

1. Cold start: from launching `streamlit run` to the profile's figures on screen (a fresh server
   process each run, the database already built), against the same for bench/apps/empty_app.py
   (its heading on screen). Target (issue 3): <= 1.5x.
2. Page switch: from a click in the sidebar to the next page drawn (charts, map painted, figures),
   warm server. A page's first visit in a tab also loads its chart library (Plotly, deck.gl); later
   visits do not. Target: <= 1 s.
3. Map page with all 1,502 comuni: a new tab on a warm server to the map painted on screen, against
   a new tab of the empty app. Target: <= 2x.
4. Server memory (resident set size) after those, against the empty app.
Debian chromium driven by Playwright, with the flags the tests use.
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
DASHBOARD, EMPTY = "dashboard.py", "bench/apps/empty_app.py"
SCRIPT_DONE = "!document.querySelector('[data-testid=\"stStatusWidget\"]')"
PROFILE_READY = "[data-testid='stMetric']"
SWITCHES = [("Mappa", "canvas"), ("Tendenze", ".js-plotly-plot .main-svg"), ("Confronta", ".js-plotly-plot .main-svg"),
            ("Spesa sociale", ".js-plotly-plot .main-svg"), ("Panoramica", PROFILE_READY)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(app: str):
    """Yields (url, process, seconds from launch to health check answering)."""
    port = free_port()
    started = time.perf_counter()
    # the dashboard as the README's run command starts it; the baselines with plain `streamlit run`
    launcher = ["-m", "cruscotto", "serve"] if app == "dashboard.py" else ["-m", "streamlit", "run", app]
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


def wait_drawn(page, selector: str) -> None:
    page.wait_for_selector(selector, timeout=120_000)
    page.wait_for_function(SCRIPT_DONE, timeout=120_000)
    if selector == "canvas":
        wait_map_painted(page)


# Records when the map's GeoJSON file has been read (deck.gl fetches it) and when WebGL last drew.
PAINT_PROBE = """
window.__mapRead = 0; window.__lastDraw = 0;
const originalFetch = window.fetch;
window.fetch = async (...args) => {
  const response = await originalFetch(...args);
  const url = String(args[0] && args[0].url ? args[0].url : args[0]);
  if (url.includes('/static/maps/')) response.clone().text().then(() => { window.__mapRead = performance.now(); });
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
MAP_PAINTED = "window.__mapRead > 0 && window.__lastDraw > window.__mapRead"


def wait_map_painted(page) -> None:
    """deck.gl loads the areas after the canvas exists: painted = WebGL drew after the file was read."""
    page.wait_for_function(MAP_PAINTED, timeout=120_000, polling=20)


def settle(page) -> None:
    """Let the browser finish the previous page's work (deck.gl keeps working after the first paint)."""
    for _ in range(3):
        page.evaluate("new Promise(done => requestIdleCallback(done, {timeout: 10000}))")
    page.wait_for_timeout(200)


def new_page(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.add_init_script(PAINT_PROBE)
    return page


def cold_start(browser, app: str, path: str, ready: str) -> float:
    with server(app) as (url, _, started):
        page = new_page(browser)
        page.goto(url + path)
        wait_drawn(page, ready)
        elapsed = time.perf_counter() - started
        page.close()
    return elapsed


def new_tab(browser, url: str, ready: str) -> float:
    page = new_page(browser)
    start = time.perf_counter()
    page.goto(url)
    wait_drawn(page, ready)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def rss_mb(process) -> float:
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def median_line(label: str, samples: list[float], unit: str = "s") -> float:
    value = statistics.median(samples)
    print(f"  {label:46} median {value:6.2f} {unit}  (runs: {', '.join(f'{s:.2f}' for s in samples)})")
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if needs_build():
        build(progress=print)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)

        print("1. Cold start, launch to first screen ready")
        empty = median_line("empty Streamlit app (heading)", [cold_start(browser, EMPTY, "/", "h1") for _ in range(args.runs)])
        profile = median_line("dashboard, /panoramica?territorio=015146 (figures)",
                              [cold_start(browser, DASHBOARD, "/panoramica?territorio=015146", PROFILE_READY)
                               for _ in range(args.runs)])
        print(f"  ratio dashboard / empty app: {profile / empty:.2f}x (target <= 1.5x)")

        with server(DASHBOARD) as (url, process, _), server(EMPTY) as (empty_url, empty_process, _):
            print("2. Page switch, click in the sidebar to page drawn (warm server)")
            page = new_page(browser)
            page.goto(url + "/panoramica?territorio=098031")
            wait_drawn(page, PROFILE_READY)
            rounds = []
            for _ in range(args.runs + 1):
                times = {}
                for title, ready in SWITCHES:
                    settle(page)
                    page.evaluate("window.__mapRead = 0")
                    start = time.perf_counter()
                    page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()
                    page.wait_for_timeout(50)  # the click's rerun request leaves before the old page is marked stale
                    wait_drawn(page, ready)
                    times[title] = time.perf_counter() - start
                rounds.append(times)
            for title, _ in SWITCHES:
                first, later = rounds[0][title], [r[title] for r in rounds[1:]]
                print(f"  to {title:16} first visit {first:5.2f} s · later visits median {statistics.median(later):5.2f} s")
            print(f"  slowest later switch: {max(max(r.values()) for r in rounds[1:]):.2f} s (target <= 1 s)")
            page.close()

            print("3. Map page with all 1,502 comuni, new tab on a warm server")
            new_tab(browser, empty_url + "/", "h1")  # warm both servers' static files
            new_tab(browser, url + "/mappa?territorio=015146&indicatore=share_65_plus&anno=2022", "canvas")
            empty_tab = median_line("empty Streamlit app (heading)",
                                    [new_tab(browser, empty_url + "/", "h1") for _ in range(args.runs)])
            map_tab = median_line("dashboard /mappa, 1,502 comuni (painted)",
                                  [new_tab(browser, url + f"/mappa?territorio=015146&indicatore=share_65_plus&anno={2022 + i % 2}",
                                           "canvas") for i in range(args.runs)])
            print(f"  ratio map / empty app: {map_tab / empty_tab:.2f}x (target <= 2x)")

            print("4. Server memory after the runs above (resident set size)")
            print(f"  empty app {rss_mb(empty_process):.0f} MB · dashboard {rss_mb(process):.0f} MB "
                  f"({rss_mb(process) / rss_mb(empty_process):.2f}x)")
        browser.close()


if __name__ == "__main__":
    main()

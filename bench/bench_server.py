"""Server time of a warm page run, every page, against an empty Streamlit app. Prints figures; passes or fails nothing.

    python bench/bench_server.py [--runs 5] [--pages mappa,fonti] [--kinds comune,nil] [--langs it,en]
    python bench/bench_server.py --profile mappa [--kinds comune] [--langs en] [--top 40]

A page run is what one click costs the server: dashboard.py and then the page, in-process with
streamlit.testing.v1.AppTest, driven as tests/apptest_helpers.run_page does (URL parameters, first run,
then switch to the page). Each (page, territory, language) has its own session: one run to warm the
caches, then --runs reruns of the same page, each timed. The time is the script run itself: AppTest's
own reading of the output into an element tree (which a real server does not do) is taken out.
The empty app (bench/apps/empty_app.py) is run the same way; its median is the baseline of the ratios.
Figures taken while other processes use the cores are noisy.
"""
import argparse
import cProfile
import logging
import pstats
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from cruscotto import pages_registry  # noqa: E402  (after the repository is on the path)
from cruscotto.levels import REGION_CODE  # noqa: E402

TARGET_SECONDS = 0.15  # issue 10: warm page run on the server, every page
PAGES = {page.slug: page.file for page in pages_registry.PAGES}
# one territory of each kind councillors open
KINDS = {"comune": "019036", "ambito": "ambito-di-cremona", "provincia": "019", "regione": REGION_CODE,
         "municipio": "MUN01", "nil": "NIL12"}
LANGS = ("it", "en")
EMPTY_APP = REPO / "bench" / "apps" / "empty_app.py"


class TreeTimer:
    """Time spent by AppTest turning the run's messages into its element tree (not server work). Also gives
    AppTest one script cache for the process, as a server has: otherwise every run compiles its scripts again."""

    def __init__(self):
        from streamlit.runtime.scriptrunner.script_cache import ScriptCache
        from streamlit.testing.v1 import app_test, local_script_runner
        shared = ScriptCache()
        app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared
        self.module = local_script_runner
        self.original = local_script_runner.parse_tree_from_messages
        self.seconds = 0.0
        local_script_runner.parse_tree_from_messages = self._timed
        self.cpu_seconds = 0.0  # CPU time of the script thread: what the run costs, whoever else uses the cores
        from streamlit.runtime.scriptrunner import script_runner
        run_script = script_runner.ScriptRunner._run_script

        def counted(runner, *args, **kwargs):
            start = time.thread_time()
            try:
                return run_script(runner, *args, **kwargs)
            finally:
                self.cpu_seconds += time.thread_time() - start
        script_runner.ScriptRunner._run_script = counted

    def _timed(self, messages):
        start = time.perf_counter()
        try:
            return self.original(messages)
        finally:
            self.seconds += time.perf_counter() - start

    def timed_run(self, app) -> tuple[float, float]:
        """Wall and CPU seconds of one app.run(), AppTest's element tree left out."""
        self.seconds = self.cpu_seconds = 0.0
        start = time.perf_counter()
        app.run()
        elapsed = time.perf_counter() - start - self.seconds
        if app.exception:
            raise RuntimeError(str(app.exception))
        return elapsed, self.cpu_seconds


def open_page(page: str, territory: str, lang: str):
    """A session on the page, as after a visitor's first click (tests/apptest_helpers.run_page)."""
    from streamlit.testing.v1 import AppTest
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=300)
    app.query_params["territorio"] = territory
    app.query_params["lingua"] = lang
    app.run()
    if PAGES[page] != pages_registry.HOME.file:
        app.switch_page(PAGES[page]).run()
    if app.exception:
        raise RuntimeError(f"{page} {territory} {lang}: {app.exception}")
    return app


def empty_app_samples(timer: TreeTimer, runs: int) -> list[tuple[float, float]]:
    from streamlit.testing.v1 import AppTest
    app = AppTest.from_file(str(EMPTY_APP), default_timeout=60)
    app.run()
    return [timer.timed_run(app) for _ in range(runs)]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(pages, kinds, langs, runs: int) -> None:
    timer = TreeTimer()
    empty = empty_app_samples(timer, max(runs * 4, 10))
    empty_wall, empty_cpu = statistics.median(w for w, _ in empty), statistics.median(c for _, c in empty)
    print(f"Warm page run on the server (AppTest, script run only), {runs} runs per page × territory × language")
    print(f"territories: {', '.join(f'{kind} {KINDS[kind]}' for kind in kinds)}; languages: {', '.join(langs)}")
    print(f"empty app: median {empty_wall * 1000:.1f} ms wall, {empty_cpu * 1000:.1f} ms CPU; "
          f"target {TARGET_SECONDS * 1000:.0f} ms per page (wall, p95)")
    print("wall = elapsed (noisy while other processes use the cores); CPU = the script thread's own CPU time")
    print(f"{'page':12} {'wall med':>8} {'wall p95':>8} {'× empty':>7} {'CPU med':>7} {'CPU p95':>7} {'× empty':>7}"
          f"  {'slowest CPU (territory, lang)':30} {'target':>6}")
    for page in pages:
        walls, cpus, slowest = [], [], (0.0, "")
        for kind in kinds:
            for lang in langs:
                app = open_page(page, KINDS[kind], lang)
                timer.timed_run(app)  # warm: caches filled by this territory and language
                mine = [timer.timed_run(app) for _ in range(runs)]
                walls += [w for w, _ in mine]
                cpus += [c for _, c in mine]
                if (cpu := statistics.median(c for _, c in mine)) > slowest[0]:
                    slowest = (cpu, f"{kind} {lang} {cpu * 1000:.0f} ms")
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        verdict = "met" if percentile(walls, 0.95) <= TARGET_SECONDS else "MISSED"
        print(f"{page:12} {wall * 1000:8.0f} {percentile(walls, 0.95) * 1000:8.0f} {wall / empty_wall:7.1f} "
              f"{cpu * 1000:7.0f} {percentile(cpus, 0.95) * 1000:7.0f} {cpu / empty_cpu:7.1f}  {slowest[1]:30} "
              f"{verdict:>6}", flush=True)


def profile_script_thread(page: str, kind: str, lang: str, top: int) -> None:
    """cProfile of one warm run, taken on AppTest's script thread (where the page runs)."""
    from streamlit.runtime.scriptrunner import script_runner
    timer = TreeTimer()
    app = open_page(page, KINDS[kind], lang)
    timer.timed_run(app)  # warm
    profiler = cProfile.Profile()
    original = script_runner.ScriptRunner._run_script

    def profiled(self, *args, **kwargs):
        profiler.enable()
        try:
            return original(self, *args, **kwargs)
        finally:
            profiler.disable()
    script_runner.ScriptRunner._run_script = profiled
    try:
        elapsed, _ = timer.timed_run(app)
    finally:
        script_runner.ScriptRunner._run_script = original
    print(f"{page} ({kind} {KINDS[kind]}, {lang}): one warm run {elapsed * 1000:.0f} ms under cProfile "
          "(slower than unprofiled)")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top // 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated, of: " + ", ".join(PAGES))
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated, of: " + ", ".join(KINDS))
    parser.add_argument("--langs", default=",".join(LANGS))
    parser.add_argument("--profile", metavar="PAGE", help="print the cProfile of one warm run of PAGE instead")
    parser.add_argument("--top", type=int, default=40, help="rows of the profile")
    args = parser.parse_args()
    pages, kinds, langs = args.pages.split(","), args.kinds.split(","), args.langs.split(",")
    for name, chosen, known in (("page", pages, PAGES), ("kind", kinds, KINDS), ("language", langs, LANGS)):
        if unknown := [value for value in chosen if value not in known]:
            parser.error(f"unknown {name}: {', '.join(unknown)}")
    # "missing ScriptRunContext" from cached calls on the main thread (AppTest), once per run: noise here
    from streamlit.runtime.scriptrunner_utils import script_run_context
    logging.getLogger(script_run_context.__name__).disabled = True
    from cruscotto.build import build, needs_build
    if needs_build():
        build(progress=lambda line: None)
    if args.profile:
        if args.profile not in PAGES:
            parser.error(f"unknown page: {args.profile}")
        profile_script_thread(args.profile, kinds[0], langs[0], args.top)
    else:
        measure(pages, kinds, langs, args.runs)


if __name__ == "__main__":
    main()

"""Server time of a page run with and without planners' data. Prints figures; it passes or fails nothing.

    python bench/bench_local_pages.py [--runs 5]

Each page is run in AppTest (the server side of one visit: dashboard.py, then the page) for a comune
and for the Ambito di Cremona, warm (after one run that fills the caches), first with an empty local
store, then with the three example files of data/templates/ loaded for the Ambito di Cremona (the
example is illustrative, see data/templates/LEGGIMI.md). Each configuration runs in its own process,
so its caches and its store are its own. The ratio loaded / empty is the cost of the local layer
(issue 9: pages reading official + local data stay within the latency they have today).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from cruscotto import pages_registry  # noqa: E402  (after the repository is on the path)

# the pages that show planners' data beside the official figures
PAGES = [page.file for page in pages_registry.PAGES if page.per_territory or page.slug == "dati-aperti"]
TERRITORIES = ["019036", "ambito-di-cremona"]  # Cremona (comune), Ambito di Cremona
EXAMPLE_AMBITO = "ambito-di-cremona"
EXAMPLES = ["ambiti_esempio.csv", "servizi_esempio.csv", "spesa_aree_esempio.csv"]


def load_examples(store_dir: Path) -> int:
    from cruscotto.local import load
    from cruscotto.local.store import LocalStore
    return load.load_files([REPO / "data" / "templates" / name for name in EXAMPLES], EXAMPLE_AMBITO, "bench",
                           LocalStore(store_dir))


def measure(runs: int) -> dict:
    """Median seconds per warm page run, in this process (its store is CRUSCOTTO_LOCAL_DIR)."""
    from streamlit.testing.v1 import AppTest
    results = {}
    for territory in TERRITORIES:
        for page in PAGES:
            samples = []
            for attempt in range(runs + 1):
                app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
                app.query_params["territorio"] = territory
                app.run()
                start = time.perf_counter()
                app.switch_page(page).run()
                elapsed = time.perf_counter() - start
                if app.exception:
                    raise RuntimeError(f"{page} {territory}: {app.exception}")
                if attempt:  # the first run fills the caches
                    samples.append(elapsed)
            results[f"{page} {territory}"] = statistics.median(samples)
    return results


def child(args) -> None:
    sys.path.insert(0, str(REPO))
    if args.load:
        load_examples(Path(os.environ["CRUSCOTTO_LOCAL_DIR"]))
    print(json.dumps(measure(args.runs)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--load", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    figures = {}
    for label, load_flag in (("empty store", []), ("example loaded", ["--load"])):
        with tempfile.TemporaryDirectory() as store_dir:
            env = {**os.environ, "CRUSCOTTO_LOCAL_DIR": store_dir}
            out = subprocess.run([sys.executable, __file__, "--child", "--runs", str(args.runs), *load_flag],
                                 env=env, cwd=REPO, capture_output=True, text=True, check=True)
            figures[label] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"Server time per warm page run (AppTest, median of {args.runs}); store loaded with the ILLUSTRATIVE example")
    print(f"  {'page and territory':44} {'empty ms':>9} {'loaded ms':>10} {'ratio':>6}")
    ratios = []
    for key, empty in figures["empty store"].items():
        loaded = figures["example loaded"][key]
        ratios.append(loaded / empty)
        print(f"  {key:44} {empty * 1000:9.0f} {loaded * 1000:10.0f} {loaded / empty:6.2f}")
    print(f"  median ratio loaded / empty: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()

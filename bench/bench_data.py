"""Build time and query latency. Prints figures; it passes or fails nothing.

    python bench/bench_data.py [--runs 20]

1. Build of data/raw/ into a scratch database (median of 3).
2. Median latency of every query in queries/ on the embedded data.
3. The same on a SYNTHETIC Italy-size dataset (about 7,900 comuni x 5 years) generated here.
Targets (issue 2): build <= 15 s; each query <= 50 ms embedded, <= 500 ms synthetic.
"""
import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import N_COMUNI, make_synthetic_db  # noqa: E402
from cruscotto.build import build  # noqa: E402
from cruscotto.db import Database, query_names, query_parameters  # noqa: E402

EMBEDDED_PARAMS = {"territory": "015146", "indicator": "share_65_plus", "level": "comune", "year": 2022, "group": "015",
                   "parent": "015"}
SYNTHETIC_PARAMS = {"territory": "C00042", "indicator": "share_65_plus", "level": "comune", "year": 2022, "group": "P001",
                    "parent": "P001"}


def median_ms(function, runs: int) -> float:
    function()  # warm-up: first run parses and plans
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def query_table(database: Database, params: dict, runs: int, limit_ms: float) -> None:
    print(f"  {'query':28} {'median ms':>10}  target <= {limit_ms:.0f} ms")
    for name in sorted(query_names()):
        wanted = {key: params[key] for key in query_parameters(name)}
        ms = median_ms(lambda: database.run(name, **wanted), runs)
        print(f"  {name:28} {ms:10.2f}  {'ok' if ms <= limit_ms else 'OVER'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        times = []
        for attempt in range(3):
            start = time.perf_counter()
            build(db_path=scratch / "embedded.duckdb", progress=lambda line: None)
            times.append(time.perf_counter() - start)
        print(f"Build of data/raw/ (median of 3): {statistics.median(times):.2f} s (target <= 15 s)")
        print("Queries on the embedded data (real Lombardy data):")
        embedded = Database(scratch / "embedded.duckdb")
        query_table(embedded, EMBEDDED_PARAMS, args.runs, 50)
        embedded.close()
        start = time.perf_counter()
        make_synthetic_db(scratch / "synthetic.duckdb")
        print(f"SYNTHETIC Italy-size dataset ({N_COMUNI:,} comuni x 5 years, random numbers) "
              f"generated and aggregated in {time.perf_counter() - start:.1f} s")
        synthetic = Database(scratch / "synthetic.duckdb")
        query_table(synthetic, SYNTHETIC_PARAMS, args.runs, 500)
        synthetic.close()


if __name__ == "__main__":
    main()

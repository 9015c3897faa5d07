"""Checking and storing a planner's upload of 100,000 `servizi` rows. Prints figures; it passes or fails nothing.

    python bench/bench_upload.py [--rows 100000] [--db data/cruscotto.duckdb]

The file is SYNTHETIC (made here, random figures, never shown to users): a made-up ambito of 300 real Lombard
comuni (its membership loaded first, as an ambiti file), 34 catalogue services, 10 years; users kept under each
comune's target population so every row passes. The same rows as CSV and as .xlsx, each checked against the real
official database and committed to its own scratch store (never data/local/). Reported per step: read, context
(official codes, membership, target populations), validate, preview, store (commit: new Parquet snapshot, fsync,
CURRENT). Target (issue 9 §7): read + validate + preview + store <= 5 s for the CSV.
"""
import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from cruscotto.db import Database  # noqa: E402
from cruscotto.local import catalogue, load  # noqa: E402
from cruscotto.local.store import LocalStore  # noqa: E402
from cruscotto.paths import DB_PATH  # noqa: E402

AMBITO = "ambito-sintetico-bench"
N_COMUNI = 300
YEARS = range(2014, 2024)
HEADER = ["anno", "codice_territorio", "servizio", "utenti", "posti", "spesa_euro", "compartecipazione_euro"]


def synthetic_rows(database: Database, rows: int, seed: int = 9) -> tuple[list[str], pd.DataFrame]:
    """SYNTHETIC: (the comuni of the made-up ambito, `rows` servizi rows with random figures as Italians type them)."""
    rng = np.random.default_rng(seed)
    comuni = database.run("local_context_comuni")["code"].tolist()
    official = set(database.run("local_context_ambiti")["comune_code"])
    members = [code for code in comuni if code not in official][:N_COMUNI]
    services = catalogue.services()[["code", "target"]]
    grid = pd.MultiIndex.from_product([list(YEARS), members, services["code"]],
                                      names=["anno", "codice_territorio", "servizio"]).to_frame(index=False)
    if len(grid) < rows:
        raise SystemExit(f"at most {len(grid):,} distinct rows with {N_COMUNI} comuni, {len(YEARS)} years")
    grid = grid.iloc[:rows].copy()
    try:
        targets = database.run("local_context_targets")
    except Exception:  # a database built before target_population: no ceiling needed, none is checked
        targets = pd.DataFrame(columns=["comune_code", "year", "target", "count"])
    ceiling = (targets[targets["year"] == targets["year"].min()]
               .set_index(["comune_code", "target"])["count"] if len(targets) else pd.Series(dtype=float))
    target = grid["servizio"].map(services.set_index("code")["target"])
    limit = pd.Series([ceiling.get((c, t), 1e6) for c, t in zip(grid["codice_territorio"], target)], index=grid.index)
    users = np.floor(rng.uniform(0, 0.1, len(grid)) * limit.clip(upper=2000))
    spending = rng.uniform(1_000, 2_000_000, len(grid)).round(2)
    grid["utenti"] = users.astype(int).astype(str)
    grid["posti"] = np.where(rng.random(len(grid)) < 0.5, "", (users + 5).astype(int).astype(str))
    grid["spesa_euro"] = [f"{v:,.2f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".") for v in spending]
    grid["compartecipazione_euro"] = np.where(rng.random(len(grid)) < 0.3, "",
                                              (spending * 0.1).round(2).astype(str))
    grid["anno"] = grid["anno"].astype(str)
    return members, grid[HEADER]


def csv_content(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(sep=";", index=False).encode("utf-8")


def xlsx_content(frame: pd.DataFrame) -> bytes:
    import openpyxl
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("servizi")
    sheet.append(["Dati SINTETICI per il benchmark"])  # a title row above the header, as real files have
    sheet.append(HEADER)
    for row in frame.itertuples(index=False):
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(content: bytes, name: str, members: list[str], database: Database, root: Path) -> dict[str, float]:
    store = LocalStore(root)
    ambiti = "codice_comune;codice_ambito;nome_ambito;anno_inizio\n" + "".join(
        f"{code};{AMBITO};Ambito sintetico (benchmark);2020\n" for code in members)
    first = load.check(ambiti.encode(), "ambiti.csv", AMBITO, database, store)
    assert first.ok, [p.message("en") for p in first.errors[:5]]
    load.commit(first, AMBITO, "bench", "ambiti.csv", store)
    started = time.perf_counter()
    checked = load.check(content, name, AMBITO, database, store)
    checked_at = time.perf_counter()
    if not checked.ok:
        raise SystemExit(f"{name}: not accepted: {checked.refused or [p.message('en') for p in checked.errors[:5]]}")
    version = load.commit(checked, AMBITO, "bench", name, store)
    done = time.perf_counter()
    assert len(store.snapshot(version)["services"]) == checked.rows
    timings = dict(checked.timings)
    timings["store"] = done - checked_at
    timings["check total"] = checked_at - started
    timings["total"] = done - started
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=DB_PATH)
    args = parser.parse_args()
    if not args.db.exists():
        print(f"{args.db} missing: run `python -m cruscotto build` first", file=sys.stderr)
        return 1
    database = Database(args.db)
    members, frame = synthetic_rows(database, args.rows)
    print(f"SYNTHETIC servizi file: {len(frame):,} rows, {len(members)} comuni, {len(YEARS)} years (random figures)")
    files = {"servizi.csv": csv_content(frame), "servizi.xlsx": xlsx_content(frame)}
    steps = ["read", "context", "validate", "preview", "store", "total"]
    print(f"{'file':<14}{'size':>10}" + "".join(f"{step:>10}" for step in steps) + "   (seconds)")
    for name, content in files.items():
        with tempfile.TemporaryDirectory(prefix="bench-upload-") as scratch:
            timings = run(content, name, members, database, Path(scratch))
        print(f"{name:<14}{len(content) / 1e6:>8.1f}MB" + "".join(f"{timings.get(step, 0):>10.2f}" for step in steps))
    database.close()
    print("target: total <= 5 s for the CSV (issue 9 §7)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build data/cruscotto.duckdb from data/raw/: one step per source, then aggregation and checks.

The database is written to a temporary file of its own and moved into place only when every step and
every check has passed, so a failed build (a broken file, a full disk) leaves the previous database
untouched and no temporary file behind. Builds of one database file take turns (an fcntl lock), so
two processes starting at once against a missing database build it once.
"""
import errno
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from cruscotto.build import care, census2011, crosswalk, demography, geo, income, istat_series, milano, plans, spending, targets
from cruscotto.build import similar
from cruscotto.build.context import BuildContext
from cruscotto.build.store import build_lock, derive, write_tables
from cruscotto.build.validate import ValidationError
from cruscotto.catalogue import load_indicators, load_sources
from cruscotto.local.store import fsync_dir
from cruscotto.paths import BUILD_SQL_DIR, CATALOGUE_DIR, DB_PATH, RAW_DIR

STEPS: list[tuple[str, Callable[[BuildContext], None]]] = [
    ("territories and boundaries", geo.load),
    ("codes of merged comuni", crosswalk.load),
    ("ISTAT population, ages, foreign residents, households", demography.load),
    ("2011 census (households, age)", census2011.load),
    ("target populations of services (single years of age)", targets.load),
    ("Milan register (NIL and Municipi)", milano.load),
    ("published ISTAT demographic indicators", istat_series.load),
    ("IRPEF incomes", income.load),
    ("OpenCivitas and ISTAT social spending", spending.load),
    ("places for older people (regional registers)", care.load),
    ("Piani di Zona figures", plans.load),
]

__all__ = ["build", "build_if_needed", "ValidationError", "needs_build"]


def needs_build(db_path: Path = DB_PATH, raw_dir: Path = RAW_DIR, catalogue_dir: Path = CATALOGUE_DIR) -> bool:
    """True when the database is missing or older than any raw or catalogue file."""
    if not db_path.exists():
        return True
    built = db_path.stat().st_mtime
    inputs = [p for folder in (raw_dir, catalogue_dir, BUILD_SQL_DIR) for p in folder.rglob("*") if p.is_file()]
    return any(p.stat().st_mtime > built for p in inputs)


def build(db_path: Path = DB_PATH, raw_dir: Path = RAW_DIR, catalogue_dir: Path = CATALOGUE_DIR,
          progress: Callable[[str], None] = print) -> dict:
    """Build the database from raw_dir, waiting for any other build of the same file to finish first."""
    db_path = Path(db_path)
    with build_lock(db_path):
        return _build(db_path, Path(raw_dir), Path(catalogue_dir), progress)


def build_if_needed(db_path: Path = DB_PATH, raw_dir: Path = RAW_DIR, catalogue_dir: Path = CATALOGUE_DIR,
                    progress: Callable[[str], None] = print) -> dict | None:
    """Build only when needed; a process that waited for another one's build finds nothing left to do (None)."""
    db_path = Path(db_path)
    if not needs_build(db_path, raw_dir, catalogue_dir):
        return None
    with build_lock(db_path):
        if not needs_build(db_path, raw_dir, catalogue_dir):
            return None
        return _build(db_path, Path(raw_dir), Path(catalogue_dir), progress)


def _build(db_path: Path, raw_dir: Path, catalogue_dir: Path, progress: Callable[[str], None]) -> dict:
    started = time.perf_counter()
    # a name of its own: a crashed build's leftover or another writer never collides with this one
    temporary = db_path.with_name(f"{db_path.name}.{os.getpid()}-{secrets.token_hex(4)}.building")
    load_indicators.cache_clear()
    load_sources.cache_clear()
    ctx = BuildContext(raw_dir=raw_dir, indicators=load_indicators(catalogue_dir), sources=load_sources(catalogue_dir),
                       catalogue_dir=catalogue_dir)
    total = len(STEPS) + 2
    try:
        for number, (label, step) in enumerate(STEPS, start=1):
            t0 = time.perf_counter()
            ctx.files_read.clear()
            try:
                step(ctx)
            except KeyError as error:
                raise ValidationError("build_missing_column", column=error,
                                      files=", ".join(dict.fromkeys(ctx.files_read))) from error
            progress(f"[{number}/{total}] {label} … {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        try:
            with duckdb.connect(str(temporary)) as con:
                write_tables(con, _base_tables(ctx), str(ctx.raw_dir))
                derive(con)
                similar.build(con, catalogue_dir)  # statistical neighbours need every comune's observations
                progress(f"[{total - 1}/{total}] sums by ambito, province, region; similar comuni … "
                         f"{time.perf_counter() - t0:.1f} s")
                t0 = time.perf_counter()
                _run_checks(con)
                summary = _summary(con)
                con.execute("CHECKPOINT")
        except duckdb.IOException as error:
            if "No space left" in str(error):  # DuckDB's own writes: the same message as Python's
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(temporary)) from error
            raise
        progress(f"[{total}/{total}] data checks passed … {time.perf_counter() - t0:.1f} s")
        os.replace(temporary, db_path)
        fsync_dir(db_path.parent)  # the rename itself reaches the disk
    except BaseException:
        for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
            leftover.unlink(missing_ok=True)
        raise
    summary["seconds"] = round(time.perf_counter() - started, 2)
    progress(f"Database ready: {db_path} ({summary['observations']:,} observations, "
             f"{summary['territories']:,} territories) in {summary['seconds']} s")
    return summary


def _base_tables(ctx: BuildContext) -> dict[str, pd.DataFrame]:
    return {
        "indicator": ctx.indicators,
        "source": ctx.sources,
        "territory": pd.concat(ctx.territories, ignore_index=True),
        "territory_link": pd.concat(ctx.links, ignore_index=True).drop_duplicates(),
        "territory_geometry": pd.concat(ctx.geometries, ignore_index=True),
        "observation_base": pd.concat(ctx.observations, ignore_index=True),
        **ctx.tables,
    }


def _run_checks(con: duckdb.DuckDBPyConnection) -> None:
    text = (BUILD_SQL_DIR / "checks.sql").read_text(encoding="utf-8")
    for block in re.split(r"^-- check:", text, flags=re.MULTILINE)[1:]:
        name, _, sql = block.partition("\n")
        rows = con.execute(sql).fetchall()
        if rows:
            raise ValidationError("build_check_failed", check=name.strip(), count=len(rows), rows=rows[:3])


def _summary(con: duckdb.DuckDBPyConnection) -> dict:
    observations, = con.execute("SELECT count(*) FROM observation").fetchone()
    territories, = con.execute("SELECT count(*) FROM territory").fetchone()
    return {"observations": observations, "territories": territories}

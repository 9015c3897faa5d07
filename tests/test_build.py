"""The build: progress, idempotence, and broken raw files that must stop it without harm."""
import hashlib
import subprocess
import sys

import pandas as pd
import pytest

from cruscotto.build import ValidationError, build, needs_build
from cruscotto.levels import REGION_CODE
from cruscotto.paths import REPO


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def previous_db(tmp_path, real_db_path):
    target = tmp_path / "previous.duckdb"
    target.write_bytes(real_db_path.read_bytes())
    return target


def break_build(raw, db):
    with pytest.raises(ValidationError) as caught:
        build(db_path=db, raw_dir=raw, progress=lambda line: None)
    return str(caught.value)


def test_negative_count_names_file_row_and_rule_and_keeps_previous_db(raw_copy, previous_db):
    before = digest(previous_db)
    path = raw_copy / "demography/population_totals.csv"
    frame = pd.read_csv(path, dtype=str)
    frame.loc[10, "population"] = "-5"
    frame.to_csv(path, index=False)
    message = break_build(raw_copy, previous_db)
    assert "population_totals.csv" in message and "row 12" in message and "negative count" in message
    assert digest(previous_db) == before
    assert not list(previous_db.parent.glob("*.building"))


def test_truncated_parquet_fails_cleanly(raw_copy, previous_db):
    before = digest(previous_db)
    path = raw_copy / "demography/population_age_bands.parquet"
    path.write_bytes(path.read_bytes()[:1000])
    assert "population_age_bands.parquet" in break_build(raw_copy, previous_db)
    assert digest(previous_db) == before


def test_sexes_must_add_up(raw_copy, previous_db):
    path = raw_copy / "demography/population_totals.csv"
    frame = pd.read_csv(path, dtype=str)
    row = frame.index[(frame["sex"] == "M") & (frame["year"] == "2025")][0]
    frame.loc[row, "population"] = str(int(frame.loc[row, "population"]) + 1)
    frame.to_csv(path, index=False)
    assert "M + F ≠ T" in break_build(raw_copy, previous_db)


def test_duplicate_comune_code_is_refused(raw_copy, previous_db):
    path = raw_copy / "geo/lombardy_comuni.csv"
    frame = pd.read_csv(path, dtype=str)
    pd.concat([frame, frame.iloc[[5]]]).to_csv(path, index=False)
    assert "duplicate values" in break_build(raw_copy, previous_db)


def test_comune_outside_its_province_is_refused(raw_copy, previous_db):
    path = raw_copy / "geo/lombardy_comuni.csv"
    frame = pd.read_csv(path, dtype=str)
    frame.loc[0, "prov_code"] = "019"
    frame.to_csv(path, index=False)
    assert "in a province other than" in break_build(raw_copy, previous_db)


def test_share_out_of_range_is_refused(raw_copy, previous_db):
    path = raw_copy / "timeseries/istat_demographic_indicators_cm_milano_2002_2025.csv"
    frame = pd.read_csv(path, dtype=str)
    frame.loc[frame["measure"] == "POP65OVER", "value"] = "2000"
    frame.to_csv(path, index=False)
    assert "outside the range" in break_build(raw_copy, previous_db)


def test_build_is_idempotent(tmp_path, real_db):
    path = tmp_path / "again.duckdb"
    build(db_path=path, progress=lambda line: None)
    from cruscotto.db import Database
    again = Database(path)
    for territory in (REGION_CODE, "ambito-di-cremona", "NIL12"):
        pd.testing.assert_frame_equal(again.run("profile", territory=territory), real_db.run("profile", territory=territory))
    again.close()


def test_cli_shows_progress_and_fails_with_message(tmp_path, raw_copy):
    db = tmp_path / "cli.duckdb"
    ok = subprocess.run([sys.executable, "-m", "cruscotto", "build", "--db", str(db)], cwd=REPO,
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    from cruscotto.build import STEPS
    total = len(STEPS) + 2  # one line per source step, then aggregation and checks
    assert f"[1/{total}]" in ok.stdout and f"[{total}/{total}]" in ok.stdout and db.exists()
    (raw_copy / "geo/lombardy_comuni.csv").write_text("istat,name\n", encoding="utf-8")
    broken = subprocess.run([sys.executable, "-m", "cruscotto", "build", "--db", str(db), "--raw", str(raw_copy)],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert broken.returncode == 1
    assert "lombardy_comuni.csv" in broken.stderr and "Traceback" not in broken.stderr


def test_needs_build_follows_raw_files(tmp_path, raw_copy):
    db = tmp_path / "fresh.duckdb"
    assert needs_build(db, raw_copy)
    db.write_bytes(b"")
    assert not needs_build(db, raw_copy)
    newer = raw_copy / "plans/README.md"
    newer.touch()
    import os
    os.utime(newer, (db.stat().st_mtime + 10, db.stat().st_mtime + 10))
    assert needs_build(db, raw_copy)

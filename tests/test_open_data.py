"""The open-data bundle: it reads back equal to the database, its datapackage.json validates
(Frictionless), and its text cells cannot run as spreadsheet formulas."""
import io
import json
import zipfile

import duckdb
import frictionless
import openpyxl
import pandas as pd
import pytest

from cruscotto import open_data
from cruscotto.__main__ import main
from cruscotto.db import Database
from cruscotto.levels import REGION_CODE

KEY = ["indicator_id", "territory_code", "year"]
COMPARED = KEY + ["value", "numerator", "denominator", "status", "source"]


def database_rows(db_path, indicators=None) -> pd.DataFrame:
    """Straight from the observation table, not through export.sql."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        frame = con.execute("""SELECT indicator_id, territory_code, year, value, numerator, denominator, status,
                                      source_id AS source FROM observation""").df()
    if indicators:
        frame = frame[frame["indicator_id"].isin(indicators)]
    return frame.sort_values(KEY).reset_index(drop=True)


def same_rows(exported: pd.DataFrame, expected: pd.DataFrame) -> None:
    exported = exported[COMPARED].astype({"territory_code": str}).sort_values(KEY).reset_index(drop=True)
    assert len(exported) == len(expected)
    for column in ("indicator_id", "territory_code", "status", "source"):
        assert exported[column].astype(str).tolist() == expected[column].astype(str).tolist(), column
    assert exported["year"].astype(int).tolist() == expected["year"].astype(int).tolist()
    for column in ("value", "numerator", "denominator"):
        pd.testing.assert_series_equal(exported[column].astype(float), expected[column].astype(float),
                                       check_names=False, rtol=1e-12)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_command_writes_the_whole_database(real_db_path, tmp_path, fmt, capsys):
    assert main(["export", "--out", str(tmp_path), "--format", fmt, "--db", str(real_db_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"cruscotto_welfare.{fmt}", "indicatori.csv", "fonti.csv", "datapackage.json", "README.md"])
    path = tmp_path / f"cruscotto_welfare.{fmt}"
    exported = (pd.read_csv(path, encoding="utf-8-sig", dtype={"territory_code": str}) if fmt == "csv"
                else pd.read_parquet(path))
    required = ["indicator_id", "indicator_label", "territory_code", "territory_level", "territory_name", "year",
                "value", "numerator", "denominator", "unit", "status", "source"]
    assert exported.columns.tolist()[:len(required)] == required
    same_rows(exported, database_rows(real_db_path))
    assert f"{len(exported):,} rows exported" in capsys.readouterr().out


def test_export_without_database_says_so(tmp_path, capsys):
    assert main(["export", "--out", str(tmp_path / "out"), "--db", str(tmp_path / "missing.duckdb")]) == 1
    assert "python -m cruscotto build" in capsys.readouterr().err


def test_csv_bundle_datapackage_validates_with_frictionless(real_db_path, tmp_path):
    main(["export", "--out", str(tmp_path), "--format", "csv", "--db", str(real_db_path)])
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "type", "message"])[:5]
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    licences = {licence.get("name") for licence in package["licenses"]}
    assert "CC-BY-4.0" in licences and "CC-BY-3.0-IT" in licences


def test_excel_selection_reads_back_and_validates(real_db_path, tmp_path):
    database = Database(real_db_path)
    try:
        parts = open_data.collect(database, indicators=["old_age_index", "rsa_places_per_100_75plus"])
    finally:
        database.close()
    files = open_data.bundle(parts["data"], parts["catalogue"], parts["sources"], "xlsx", parts["built_at"])
    open_data.write_bundle(files, tmp_path)
    exported = pd.read_excel(tmp_path / "cruscotto_welfare.xlsx", dtype={"territory_code": str})
    same_rows(exported, database_rows(real_db_path, ["old_age_index", "rsa_places_per_100_75plus"]))
    catalogue = pd.read_csv(tmp_path / "indicatori.csv", encoding="utf-8-sig")
    assert set(catalogue["id"]) == {"old_age_index", "rsa_places_per_100_75plus"}
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "type", "message"])[:5]


def test_text_cells_cannot_run_as_formulas(real_db_path):
    database = Database(real_db_path)
    try:
        parts = open_data.collect(database, indicators=["population"], territories=["015146"])
    finally:
        database.close()
    data = parts["data"].copy()
    data.loc[0, "territory_name"] = '=HYPERLINK("http://evil.example","x")'
    data.loc[0, "note"] = "+SUM(1,2)"
    data.loc[1, "territory_name"] = "@cmd"
    for fmt in ("csv", "xlsx", "parquet"):
        files = open_data.bundle(data, parts["catalogue"], parts["sources"], fmt, parts["built_at"])
        content = files[f"cruscotto_welfare.{fmt}"]
        if fmt == "csv":
            back = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", dtype=str)
            names, notes = back["territory_name"].tolist(), back["note"].tolist()
        elif fmt == "xlsx":
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            header = [cell.value for cell in sheet[1]]
            rows = list(sheet.iter_rows(min_row=2, values_only=True))
            names = [row[header.index("territory_name")] for row in rows]
            notes = [row[header.index("note")] for row in rows]
            assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        else:  # Parquet is typed data, not a spreadsheet: values stay as they are
            back = pd.read_parquet(io.BytesIO(content))
            assert back.loc[0, "territory_name"].startswith("=")
            continue
        assert names[0] == "'" + '=HYPERLINK("http://evil.example","x")' and names[1] == "'@cmd"
        assert notes[0] == "'+SUM(1,2)"
        assert names[2] == "Milano"


def test_zip_holds_every_file():
    files = {"a.csv": b"x", "datapackage.json": b"{}"}
    with zipfile.ZipFile(io.BytesIO(open_data.zip_bytes(files))) as archive:
        assert sorted(archive.namelist()) == ["a.csv", "datapackage.json"]
        assert archive.read("a.csv") == b"x"


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown format"):
        open_data.bundle(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), "pdf", "2026-01-01T00:00:00Z")


def test_readme_groups_thousands_without_touching_the_sentence_commas():
    """1,234 rows: the count reads '1.234' in Italian, and the commas between the clauses stay commas."""
    data = pd.DataFrame({"indicator_id": ["a", "b"] * 617, "territory_code": ["015146", REGION_CODE] * 617,
                         "year": [2018] * 600 + [2022] * 634})
    sources = pd.DataFrame({"licence": ["CC BY 4.0"]})
    text = open_data.readme(data, sources, "csv", "2026-01-02T10:00:00Z")
    assert "Estratto del 2026-01-02: 1.234 valori, 2 indicatori, 2 territori, anni 2018–2022." in text.splitlines()

"""A group whose member list is known to be incomplete says "comuni noti: N", never "N/N" (issue 11, item 4)."""
import pandas as pd
import pytest

from cruscotto import notes, ui
from cruscotto.paths import RAW_DIR
from tests.apptest_helpers import all_text, run_page


def known_asst_members(name: str) -> int:
    listed = pd.read_csv(RAW_DIR / "geo/comuni_ats_asst.csv", dtype=str, keep_default_na=False)
    return int((listed["asst"] == name).sum())


def ambito_members(name: str) -> int:
    listed = pd.read_csv(RAW_DIR / "geo/comuni_ambiti.csv", dtype=str, keep_default_na=False)
    return int((listed["ambito"] == name).sum())


def latest(db, indicator, territory):
    return db.run("indicator_series", indicator=indicator, territory=territory).iloc[-1]


@pytest.mark.parametrize("indicator", ["population", "share_65_plus"])
def test_partial_group_has_no_total_and_says_known(real_db, indicator):
    known = known_asst_members("ASST Bergamo Est")
    row = latest(real_db, indicator, "asst-bergamo-est")
    assert pd.isna(row["parts_total"])
    parts = [item for item in notes.decode(row["note"]) if item["code"].startswith("parts")]
    assert parts == [{"code": "parts_known", "have": int(row["parts_with_data"]), "known": known}]
    italian, english = ui.readable_note(row["note"], "it"), ui.readable_note(row["note"], "en")
    assert f"comuni noti: {known}" in italian and f"{known}/{known}" not in italian
    assert f"known municipalities: {known}" in english


def test_complete_ambito_keeps_its_total(real_db):
    row = latest(real_db, "population", "ambito-di-cremona")
    assert row["parts_total"] == ambito_members("Ambito di Cremona")
    assert not any(item["code"] == "parts_known" for item in notes.decode(row["note"]))


def test_asst_profile_says_known_municipalities():
    known = known_asst_members("ASST Bergamo Est")
    text = all_text(run_page("pages/panoramica.py", territorio="asst-bergamo-est"))
    assert f"comuni noti: {known}" in text
    assert f"{known}/{known}" not in text and f"{known} dei {known}" not in text


def test_coverage_gauge_of_a_partial_group_says_known_and_with_data(real_db):
    known = known_asst_members("ASST Bergamo Est")
    have = int(latest(real_db, "cdi_places_per_100_75plus", "asst-bergamo-est")["parts_with_data"])
    assert have < known  # Ranica's day-centre places are blank in the register: missing, not 0
    captions = [c.value for c in run_page("pages/panoramica.py", territorio="asst-bergamo-est").caption]
    assert any(f"comuni noti: {known}" in text and f"con dato: {have}" in text for text in captions), captions


def test_group_card_keeps_every_note_beside_the_known_comuni(real_db):
    """The households card of an ASST (2011 census) says both the census date and "comuni noti"."""
    known = known_asst_members("ASST Crema")
    captions = [c.value for c in run_page("pages/panoramica.py", territorio="asst-crema").caption]
    assert any("9 ottobre 2011" in text and f"comuni noti: {known}" in text for text in captions), captions


def test_how_it_is_computed_sums_over_the_known_comuni(real_db):
    from cruscotto import lineage

    have = int(latest(real_db, "population", "asst-bergamo-est")["parts_with_data"])
    text = lineage.series("population", "asst-bergamo-est", "it")
    assert f"sommati sui {have} comuni noti con dati" in text

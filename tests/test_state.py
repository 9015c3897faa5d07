"""URL parameters: valid values are taken, anything else falls back with a notice."""
import random
import string

from cruscotto.levels import REGION_CODE
from cruscotto.state import DEFAULT_TERRITORY, View, parse_view

TERRITORIES = {"015146", "098031", REGION_CODE, "NIL12"}
INDICATORS = {"share_65_plus", "population"}


def test_valid_parameters_are_taken():
    view, rejected = parse_view({"territorio": "098031", "anno": "2022", "indicatore": "population",
                                 "confronto": "015146,03", "lingua": "en"}, TERRITORIES, INDICATORS)
    assert view == View("098031", 2022, "population", ["015146", REGION_CODE], "en") and rejected == []


def test_bad_values_fall_back_and_are_reported():
    view, rejected = parse_view({"territorio": "<script>", "anno": "20x2", "indicatore": "DROP TABLE",
                                 "confronto": "015146,zzz", "lingua": "fr"}, TERRITORIES, INDICATORS)
    assert view.territory == DEFAULT_TERRITORY and view.year is None and view.lang == "it"
    assert view.compare == ["015146"]
    assert [name for name, _ in rejected] == ["lingua", "territorio", "indicatore", "anno", "confronto"]


def test_round_trip_through_params():
    view = View("NIL12", 2021, "share_65_plus", ["015146", REGION_CODE], "en")
    again, rejected = parse_view(view.to_params(), TERRITORIES, INDICATORS)
    assert again == view and rejected == []


def test_random_garbage_never_raises():
    rng = random.Random(3)
    alphabet = string.printable + "àè€😀\x00"
    for _ in range(2000):
        raw = {key: "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
               for key in rng.sample(["territorio", "anno", "indicatore", "confronto", "lingua", "x"], 3)}
        view, _ = parse_view(raw, TERRITORIES, INDICATORS)
        assert view.territory in TERRITORIES and view.lang in ("it", "en")


def test_page_parameters_are_validated_and_round_trip():
    raw = {"livello": "provincia", "cerca": "anz\x00iani\n", "temi": "famiglie,nope", "indicatori": "population,x",
           "territori": "098031,015146,zz", "gruppi": REGION_CODE, "anni": "2018-2022"}
    view, rejected = parse_view(raw, TERRITORIES, INDICATORS)
    assert (view.level, view.search, view.topics) == ("provincia", "anziani", ["famiglie"])
    assert view.download_indicators == ["population"] and view.download_territories == ["098031", "015146"]
    assert view.download_groups == [REGION_CODE] and view.download_years == (2018, 2022)
    assert rejected == [("temi", "nope"), ("indicatori", "x"), ("territori", "zz")]
    names = ("level", "search", "topics", "download_indicators", "download_territories", "download_groups",
             "download_years")
    assert parse_view(view.to_params(names), TERRITORIES, INDICATORS) == (view, [])


def test_impossible_page_parameters_fall_back():
    view, rejected = parse_view({"livello": "galassia", "anni": "2022-2018"}, TERRITORIES, INDICATORS)
    assert view.level is None and view.download_years is None
    assert [name for name, _ in rejected] == ["livello", "anni"]


def test_flags_take_one_and_zero_only():
    view, rejected = parse_view({"presenta": "1", "simili": "1"}, TERRITORIES, INDICATORS)
    assert view.present and view.frame_similar and rejected == []
    assert view.to_params(("present", "frame_similar"))["simili"] == "1"
    view, rejected = parse_view({"simili": "0"}, TERRITORIES, INDICATORS)
    assert not view.frame_similar and "simili" not in view.to_params(("frame_similar",)) and rejected == []
    view, rejected = parse_view({"simili": "yes", "presenta": "true"}, TERRITORIES, INDICATORS)
    assert not view.frame_similar and not view.present
    assert sorted(name for name, _ in rejected) == ["presenta", "simili"]

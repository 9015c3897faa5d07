"""Hostile and random URL parameters through AppTest: every page answers with defaults and a notice,
never an exception. parse_view itself has a 2,000-case property test in test_state.py."""
import random
import string

import pytest

from cruscotto.build import build, needs_build
from cruscotto.levels import REGION_CODE
from tests.apptest_helpers import PAGES, run_page

HOSTILE = [
    {"territorio": "'; DROP TABLE observation; --"},
    {"territorio": "<script>alert(1)</script>", "lingua": "<b>it</b>"},
    {"territorio": "../../etc/passwd", "indicatore": "../../queries/profile"},
    {"territorio": "x" * 5000, "indicatore": "y" * 5000, "confronto": ",".join(["015146"] * 500)},
    {"territorio": "", "anno": "", "indicatore": "", "confronto": "", "lingua": ""},
    {"territorio": "\x00015146", "anno": "2022\x00"},
    {"anno": "-1"}, {"anno": "99999999999999999999"}, {"anno": "2022.5"}, {"anno": "1e3"}, {"anno": "NaN"},
    {"anno": "١٢٣٤"},  # Arabic-Indic digits: str.isdigit() is true, int() accepts them
    {"confronto": ",,,"}, {"confronto": "015146,015146,015146"}, {"confronto": "015146, 999999 ,=1+1"},
    {"confronto": "015146,098031,019036,015142,03,MUN01"},
    {"lingua": "EN"}, {"lingua": "en-GB"}, {"lingua": "de"},
    {"indicatore": "=HYPERLINK(\"http://x\")"}, {"indicatore": "share_65_plus; SELECT 1"},
    {"territorio": "🏛️", "indicatore": "📊"},
    {"territorio": "015146", "anno": "1850"},  # valid-looking year the data do not have
    {"territorio": "T03054", "indicatore": "old_age_index"},  # ISTAT ambito with no geometry or members
    {"territorio": "%27%20OR%201%3D1", "unknown": "1", "embed": "true"},
]


@pytest.fixture(scope="module", autouse=True)
def repo_database():
    if needs_build():
        build(progress=lambda line: None)


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_hostile_parameters_never_crash(index):
    params = HOSTILE[index]
    page = PAGES[index % len(PAGES)]
    app = run_page(page, **params)  # asserts no exception, before and after switching page
    assert app.title or app.warning, f"{page} drew nothing for {params}"


def random_value(rng: random.Random) -> str:
    alphabet = string.printable + "àèéìòù€’“”😀\u202e"
    kind = rng.choice(["text", "digits", "code", "list"])
    if kind == "digits":
        return str(rng.randint(-10**6, 10**6))
    if kind == "code":
        return rng.choice(["015146", "098031", "MUN0", "NIL99", "ambito-di-", REGION_CODE, "019036"]) + rng.choice(["", "0", " ", "x"])
    if kind == "list":
        return ",".join(rng.choice(["015146", REGION_CODE, "x", "", "NIL12"]) for _ in range(rng.randint(0, 8)))
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))


@pytest.mark.parametrize("seed", range(30))
def test_random_parameters_never_crash(seed):
    rng = random.Random(seed)
    names = ["territorio", "anno", "indicatore", "confronto", "lingua"]
    params = {name: random_value(rng) for name in rng.sample(names, rng.randint(1, len(names)))}
    run_page(rng.choice(PAGES), **params)

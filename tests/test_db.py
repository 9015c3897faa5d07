"""The query runner: only files in queries/, only bound parameters, every file documented."""
import re

import pytest

from cruscotto.db import UnknownQuery, query_names, query_parameters, query_text
from cruscotto.levels import REGION_CODE
from cruscotto.paths import QUERIES_DIR


def test_unknown_or_path_like_query_names_are_refused(tiny_db):
    for name in ("nope", "../cruscotto/build/sql/aggregate", "ageing.sql", "AGEING"):
        with pytest.raises(UnknownQuery):
            tiny_db.run(name, territory=REGION_CODE)


def test_parameters_must_match_the_file(tiny_db):
    with pytest.raises(TypeError):
        tiny_db.run("profile")
    with pytest.raises(TypeError):
        tiny_db.run("profile", territory=REGION_CODE, year=2022)


@pytest.mark.parametrize("name", sorted(query_names()))
def test_every_query_file_opens_with_its_contract(name):
    header = query_text(name).split("\n")
    assert header[0].startswith(f"-- {name}.sql — "), "first line names the file and says what it answers"
    comments = "\n".join(line for line in header if line.startswith("--"))
    assert "Parameters:" in comments and "Returns:" in comments
    documented = set(re.findall(r"\$([a-z_]+)", comments))
    assert query_parameters(name) <= documented | ({"territory"} if "$territory" in comments else set())


@pytest.mark.parametrize("name", sorted(query_names()))
def test_no_query_formats_values_into_sql(name):
    body = "\n".join(l for l in query_text(name).splitlines() if not l.lstrip().startswith("--"))
    assert "{" not in body and "%s" not in body, "values enter only as $named parameters"


def test_queries_dir_is_the_allow_list():
    assert query_names() == frozenset(p.stem for p in QUERIES_DIR.glob("*.sql"))

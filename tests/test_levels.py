"""The region code and the lists of levels live in cruscotto/levels.py alone: Python imports them, SQL gets
them bound (getvariable in the build SQL, $parameters in queries)."""
import ast
import io
import re
import tokenize

from cruscotto import i18n, levels
from cruscotto.paths import REPO

PYTHON_FILES = sorted([*(REPO / "cruscotto").rglob("*.py"), *(REPO / "pages").glob("*.py"), *(REPO / "bench").rglob("*.py"),
                       *(REPO / "tests").glob("*.py"), REPO / "dashboard.py", REPO / "server.py"])
SQL_FILES = sorted([*(REPO / "queries").glob("*.sql"), *(REPO / "cruscotto").rglob("*.sql")])
LEVELS_MODULE = REPO / "cruscotto" / "levels.py"
LEVEL_NAMES = "|".join(levels.LEVELS)
# 'ambito', 'asst' … in an IN list, or WHEN 'ambito' THEN 1 WHEN 'asst' THEN 2 …: a list of levels written in SQL
SQL_LEVEL_LIST = re.compile(rf"IN\s*\(\s*'({LEVEL_NAMES})'\s*,|WHEN\s+'({LEVEL_NAMES})'\s+THEN[^W]*WHEN\s+'({LEVEL_NAMES})'")


def _region_code_tokens(path) -> list[int]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [token.start[0] for token in tokens
            if token.type == tokenize.STRING and token.string in (f'"{levels.REGION_CODE}"', f"'{levels.REGION_CODE}'")]


def test_only_the_levels_module_writes_the_region_code():
    written = [f"{path.relative_to(REPO)}:{line}" for path in PYTHON_FILES if path != LEVELS_MODULE
               for line in _region_code_tokens(path)]
    written += [f"{path.relative_to(REPO)}" for path in SQL_FILES
                if f"'{levels.REGION_CODE}'" in path.read_text(encoding="utf-8")]
    assert not written, ("use cruscotto.levels.REGION_CODE (getvariable('region_code') / $region_code in SQL):\n"
                         + "\n".join(written))


def _level_lists(path) -> list[int]:
    """Lines of tuple, list and set literals made only of two or more level names."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and len(node.elts) >= 2 and all(
                isinstance(element, ast.Constant) and element.value in levels.LEVELS for element in node.elts):
            found.append(node.lineno)
    return found


def test_lists_of_levels_are_written_only_in_the_levels_module():
    written = [f"{path.relative_to(REPO)}:{line}" for path in PYTHON_FILES if path != LEVELS_MODULE
               for line in _level_lists(path)]
    written += [f"{path.relative_to(REPO)}: {match.group(0)[:60]!r}" for path in SQL_FILES
                for match in SQL_LEVEL_LIST.finditer(path.read_text(encoding="utf-8"))]
    assert not written, "use the lists of cruscotto/levels.py:\n" + "\n".join(written)


def test_every_level_has_its_label_in_both_languages():
    assert set(i18n.LEVELS) == set(levels.LEVELS)
    assert all(set(labels) == set(i18n.LANGUAGES) for labels in i18n.LEVELS.values())

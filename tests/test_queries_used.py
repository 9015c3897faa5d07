"""Every queries/*.sql file is used, and its header says by which pages ("-- Used by: panoramica, confronta").

Use is found by a static scan of the code (cruscotto/, pages/, dashboard.py, server.py), not by running it: a
function "runs" a query when it calls query/run/_query/_optional (the ways into cruscotto/db.py) with the
query's name as a literal; a page uses a query when its script refers, through any chain of functions and
classes of the package, to such a function. The entry points are the pages of cruscotto/pages_registry.py,
"every page" (dashboard.py, the frame around every page run), "cli" (python -m cruscotto) and "server" (server.py).
"""
import ast
import re
from functools import lru_cache
from pathlib import Path

import pytest

from cruscotto import pages_registry
from cruscotto.db import query_names
from cruscotto.paths import QUERIES_DIR, REPO

QUERY_CALLS = {"query", "run", "_query", "_optional"}  # cruscotto/data.py, db.py, local/context.py
USED_BY = re.compile(r"^-- Used by: (.+)$", re.MULTILINE)
EVERY_PAGE = "every page"
ENTRIES = {**{page.slug: page.file for page in pages_registry.PAGES}, EVERY_PAGE: "dashboard.py",
           "cli": "cruscotto/__main__.py", "server": "server.py"}
MODULE_LEVEL = "<module>"


def module_name(path: Path) -> str:
    """cruscotto/local/view_data.py -> cruscotto.local.view_data; pages/mappa.py -> pages/mappa.py (not importable)."""
    relative = path.relative_to(REPO)
    if relative.parts[0] != "cruscotto":
        return relative.as_posix()
    dotted = ".".join(relative.with_suffix("").parts)
    return dotted.removesuffix(".__init__")


def scanned_files() -> list[Path]:
    return [*sorted((REPO / "cruscotto").rglob("*.py")), *sorted((REPO / "pages").glob("*.py")),
            REPO / "dashboard.py", REPO / "server.py"]


class Module:
    """One file: its top-level functions and classes, what its imports bind, and per node (a top-level function
    or class, or the module-level code) the queries it names and the names it refers to."""

    def __init__(self, path: Path, modules: set[str]):
        self.name = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        self.defined = {node.name for node in tree.body
                        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
        self.module_alias: dict[str, str] = {}
        self.imported: dict[str, tuple[str, str]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in modules:
                        self.module_alias[alias.asname or alias.name] = alias.name
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    if full in modules:
                        self.module_alias[alias.asname or alias.name] = full
                    elif node.module in modules:
                        self.imported[alias.asname or alias.name] = (node.module, alias.name)
        self.nodes: dict[str, list[ast.AST]] = {MODULE_LEVEL: []}
        for node in tree.body:
            is_definition = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            self.nodes.setdefault(node.name if is_definition else MODULE_LEVEL, []).append(node)

    def queries(self, node: str, known: frozenset[str]) -> set[str]:
        named = set()
        for tree in self.nodes[node]:
            for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
                function = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)
                if function in QUERY_CALLS:
                    named |= {arg.value for arg in call.args
                              if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value in known}
        return named

    def references(self, node: str) -> set[tuple[str, str]]:
        found = set()
        for tree in self.nodes[node]:
            for item in ast.walk(tree):
                if isinstance(item, ast.Name):
                    if item.id in self.defined:
                        found.add((self.name, item.id))
                    elif item.id in self.imported:
                        found.add(self.imported[item.id])
                elif isinstance(item, ast.Attribute) and isinstance(item.value, ast.Name):
                    if item.value.id in self.module_alias:
                        found.add((self.module_alias[item.value.id], item.attr))
        return found


@lru_cache(maxsize=1)
def query_users() -> dict[str, set[str]]:
    """Query name -> the entry points (ENTRIES) whose code reaches a call of it."""
    files = scanned_files()
    names = {module_name(path) for path in files}
    modules = {module.name: module for module in (Module(path, names) for path in files)}
    known = query_names(QUERIES_DIR)
    users: dict[str, set[str]] = {name: set() for name in known}
    for entry, file in ENTRIES.items():
        start = (module_name(REPO / file), MODULE_LEVEL)
        seen, stack = {start}, [start]
        while stack:
            module, node = stack.pop()
            if module not in modules or node not in modules[module].nodes:
                continue
            for query in modules[module].queries(node, known):
                users[query].add(entry)
            for reference in modules[module].references(node) - seen:
                seen.add(reference)
                stack.append(reference)
    return users


def named_users(query: str) -> set[str]:
    """The users a query's header names ("-- Used by: a, b")."""
    match = USED_BY.search((QUERIES_DIR / f"{query}.sql").read_text(encoding="utf-8"))
    return {item.strip() for item in match.group(1).split(",")} if match else set()


def in_header_terms(users: set[str]) -> set[str]:
    """What a header should say: a query reached from dashboard.py runs for every page, so it names no page."""
    if EVERY_PAGE in users:
        return {user for user in users if user not in pages_registry.slugs()}
    return users


QUERIES = sorted(query_names(QUERIES_DIR))


@pytest.mark.parametrize("query", QUERIES)
def test_every_query_is_used(query):
    assert query_users()[query], f"queries/{query}.sql: nothing in cruscotto/, pages/ or dashboard.py runs it"


@pytest.mark.parametrize("query", QUERIES)
def test_header_names_only_pages_that_use_the_query(query):
    named = named_users(query)
    assert named, f"queries/{query}.sql: no '-- Used by:' line"
    assert named <= set(ENTRIES), f"queries/{query}.sql names unknown users {sorted(named - set(ENTRIES))}"
    wrong = named - in_header_terms(query_users()[query])
    assert not wrong, f"queries/{query}.sql: 'Used by' names {sorted(wrong)}, which do not use it"


@pytest.mark.parametrize("query", QUERIES)
def test_header_names_every_page_that_uses_the_query(query):
    missing = in_header_terms(query_users()[query]) - named_users(query)
    assert not missing, f"queries/{query}.sql: used by {sorted(missing)} too, not named in 'Used by'"


def test_the_scan_sees_a_query_run_through_page_data():
    # /tendenze draws page_data.trend_lines, which runs indicator_series.sql; /carica does not
    users = query_users()["indicator_series"]
    assert "tendenze" in users and "carica" not in users
    assert query_users()["export"] >= {"cli", "dati-aperti"}  # the bundle, made in bundle_worker's process

"""Build and log messages are English; why a build stopped reaches a page in the reader's language.

The static check reads the message texts in cruscotto/ (what `raise` builds, ValidationError and rule keys, build
progress, log calls, the command line's prints) and looks for tell-tale Italian words (tests/language_words.py,
plus words of build messages). `comune`, `comuni`, `ambito` and `ambiti` are the project's English terms too.
"""
import ast
import os
import re
import shutil
import time

import pandas as pd
import pytest

from cruscotto import strings_build
from cruscotto.build import STEPS, ValidationError, build
from cruscotto.database_file import DatabaseFile
from cruscotto.paths import REPO
from tests.language_words import ENGLISH, ITALIAN, strip_proper_names, words

PROJECT_TERMS = {"comune", "comuni", "ambito", "ambiti"}
BUILD_WORDS = {"riga", "righe", "colonna", "colonne", "codice", "codici", "sconosciuto", "sconosciuti", "attese",
               "trovate", "ciclo", "controllo", "controlli", "fallito", "pronto", "aggiornato", "interrotto",
               "maggiore", "componente", "uomini", "donne", "esportate", "letti", "uno", "una", "nei", "fuori",
               "diverso", "diversa", "presente", "elenco", "successore", "soppressi", "soppresso", "mancante",
               "mancanti", "precedente", "modificato", "esegui", "prima", "leggibile", "valido", "stato"}
ITALIAN_WORDS = (ITALIAN | BUILD_WORDS) - PROJECT_TERMS
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical"}
MESSAGE_CALLS = LOG_METHODS | {"ValidationError", "Message", "_fail", "progress"}


def italian_words(text: str) -> set[str]:
    return {word for word in words(running_words(text)) if word in ITALIAN_WORDS}


def running_words(text: str) -> str:
    """The words a reader reads: without {placeholders}, column names (year_quote) and proper titles ("Piani di
    Zona")."""
    return strip_proper_names(re.sub(r"\{[^}]*\}|\w+_\w+", " ", text), ())


def _strings(node) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _call_name(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def message_texts(path) -> list[tuple[int, str]]:
    """(line, text) of every string written into a message: raised, logged, printed by the command line,
    or shown as build progress. A message key is a name, not text: its strings are checked below."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            found += [(node.lineno, text) for text in _strings(node.exc)]
        elif isinstance(node, ast.Call) and (_call_name(node) in MESSAGE_CALLS
                                             or (_call_name(node) == "print" and path.name == "__main__.py")):
            found += [(node.lineno, text) for text in _strings(node)]
    return sorted({(line, text) for line, text in found if text not in strings_build.STRINGS})


def test_no_build_log_or_command_line_message_is_in_italian():
    italian = []
    for path in sorted((REPO / "cruscotto").rglob("*.py")):
        for line, text in message_texts(path):
            if italian_words(text):
                italian.append(f"{path.relative_to(REPO)}:{line}: {text!r} {sorted(italian_words(text))}")
    italian += [f"build step label {label!r}" for label, _ in STEPS if italian_words(label)]
    assert not italian, "\n".join(italian)


def test_every_build_message_has_both_languages_each_in_its_own():
    for key, entry in strings_build.STRINGS.items():
        assert set(entry) == {"it", "en"}, key
        assert not italian_words(entry["en"]), (key, entry["en"])
        assert not {word for word in words(running_words(entry["it"])) if word in ENGLISH - {"data"}}, (key, entry["it"])


def _province_mismatch(raw):
    """The first comune of the list put in another province: geo.py, the first build step, refuses it."""
    path = raw / "geo/lombardy_comuni.csv"
    frame = pd.read_csv(path, dtype=str)
    frame.loc[0, "prov_code"] = "019" if frame.loc[0, "prov_code"] != "019" else "098"
    frame.to_csv(path, index=False)
    later = time.time() + 100
    os.utime(path, (later, later))


def test_a_broken_file_stops_the_build_with_an_english_message_and_an_italian_text(tmp_path, raw_copy):
    _province_mismatch(raw_copy)
    with pytest.raises(ValidationError) as caught:
        build(db_path=tmp_path / "new.duckdb", raw_dir=raw_copy, progress=lambda line: None)
    english, italian = str(caught.value), caught.value.text("it")
    assert english.startswith("geo/lombardy_comuni.csv, row 2: comune in a province other than the one its code names")
    assert italian.startswith("geo/lombardy_comuni.csv, riga 2: comune in una provincia diversa da quella del suo codice")
    assert not italian_words(english)


def test_a_page_says_why_the_build_stopped_in_its_readers_language(tmp_path, raw_copy, real_db_path):
    previous = tmp_path / "previous.duckdb"
    shutil.copy(real_db_path, previous)
    _province_mismatch(raw_copy)
    served = DatabaseFile(previous, raw_dir=raw_copy, local_store_factory=lambda: None)
    served.current()  # the previous database is served, with a notice
    problem = served.problem()
    assert problem.kind == "build_failed"
    italian, english = (unescaped(problem.text(lang)) for lang in ("it", "en"))
    assert "riga 2: comune in una provincia diversa da quella del suo codice" in italian and "row 2" not in italian
    assert "row 2: comune in a province other than the one its code names" in english and "riga" not in english
    assert problem.detail.startswith("geo/lombardy_comuni.csv, row 2:")  # what the log says: English


def unescaped(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def test_every_reason_a_build_stops_is_a_translated_message():
    """ValidationError("build_…", …) and validate._fail(…, "build_rule_…"): a page shows them in its reader's
    language, so their text lives in cruscotto/strings_build.py, never in the call."""
    written_in_the_call = []
    for path in sorted((REPO / "cruscotto").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or _call_name(node) not in ("ValidationError", "_fail"):
                continue
            position = 0 if _call_name(node) == "ValidationError" else 3
            if len(node.args) <= position:
                continue  # the definitions' own forwarding calls pass names, not texts
            message = node.args[position]
            if isinstance(message, ast.Name) and path.name == "validate.py":
                continue  # _fail(file, frame, mask, rule): the rule a caller gave
            if not (isinstance(message, ast.Constant) and message.value in strings_build.STRINGS):
                written_in_the_call.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(message)[:80]}")
    assert not written_in_the_call, "\n".join(written_in_the_call)


def test_every_message_gets_exactly_the_values_its_text_names():
    """A placeholder without a value would turn a clear stop into a KeyError at the worst moment."""
    mismatched = []
    for path in sorted((REPO / "cruscotto").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or _call_name(node) not in ("ValidationError", "_fail"):
                continue
            position = 0 if _call_name(node) == "ValidationError" else 3
            message = node.args[position] if len(node.args) > position else None
            if not (isinstance(message, ast.Constant) and message.value in strings_build.STRINGS):
                continue
            given = {keyword.arg for keyword in node.keywords}
            for lang, text in strings_build.STRINGS[message.value].items():
                named = set(re.findall(r"\{(\w+)\}", text))
                if named != given:
                    mismatched.append(f"{path.relative_to(REPO)}:{node.lineno}: {message.value} ({lang}) names "
                                      f"{sorted(named)}, the call gives {sorted(given)}")
    assert not mismatched, "\n".join(mismatched)

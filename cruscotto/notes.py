"""Notes on figures and territories, stored language-neutral and read in either language.

The build stores a note as JSON: a list of {"code": ..., parameter: value, ...}. The wording of each
code, in Italian and English, lives in data/catalogue/notes.csv, so no note is frozen in one language.
Flags that a source publishes in its own words are matched there too (column source_pattern, whose
named groups become parameters); a flag with no matching row stops the build.
"""
import json
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from cruscotto.catalogue import load_sources
from cruscotto.paths import CATALOGUE_DIR

LIST_SEPARATOR = ", "


@lru_cache(maxsize=4)
def load_notes(catalogue_dir: Path = CATALOGUE_DIR) -> pd.DataFrame:
    frame = pd.read_csv(catalogue_dir / "notes.csv", dtype=str, keep_default_na=False)
    if frame["code"].duplicated().any():
        raise ValueError(f"notes.csv: duplicate codes {frame.loc[frame['code'].duplicated(), 'code'].tolist()}")
    return frame.set_index("code", drop=False)


def note(code: str, /, **params) -> dict:
    if "code" in params:  # the stored dict's own key: a template names its value otherwise
        raise ValueError(f"note {code!r}: a parameter may not be called 'code'")
    if code not in load_notes().index:
        raise KeyError(f"note code {code!r} is not in data/catalogue/notes.csv")
    return {"code": code, **params}


def encode(items) -> str | None:
    """A list of notes as stored in the database (None when there is none)."""
    items = [item for item in items if item]
    return json.dumps(items, ensure_ascii=False) if items else None


def encoded(code: str, /, **params) -> str:
    """One note, ready for the database."""
    return encode([note(code, **params)])


def decode(text) -> list[dict]:
    if not isinstance(text, str) or not text:
        return []
    return json.loads(text)


def is_stored(text) -> bool:
    """True for a note as the build stores it (JSON list), False for plain text."""
    return isinstance(text, str) and text.startswith("[{")


def combine(*texts) -> str | None:
    """Several stored notes as one, each note once, in order of first appearance."""
    seen, items = set(), []
    for text in texts:
        for item in decode(text):
            key = json.dumps(item, sort_keys=True)
            if key not in seen:
                seen.add(key)
                items.append(item)
    return encode(items)


def from_source_flag(flag, file: str) -> str | None:
    """A flag written by a source (e.g. 'cod_no_quest') as a stored note; unknown flags are refused."""
    if not isinstance(flag, str) or not flag.strip():
        return None
    for row in load_notes().itertuples():
        if row.source_pattern:
            match = re.fullmatch(row.source_pattern, flag.strip())
            if match:
                return encoded(row.code, **match.groupdict())
    from cruscotto.build.validate import ValidationError  # the build's error, without importing the build here
    raise ValidationError("build_note_untranslated", file=file, note=repr(flag))


def render(text, lang: str) -> str:
    """The stored note(s) in the reader's language, joined by '; '."""
    return "; ".join(_render_one(item, lang) for item in decode(text))


def _render_one(item: dict, lang: str) -> str:
    templates = load_notes()
    params = {key: _readable(key, value, lang) for key, value in item.items() if key != "code"}
    return templates.at[item["code"], lang].format(**params)


def _readable(key: str, value, lang: str) -> str:
    if key.endswith("_source"):  # a source id: shown by its name
        sources = load_sources().set_index("source_id")
        return sources.at[value, f"name_{lang}"] if value in sources.index else str(value)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)

"""The catalogue of social services and of ISTAT's spending areas that planners' data use
(data/catalogue/services.csv, data/catalogue/spending_areas.csv), and the resolver that turns what a planner
typed ("ADM", "Asilo nido", "nidi", "Famiglia e minori", "POVERTÀ") into a catalogue code."""
import difflib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pandas as pd

from cruscotto.paths import CATALOGUE_DIR

SERVICES_FILE = "services.csv"
AREAS_FILE = "spending_areas.csv"
SERVICE_COLUMNS = ["code", "label_it", "label_en", "nomenclatore_code", "nomenclatore_label", "area", "target",
                   "per", "measures", "aliases"]
AREA_COLUMNS = ["code", "label_it", "label_en", "target", "aliases"]
TARGETS = ("age_0_2", "age_3_5", "age_0_17", "age_18_64", "age_65_plus", "age_75_plus", "population")
AGE_TARGETS = tuple(target for target in TARGETS if target.startswith("age_"))
MEASURES = ("users", "places", "spending")
PER_VALUES = (100, 10000)
ALIAS_SEPARATOR = "|"


@lru_cache(maxsize=4)
def areas(catalogue_dir: Path = CATALOGUE_DIR) -> pd.DataFrame:
    """ISTAT's areas of the survey of comuni's social services: code, label_it, label_en, target, aliases."""
    frame = pd.read_csv(catalogue_dir / AREAS_FILE, dtype=str, keep_default_na=False)
    _check_columns(frame, AREA_COLUMNS, AREAS_FILE)
    bad = frame[~frame["target"].isin(TARGETS)]
    if len(bad):
        raise ValueError(f"{AREAS_FILE}: unknown target for {bad['code'].tolist()}")
    _check_unique(frame, AREAS_FILE)
    return frame


@lru_cache(maxsize=4)
def services(catalogue_dir: Path = CATALOGUE_DIR) -> pd.DataFrame:
    """The service catalogue: code, labels, Nomenclatore voice, area (an areas() code), target population,
    per (coverage per 100 of the target or per 10,000 residents), measures ('users|places|spending'), aliases."""
    frame = pd.read_csv(catalogue_dir / SERVICES_FILE, dtype=str, keep_default_na=False)
    _check_columns(frame, SERVICE_COLUMNS, SERVICES_FILE)
    frame["per"] = frame["per"].astype(int)
    known_areas = set(areas(catalogue_dir)["code"])
    bad = frame[~frame["area"].isin(known_areas) | ~frame["target"].isin(TARGETS) | ~frame["per"].isin(PER_VALUES)
                | ~frame["measures"].map(lambda text: set(text.split(ALIAS_SEPARATOR)) <= set(MEASURES))]
    if len(bad):
        raise ValueError(f"{SERVICES_FILE}: unknown area, target, per or measures for {bad['code'].tolist()}")
    _check_unique(frame, SERVICES_FILE)
    return frame


def _check_columns(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    if list(frame.columns) != columns:
        raise ValueError(f"{name}: columns {list(frame.columns)}, expected {columns}")


def _check_unique(frame: pd.DataFrame, name: str) -> None:
    if frame["code"].duplicated().any():
        raise ValueError(f"{name}: duplicate codes {frame.loc[frame['code'].duplicated(), 'code'].tolist()}")


def normalise(text) -> str:
    """What is left of a label once case, accents, punctuation and spacing are set aside:
    "  Comunità-per MINORI " -> "comunita per minori"."""
    if not isinstance(text, str):
        return ""
    plain = unicodedata.normalize("NFKD", text.replace("\ufeff", "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()


def _names(row: pd.Series) -> list[str]:
    """Every way a catalogue row may be written: its code, both labels, each label without its bracketed part
    and the bracketed part alone (an acronym: "ADM"), the part before a comma ("Povertà"), and its aliases."""
    names = [row["code"], row["label_it"], row["label_en"]]
    for label in (row["label_it"], row["label_en"]):
        bracket = re.search(r"\(([^)]*)\)", label)
        if bracket:
            names += [label[:bracket.start()], bracket.group(1)]
        names.append(re.split(r"[,(]", label)[0])
    names += row["aliases"].split(ALIAS_SEPARATOR) if row["aliases"] else []
    return names


def _lookup(frame: pd.DataFrame) -> dict[str, str]:
    """normalised name -> code; a name that two codes share is left out (it would be a guess)."""
    seen: dict[str, set[str]] = {}
    for _, row in frame.iterrows():
        for name in _names(row):
            key = normalise(name)
            if key:
                seen.setdefault(key, set()).add(row["code"])
    return {key: next(iter(codes)) for key, codes in seen.items() if len(codes) == 1}


@lru_cache(maxsize=4)
def service_lookup(catalogue_dir: Path = CATALOGUE_DIR) -> dict[str, str]:
    return _lookup(services(catalogue_dir))


@lru_cache(maxsize=4)
def area_lookup(catalogue_dir: Path = CATALOGUE_DIR) -> dict[str, str]:
    return _lookup(areas(catalogue_dir))


def resolve_service(text, catalogue_dir: Path = CATALOGUE_DIR) -> str | None:
    """The catalogue code of a service as a planner typed it (code, Italian or English label, acronym or alias;
    any case, spacing or accents), or None."""
    return service_lookup(catalogue_dir).get(normalise(text))


def resolve_area(text, catalogue_dir: Path = CATALOGUE_DIR) -> str | None:
    """The code of a spending area as a planner typed it, or None."""
    return area_lookup(catalogue_dir).get(normalise(text))


def suggest_service(text, catalogue_dir: Path = CATALOGUE_DIR) -> str | None:
    """The catalogue code whose name is closest to an unrecognised service name (for the error message), or None."""
    lookup = service_lookup(catalogue_dir)
    close = difflib.get_close_matches(normalise(text), list(lookup), n=1, cutoff=0.75)
    return lookup[close[0]] if close else None


# words a service name may hold that say nothing of which service it is
STOPWORDS = frozenset("a ad al alla ai agli e ed di del della dello dei degli delle da in il lo la i gli le per con su "
                      "the of for and with to on at".split())
MAX_CANDIDATES = 10


def _stem(word: str) -> str:
    """A word without its final vowel, so that singular and plural meet ("centro", "centri" -> "centr")."""
    return word[:-1] if len(word) > 4 and word[-1] in "aeiou" else word


def _words(text) -> list[str]:
    return [word for word in normalise(text).split() if word not in STOPWORDS]


@lru_cache(maxsize=4)
def _service_names(catalogue_dir: Path = CATALOGUE_DIR) -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    """(code, the words of each of its names, Nomenclatore voice included) for every service, in catalogue order."""
    frame = services(catalogue_dir)
    return tuple((row["code"], tuple(tuple(_words(name)) for name in _names(row) + [row["nomenclatore_label"]]
                                     if _words(name)))
                 for _, row in frame.iterrows())


def service_candidates(text, catalogue_dir: Path = CATALOGUE_DIR) -> list[str]:
    """Every catalogue code one of whose names (or Nomenclatore voice) holds each word of an unrecognised
    service name, singular or plural alike: "Centro diurno" -> cdi, cdd, cse, centro diurno minori ... (at most
    MAX_CANDIDATES, in catalogue order). For the error message of a name that fits several services."""
    stems = [_stem(word) for word in _words(text)]
    if not stems:
        return []
    found = [code for code, names in _service_names(catalogue_dir)
             if any(all(any(word.startswith(stem) for word in name) for stem in stems) for name in names)]
    return found[:MAX_CANDIDATES]


def service_label(code: str, lang: str = "it", catalogue_dir: Path = CATALOGUE_DIR) -> str:
    frame = services(catalogue_dir).set_index("code")
    return frame.at[code, "label_en" if lang == "en" else "label_it"] if code in frame.index else code


def area_label(code: str, lang: str = "it", catalogue_dir: Path = CATALOGUE_DIR) -> str:
    frame = areas(catalogue_dir).set_index("code")
    return frame.at[code, "label_en" if lang == "en" else "label_it"] if code in frame.index else code

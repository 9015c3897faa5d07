"""The view lives in the URL: territorio, lingua, and each page's own choices (see URL_NAMES).

`parse_view` is pure: it validates raw query-parameter values against the known territories,
indicators, levels, topics and languages, and returns the view plus a notice for every value it
had to reject. A malformed URL therefore never crashes a page; it falls back to defaults, visibly.
"""
import re
import unicodedata
from dataclasses import dataclass, field

from cruscotto.i18n import DEFAULT_LANGUAGE, LANGUAGES, TOPICS
from cruscotto.levels import LEVELS, MILANO_CODE

DEFAULT_TERRITORY = MILANO_CODE
DEFAULT_INDICATOR = "share_65_plus"
MAX_COMPARE = 4
MAX_LIST = 2000  # a download selection may name every comune of Lombardy (1,502), not more
MAX_SEARCH = 100
YEAR = re.compile(r"^\d{4}$")
YEAR_RANGE = re.compile(r"^(\d{4})-(\d{4})$")
SLIDE = re.compile(r"^[0-9]{1,3}$")  # a slide number; one beyond the deck is clamped by cruscotto/presentation.py
FLAG_ON, FLAG_OFF = "1", "0"  # presenta=1, simili=1

# View attribute -> URL parameter. The URL speaks Italian, like the UI's default.
URL_NAMES = {
    "territory": "territorio", "lang": "lingua", "indicator": "indicatore", "year": "anno",
    "compare": "confronto", "level": "livello", "search": "cerca", "topics": "temi",
    "download_indicators": "indicatori", "download_territories": "territori", "download_groups": "gruppi",
    "download_years": "anni", "present": "presenta", "slide": "diapositiva", "frame_similar": "simili",
}
# Parameters every page carries; pages add their own (navigation.PAGE_PARAMS).
ALWAYS = ("territory", "lang")
# What View.to_params() writes when not told which: the view of the original URL contract.
CORE = ("territory", "indicator", "lang", "year", "compare")


@dataclass
class View:
    territory: str = DEFAULT_TERRITORY
    year: int | None = None
    indicator: str = DEFAULT_INDICATOR
    compare: list[str] = field(default_factory=list)
    lang: str = DEFAULT_LANGUAGE
    level: str | None = None
    search: str = ""
    topics: list[str] = field(default_factory=list)
    download_indicators: list[str] = field(default_factory=list)  # empty = every indicator shown
    download_territories: list[str] = field(default_factory=list)  # empty = every territory
    download_groups: list[str] = field(default_factory=list)  # provinces and ambiti whose comuni are added
    download_years: tuple[int, int] | None = None  # None = every year
    present: bool = False  # presentation mode of /panoramica (cruscotto/presentation.py)
    slide: int | None = None  # 1-based slide of presentation mode; None outside it
    frame_similar: bool = False  # /mappa fits its view to a comune and its similar comuni (cruscotto/similar.py)

    def to_params(self, names=CORE) -> dict[str, str]:
        """The URL parameters of the named attributes (plus territory and language), empty ones left out."""
        params = {}
        for name in dict.fromkeys((*ALWAYS, *names)):
            text = _as_text(getattr(self, name))
            if text:
                params[URL_NAMES[name]] = text
        return params


def _as_text(value) -> str:
    if isinstance(value, bool):  # a flag is written only when on: presenta=1
        return FLAG_ON if value else ""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return f"{value[0]}-{value[1]}"
    if isinstance(value, list):
        return ",".join(value)
    return str(value)


def _first(value) -> str:
    # st.query_params gives the last value of a repeated key as str; tests may pass lists
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value).strip()[:20_000]


def _codes(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def _known_list(raw_text: str, known: set[str], limit: int) -> tuple[list[str], str]:
    """The known codes in order, without repeats, at most `limit`; and the rejected ones as text."""
    codes = _codes(raw_text)
    kept = list(dict.fromkeys(c for c in codes if c in known))[:limit]
    rejected = [c for c in codes if c not in kept]
    return kept, ",".join(rejected)


def _clean_search(text: str) -> str:
    # control characters (NUL, newlines) are dropped: the box shows what a person could have typed
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")[:MAX_SEARCH].strip()


def literal(text: str) -> str:
    """A value from the URL as a Markdown code span, for a notice: drawn as typed, never as a link, image or HTML.
    Control characters become spaces (a blank line would end the span); the fence is longer than any run of
    backticks in the value."""
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    if not text.strip():
        return '""'
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if text.startswith("`") or text.endswith("`") else f"{fence}{text}{fence}"


def parse_view(raw: dict, territories: set[str], indicators: set[str]) -> tuple[View, list[tuple[str, str]]]:
    view, rejected = View(), []
    # one value from a known set: (attribute, allowed values, how the value is read)
    singles = [("lang", set(LANGUAGES), str.lower), ("territory", territories, str), ("indicator", indicators, str),
               ("level", set(LEVELS), str)]
    # comma-separated codes from a known set: (attribute, allowed values, most kept)
    lists = [("compare", territories, MAX_COMPARE), ("topics", set(TOPICS), len(TOPICS)),
             ("download_indicators", indicators, MAX_LIST), ("download_territories", territories, MAX_LIST),
             ("download_groups", territories, MAX_LIST)]

    def take(attribute: str):
        name = URL_NAMES[attribute]
        return _first(raw[name]) if name in raw else None

    for attribute, allowed, read in singles:
        if (text := take(attribute)) is not None:
            if read(text) in allowed:
                setattr(view, attribute, read(text))
            elif text or attribute in ("lang", "territory", "indicator"):
                rejected.append((URL_NAMES[attribute], text))
    if (year := take("year")) is not None:
        if YEAR.match(year) and 1990 <= int(year) <= 2030:
            view.year = int(year)
        elif year:
            rejected.append(("anno", year))
    for attribute, allowed, limit in lists:
        if (text := take(attribute)) is not None:
            kept, bad = _known_list(text, allowed, limit)
            setattr(view, attribute, kept)
            if bad:
                rejected.append((URL_NAMES[attribute], bad))
    if (search := take("search")) is not None:
        view.search = _clean_search(search)
    if (text := take("download_years")) is not None:
        match = YEAR_RANGE.match(text)
        if match and 1990 <= int(match[1]) <= int(match[2]) <= 2030:
            view.download_years = (int(match[1]), int(match[2]))
        elif text:
            rejected.append(("anni", text))
    for attribute in ("present", "frame_similar"):
        if (text := take(attribute)) is not None:
            if text in (FLAG_ON, FLAG_OFF):
                setattr(view, attribute, text == FLAG_ON)
            elif text:
                rejected.append((URL_NAMES[attribute], text))
    if (text := take("slide")) is not None:
        if SLIDE.match(text) and int(text) >= 1:
            view.slide = int(text) if view.present else None  # a slide means nothing outside presentation mode
        elif text:
            rejected.append(("diapositiva", text))
    return view, rejected

"""Tell-tale words of each language, to find text of the other language on a page.

Each list holds words that are common in the project's texts and that the other language does not use
as ordinary words. Left out on purpose because both languages use them: "per" (per 100, pro capite /
per head), "in", "no", "area", "media", "note", "con" (also in the comune name "Bardello con Malgesso e
Bregano"), "e", "a", "i". "data" is English but also Italian ("data di riferimento" = reference date):
in Italian text it counts only where it cannot be the Italian noun (ITALIAN_DATA).

Proper names are not translated and are removed before scanning (strip_proper_names, proper_names):
names of comuni, ambiti, ASST, distretti, Municipi and NIL, the title "Piano/Piani di Zona", licence and
standard names, the titles of the plan documents and the documents cited for ambito membership (quoted
verbatim), and the indicator and source ids the public cites. Province and region names are NOT removed:
"Provincia di …" is UI text and must read "Province of …" in English.
"""
import re
from functools import lru_cache

ITALIAN = {
    "dati", "dato", "comuni", "comune", "residenti", "residente", "provvisorio", "provvisoria", "provvisori",
    "definitivo", "definitivi", "somma", "fonte", "fonti", "anno", "anni", "della", "delle", "degli", "dei",
    "del", "dello", "di", "da", "dal", "dalla", "nel", "nella", "alla", "alle", "il", "lo", "gli", "le", "su",
    "sono", "non", "è", "più", "meno", "nessun", "nessuno", "territorio", "territori", "provincia", "spesa",
    "famiglie", "famiglia", "anziani", "popolazione", "stranieri", "valore", "valori", "indicatore",
    "indicatori", "scegli", "cerca", "mappa", "tendenze", "confronta", "panoramica", "significativamente",
    "simile", "rispetto", "quota", "posti", "ogni", "nota", "livello", "anagrafe", "minori", "mancante",
    "composizione", "città", "metropolitana", "ambiti", "scarica", "tutti", "tutte", "opzione", "risultati",
    "persone", "abitante", "totale", "servizi", "sociale", "sociali",
}
ENGLISH = {
    "the", "of", "and", "data", "provisional", "final", "none", "source", "sources", "year", "years",
    "resident", "residents", "value", "values", "people", "persons", "households", "spending", "share",
    "total", "not", "with", "from", "for", "by", "to", "all", "choose", "option", "options", "results",
    "search", "download", "map", "trend", "compare", "municipality", "municipalities", "district", "borough",
    "neighbourhood", "significantly", "higher", "lower", "similar", "eur", "percent", "count", "status",
    "indicator", "territory", "name", "level", "rank", "caveat", "caveats", "user", "adult",
    "overview", "only", "published", "derived", "rows", "excluded", "extract", "partial", "anomaly",
}
# "data" is also Italian ("data di riferimento" = reference date): in Italian text it counts only
# where it cannot be the Italian noun, i.e. as "open data" or "data for".
ITALIAN_DATA = re.compile(r"\bdata\b(?!\s+(di|del|della|dedotta|in cui)\b)", re.IGNORECASE)
PHRASES = {"it": [re.compile(r"\bper resident\b", re.IGNORECASE)], "en": []}
PROPER_TITLES = ["Piani di Zona", "Piano di Zona", "Piano di zona", "Piani di zona", "Uffici di Piano",
                 "Ufficio di Piano", "CC BY", "Frictionless Data"]  # licence and standard names
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
CODE_SPAN = re.compile(r"`[^`\n]+`")


def running_text(text: str) -> str:
    """Text without identifiers: tokens with '/' or an inner '.' (paths, URLs, repositories, file names)
    are dropped; snake_case identifiers are split, so a raw column name such as territory_name reads
    'territory name' and is caught. A code span (`…`, on one line) is a name to type as it is, however many
    words it holds (a template's column header, a file name, a value a planner may write: `minori e famiglia`)."""
    kept = []
    text = CODE_SPAN.sub(" ", text)
    for token in text.split():
        core = token.strip(".,;:!?()[]{}«»“”\"'`*")
        if "/" in core or re.search(r"\w\.\w", core) or "@" in core:
            continue
        if token.strip(".,;:!?()[]{}«»“”\"'*").startswith("`") and token.rstrip(".,;:!?()[]{}«»“”\"'*").endswith("`"):
            continue  # a code span: a name to type as it is (a template's column header, a file name)
        kept.append(token.replace("_", " "))
    return " ".join(kept)


def words(text: str) -> list[str]:
    """Lower-case words (an elided Italian word such as dell'anno stays one word)."""
    return [word.lower() for word in WORD.findall(running_text(text))]


def strip_proper_names(text: str, names) -> str:
    for name in sorted(set(names) | set(PROPER_TITLES), key=len, reverse=True):
        if name:
            text = text.replace(name, " ")
    return text


def other_language_words(text: str, lang: str, names=()) -> set[str]:
    """Words of the other language found in text written for `lang`."""
    text = re.sub(r"\\(.)", r"\1", text)  # Markdown escapes (cards.escape_markdown) are not part of the words
    text = running_text(strip_proper_names(text, names))
    tell_tales = ENGLISH - {"data"} if lang == "it" else ITALIAN
    found = {word for word in words(text) if word in tell_tales}
    if lang == "it" and ITALIAN_DATA.search(text):
        found.add("data")
    found |= {pattern.pattern for pattern in PHRASES[lang] if pattern.search(text)}
    return found


@lru_cache(maxsize=1)
def proper_names() -> tuple[str, ...]:
    """Names that stay as they are in both languages (see the module docstring), read from the database."""
    from cruscotto.catalogue import load_terms
    from tests.apptest_helpers import sql
    names = [name for (name,) in sql("SELECT name FROM territory WHERE level NOT IN ('provincia', 'regione')")]
    names += [text for (text,) in sql("SELECT DISTINCT source_document FROM plan_figure")]
    names += [text for (text,) in sql("SELECT DISTINCT membership_source FROM territory WHERE membership_source IS NOT NULL")]
    # the plans name their own territories: those terms.csv keeps unchanged in English are proper names
    # identifiers the public cites (indicator and source ids, shown on /dati-aperti and /fonti) are codes
    names += [code for (code,) in sql("SELECT id FROM indicator")] + [code for (code,) in sql("SELECT source_id FROM source")]
    # the catalogue's lineage (build functions, raw file fields: data/catalogue/indicators.csv) is code, typed as is
    names += [text for (text,) in sql("SELECT build_step FROM indicator UNION SELECT raw_measure FROM indicator")
              if isinstance(text, str)]
    terms = load_terms()
    names += [text for (text,) in sql("SELECT DISTINCT territory FROM plan_figure")
              if text in terms.index and terms.at[text, "en"] == text]
    return tuple(names)

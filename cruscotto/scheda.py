"""The printable profile ("scheda") of a territory: one or two A4 pages of PDF with its name and level, the date
of the data, the at-a-glance chart, the headline figures beside their benchmarks and the similar comuni, key
trends, every source with its licence, and the link that reopens the same view.

Made with reportlab (vector drawing and real text, pure Python, offline; see README "Scheda PDF"): from the
button on /panoramica and from `python -m cruscotto scheda CODE --out FILE.pdf` (cruscotto/scheda_cli.py).
What it says is gathered by cruscotto/scheda_content.py and drawn by cruscotto/scheda_layout.py."""
from urllib.parse import urlencode, urlsplit, urlunsplit

from cruscotto import data, scheda_content, scheda_layout
from cruscotto.state import URL_NAMES

DEFAULT_URL_BASE = "http://localhost:8501"
PROFILE_SLUG = "panoramica"


def scheda_pdf(territory: str, lang: str, view_url: str) -> bytes:
    """The scheda of `territory` in `lang` as PDF bytes; `view_url` is printed as the link back to the view.
    Raises KeyError for an unknown territory code."""
    return render(territory, lang, view_url).pdf


def render(territory: str, lang: str, view_url: str) -> scheda_layout.Rendered:
    """scheda_pdf's bytes with the number of pages."""
    return _rendered(territory, lang, view_url)


@data.per_data_version(max_entries=16)
def _rendered(territory: str, lang: str, view_url: str) -> scheda_layout.Rendered:
    # kept per data version: a second click (or a second councillor) gets the same file without redrawing it
    return scheda_layout.render(scheda_content.collect(territory, lang), view_url)


def view_url(base: str | None, territory: str, lang: str) -> str:
    """The address of /panoramica for this territory and language under `base` (the dashboard's address: scheme,
    host and any path prefix; a page's own path at its end is dropped). No base: DEFAULT_URL_BASE."""
    parts = urlsplit((base or DEFAULT_URL_BASE).strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        parts = urlsplit(DEFAULT_URL_BASE)
    path = parts.path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last and "." not in last and _is_page_slug(last):
        path = path[: -len(last)].rstrip("/")
    query = urlencode({URL_NAMES["territory"]: territory, URL_NAMES["lang"]: lang})
    return urlunsplit((parts.scheme, parts.netloc, f"{path}/{PROFILE_SLUG}", query, ""))


def file_name(territory: str, lang: str) -> str:
    """scheda_098031_it.pdf (a territory code holds only letters, digits and hyphens)."""
    safe = "".join(ch for ch in territory if ch.isalnum() or ch == "-")
    return f"scheda_{safe}_{lang}.pdf"


def _is_page_slug(segment: str) -> bool:
    from cruscotto.pages_registry import slugs
    return segment in slugs()

"""The dashboard's pages, in one place: navigation (cruscotto/navigation.py), the tests and the benchmarks
read this list instead of keeping their own.

slug: the page's URL path (/panoramica) and its name in query headers ("-- Used by: panoramica");
file: the script under pages/; title_key: its title in cruscotto/i18n.py; params: the view attributes the page
keeps in its URL besides territory and language (state.ALWAYS); per_territory: whether what it shows depends on
the chosen territory; figures: whether it draws figures with a "Come è calcolato" (cruscotto/lineage.py);
login: whether part of it is behind the planners' login (it runs on its own in tests, see test_carica_page.py).
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    slug: str
    title_key: str
    params: tuple[str, ...] = ()
    per_territory: bool = False
    figures: bool = False
    login: bool = False

    @property
    def file(self) -> str:
        return f"pages/{self.slug}.py"


PAGES: tuple[Page, ...] = (
    Page("panoramica", "page_panoramica", ("present", "slide"), per_territory=True, figures=True),  # presentation mode
    Page("mappa", "page_mappa", ("level", "indicator", "year", "frame_similar"), per_territory=True, figures=True),
    Page("tendenze", "page_tendenze", ("indicator",), per_territory=True, figures=True),
    Page("confronta", "page_confronta", ("compare", "indicator", "year"), per_territory=True, figures=True),
    Page("spesa", "page_spesa", per_territory=True, figures=True),
    Page("dati-aperti", "page_dati_aperti", ("search", "topics", "indicator", "download_indicators",
                                             "download_territories", "download_groups", "download_years")),
    Page("fonti", "page_fonti"),
    Page("carica", "page_carica", login=True),
)
HOME = PAGES[0]  # what the root URL opens


def slugs() -> list[str]:
    return [page.slug for page in PAGES]


def by_slug(slug: str) -> Page:
    return next(page for page in PAGES if page.slug == slug)


def files(**wanted) -> list[str]:
    """The page scripts, optionally only the pages whose attributes have the wanted values (figures=True)."""
    return [page.file for page in PAGES if all(getattr(page, name) == value for name, value in wanted.items())]

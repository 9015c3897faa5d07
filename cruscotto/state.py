"""The view lives in the URL: territorio, anno, indicatore, confronto, lingua.

`parse_view` is pure: it validates raw query-parameter values against the known territories,
indicators and languages, and returns the view plus a notice for every value it had to reject.
A malformed URL therefore never crashes a page; it falls back to defaults, visibly.
"""
import re
from dataclasses import dataclass, field

from cruscotto.i18n import DEFAULT_LANGUAGE, LANGUAGES

DEFAULT_TERRITORY = "015146"
DEFAULT_INDICATOR = "share_65_plus"
MAX_COMPARE = 4
YEAR = re.compile(r"^\d{4}$")
PARAMS = ("territorio", "anno", "indicatore", "confronto", "lingua")


@dataclass
class View:
    territory: str = DEFAULT_TERRITORY
    year: int | None = None
    indicator: str = DEFAULT_INDICATOR
    compare: list[str] = field(default_factory=list)
    lang: str = DEFAULT_LANGUAGE

    def to_params(self) -> dict[str, str]:
        params = {"territorio": self.territory, "indicatore": self.indicator, "lingua": self.lang}
        if self.year is not None:
            params["anno"] = str(self.year)
        if self.compare:
            params["confronto"] = ",".join(self.compare)
        return params


def _first(value) -> str:
    # st.query_params gives the last value of a repeated key as str; tests may pass lists
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value).strip()[:200]


def parse_view(raw: dict, territories: set[str], indicators: set[str]) -> tuple[View, list[tuple[str, str]]]:
    view, rejected = View(), []
    if "lingua" in raw:
        lang = _first(raw["lingua"]).lower()
        if lang in LANGUAGES:
            view.lang = lang
        else:
            rejected.append(("lingua", lang))
    if "territorio" in raw:
        code = _first(raw["territorio"])
        if code in territories:
            view.territory = code
        else:
            rejected.append(("territorio", code))
    if "indicatore" in raw:
        indicator = _first(raw["indicatore"])
        if indicator in indicators:
            view.indicator = indicator
        else:
            rejected.append(("indicatore", indicator))
    if "anno" in raw:
        year = _first(raw["anno"])
        if YEAR.match(year) and 1990 <= int(year) <= 2030:
            view.year = int(year)
        else:
            rejected.append(("anno", year))
    if "confronto" in raw:
        codes = [c.strip() for c in _first(raw["confronto"]).split(",") if c.strip()]
        known = list(dict.fromkeys(c for c in codes if c in territories))[:MAX_COMPARE]
        if len(known) != len(codes):
            rejected.append(("confronto", ",".join(c for c in codes if c not in known)))
        view.compare = known
    return view, rejected

"""Numbers as an Italian or English reader expects them; names from data made safe for Markdown."""
import math
import re

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|:$~])")


def is_known(value) -> bool:
    """A figure is there: not None, NaN or pandas' NA (a blank in a source is missing, not zero)."""
    if value is None:
        return False
    try:
        return not math.isnan(float(value))
    except (TypeError, ValueError):
        return False  # pandas.NA, and anything that is no number


def known_number(value) -> float | None:
    """A figure as a float, None where it is missing (None, NaN, pandas' NA, no number at all)."""
    return float(value) if is_known(value) else None


def escape_markdown(text: str) -> str:
    """Names come from data: shown as typed, never as Markdown directives or links."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def number(value, decimals: int = 0, lang: str = "it") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:,.{decimals}f}"
    if lang == "it":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def as_shown(value: float, decimals: int) -> float:
    """A value as far as the reader sees it: differences are taken between the figures shown beside them, so
    6,0 and 5,6 are 0,4 apart (not 0,3 from 5,987 and 5,644) on the gauge and in its sentence alike."""
    return round(float(value), decimals)


def shown_gap(value: float, benchmark: float, decimals: int, lang: str = "it") -> str:
    """'+0,4' / '−0,1': a figure against its benchmark, as the difference of the two figures shown (as_shown)."""
    difference = as_shown(value, decimals) - as_shown(benchmark, decimals)
    return ("+" if difference >= 0 else "−") + number(abs(difference), decimals, lang)


def euros(shown: str, lang: str = "it") -> str:
    """A written amount in euro as each language writes it: '31.815 €' in Italian, '€31,815' (and '−€5.2') in
    English."""
    if lang != "en":
        return f"{shown} €"
    sign = shown[0] if shown[:1] in ("-", "−") else ""
    return f"{sign}€{shown[len(sign):]}"


def with_unit(value, decimals: int, unit: str, lang: str = "it") -> str:
    """'24,5%', '31.815 € per dichiarante' ('€31,815 per filer'), '199,4 anziani ogni 100 giovani'."""
    return unit_beside(number(value, decimals, lang), unit, lang)


def unit_beside(shown: str, unit: str, lang: str = "it") -> str:
    """A written number with its unit: '%' follows it ('34,7% delle famiglie', as the figure itself is written),
    '€' as the language writes it (euros), any other unit after a space."""
    if unit.startswith(("%", "€")):
        rest = unit[1:].strip()
        figure = f"{shown}%" if unit.startswith("%") else euros(shown, lang)
        return f"{figure} {rest}" if rest else figure
    return f"{shown} {unit}"


def headline(value, decimals: int, unit: str, lang: str = "it") -> tuple[str, str]:
    """A big figure stays short ('57,0%', '123 €', '199,4'); a longer unit goes beside the label.
    Returns (figure, unit note for the label, '' when the figure says it all)."""
    shown = number(value, decimals, lang)
    if unit in ("%", "€"):
        return (f"{shown}%" if unit == "%" else euros(shown, lang)), ""
    if unit.startswith("%"):
        return f"{shown}%", unit
    if unit.startswith("€"):
        return euros(shown, lang), unit
    return shown, unit


def sensible_decimals(decimals: int, denominator, multiplier: float) -> int:
    """No more decimals than the counts behind a rate carry. One more unit in the numerator moves the
    rate by multiplier / denominator; digits finer than that step are noise, so an old-age index over
    14 children reads '1.721', not '1.721,4'. Never more than the catalogue's decimals."""
    if denominator is None or (isinstance(denominator, float) and math.isnan(denominator)) or denominator <= 0:
        return decimals
    step = multiplier / float(denominator)
    return max(0, min(decimals, math.floor(-math.log10(step) + 1e-9)))


def year_span(years) -> str:
    """'2018–2022' for a run of years, '2023' for one."""
    first, last = int(min(years)), int(max(years))
    return str(first) if first == last else f"{first}–{last}"

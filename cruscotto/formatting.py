"""Numbers as an Italian or English reader expects them."""
import math


def number(value, decimals: int = 0, lang: str = "it") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:,.{decimals}f}"
    if lang == "it":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def with_unit(value, decimals: int, unit: str, lang: str = "it") -> str:
    shown = number(value, decimals, lang)
    return f"{shown}%" if unit == "%" else f"{shown} {unit}"


def headline(value, decimals: int, unit: str, lang: str = "it") -> tuple[str, str]:
    """A big figure stays short ('57,0%', '123 €', '199,4'); a longer unit goes beside the label.
    Returns (figure, unit note for the label, '' when the figure says it all)."""
    shown = number(value, decimals, lang)
    if unit in ("%", "€"):
        return (f"{shown}%" if unit == "%" else f"{shown} €"), ""
    if unit.startswith("%"):
        return f"{shown}%", unit
    if unit.startswith("€"):
        return f"{shown} €", unit
    return shown, unit

"""Amounts in euro as each language writes them: '31.815 €' in Italian, '€31,815' in English."""
from cruscotto.formatting import headline, with_unit


def test_italian_puts_the_euro_after_the_amount():
    assert with_unit(31815.2, 0, "€ per dichiarante", "it") == "31.815 € per dichiarante"
    assert headline(256.24, 2, "€", "it") == ("256,24 €", "")
    assert headline(31815.2, 0, "€ per dichiarante", "it") == ("31.815 €", "€ per dichiarante")


def test_english_puts_the_euro_before_the_amount():
    assert with_unit(31815.2, 0, "€ per filer", "en") == "€31,815 per filer"
    assert with_unit(256.24, 2, "€", "en") == "€256.24"
    assert headline(31815.2, 0, "€ per filer", "en") == ("€31,815", "€ per filer")


def test_other_units_are_untouched():
    assert with_unit(24.5, 1, "%", "en") == "24.5%"
    assert with_unit(199.4, 1, "anziani ogni 100 giovani", "it") == "199,4 anziani ogni 100 giovani"


def test_a_share_unit_follows_the_figure_without_a_space():
    assert with_unit(34.7, 1, "% delle famiglie", "it") == "34,7% delle famiglie"
    assert with_unit(34.7, 1, "% of households", "en") == "34.7% of households"


def test_a_negative_amount_puts_its_sign_before_the_euro():
    assert with_unit(-5.2, 1, "€", "en").replace("-", "−") == "−€5.2"
    assert with_unit(-5.2, 1, "€", "it").replace("-", "−") == "−5,2 €"

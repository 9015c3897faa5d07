"""The recent trend on the pages (issue 12, item 3): a line on each profile card that has one, in Italian and in
English, and one line with the stated test under the chart of /tendenze. The expected series are the real
database's (tests/test_trend.py checks them against plain SQL)."""
from cruscotto.pages_registry import by_slug
from tests.apptest_helpers import all_text, run_page

PROFILE = by_slug("panoramica").file
TRENDS = by_slug("tendenze").file


def card_captions(app) -> list[str]:
    return [caption.value for caption in app.caption]


def test_a_nil_card_shows_its_rising_share_in_italian():
    # NIL 17 Adriano, Milan's register: residents aged 65+ 15.8% (2020) → 16.9% (2024)
    captions = card_captions(run_page(PROFILE, territorio="NIL17"))
    assert "Tendenza: ↗ in aumento 2020–2024" in captions


def test_a_nil_card_shows_its_rising_share_in_english():
    app = run_page(PROFILE, territorio="NIL17", lingua="en")
    captions = card_captions(app)
    assert "Trend: ↗ rising 2020–2024" in captions
    assert not any(word in all_text(app) for word in ("Tendenza", "in aumento", "in calo", "stabile"))


def test_a_comune_card_shows_a_fall_and_a_stable_series_but_no_arrow_across_a_change_of_source():
    # Lodi: low incomes (MEF 2018, 2020, 2021) down; income per taxpayer (MEF 2018–2024, 4 points) stable;
    # residents aged 65+ (census 2011, then two years of another source) has no arrow
    captions = card_captions(run_page(PROFILE, territorio="098031"))
    trend_lines = [line for line in captions if line.startswith("Tendenza:")]
    assert "Tendenza: ↘ in calo 2018–2021" in trend_lines
    assert "Tendenza: → stabile 2018–2024" in trend_lines
    assert all("2011" not in line and not line.endswith("2022–2023") for line in trend_lines)


def test_the_card_tooltip_states_the_test():
    app = run_page(PROFILE, territorio="NIL17")
    line = next(caption for caption in app.caption if caption.value.startswith("Tendenza:"))
    assert "Cochran–Armitage" in line.proto.help


def test_the_trends_page_says_the_trend_and_the_test_under_the_chart():
    captions = card_captions(run_page(TRENDS, territorio="NIL17", indicatore="reg_share_65_plus"))
    assert "Tendenza: ↗ in aumento 2020–2024" in captions
    assert any("Cochran–Armitage" in line for line in captions)


def test_the_trends_page_says_why_there_is_no_arrow_in_english():
    captions = card_captions(run_page(TRENDS, territorio="098031", indicatore="share_65_plus", lingua="en"))
    assert "Trend: no arrow (fewer than 3 recent years with the same source and coverage)." in captions
    assert not any(line.startswith("Trend: ↗") or line.startswith("Trend: ↘") for line in captions)

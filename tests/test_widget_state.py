"""Every choice sticks: widgets keep what the user chose through successive changes, the URL follows,
a stale URL on a rerun never undoes a click, and our own links do change the view (AppTest)."""
import pytest

from cruscotto import page_data
from cruscotto.levels import REGION_CODE
from tests.apptest_helpers import PAGES, plotly_traces, run_page, sql

CONFRONTA, TENDENZE, MAPPA, DATI_APERTI, PANORAMICA = PAGES[3], PAGES[2], PAGES[1], PAGES[5], PAGES[0]
LODI, CODOGNO, CASALPUSTERLENGO, MILANO = "098031", "098019", "098010", "015146"


def url(app) -> dict:
    return {key: app.query_params[key] for key in app.query_params}


def widget(app, kind: str, attribute: str):
    return getattr(app, kind)(key=f"view_{attribute}")


def bar_names(app) -> list[str]:
    return list(plotly_traces(app, 0)[0]["y"])


def test_compare_keeps_each_territory_added_one_after_another():
    app = run_page(CONFRONTA, territorio=LODI, confronto=f"{LODI},03")
    widget(app, "multiselect", "compare").select(CODOGNO).run()
    widget(app, "multiselect", "compare").select(CASALPUSTERLENGO).run()
    assert widget(app, "multiselect", "compare").value == [LODI, REGION_CODE, CODOGNO, CASALPUSTERLENGO]
    assert url(app)["confronto"] == f"{LODI},03,{CODOGNO},{CASALPUSTERLENGO}"
    assert bar_names(app) == ["Lodi", "Lombardia", "Codogno", "Casalpusterlengo"]
    widget(app, "multiselect", "compare").unselect(REGION_CODE).run()
    assert url(app)["confronto"] == f"{LODI},{CODOGNO},{CASALPUSTERLENGO}"
    assert bar_names(app) == ["Lodi", "Codogno", "Casalpusterlengo"]


def test_second_indicator_choice_is_not_ignored():
    app = run_page(TENDENZE, territorio=LODI)
    widget(app, "selectbox", "indicator").set_value("old_age_index").run()
    widget(app, "selectbox", "indicator").set_value("share_75_plus").run()
    assert widget(app, "selectbox", "indicator").value == "share_75_plus"
    assert url(app)["indicatore"] == "share_75_plus"
    assert "75" in app.get("plotly_chart")[0].proto.spec  # the chart title names the indicator


def test_map_level_indicator_and_year_all_reach_the_url():
    app = run_page(MAPPA, territorio=LODI)
    widget(app, "selectbox", "level").set_value("provincia").run()
    widget(app, "selectbox", "indicator").set_value("old_age_index").run()
    years = page_data.map_years("old_age_index", "provincia")  # the values; the options show their coverage
    widget(app, "selectbox", "year").set_value(years[-1]).run()
    assert widget(app, "selectbox", "level").value == "provincia"
    assert widget(app, "selectbox", "indicator").value == "old_age_index"
    assert url(app)["livello"] == "provincia" and url(app)["indicatore"] == "old_age_index"
    assert url(app)["anno"] == str(years[-1])


def test_a_stale_url_on_a_rerun_does_not_undo_the_last_click():
    # the browser may send a rerun whose URL predates the run that wrote the last choice
    app = run_page(CONFRONTA, territorio=LODI, confronto=f"{LODI},03")
    widget(app, "multiselect", "compare").select(CODOGNO).run()
    app.query_params["confronto"] = f"{LODI},03"
    widget(app, "multiselect", "compare").select(CASALPUSTERLENGO).run()
    assert widget(app, "multiselect", "compare").value == [LODI, REGION_CODE, CODOGNO, CASALPUSTERLENGO]
    assert url(app)["confronto"] == f"{LODI},03,{CODOGNO},{CASALPUSTERLENGO}"


def test_open_data_search_topics_and_selection_reach_the_url_and_come_back():
    app = run_page(DATI_APERTI)
    widget(app, "text_input", "search").input("anziani").run()
    widget(app, "multiselect", "topics").select("invecchiamento").run()
    widget(app, "multiselect", "download_territories").select(LODI).run()
    params = url(app)
    assert params["cerca"] == "anziani" and params["temi"] == "invecchiamento" and params["territori"] == LODI
    again = run_page(DATI_APERTI, **params)  # the copied link, in a fresh session
    assert widget(again, "text_input", "search").value == "anziani"
    assert widget(again, "multiselect", "topics").value == ["invecchiamento"]
    assert widget(again, "multiselect", "download_territories").value == [LODI]


def test_sidebar_territory_then_language_both_hold():
    app = run_page(PANORAMICA, territorio=MILANO)
    widget(app, "selectbox", "territory").set_value(LODI).run()
    widget(app, "radio", "lang").set_value("en").run()
    assert app.title[0].value == "Lodi"
    assert url(app)["territorio"] == LODI and url(app)["lingua"] == "en"


def test_our_link_changes_the_territory_and_leaves_no_marker_in_the_url():
    app = run_page(PANORAMICA, territorio="MUN01")
    app.query_params["territorio"] = "NIL02"
    app.query_params["apri"] = "1"  # what ui.territory_link puts in its URL
    app.run()
    assert app.title[0].value == "Brera"
    assert widget(app, "selectbox", "territory").value == "NIL02"
    assert "apri" not in url(app) and url(app)["territorio"] == "NIL02"


@pytest.mark.parametrize("page", [CONFRONTA, TENDENZE, MAPPA])
def test_choice_survives_a_visit_to_another_page(page):
    app = run_page(page, territorio=LODI)
    widget(app, "selectbox", "indicator").set_value("old_age_index").run()
    app.switch_page(PANORAMICA).run()
    app.switch_page(page).run()
    assert widget(app, "selectbox", "indicator").value == "old_age_index"


def test_untouched_compare_list_follows_the_sidebar_territory_a_changed_one_does_not():
    app = run_page(CONFRONTA, territorio=MILANO)
    assert widget(app, "multiselect", "compare").value == [MILANO, REGION_CODE]
    widget(app, "selectbox", "territory").set_value(LODI).run()
    assert widget(app, "multiselect", "compare").value == [LODI, REGION_CODE]
    widget(app, "multiselect", "compare").select(CODOGNO).run()
    widget(app, "selectbox", "territory").set_value(MILANO).run()
    assert widget(app, "multiselect", "compare").value == [LODI, REGION_CODE, CODOGNO]


def test_map_at_nil_level_shows_the_register_twin_of_the_chosen_indicator():
    app = run_page(MAPPA, territorio="NIL02", indicatore="share_65_plus")  # a NIL opens the map at NIL level
    assert widget(app, "selectbox", "level").value == "nil"
    assert widget(app, "selectbox", "indicator").value == "reg_share_65_plus"
    twin = sql("SELECT label_it FROM indicator WHERE id = 'reg_share_65_plus'")[0][0]
    assert any(f"mostra «{twin}»" in caption.value for caption in app.caption)


def test_significance_is_explained_only_where_a_verdict_can_appear():
    from cruscotto.i18n import t
    explained = t("significance_explained", "it")
    assert any(c.value == explained for c in run_page(PANORAMICA, territorio=LODI).caption)
    # an ambito known only to ISTAT's spending survey: published spending, no counts to test
    assert not any(c.value == explained for c in run_page(PANORAMICA, territorio="T03040").caption)

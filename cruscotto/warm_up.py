"""Get the first page ready while the server starts.

A fresh server used to do everything on its first visitor's run: import pandas, DuckDB, Plotly and pydeck, open
(or build) the database and compute the default profile. server.py starts `start()` when Streamlit imports it,
so that work overlaps the time the browser takes to load Streamlit's own page; the first run finds it done (or
waits for the part still under way: the caches compute one key once). Failures are only logged here: the first
run meets them again and says so to its visitor.
"""
import logging
import threading

log = logging.getLogger(__name__)


def warm_up() -> None:
    # the modules the pages use, imported now rather than inside the first visitor's run
    from cruscotto import charts, data, maps, page_data, ui, widgets  # noqa: F401
    from cruscotto.i18n import DEFAULT_LANGUAGE
    from cruscotto.local import sections  # noqa: F401
    from cruscotto.state import DEFAULT_TERRITORY

    data.database()
    data.territories()
    data.territory_labels(DEFAULT_LANGUAGE)
    data.indicator_labels(DEFAULT_LANGUAGE)
    data.source_records()
    page_data.profile_sections(DEFAULT_TERRITORY, DEFAULT_LANGUAGE)
    page_data.coverage_gauges(DEFAULT_TERRITORY)


def _run() -> None:
    try:
        warm_up()
    except Exception:  # noqa: BLE001 - the first page run reports the same problem to its visitor
        log.warning("warm-up at start failed; the first page run will try again", exc_info=True)


def start() -> threading.Thread:
    thread = threading.Thread(target=_run, name="cruscotto-warm-up", daemon=True)
    thread.start()
    return thread

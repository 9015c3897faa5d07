"""Running the dashboard in AppTest and reading what it drew (texts, Plotly traces, the deck)."""
import base64
import json

import duckdb
import numpy as np
from streamlit.testing.v1 import AppTest

from cruscotto import pages_registry
from cruscotto.build import build_if_needed
from cruscotto.paths import DB_PATH, REPO, STATIC_DIR

# every page run through dashboard.py in AppTest (/carica, behind its login, runs on its own: test_carica_page.py)
PAGES = pages_registry.files(login=False)


def run_page(page: str, **params) -> AppTest:
    """Open dashboard.py with URL parameters, as a browser would, then go to the page."""
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    if page != pages_registry.HOME.file:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def all_text(app: AppTest) -> str:
    parts = [e.value for e in app.title] + [e.value for e in app.markdown] + [e.value for e in app.caption]
    parts += [e.value for e in app.subheader] + [e.value for e in app.info] + [e.value for e in app.warning]
    parts += [str(m.label) + " " + str(m.value) for m in app.metric]
    return "\n".join(str(p) for p in parts)


def plotly_traces(app: AppTest, index: int = 0) -> list[dict]:
    """The traces of the index-th Plotly chart, numeric arrays decoded from Plotly's binary form."""
    spec = json.loads(app.get("plotly_chart")[index].proto.spec)
    return [{key: _decode(value) for key, value in trace.items()} for trace in spec["data"]]


def deck(app: AppTest) -> dict:
    """The deck's JSON with each layer's data; a layer given by URL (app/static/…) is read from static/."""
    spec = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    for layer in spec["layers"]:
        if isinstance(layer["data"], str) and layer["data"].startswith("app/static/"):
            layer["data"] = json.loads((STATIC_DIR / layer["data"].removeprefix("app/static/")).read_text(encoding="utf-8"))
    return spec


def _decode(value):
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return array.reshape(value["shape"]) if "shape" in value else array
    return value


def sql(statement: str, *params):
    """Expected values straight from the database, not through the dashboard's queries.

    Builds the database first when it is missing or stale, as the dashboard would: on a clean clone a test
    module may ask for values while pytest collects it, before any page has run."""
    build_if_needed(DB_PATH, progress=lambda line: None)
    with duckdb.connect(str(DB_PATH), read_only=True) as con:
        return con.execute(statement, list(params)).fetchall()


def italian(value: float, decimals: int) -> str:
    """1234.5 -> '1.234,5', written here independently of cruscotto.formatting."""
    whole, _, fraction = f"{value:.{decimals}f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + ".".join(groups) + ("," + fraction if fraction else "")

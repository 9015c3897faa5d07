"""Widgets bound to the view, so that every choice sticks whatever the order and speed of the clicks.

Each widget has a fixed key ("view_<attribute>"). With a key, Streamlit keeps the widget's identity
when its options, labels or default change; without one, a changed default (e.g. the compare list
that the URL just updated) makes a new widget and the click made on the old one is lost. The widget
is seeded from the view only when its key is absent (first time on a page, or after a navigation)
or holds a value the options no longer have; afterwards the widget is the truth and the view follows.
"""
import streamlit as st

from cruscotto.i18n import t
from cruscotto.state import View


def widget_key(attribute: str) -> str:
    return f"view_{attribute}"


def _seed(key: str, wanted, valid) -> None:
    """Give the widget its value from the view unless it holds a valid one of its own."""
    current = st.session_state.get(key, wanted)
    st.session_state[key] = current if valid(current) else wanted


def select(view: View, attribute: str, label: str, options: list, format_func=str, container=None,
           fallback=None, **kwargs):
    """A selectbox for one view attribute; a value the options lack falls back to `fallback` or the first."""
    options = list(options)
    wanted = getattr(view, attribute)
    if wanted not in options:
        wanted = fallback if fallback in options else (options[0] if options else None)
    key = widget_key(attribute)
    _seed(key, wanted, lambda value: value in options)
    kwargs.setdefault("placeholder", t("choose_placeholder", view.lang))  # not Streamlit's English default
    value = (container or st).selectbox(label, options, key=key, format_func=format_func, **kwargs)
    setattr(view, attribute, value)
    return value


def radio(view: View, attribute: str, label: str, options: list, format_func=str, container=None, **kwargs):
    options = list(options)
    wanted = getattr(view, attribute) if getattr(view, attribute) in options else options[0]
    key = widget_key(attribute)
    _seed(key, wanted, lambda value: value in options)
    value = (container or st).radio(label, options, key=key, format_func=format_func, **kwargs)
    setattr(view, attribute, value)
    return value


def toggle(view: View, attribute: str, label: str, container=None, **kwargs) -> bool:
    """An on/off switch for a flag attribute (written in the URL as 1 only when on)."""
    key = widget_key(attribute)
    _seed(key, bool(getattr(view, attribute)), lambda value: isinstance(value, bool))
    value = (container or st).toggle(label, key=key, **kwargs)
    setattr(view, attribute, bool(value))
    return value


def multiselect(view: View, attribute: str, label: str, options: list, format_func=str, container=None,
                default: list | None = None, **kwargs) -> list:
    """A multiselect for a list attribute; `default` stands in when the view's list is empty. A widget still
    showing the default it was given follows a new default (e.g. the compare list, which starts from the
    sidebar's territory, follows a new territory); one the user has changed keeps the user's choice."""
    options = list(options)
    allowed = set(options)
    wanted = [value for value in (getattr(view, attribute) or default or []) if value in allowed]
    key = widget_key(attribute)
    shown_default = st.session_state.get(f"{key}_default")
    if default is not None and shown_default is not None and st.session_state.get(key) == shown_default:
        st.session_state[key] = wanted
    _seed(key, wanted, lambda value: isinstance(value, list) and all(v in allowed for v in value))
    st.session_state[f"{key}_default"] = [value for value in default or [] if value in allowed]
    kwargs.setdefault("placeholder", t("choose_placeholder", view.lang))  # not Streamlit's English default
    value = (container or st).multiselect(label, options, key=key, format_func=format_func, **kwargs)
    # the default is not written down: the URL stays short, and a copied link follows the default
    setattr(view, attribute, [] if default is not None and list(value) == list(default) else list(value))
    return value


def text(view: View, attribute: str, label: str, container=None, **kwargs) -> str:
    key = widget_key(attribute)
    _seed(key, getattr(view, attribute), lambda value: isinstance(value, str))
    value = (container or st).text_input(label, key=key, **kwargs)
    setattr(view, attribute, value.strip())
    return value


def year_range(view: View, attribute: str, label: str, first: int, last: int, container=None, **kwargs):
    """A two-handle slider of years; the view keeps None while the whole span is chosen."""
    wanted = getattr(view, attribute) or (first, last)
    wanted = (max(first, min(wanted[0], last)), min(last, max(wanted[1], first)))
    key = widget_key(attribute)
    _seed(key, wanted, lambda value: isinstance(value, tuple) and first <= value[0] <= value[1] <= last)
    value = (container or st).slider(label, first, last, key=key, **kwargs)
    setattr(view, attribute, None if tuple(value) == (first, last) else tuple(value))
    return value


def forget(attributes) -> None:
    """Drop the widgets' own values, so that they are seeded again from the view (after a navigation)."""
    for attribute in attributes:
        st.session_state.pop(widget_key(attribute), None)

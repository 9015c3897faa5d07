"""The process-wide result caches (cruscotto/result_cache.py) and what is cached before the first visitor
(cruscotto/warm_up.py)."""
import threading
import time

import pandas as pd
import pytest

from cruscotto import page_data, result_cache, warm_up
from cruscotto.i18n import DEFAULT_LANGUAGE
from cruscotto.state import DEFAULT_TERRITORY
from tests.apptest_helpers import run_page


def counting(max_entries: int = 2):
    calls = []

    @result_cache.cached(max_entries)
    def square(value, extra=()):
        calls.append(value)
        return value * value
    return square, calls


def test_a_result_is_computed_once_per_arguments_and_the_oldest_goes_first():
    square, calls = counting(max_entries=2)
    assert [square(2), square(2), square(3), square(2)] == [4, 4, 9, 4]
    assert calls == [2, 3]
    square(4)  # 3 is now the least recently used
    square(2)
    square(3)
    assert calls == [2, 3, 4, 3]


def test_lists_and_tuples_make_the_same_key_and_frames_are_refused():
    square, calls = counting()
    square(2, extra=["a", "b"])
    square(2, extra=("a", "b"))
    assert calls == [2]
    with pytest.raises(TypeError, match="not the frame"):
        square(2, extra=pd.DataFrame({"a": [1]}))


def test_sessions_asking_together_wait_for_one_computation_and_failures_are_not_kept():
    calls = []

    @result_cache.cached(4)
    def slow(value):
        calls.append(value)
        time.sleep(0.2)
        if value < 0:
            raise ValueError(value)
        return value

    threads = [threading.Thread(target=slow, args=(1,)) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [1]
    for _ in range(2):
        with pytest.raises(ValueError):
            slow(-1)
    assert calls == [1, -1, -1]


def test_clear_all_empties_every_cache():
    square, calls = counting()
    square(5)
    result_cache.clear_all()
    square(5)
    assert calls == [5, 5]


def test_the_warm_up_computes_what_the_first_page_run_asks_for():
    page_data.profile_sections.clear()
    warm_up.warm_up()
    cache = page_data.profile_sections.cache
    assert len(cache) == 1
    app = run_page("pages/panoramica.py", territorio=DEFAULT_TERRITORY, lingua=DEFAULT_LANGUAGE)
    assert not app.exception
    assert len(cache) == 1  # the run found the warm-up's result under its own key


def test_shrinking_keeps_the_most_recently_used_results():
    square, calls = counting(max_entries=50)
    for value in range(20):
        square(value)
    square(0)  # used again: among the most recent
    result_cache.shrink_all(keep=3)
    assert len(square.cache) == 3
    calls.clear()
    for value in (0, 19, 18):
        square(value)
    assert calls == []
    square(5)
    assert calls == [5]

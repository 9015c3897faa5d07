"""The benchmark lines of a profile card: the right words, the right badge, names never read as Markdown."""
from cruscotto.cards import benchmark_lines, escape_markdown

RATE = {"aggregation": "ratio", "interval": "wilson", "multiplier": 100.0, "polarity": "neutral"}
COUNT = {"aggregation": "sum", "interval": "none", "multiplier": 1.0, "polarity": "neutral"}


def fmt(value):
    return f"{value:.1f}"


def row(name, value, numerator=None, denominator=None):
    return {"territory_name": name, "value": value, "numerator": numerator, "denominator": denominator}


def test_rate_line_names_benchmark_value_difference_and_verdict():
    own = row("Lodi", 25.0, 2500, 10000)
    lines = benchmark_lines(own, [row("Lombardia", 20.0), row("Provincia di Lodi", 24.9)], RATE, fmt, "it")
    assert lines[0] == "Lombardia (20.0): 25% in più :gray-badge[▲ significativamente più alto]"
    # 24.9 lies inside Lodi's 95% interval (about 24.2-25.9): similar, no arrow
    assert lines[1].endswith(":gray-badge[simile]") and "0,4% in più" in lines[1]


def test_the_same_value_is_said_once_not_also_as_similar():
    own = row("Lodi", 25.0, 2500, 10000)
    assert benchmark_lines(own, [row("10 comuni simili", 25.001)], RATE, fmt, "it") == ["10 comuni simili (25.0): pari"]
    assert benchmark_lines(own, [row("Similar", 25.001)], RATE, fmt, "en") == ["Similar (25.0): the same"]


def test_polarity_colours_the_badge():
    own = row("X", 30.0, 3000, 10000)
    worse = benchmark_lines(own, [row("Lombardia", 20.0)], {**RATE, "polarity": "lower_better"}, fmt, "en")
    better = benchmark_lines(own, [row("Lombardia", 20.0)], {**RATE, "polarity": "higher_better"}, fmt, "en")
    assert ":orange-badge[▲ significantly higher]" in worse[0] and ":blue-badge[▲ significantly higher]" in better[0]


def test_no_counts_no_verdict():
    lines = benchmark_lines(row("X", 30.0), [row("Lombardia", 15.0)], RATE, fmt, "en")
    assert lines == ["Lombardia (15.0): about double"]


def test_count_line_gives_share_of_the_larger_total_instead_of_a_comparison():
    lines = benchmark_lines(row("Lodi", 45643.0), [row("Lombardia", 10065694.0)], COUNT, fmt, "it")
    assert lines == ["Lombardia: 10065694.0 — di cui Lodi: 0,5%"]


def test_names_are_escaped():
    assert escape_markdown("[x](http://evil) :red[y] *z*") == r"\[x\]\(http\://evil\) \:red\[y\] \*z\*"
    line = benchmark_lines(row("A", 1.0, 1, 10), [row(":red[B]", 2.0)], RATE, fmt, "it")[0]
    assert line.startswith(r"\:red\[B\] (2.0)")


def test_judge_gives_a_comparison_or_why_not():
    from cruscotto.cards import judge
    own = {"value": 10.0, "numerator": 100, "denominator": 1000, "flag": None}  # 95% interval about 8.3–12.0
    lower_better = {**RATE, "polarity": "lower_better"}
    comparison, reason = judge(own, 15.0, lower_better)
    assert (comparison.verdict, comparison.judgement, reason) == ("lower", "better", None)
    assert judge(own, 11.5, lower_better)[0].verdict == "similar"
    assert judge({**own, "flag": "unreliable"}, 15.0, lower_better) == (None, "flagged")
    assert judge(own, 15.0, COUNT) == (None, "count")
    assert judge(own, 15.0, {**RATE, "interval": "none"}) == (None, "no_interval")
    assert judge(own, float("nan"), RATE) == (None, "no_benchmark")
    assert judge({**own, "denominator": float("nan")}, 15.0, RATE) == (None, "no_counts")


def test_the_card_badge_and_the_glance_verdict_agree():
    from cruscotto import glance
    own = {**row("X", 10.0, 100, 1000), "flag": None}
    meta = {**RATE, "polarity": "lower_better"}
    line = benchmark_lines(own, [row("Lombardia", 15.0)], meta, fmt, "en")[0]
    assert ":blue-badge[▼ significantly lower]" in line  # blue: better
    assert glance.verdict_of(own, 15.0, meta, is_region=False) == ("better", None)
    flagged = {**own, "flag": "unreliable"}
    assert ":gray-badge[" in benchmark_lines(flagged, [row("Lombardia", 15.0)], meta, fmt, "en")[0]
    assert glance.verdict_of(flagged, 15.0, meta, is_region=False) == ("not_compared", "flagged")


def test_count_line_in_markdown_or_plain_text():
    from cruscotto.cards import count_line
    labels = ("residents *65+*", "residents")
    assert count_line({"numerator": 18, "denominator": 42}, labels, RATE, "en") \
        == r"18 residents \*65\+\* of 42 residents"
    assert count_line({"numerator": 18, "denominator": 42}, labels, RATE, "en", markdown=False) \
        == "18 residents *65+* of 42 residents"

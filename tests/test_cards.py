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

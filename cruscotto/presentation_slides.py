"""The slides of presentation mode for one territory, as data (cruscotto/presentation.py draws them).

A deck: a title slide, the at-a-glance chart, one slide per topic of the profile (a topic with more figures
than fit on a slide is split), the coverage gauges, the similar comuni (comuni only) and the sources. Every
figure comes from what the profile already shows (page_data, ui.profile_card_content, glance, similar): no
query of its own. A topic card compares the territory with its nearest benchmark, the region and the
similar-comuni group only, so that it fits a projector's slide; the profile has every benchmark.
"""
from dataclasses import dataclass

import pandas as pd

from cruscotto import data, gaps, glance, levels, page_data, similar
from cruscotto.catalogue import source_field
from cruscotto.formatting import escape_markdown, year_span
from cruscotto.i18n import level_label, t, topic_label
from cruscotto.ui import profile_card_content

CARDS_PER_SLIDE = 3  # three figures side by side fill 1280 px at 48 px; more would not fit 720 px in height
GLANCE_ROWS_PER_SLIDE = 4  # at-a-glance rows at 24 px that fit 720 px with their topics' headings; more: split

TITLE, GLANCE, TOPIC, GAUGES, SIMILAR, SOURCES = "title", "glance", "topic", "gauges", "similar", "sources"


@dataclass(frozen=True)
class Slide:
    kind: str  # one of TITLE, GLANCE, TOPIC, GAUGES, SIMILAR, SOURCES
    title: str  # the slide's heading, plain text (drawn escaped)
    cards: tuple = ()  # TOPIC: ui.profile_card_content of each figure
    gauges: tuple = ()  # GAUGES: page_data.CoverageGauge of each gauge
    source_ids: tuple[str, ...] = ()  # the sources of the figures on the slide, for its footer
    years: tuple[int, ...] = ()  # the years of the figures on the slide, for its footer
    lines: tuple[str, ...] = ()  # Markdown lines (data-derived words escaped): TITLE, SIMILAR, SOURCES
    topics: tuple[str, ...] = ()  # GLANCE: the topics whose rows the slide's chart shows


@data.per_data_version(max_entries=256)
def deck(territory: str, lang: str) -> tuple[Slide, ...]:
    """The territory's slides, in the order they are shown."""
    topics = _topic_slides(territory, lang)
    gauges = _gauges_slide(territory, lang)
    middle = [slide for slide in (*_glance_slides(territory, lang), *topics, gauges, _similar_slide(territory, lang))
              if slide is not None]
    every_source = tuple(dict.fromkeys(source for slide in middle for source in slide.source_ids))
    every_year = tuple(sorted({year for slide in middle for year in slide.years}))
    titles = [slide.title for slide in middle if slide.kind in (TOPIC, GAUGES)]
    title = _title_slide(territory, lang, every_year, len(middle) + 2, titles)
    if not middle:  # nothing to show but the name: said, not left blank
        title = Slide(TITLE, title.title, years=title.years, lines=(*title.lines, t("present_no_slides", lang)))
    return (title, *middle, _sources_slide(territory, lang, every_source, every_year))


def _title_slide(territory: str, lang: str, years: tuple[int, ...], total: int, titles: list[str]) -> Slide:
    row = data.query("territory", territory=territory).iloc[0]
    level = level_label(row["level"], lang)
    parent = f" · {escape_markdown(row['parent_name'])}" if isinstance(row["parent_name"], str) else ""
    when = t("present_data_date", lang, date=page_data.data_date(lang))
    if years:
        when += " · " + t("present_figures_years", lang, years=year_span(years))
    lines = [f"{level}{parent}", when]
    if not glance.glance_rows(territory, lang).empty:  # the whole picture in a sentence, to open with
        lines.append(escape_markdown(glance.glance_summary(territory, lang)))
    if titles:
        lines.append(t("present_contents", lang, total=total, topics=", ".join(escape_markdown(x) for x in titles)))
    return Slide(TITLE, row["name"], years=years, lines=tuple(lines))


def _glance_slides(territory: str, lang: str) -> list[Slide]:
    """The at-a-glance chart, in parts of whole topics of about GLANCE_ROWS_PER_SLIDE rows each, so that its
    labels can be drawn at projector size ("Il territorio in sintesi (1 di 2)")."""
    rows = glance.glance_rows(territory, lang)
    if rows.empty:
        return []
    parts = glance_parts(list(rows["topic"]))
    slides = []
    for number, topics in enumerate(parts, start=1):
        part = rows[rows["topic"].isin(topics)]
        title = t("present_glance_title", lang)
        if len(parts) > 1:
            title = t("present_part", lang, title=title, part=number, parts=len(parts))
        slides.append(Slide(GLANCE, title, source_ids=tuple(dict.fromkeys(part["source_id"])),
                            years=tuple(sorted({int(year) for year in part["year"]})), topics=tuple(topics)))
    return slides


def glance_parts(row_topics: list[str]) -> list[list[str]]:
    """The topics of the rows (in order, one entry per row) in consecutive groups of whole topics, as few as hold
    GLANCE_ROWS_PER_SLIDE rows each and about as long as each other (a topic longer than that is one part)."""
    counts = dict.fromkeys(row_topics, 0)
    for topic in row_topics:
        counts[topic] += 1
    wanted = -(-len(row_topics) // GLANCE_ROWS_PER_SLIDE)
    target = -(-len(row_topics) // wanted)
    parts, held = [[]], 0
    for topic, count in counts.items():
        if parts[-1] and held + count > target:
            parts.append([])
            held = 0
        parts[-1].append(topic)
        held += count
    return parts


def _topic_slides(territory: str, lang: str) -> list[Slide]:
    """One slide per topic of the profile's cards (page_data.card_indicators), split in parts of CARDS_PER_SLIDE."""
    profile = data.query("profile", territory=territory)
    rows_of = data.records_by(profile, "indicator_id")
    group = similar.group_rows(territory, lang)
    slides = []
    for topic, ids in page_data.card_indicators(profile).groupby("topic", sort=False)["id"]:
        wanted = set(ids)
        held = [indicator for indicator in rows_of if indicator in wanted]
        cards = [_card(indicator, rows_of[indicator], group.get(indicator), lang) for indicator in held]
        parts = [cards[start:start + CARDS_PER_SLIDE] for start in range(0, len(cards), CARDS_PER_SLIDE)]
        for number, part in enumerate(parts, start=1):
            title = topic_label(topic, lang)
            if len(parts) > 1:
                title = t("present_part", lang, title=title, part=number, parts=len(parts))
            slides.append(Slide(TOPIC, title, cards=tuple(content for content, _ in part),
                                source_ids=tuple(dict.fromkeys(own["source_id"] for _, own in part)),
                                years=tuple(sorted({int(own["year"]) for _, own in part}))))
    return slides


def _card(indicator: str, rows: list[dict], group_row: dict | None, lang: str) -> tuple[dict, dict]:
    """A figure's card content with the benchmarks a slide has room for, and the territory's own row."""
    own = next(row for row in rows if row["is_self"])
    return profile_card_content(indicator, [own, *slide_benchmarks(rows, group_row)], lang), own


def slide_benchmarks(rows: list[dict], group_row: dict | None) -> list[dict]:
    """The nearest benchmark (a comune's ambito, a NIL's Milano, an ambito's province), the region and the
    similar-comuni group, in that order; rows: profile.sql rows of one indicator."""
    others = sorted((row for row in rows if not row["is_self"]), key=lambda row: row["rank"])
    nearest = [row for row in others if row["territory_code"] != levels.REGION_CODE][:1]
    region = [row for row in others if row["territory_code"] == levels.REGION_CODE]
    return nearest + region + ([group_row] if group_row is not None else [])


def _gauges_slide(territory: str, lang: str) -> Slide | None:
    gauges = page_data.coverage_gauges(territory)
    if not gauges:
        return None
    return Slide(GAUGES, t("coverage_title", lang), gauges=tuple(gauges),
                 source_ids=tuple(dict.fromkeys(gauge.source_id for gauge in gauges)),
                 years=tuple(sorted({gauge.year for gauge in gauges})))


def _similar_slide(territory: str, lang: str) -> Slide | None:
    if data.territories().at[territory, "level"] != levels.COMUNE:
        return None
    name = data.territories().at[territory, "name"]
    found = similar.neighbours(territory)
    title = t("present_similar_title", lang, name=name)
    if not found:
        return Slide(SIMILAR, title, lines=(t("present_similar_none", lang, name=escape_markdown(name)),))
    return Slide(SIMILAR, title, lines=tuple(f"{n.rank}. {escape_markdown(n.name)}" for n in found))


def _sources_slide(territory: str, lang: str, source_ids: tuple[str, ...], years: tuple[int, ...]) -> Slide:
    """Every source of the deck with its publisher, licence and the years shown; the headline topics the
    territory has no data for, named."""
    records = data.source_records()
    lines = []
    for source_id in source_ids:
        source = records[source_id]
        shown_years = _years_of(territory, source_id) or years
        key = "present_source_line_one_year" if len(set(shown_years)) == 1 else "present_source_line"
        lines.append(t(key, lang, name=escape_markdown(source[f"name_{lang}"]),
                       publisher=escape_markdown(source_field(source, "publisher", lang)),
                       licence=escape_markdown(source_field(source, "licence", lang)), years=year_span(shown_years)))
    level = data.territories().at[territory, "level"]
    missing = [topic_label(topic, lang) for topic, cards in page_data.profile_sections(territory, lang).topics
               if cards is None and gaps.reason(topic, level, lang) is not None]  # as the profile: none to announce
    if missing:
        lines.append(t("present_missing_topics", lang, topics=", ".join(missing)))
    return Slide(SOURCES, t("present_sources_title", lang), source_ids=source_ids, years=years, lines=tuple(lines))


def _years_of(territory: str, source_id: str) -> list[int]:
    """The years of the territory's latest figures that come from one source (profile.sql)."""
    profile = data.query("profile", territory=territory)
    own = profile[profile["is_self"] & (profile["source_id"] == source_id)]
    return [int(year) for year in own["year"] if pd.notna(year)]


FOOTER_NAMED_SOURCES = 2  # more sources than this: the footer names their publishers (the last slide has all)


def footer_sources(slide: Slide, lang: str) -> str:
    """'Fonte: ISTAT, Popolazione residente …' for a slide's footer, or only the publishers of a slide with many
    sources ('Fonti: ISTAT; MEF …'), so that the footer stays one line; '' for a slide without figures."""
    records = [data.source_records()[source_id] for source_id in slide.source_ids]
    if len(records) <= FOOTER_NAMED_SOURCES:
        names = [f"{source_field(source, 'publisher', lang)}, {source[f'name_{lang}']}" for source in records]
    else:
        names = list(dict.fromkeys(source_field(source, "publisher", lang) for source in records))
    if not names:
        return ""
    return t("present_footer_source" if len(names) == 1 else "present_footer_sources", lang, names="; ".join(names))

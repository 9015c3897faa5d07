"""What the pages show of planners' data, assembled from the cached queries (local_coverage,
local_area_spending, local_service_spending, local_ambito_gaps): coverage gauges with their benchmark and
rank, the spending-by-area table (the Cremona plan's), the spending-per-service table, and for an ambito the
services and areas its rows cover too few comuni of (cruscotto/local/sql/derive.sql decides; this says it).
Every figure keeps its source id, so the page can say whose data it is and when it was loaded; nothing here
is drawn."""
from dataclasses import dataclass

import pandas as pd

from cruscotto import charts, data, notes
from cruscotto.formatting import escape_markdown, euros, number
from cruscotto.i18n import t
from cruscotto.local import catalogue
from cruscotto.reliability import flag_words

COVERAGE_MEASURES = ("coverage", "places")  # ids local_coverage_<service>, local_places_<service>


@dataclass
class Gauge:
    indicator_id: str
    service: str
    year: int
    value: float
    numerator: float
    denominator: float
    status: str
    flag: str | None
    note: str | None
    source_id: str
    benchmark_value: float | None = None
    benchmark_name: str | None = None
    rank: int | None = None      # among the ambiti with this figure in this year (only for an ambito)
    ranked: int | None = None


def _service_of(indicator_id: str) -> tuple[str, str]:
    """'local_places_asilo_nido' -> ('asilo_nido', 'places')."""
    for measure in COVERAGE_MEASURES:
        prefix = f"local_{measure}_"
        if indicator_id.startswith(prefix):
            return indicator_id.removeprefix(prefix), measure
    raise ValueError(f"not a local coverage indicator: {indicator_id}")


def coverage_gauges(territory: str) -> list[Gauge]:
    """One gauge per local coverage figure of the territory (its latest year), users before places of the
    same service; the benchmark is the nearest one (its ambito for a comune) with a value that year."""
    rows = data.query("local_coverage", territory=territory)
    gauges = []
    for indicator_id, group in rows.groupby("indicator_id", sort=False):
        own = group[group["is_self"]]
        if own.empty or pd.isna(own["value"].iloc[0]):
            continue
        own = own.iloc[0]
        others = group[~group["is_self"] & group["value"].notna()].sort_values("position")
        bench = others.iloc[0] if not others.empty else None
        service, _ = _service_of(indicator_id)
        gauges.append(Gauge(
            indicator_id=indicator_id, service=service, year=int(own["year"]), value=float(own["value"]),
            numerator=float(own["numerator"]), denominator=float(own["denominator"]), status=own["status"],
            flag=own["flag"] if isinstance(own["flag"], str) else None,
            note=own["note"] if isinstance(own["note"], str) else None, source_id=own["source_id"],
            benchmark_value=float(bench["value"]) if bench is not None else None,
            benchmark_name=bench["territory_name"] if bench is not None else None,
            rank=int(own["ambito_rank"]) if pd.notna(own["ambito_rank"]) else None,
            ranked=int(own["ambiti_ranked"]) if pd.notna(own["ambiti_ranked"]) else None))
    return sorted(gauges, key=lambda g: (g.service, COVERAGE_MEASURES.index(_service_of(g.indicator_id)[1])))


def gauge_top(gauge: Gauge) -> float:
    """The end of a gauge's scale: the one rule of every gauge (charts.gauge_top), per 100 or per 10.000 alike, with
    or without a benchmark — a round number half as much again above the larger of the value and its benchmark."""
    return charts.gauge_top(gauge.value, gauge.benchmark_value)


def counts_line(gauge: Gauge, lang: str) -> str:
    """'150 utenti su 1.149 residenti 0-2 anni': the counts behind a coverage figure."""
    row = data.indicators().loc[gauge.indicator_id]
    suffix = "_en" if lang == "en" else ""
    return t("local_counts", lang, numerator=number(gauge.numerator, 0, lang), numerator_label=row[f"numerator{suffix}"],
             denominator=number(gauge.denominator, 0, lang), denominator_label=row[f"denominator{suffix}"])


def rank_line(gauge: Gauge, lang: str) -> str | None:
    if gauge.rank is None or not gauge.ranked:
        return None
    if gauge.ranked == 1:
        return t("local_rank_alone", lang, year=gauge.year)
    from cruscotto.page_data import ordinal  # the profile's ordinals ("3°", "3rd")
    return t("local_rank", lang, rank=ordinal(gauge.rank, lang), n=gauge.ranked, year=gauge.year)


def flag_line(flag: str | None, lang: str) -> str | None:
    words = flag_words(flag, lang)
    return f"⚠ {words}" if words else None


def note_words(note, lang: str, skip: tuple[str, ...] = ()) -> str:
    """A stored note in the reader's words, leaving out the codes in `skip` (said elsewhere on the page)."""
    items = [item for item in notes.decode(note) if item.get("code") not in skip]
    return notes.render(notes.encode(items), lang) if items else ""


def merged_note(stored) -> str | None:
    """The notes of several figures (a list of stored notes, as the queries return them) as one stored note."""
    if isinstance(stored, str):
        return stored
    if not hasattr(stored, "__iter__"):  # no note at all (NULL: None, NaN or pd.NA)
        return None
    return notes.combine(*[n for n in stored if isinstance(n, str)])


def local_caption(source_id: str, year, status: str, note: str | None, lang: str) -> str:
    """'Fonte: Dati caricati dall'Ufficio di Piano dell'ambito «…», il … (versione N) · anno 2023 · …': whose data
    it is and when it was loaded, ready for st.caption (names typed by planners are escaped). year None: the
    caption says no year (the line it ends says it). A provisional figure says why: its denominator."""
    source = data.sources().loc[source_id]
    parts = [f"{t('source', lang)}: {source[f'name_{lang}']}"]
    if year is not None:
        parts.append(f"{t('year', lang).lower()} {year}")
    if status == "provisional":
        parts.append(f"⚠ {t('local_provisional_target', lang)}")
    if isinstance(note, str) and note:
        parts.append(notes.render(note, lang))
    parts.append(t("local_not_official", lang))
    return escape_markdown(" · ".join(parts))


def ambito_gaps(territory: str, lang: str, kind: str, figure: str, year: int | None = None) -> str | None:
    """The services (kind 'service') or areas ('area') an ambito loaded whose rows cover too few of its comuni for
    the ambito's own figure — figure 'rate' (coverage, an area's spending per resident) or 'count' (users, places
    and spending; an area's part of the totals) — in words: "Servizio …, 2023 (dati per 4 comuni su 8)"; None when
    there are none (or the territory is no ambito). year: only that year's (the year a table shows)."""
    gaps = data.query("local_ambito_gaps", territory=territory)
    if gaps.empty:
        return None
    missing = gaps[(gaps["kind"] == kind) & ~gaps["joint"] & (gaps["have"] < gaps["total"])
                   & ~gaps["has_rate" if figure == "rate" else "has_count"]]
    if year is not None:
        missing = missing[missing["year"] == year]
    if missing.empty:
        return None
    label = catalogue.service_label if kind == "service" else catalogue.area_label
    return "; ".join(t("local_gap_item", lang, name=label(row.subject, lang), year=int(row.year), have=int(row.have),
                       total=int(row.total)) for row in missing.itertuples())


@dataclass
class AreaSpending:
    rows: pd.DataFrame          # every loaded year, one row per area (local_area_spending.sql + labels)
    year: int                   # the latest year
    latest: pd.DataFrame        # the latest year's rows


def area_spending(territory: str, lang: str) -> AreaSpending | None:
    rows = data.query("local_area_spending", territory=territory)
    if rows.empty:
        return None
    areas = catalogue.areas().set_index("code")
    rows = rows.assign(
        area_label=[catalogue.area_label(code, lang) for code in rows["area"]],
        target=[t(f"upload_target_{areas.at[code, 'target']}", lang) if code in areas.index else "" for code in rows["area"]])
    year = int(rows["year"].max())
    return AreaSpending(rows=rows, year=year, latest=rows[rows["year"] == year].reset_index(drop=True))


def area_status(spending: AreaSpending) -> str:
    """The latest year's status, as its caption and its charts' source line say: provisional where an area's
    figures or the year's total (its denominator, ISTAT's provisional residents) are."""
    latest = spending.latest
    provisional = (latest["status"] == "provisional").any() or (latest["total_status"] == "provisional").any()
    return "provisional" if provisional else "final"


def area_bars(spending: AreaSpending, lang: str) -> pd.DataFrame:
    """The latest year's areas as charts.bars wants them: a bar per area with a share, labelled '55,6% · 1.000.000 €'."""
    shown = spending.latest.dropna(subset=["share_pct", "spending_eur"])
    return pd.DataFrame({"name": shown["area_label"], "value": shown["share_pct"],
                         "label": [f"{number(s, 1, lang)}% · {euros(number(e, 0, lang), lang)}"
                                   for s, e in zip(shown["share_pct"], shown["spending_eur"])]})


def area_table(spending: AreaSpending, lang: str) -> pd.DataFrame:
    """The Cremona table for the latest year, as text in the reader's format (a blank stays '—')."""
    latest = spending.latest
    return pd.DataFrame({
        t("local_col_area", lang): latest["area_label"],
        t("local_col_spending", lang): [number(v, 0, lang) for v in latest["spending_eur"]],
        t("local_col_associated", lang): [number(v, 0, lang) for v in latest["associated_eur"]],
        t("local_col_share", lang): [number(v, 1, lang) for v in latest["share_pct"]],
        t("local_col_per_resident", lang): [number(v, 2, lang) for v in latest["per_resident"]],
        t("local_col_per_target", lang): [number(v, 2, lang) for v in latest["per_target"]],
        t("local_col_target", lang): [target if pd.notna(v) else "" for target, v in zip(latest["target"], latest["per_target"])],
        t("local_col_note", lang): [note_words(merged_note(n), lang, skip=("local_areas_loaded",))
                                    for n in latest["notes"]],
    })


def area_totals_line(spending: AreaSpending, lang: str) -> str | None:
    """The latest year's total, per resident and share managed jointly; the share says over how many of the areas
    in the total it is when the jointly managed spending of some is unknown ("34,1% (su 6 aree su 7)")."""
    first = spending.latest.iloc[0]
    if pd.isna(first["total_eur"]):
        return None
    share = first["associated_share_pct"]
    if pd.isna(share):
        associated = "—"
    else:
        over = next((item for item in notes.decode(first["associated_note"])
                     if item.get("code") == "local_associated_areas"), None)
        associated = (t("local_associated_over", lang, share=number(share, 1, lang), have=over["have"],
                        total=over["total"]) if over else f"{number(share, 1, lang)}%")
    return t("local_area_totals", lang, year=spending.year, total=number(first["total_eur"], 0, lang),
             per_resident=number(first["total_per_resident"], 2, lang), associated=associated)


def area_trend(spending: AreaSpending) -> pd.DataFrame:
    """Each area's share over the loaded years, as charts.trend draws lines (one per 'territory_name')."""
    rows = spending.rows.dropna(subset=["share_pct"])
    return pd.DataFrame({"territory_name": rows["area_label"], "year": rows["year"], "value": rows["share_pct"],
                         "status": "final", "flag": rows["flag"], "source_id": rows["source_id"]})


def area_download(spending: AreaSpending, lang: str) -> pd.DataFrame:
    """Every loaded year, headers in the reader's language, notes in words."""
    rows = spending.rows
    return pd.DataFrame({
        t("local_col_year", lang): rows["year"], t("local_col_area", lang): rows["area_label"],
        t("local_col_spending", lang): rows["spending_eur"], t("local_col_associated", lang): rows["associated_eur"],
        t("local_col_share", lang): rows["share_pct"],
        t("local_col_per_resident", lang): rows["per_resident"], t("local_col_per_target", lang): rows["per_target"],
        t("local_col_target", lang): rows["target"],
        t("local_col_note", lang): [note_words(merged_note(n), lang) for n in rows["notes"]],
        t("source", lang): [data.sources().at[s, f"name_{lang}"] for s in rows["source_id"]],
    })


@dataclass
class ServiceSpending:
    rows: pd.DataFrame
    year: int
    latest: pd.DataFrame


def service_spending(territory: str, lang: str) -> ServiceSpending | None:
    rows = data.query("local_service_spending", territory=territory)
    if rows.empty:
        return None
    rows = rows.assign(service_label=[catalogue.service_label(code, lang) for code in rows["service"]])
    year = int(rows["year"].max())
    return ServiceSpending(rows=rows, year=year, latest=rows[rows["year"] == year].reset_index(drop=True))


def service_table(spending: ServiceSpending, lang: str) -> pd.DataFrame:
    """The Cremona "spesa dei comuni e degli utenti" table for the latest year, as text: users and places, the
    comuni's spending (net of the co-payment, as ISTAT counts it) and the users' co-payment, each per user, and the
    co-payment's share of the cost (spending + co-payment). A last line totals the services that have users,
    spending and co-payment (the sum of users counts a person once per service; places of different services
    are not added up)."""
    latest = spending.latest
    complete = latest.dropna(subset=["users", "spending_eur", "copayment_eur"])
    complete = complete[complete["users"] > 0]
    lines = [(label, u, pl, s, c, spu, cpu, share, note_words(merged_note(note), lang))
             for label, u, pl, s, c, spu, cpu, share, note in zip(
                 latest["service_label"], latest["users"], latest["places"], latest["spending_eur"],
                 latest["copayment_eur"], latest["spend_per_user"], latest["copay_per_user"],
                 latest["copay_share_pct"], latest["notes"])]
    if len(complete) > 1:
        users, spent, paid = complete["users"].sum(), complete["spending_eur"].sum(), complete["copayment_eur"].sum()
        cost = spent + paid
        lines.append((t("local_service_total", lang, n=len(complete)), users, None, spent, paid, spent / users,
                      paid / users, paid / cost * 100 if cost > 0 else None, ""))
    columns = ["local_col_service", "local_col_users", "local_col_places", "local_col_spending", "local_col_copayment",
               "local_col_spend_per_user", "local_col_copay_per_user", "local_col_copay_share", "local_col_note"]
    decimals = [None, 0, 0, 0, 0, 0, 0, 1, None]
    return pd.DataFrame([[value if d is None else number(value, d, lang) for value, d in zip(line, decimals)]
                         for line in lines], columns=[t(c, lang) for c in columns])


def service_download(spending: ServiceSpending, lang: str) -> pd.DataFrame:
    rows = spending.rows
    return pd.DataFrame({
        t("local_col_year", lang): rows["year"], t("local_col_service", lang): rows["service_label"],
        t("local_col_users", lang): rows["users"], t("local_col_places", lang): rows["places"],
        t("local_col_spending", lang): rows["spending_eur"],
        t("local_col_copayment", lang): rows["copayment_eur"], t("local_col_spend_per_user", lang): rows["spend_per_user"],
        t("local_col_copay_per_user", lang): rows["copay_per_user"], t("local_col_copay_share", lang): rows["copay_share_pct"],
        t("local_col_note", lang): [note_words(merged_note(n), lang) for n in rows["notes"]],
        t("source", lang): [data.sources().at[s, f"name_{lang}"] for s in rows["source_id"]],
    })

"""`python -m cruscotto simili CODE`: a comune's similar comuni with their distances and the features they are
chosen on, as plain text (no Streamlit). The --db file is served to the data layer for the command (as
`scheda` does), so the report reads the same functions as /panoramica."""
from cruscotto import data, database_file, similar
from cruscotto.db import Database
from cruscotto.formatting import number
from cruscotto.i18n import level_label, place_name, t


class CannotReport(ValueError):
    """An unknown code, a territory that is not a comune, or a database without the similar comuni: the
    message says which, in the reader's language."""


def report(database: Database, code: str, lang: str) -> str:
    """The neighbours (rank, code, name, distance) and the comune's features (year, weight, value, z)."""
    with database_file.serving(database):  # data.query reads this database for the whole command
        return _report(code, lang)


def _report(code: str, lang: str) -> str:
    territories = data.territories()
    if code not in territories.index:
        raise CannotReport(t("similar_cli_unknown", lang, code=code))
    name, level = place_name(territories.at[code, "name"], lang), territories.at[code, "level"]
    if level != "comune":
        raise CannotReport(t("similar_cli_not_comune", lang, name=name, code=code, level=level_label(level, lang)))
    if not similar.available():
        raise CannotReport(t("similar_method_unavailable", lang))
    found = similar.neighbours(code)
    values = similar.feature_values(code)
    lines = [t("similar_cli_heading", lang, name=name, code=code, n=len(found), version=similar.method_version() or "—"),
             ""]
    if not found:
        missing = similar.missing_features(code, lang)
        lines.append(t("similar_missing_features", lang, name=name, missing=", ".join(missing) or "—"))
    else:
        widest = max(len(t("similar_col_name", lang)), *(len(place_name(n.name, lang)) for n in found))
        lines.append(f"{t('similar_col_rank', lang):>3}  {t('similar_col_code', lang):<6}  "
                     f"{t('similar_col_name', lang):<{widest}}  {t('similar_col_distance', lang):>8}")
        lines += [f"{n.rank:>3}  {n.code:<6}  {place_name(n.name, lang):<{widest}}  {number(n.distance, 3, lang):>8}"
                  for n in found]
    lines += ["", t("similar_cli_features", lang, name=name)]
    rows = values.to_dict("records")
    label_width = max(len(t("similar_col_feature", lang)), *(len(row[f"label_{lang}"]) for row in rows))
    value_header = t("similar_col_value", lang, name=name)
    shown = [similar.feature_value_text(row, lang) for row in rows]
    value_width = max(len(value_header), *(len(text) for text in shown))
    lines.append(f"{t('similar_col_feature', lang):<{label_width}}  {t('similar_col_year', lang):>4}  "
                 f"{t('similar_col_weight', lang):>5}  {value_header:>{value_width}}  {t('similar_col_z', lang)}")
    lines += [f"{row[f'label_{lang}']:<{label_width}}  {int(row['year']):>4}  "
              f"{similar.weight_text(row['weight'], lang):>5}  {text:>{value_width}}  {number(row['z'], 2, lang)}"
              for row, text in zip(rows, shown)]
    return "\n".join(lines)

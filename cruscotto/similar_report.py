"""`python -m cruscotto simili CODE`: a comune's similar comuni with their distances and the features they are
chosen on, as plain text (no Streamlit: it reads the database file directly)."""
from cruscotto.db import Database
from cruscotto.formatting import number
from cruscotto.i18n import level_label, place_name, t


class CannotReport(ValueError):
    """An unknown code, a territory that is not a comune, or a database without the similar comuni: the
    message says which, in the reader's language."""


def report(database: Database, code: str, lang: str) -> str:
    """The neighbours (rank, code, name, distance) and the comune's features (year, weight, value, z)."""
    subject = database.run("similar_subject", territory=code)
    if subject.empty:
        raise CannotReport(t("similar_cli_unknown", lang, code=code))
    name, level = place_name(subject.at[0, "name"], lang), subject.at[0, "level"]
    if level != "comune":
        raise CannotReport(t("similar_cli_not_comune", lang, name=name, code=code, level=level_label(level, lang)))
    if not database.run("similar_available").at[0, "available"]:
        raise CannotReport(t("similar_method_unavailable", lang))
    found = database.run("similar_neighbours", territory=code)
    features = database.run("similar_features")
    values = database.run("similar_feature_values", territory=code)
    version = features["version"].iloc[0] if not features.empty else "—"
    lines = [t("similar_cli_heading", lang, name=name, code=code, n=len(found), version=version), ""]
    if found.empty:
        missing = values.loc[values["z"].isna(), f"label_{lang}"].tolist()
        lines.append(t("similar_missing_features", lang, name=name, missing=", ".join(missing) or "—"))
    else:
        widest = max(len(t("similar_col_name", lang)), *(len(place_name(n, lang)) for n in found["name"]))
        lines.append(f"{t('similar_col_rank', lang):>3}  {t('similar_col_code', lang):<6}  "
                     f"{t('similar_col_name', lang):<{widest}}  {t('similar_col_distance', lang):>8}")
        lines += [f"{int(row.rank):>3}  {row.code:<6}  {place_name(row.name, lang):<{widest}}  "
                  f"{number(row.distance, 3, lang):>8}" for row in found.itertuples()]
    lines += ["", t("similar_cli_features", lang, name=name)]
    label_width = max(len(t("similar_col_feature", lang)), *(len(label) for label in values[f"label_{lang}"]))
    value_header = t("similar_col_value", lang, name=name)
    lines.append(f"{t('similar_col_feature', lang):<{label_width}}  {t('similar_col_year', lang):>4}  "
                 f"{t('similar_col_weight', lang):>5}  {value_header:>16}  {t('similar_col_z', lang)}")
    for row in values.itertuples():
        raw = getattr(row, "raw_value")
        shown = number(raw, 0 if abs(raw) >= 1000 else 2, lang) if raw == raw else t("similar_value_missing", lang)
        lines.append(f"{getattr(row, f'label_{lang}'):<{label_width}}  {int(row.year):>4}  "
                     f"{number(row.weight, 0 if float(row.weight).is_integer() else 2, lang):>5}  {shown:>16}  "
                     f"{number(row.z, 2, lang)}")
    return "\n".join(lines)

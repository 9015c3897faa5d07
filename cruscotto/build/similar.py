"""Similar comuni (statistical neighbours), computed once per build from the observations already derived.

Features are data (data/catalogue/similar_features.csv): an indicator's value per comune, optionally divided
by the comune's area, optionally on a log scale, at the latest year in which at least YEAR_COVERAGE (99%) of
the comuni of Lombardy have a value. Each feature is z-standardised over the comuni (mean 0, population standard
deviation 1) and comuni are compared by weighted Euclidean distance; each comune gets its NEIGHBOURS nearest,
ties broken by code. A comune missing any feature gets no neighbours and is nobody's neighbour: nothing is imputed.

Tables: similar_feature (definitions, year used, version), similar_feature_value (comune_code, feature_id,
raw_value, value, z), similar_comune (comune_code, rank, neighbour_code, distance).
"""
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import shapely

from cruscotto.build import validate
from cruscotto.build.validate import ValidationError
from cruscotto.similar_method import NEIGHBOURS, YEAR_COVERAGE

FEATURES_FILE = "similar_features.csv"
FEATURE_COLUMNS = ["feature_id", "indicator_id", "divide_by", "transform", "weight", "year_rule", "label_it",
                   "label_en", "description_it", "description_en", "version"]
TRANSFORMS = {"none": lambda values: values, "log": np.log}
DIVISORS = {"", "area_km2"}
YEAR_RULES = {"latest_near_complete"}  # the latest year with YEAR_COVERAGE of the comuni
WEIGHTS = (0.1, 10.0)  # a feature weighs between a tenth and ten times the others' unit weight
AREA_SOURCE = "geo_openpolis_istat"  # the comuni boundaries (data/raw/geo/PROVENANCE.md), source of every area
# authalic radius of the GRS80 ellipsoid: the sphere with the ellipsoid's surface, so areas on it are close
EARTH_RADIUS_M = 6_371_007.2


def load_features(catalogue_dir: Path) -> pd.DataFrame:
    """The feature definitions, checked: ids, labels and descriptions in both languages, unique ids, weights
    within WEIGHTS, known transforms, divisors and year rules, one version."""
    frame = pd.read_csv(catalogue_dir / FEATURES_FILE, dtype=str, keep_default_na=False)
    missing = set(FEATURE_COLUMNS) - set(frame.columns)
    if missing:
        raise ValidationError("build_missing_column", column=sorted(missing), files=FEATURES_FILE)
    frame = frame[FEATURE_COLUMNS].copy()
    for column in ("feature_id", "indicator_id", "weight", "label_it", "label_en", "description_it", "description_en"):
        validate._fail(FEATURES_FILE, frame, frame[column].str.strip() == "", "build_rule_missing_value", column=column)
    validate.unique(frame, ["feature_id"], FEATURES_FILE)
    frame["weight"] = pd.to_numeric(frame["weight"], errors="coerce").astype(float)
    validate._fail(FEATURES_FILE, frame, ~frame["weight"].between(*WEIGHTS), "build_rule_out_of_range",
                   column="weight", low=WEIGHTS[0], high=WEIGHTS[1])
    unknown = ~frame["transform"].isin(list(TRANSFORMS)) | ~frame["divide_by"].isin(DIVISORS) | ~frame["year_rule"].isin(YEAR_RULES)
    if unknown.any():
        raise ValidationError("build_check_failed", check=f"{FEATURES_FILE}: transform none|log, divide_by empty|area_km2, "
                              "year_rule latest_near_complete", count=int(unknown.sum()),
                              rows=frame.loc[unknown, "feature_id"].tolist()[:3])
    if frame.empty or frame["version"].nunique() != 1:
        raise ValidationError("build_check_failed", check=f"{FEATURES_FILE}: one version for every feature",
                              count=len(frame), rows=sorted(frame["version"].unique())[:3])
    frame["position"] = range(1, len(frame) + 1)
    return frame


def build(con: duckdb.DuckDBPyConnection, catalogue_dir: Path) -> None:
    """Write similar_feature, similar_feature_value and similar_comune from the observation table."""
    features = load_features(catalogue_dir)
    comuni = [code for code, in con.execute(
        "SELECT code FROM territory WHERE level = 'comune' ORDER BY code").fetchall()]
    areas = comune_areas_km2(con) if (features["divide_by"] == "area_km2").any() else {}
    columns, years = {}, []
    for feature in features.itertuples():
        year, raw = _indicator_values(con, feature.indicator_id, comuni)
        if feature.divide_by == "area_km2":
            raw = raw / pd.Series(areas).reindex(raw.index)
        years.append(year)
        columns[feature.feature_id] = raw
    raw = pd.DataFrame(columns, index=pd.Index(comuni, name="comune_code"))
    transformed = pd.DataFrame({feature.feature_id: _transform(raw[feature.feature_id], feature.transform)
                                for feature in features.itertuples()})
    z = standardise(transformed)
    weights = features.set_index("feature_id")["weight"]
    nearest = nearest_neighbours(z, weights, NEIGHBOURS)

    features = features.assign(year=years, divisor_source_id=[AREA_SOURCE if divisor == "area_km2" else None
                                                             for divisor in features["divide_by"]])
    values = pd.concat({"raw_value": raw, "value": transformed, "z": z}, axis=1).stack(future_stack=True)
    values = values.reset_index().rename(columns={"level_1": "feature_id"})
    values = values[["comune_code", "feature_id", "raw_value", "value", "z"]]
    for name, frame in (("similar_feature", features), ("similar_feature_value", values), ("similar_comune", nearest)):
        con.register("incoming", frame)
        con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')  # fixed names, never user input
        con.unregister("incoming")
    _check(con, len(features))


CHECKS = {
    "similar comune is its own neighbour": "SELECT comune_code FROM similar_comune WHERE neighbour_code = comune_code",
    f"comune with every feature lacks {NEIGHBOURS} distinct neighbours": f"""
        WITH complete AS (SELECT comune_code FROM similar_feature_value GROUP BY comune_code HAVING count(z) = $features)
        SELECT c.comune_code FROM complete c LEFT JOIN similar_comune s ON s.comune_code = c.comune_code
        GROUP BY c.comune_code
        HAVING count(DISTINCT s.neighbour_code) <> least({NEIGHBOURS}, (SELECT count(*) FROM complete) - 1)""",
    "comune missing a feature has neighbours or is one": """
        SELECT v.comune_code FROM similar_feature_value v WHERE v.z IS NULL
          AND v.comune_code IN (SELECT comune_code FROM similar_comune UNION SELECT neighbour_code FROM similar_comune)""",
}


def _check(con: duckdb.DuckDBPyConnection, features: int) -> None:
    for name, sql in CHECKS.items():
        rows = con.execute(sql, {"features": features} if "$features" in sql else {}).fetchall()
        if rows:
            raise ValidationError("build_check_failed", check=name, count=len(rows), rows=rows[:3])


def _indicator_values(con: duckdb.DuckDBPyConnection, indicator_id: str, comuni: list[str]) -> tuple[int, pd.Series]:
    """The latest year in which at least YEAR_COVERAGE of the comuni have a value of the indicator, and the
    values of that year (NaN for a comune without one: it gets no neighbours)."""
    row = con.execute("""
        SELECT max(year) FROM (
            SELECT o.year FROM observation o JOIN territory t ON t.code = o.territory_code AND t.level = 'comune'
            WHERE o.indicator_id = $indicator AND o.value IS NOT NULL
            GROUP BY o.year HAVING count(DISTINCT o.territory_code) >= $needed)""",
                      {"indicator": indicator_id, "needed": YEAR_COVERAGE * len(comuni)}).fetchone()
    if row[0] is None:  # say which comuni lack it in the latest year
        lacking = [code for code, in con.execute("""
            SELECT t.code FROM territory t
            LEFT JOIN observation o ON o.territory_code = t.code AND o.indicator_id = $indicator AND o.value IS NOT NULL
                 AND o.year = (SELECT max(year) FROM observation WHERE indicator_id = $indicator)
            WHERE t.level = 'comune' AND o.value IS NULL ORDER BY t.code""", {"indicator": indicator_id}).fetchall()]
        raise ValidationError("build_check_failed", check=f"{FEATURES_FILE}: a year in which "
                              f"{YEAR_COVERAGE:.0%} of the comuni have {indicator_id}", count=len(lacking),
                              rows=lacking[:3])
    year = int(row[0])
    frame = con.execute("""
        SELECT o.territory_code, o.value FROM observation o JOIN territory t ON t.code = o.territory_code
        WHERE t.level = 'comune' AND o.indicator_id = $indicator AND o.year = $year AND o.value IS NOT NULL""",
                        {"indicator": indicator_id, "year": year}).df()
    return year, frame.set_index("territory_code")["value"].reindex(comuni).astype(float)


def comune_areas_km2(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """Each comune's area from its stored boundary (ISTAT generalised limits via openpolis, lon/lat):
    projected with the sinusoidal projection, which keeps areas, on a sphere of the ellipsoid's surface."""
    rows = con.execute("""SELECT g.code, g.geojson FROM territory_geometry g
                          JOIN territory t ON t.code = g.code AND t.level = 'comune'""").fetchall()
    return {code: equal_area_km2(shapely.from_geojson(text)) for code, text in rows}


def equal_area_km2(geometry) -> float:
    """Area in km² of a lon/lat geometry: sinusoidal projection (x = R·λ·cos φ, y = R·φ) is equal-area."""
    def sinusoidal(coordinates: np.ndarray) -> np.ndarray:
        lon, lat = np.radians(coordinates[:, 0]), np.radians(coordinates[:, 1])
        return np.column_stack([EARTH_RADIUS_M * lon * np.cos(lat), EARTH_RADIUS_M * lat])
    return float(shapely.transform(geometry, sinusoidal).area) / 1e6


def _transform(values: pd.Series, transform: str) -> pd.Series:
    # a log of zero or a negative number is no value: that comune has no neighbours, nothing is imputed
    if transform == "log":
        values = values.where(values > 0)
    return TRANSFORMS[transform](values)


def standardise(values: pd.DataFrame) -> pd.DataFrame:
    """z-scores per column over the rows with every feature (mean 0, population standard deviation 1);
    rows missing a feature stay NaN in every column."""
    complete = values.dropna()
    spread = complete.std(ddof=0).replace(0, np.nan)
    z = (values - complete.mean()) / spread
    return z.where(values.notna().all(axis=1), np.nan)


def distances_from(z: pd.DataFrame, weights: pd.Series, code: str) -> pd.Series:
    """Weighted Euclidean distance from one row to every row: sqrt(Σ_f w_f (z_af − z_bf)²)."""
    scaled = z[weights.index].to_numpy() * np.sqrt(weights.to_numpy())
    own = scaled[z.index.get_loc(code)]
    return pd.Series(np.sqrt(((scaled - own) ** 2).sum(axis=1)), index=z.index)


def nearest_neighbours(z: pd.DataFrame, weights: pd.Series, k: int) -> pd.DataFrame:
    """For each complete row, its k nearest other complete rows: comune_code, rank (1 = nearest),
    neighbour_code, distance. Equal distances (to 1e-9) are ordered by code, so the result is deterministic."""
    complete = z.dropna().sort_index()
    codes = complete.index.to_numpy()
    rows = []
    for position, code in enumerate(codes):
        distance = distances_from(complete, weights, code).to_numpy()
        rounded = np.round(distance, 9)  # float noise must not decide between equal distances
        order = [other for other in np.lexsort((codes, rounded)) if other != position][:k]
        rows += [(code, rank, codes[other], float(distance[other])) for rank, other in enumerate(order, start=1)]
    return pd.DataFrame(rows, columns=["comune_code", "rank", "neighbour_code", "distance"])


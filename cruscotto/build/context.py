"""State shared by the build steps: the raw folder, the catalogue and the observations collected so far."""
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cruscotto import notes
from cruscotto.build import validate
from cruscotto.paths import CATALOGUE_DIR

OBSERVATION_COLUMNS = [
    "indicator_id", "territory_code", "year", "ref_date", "value",
    "numerator", "denominator", "status", "source_id", "note",
]
STATUSES = {"final", "provisional"}
MISSING_FIGURE_COLUMNS = ["indicator_id", "territory_code", "year", "note"]


@dataclass
class BuildContext:
    raw_dir: Path
    indicators: pd.DataFrame
    sources: pd.DataFrame
    catalogue_dir: Path = CATALOGUE_DIR  # the catalogue the build was given (indicators, sources, plan matches)
    # old ISTAT comune code -> current code (mergers since 2002, resolved through chains)
    code_successor: dict[str, str] = field(default_factory=dict)
    comune_codes: set[str] = field(default_factory=set)
    territories: list[pd.DataFrame] = field(default_factory=list)
    links: list[pd.DataFrame] = field(default_factory=list)
    geometries: list[pd.DataFrame] = field(default_factory=list)
    observations: list[pd.DataFrame] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    # files read by the current step, so an unexpected layout can be reported by name
    files_read: list[str] = field(default_factory=list)
    # results that several steps need (a parquet file, derived counts), computed once per build
    memo: dict[str, pd.DataFrame] = field(default_factory=dict)

    def path(self, relative: str) -> Path:
        return self.raw_dir / relative

    def read_csv(self, relative: str, **kwargs) -> pd.DataFrame:
        path = self.path(relative)
        self.files_read.append(relative)
        try:
            return pd.read_csv(path, **kwargs)
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as error:
            raise validate.ValidationError("build_file_unreadable", file=relative, error=error) from error

    def read_parquet(self, relative: str) -> pd.DataFrame:
        """Read once per build; callers must not modify the returned frame in place."""
        self.files_read.append(relative)
        if relative not in self.memo:
            try:
                self.memo[relative] = pd.read_parquet(self.path(relative))
            except Exception as error:  # pyarrow raises several unrelated types for a broken file
                raise validate.ValidationError("build_file_unreadable", file=relative, error=error) from error
        return self.memo[relative]

    def to_current_code(self, codes: pd.Series) -> pd.Series:
        return codes.map(lambda code: self.code_successor.get(code, code))

    def add_comune_observations(self, frame: pd.DataFrame, file: str) -> None:
        """Observations published per comune: old codes are summed into their successor.

        A merged row's published value is dropped and recomputed from numerator and denominator,
        and the row is flagged in `note` with the codes it came from.
        """
        frame = frame.copy()
        for column in OBSERVATION_COLUMNS:
            if column not in frame:
                frame[column] = np.nan
        frame["note"] = [n if isinstance(n, str) else "" for n in frame["note"]]
        validate.comune_code(frame, "territory_code", file)
        frame["original_code"] = frame["territory_code"]
        frame["territory_code"] = self.to_current_code(frame["territory_code"])
        unknown = ~frame["territory_code"].isin(self.comune_codes)
        if unknown.any():
            raise validate.ValidationError("build_unknown_comune_codes", file=file,
                                           codes=sorted(frame.loc[unknown, "territory_code"].unique())[:5])
        keys = ["indicator_id", "territory_code", "year", "source_id"]
        is_merged = frame.duplicated(keys, keep=False)
        merged, single = frame[is_merged], frame[~is_merged].copy()
        if not merged.empty:
            merged = merged.groupby(keys, as_index=False).agg(
                ref_date=("ref_date", "min"),
                numerator=("numerator", lambda s: s.sum(min_count=len(s))),
                denominator=("denominator", lambda s: s.sum(min_count=len(s))),
                status=("status", lambda s: "provisional" if (s == "provisional").any() else "final"),
                original_code=("original_code", lambda s: ", ".join(sorted(s))),
                note=("note", lambda s: notes.combine(*s)),
            )
            merged["value"] = np.nan
            merged["note"] = [notes.combine(notes.encoded("merged_codes", codes=codes.split(", ")), note)
                              for codes, note in zip(merged["original_code"], merged["note"])]
        renamed = single["original_code"] != single["territory_code"]
        single.loc[renamed, "note"] = [notes.combine(notes.encoded("renamed_code", old_code=code), note)
                                       for code, note in zip(single.loc[renamed, "original_code"], single.loc[renamed, "note"])]
        self.add_observations(pd.concat([single, merged], ignore_index=True), file)

    def add_observations(self, frame: pd.DataFrame, file: str) -> None:
        frame = frame.copy()
        for column in OBSERVATION_COLUMNS:
            if column not in frame:
                frame[column] = np.nan
        frame = frame[OBSERVATION_COLUMNS]
        known = set(self.indicators["id"])
        validate._fail(file, frame, ~frame["indicator_id"].isin(known), "build_rule_unknown_indicator")
        validate._fail(file, frame, ~frame["source_id"].isin(set(self.sources["source_id"])), "build_rule_unknown_source")
        validate._fail(file, frame, ~frame["status"].isin(STATUSES), "build_rule_unknown_status")
        validate.years(frame, "year", 1990, 2030, file)
        validate.not_negative(frame, "numerator", file)
        validate.not_negative(frame, "denominator", file)
        frame["year"] = frame["year"].astype(int)
        for column in ("value", "numerator", "denominator"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
        frame["note"] = [n if isinstance(n, str) and n else None for n in frame["note"]]
        self.observations.append(frame)

    def add_table(self, name: str, frame: pd.DataFrame) -> None:
        self.tables[name] = frame

    def add_missing_figures(self, frame: pd.DataFrame) -> None:
        """Figures kept out of `observation` because the source left a count blank or its row contradicts
        itself: indicator_id, territory_code, year and the stored note saying why (table missing_figure)."""
        frame = frame[MISSING_FIGURE_COLUMNS].astype({"year": int})
        known = self.tables.get("missing_figure")
        self.tables["missing_figure"] = frame if known is None else pd.concat([known, frame], ignore_index=True)

"""MEF IRPEF income per comune: taxpayers, average income, low-income shares."""
import pandas as pd

from cruscotto import notes
from cruscotto.build import validate
from cruscotto.build.context import BuildContext

CLASSES_FILE = "spending/mef_irpef_comuni_lombardia_2018_2021.parquet"
SUBSET_FILE = "spending/mef_irpef_comuni_lombardia_2024_subset.csv"
CLASS_PREFIX = "reddito_compl_"
UP_TO_10K = ["reddito_compl_minore_o_uguale_a_zero_euro_n", "reddito_compl_da_0_a_10000_euro_n"]
UP_TO_15K = UP_TO_10K + ["reddito_compl_da_10000_a_15000_euro_n"]
SOURCE = "mef_irpef"


def _wide(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    validate.unique(frame, ["comune_istat", "year", "measure"], file)
    # "first" of the one row per key keeps a blank blank (a sum would make it 0)
    wide = frame.pivot_table(index=["comune_istat", "year"], columns="measure", values="value", aggfunc="first").reset_index()
    wide.columns.name = None
    return wide


def load(ctx: BuildContext) -> None:
    classes = _wide(ctx.read_parquet(CLASSES_FILE), CLASSES_FILE)
    count_columns = [c for c in classes.columns if c.startswith(CLASS_PREFIX) and c.endswith("_n")]
    amount_columns = [c for c in classes.columns if c.startswith(CLASS_PREFIX) and c.endswith("_eur")]
    for column in count_columns + ["contribuenti_n"]:
        validate.not_negative(classes, column, CLASSES_FILE)
    # MEF leaves blank the income classes of very few taxpayers (published counts are 0 or at least 4):
    # the sums cover the published classes, and the figures say how many classes are not published.
    classes["filers"] = classes[count_columns].sum(axis=1)
    classes["income"] = classes[amount_columns].sum(axis=1)
    hidden = classes[count_columns].isna().sum(axis=1)
    classes["note"] = [notes.encoded("mef_income_classes_hidden", classes=int(n), total=len(count_columns)) if n else None
                       for n in hidden]
    subset = _wide(ctx.read_csv(SUBSET_FILE, dtype={"comune_istat": str}), SUBSET_FILE)
    subset = subset.rename(columns={"reddito_complessivo_n": "filers", "reddito_complessivo_eur": "income"})
    both = pd.concat([classes, subset], ignore_index=True)
    both = both[both["filers"] > 0]
    common = {"territory_code": both["comune_istat"], "year": both["year"], "ref_date": both["year"].astype(str) + "-12-31",
              "status": "final", "source_id": SOURCE}
    parts = [
        pd.DataFrame({"indicator_id": "taxpayers", "numerator": both["contribuenti_n"], **common}),
        pd.DataFrame({"indicator_id": "income_per_taxpayer", "numerator": both["income"], "denominator": both["filers"],
                      "note": both["note"], **common}),
    ]
    with_classes = both["year"].isin(classes["year"].unique())
    for indicator, columns in (("low_income_share_10k", UP_TO_10K), ("low_income_share_15k", UP_TO_15K)):
        rows = both[with_classes]
        parts.append(pd.DataFrame({"indicator_id": indicator, "numerator": rows[columns].sum(axis=1),
                                   "denominator": rows["filers"], "note": rows["note"],
                                   **{k: (v[with_classes] if isinstance(v, pd.Series) else v) for k, v in common.items()}}))
    ctx.add_comune_observations(pd.concat(parts, ignore_index=True), CLASSES_FILE)

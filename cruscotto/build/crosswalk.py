"""Old ISTAT comune codes -> current codes, from the ISTAT list of suppressed comuni and the
project's record of code changes. Chains (A -> B -> C) are resolved to the last successor."""
import pandas as pd

from cruscotto.build import validate
from cruscotto.build.context import BuildContext

SUPPRESSED = "demography/comuni_lombardia_suppressed_since_2002.csv"
CHANGES = "geo/comuni_code_changes.csv"


def load(ctx: BuildContext) -> None:
    suppressed = ctx.read_csv(SUPPRESSED, dtype=str, keep_default_na=False)
    changes = ctx.read_csv(CHANGES, dtype=str, keep_default_na=False)
    for frame, file, old, new in ((suppressed, SUPPRESSED, "comune_istat_suppressed", "comune_istat_current_2026"),
                                  (changes, CHANGES, "old_istat", "new_istat")):
        validate.comune_code(frame, old, file)
        validate.comune_code(frame, new, file)
    pairs = pd.concat([
        suppressed.rename(columns={"comune_istat_suppressed": "old_code", "comune_istat_current_2026": "new_code",
                                   "event_date": "event_date"})[["old_code", "new_code", "event_date"]].assign(source=SUPPRESSED),
        changes.rename(columns={"old_istat": "old_code", "new_istat": "new_code"})[["old_code", "new_code"]]
        .assign(event_date=None, source=CHANGES),
    ], ignore_index=True)
    pairs = pairs[pairs["old_code"] != pairs["new_code"]]
    successor = dict(zip(pairs["old_code"], pairs["new_code"]))
    resolved = {}
    for old in successor:
        seen, code = {old}, successor[old]
        while code in successor:
            code = successor[code]
            if code in seen:
                raise validate.ValidationError("build_successor_cycle", file=SUPPRESSED, code=old)
            seen.add(code)
        if code not in ctx.comune_codes:
            raise validate.ValidationError("build_successor_not_current", file=SUPPRESSED, successor=code, code=old)
        resolved[old] = code
    ctx.code_successor = resolved
    table = pairs.drop_duplicates("old_code").assign(current_code=lambda f: f["old_code"].map(resolved))
    ctx.add_table("code_change", table[["old_code", "new_code", "current_code", "event_date", "source"]])

"""Figures quoted in the Piani di Zona documents, kept verbatim with the document they come from."""
from cruscotto.build import validate
from cruscotto.build.context import BuildContext

PLANS_FILE = "plans/plan_figures.csv"


def load(ctx: BuildContext) -> None:
    frame = ctx.read_csv(PLANS_FILE, dtype=str, keep_default_na=False)
    validate.not_null(frame, ["territory", "measure", "value", "source_document"], PLANS_FILE)
    validate.not_negative(frame, "value", PLANS_FILE)
    frame.insert(0, "figure_id", range(1, len(frame) + 1))
    frame["value"] = frame["value"].astype(float)
    frame["year"] = frame["year"].where(frame["year"] != "", None)
    ctx.add_table("plan_figure", frame)

"""The default recipe's update budget: does a series still improving at the end of its 2,000 updates
gain from more?

    python bench/budget.py [--budgets 2000 8000 2000:8000] [--seeds 0 1 2]

The six series of bench/REAL.md with its split (the first 85% train, the last 15%, H values, test),
windows and seasons, plus the last 2,000 values of the weekly CO2 series (the long series of
REAL.md's timing target; its last 15% test). Two kinds of budget, the recipe otherwise unchanged
(the same validation tail and best-weights restore):

- "B": `RECIPES["default"]["updates"] = B`, a fixed budget; the early-stopping rule scales with it
  (patience a fifth of the planned epochs, the first quarter unwatched);
- "B:M": `updates = B, max_updates = M`, the rule of a B-update run (the same patience and start)
  but allowed to go on to M updates: a run still improving goes on, one that stops early anyway
  trains exactly as with B.

- "still improving": the best validation epoch is in the last tenth of the epochs trained, the
  sign that the budget, not the stopper, ended training;
- validation: the held-out tail forecast from its start (`Forecaster.validate`), the LSTM's MAE, as
  a ratio to the 2,000-update run of the same seed. The stopper chose its epoch on this tail, so
  the figure flatters every budget alike, a longer one more;
- test: the H-step MASE of one forecast of the whole test part (scaled by the training part's
  seasonal-naive error), and the training seconds.

Figures are medians over the seeds. Writes bench/BUDGET.md.
"""
import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

from machine import machine
from real import load_series

here = Path(__file__).resolve().parent


def series() -> dict:
    "name -> (values, window, season): REAL.md's six, and 2,000 weekly CO2 values."
    import statsmodels.datasets as sm_data
    found = {name: v[:3] for name, v in load_series().items()}
    weekly = sm_data.co2.load_pandas().data["co2"].interpolate().to_numpy(float)[-2000:]
    found["CO2 weekly (2,000)"] = (weekly, 52, 52)
    return found


def one_run(values, window, season, seed, budget):
    """Train with `budget` ("B" or "B:M" updates): improving at the end?, tail MAE, test MASE,
    seconds, epochs."""
    from lstm_nb.forecaster import Forecaster
    from lstm_nb.metrics import mase_scale
    from lstm_nb.train import RECIPES
    horizon = round(0.15 * len(values))
    train, test = values[:-horizon], values[-horizon:]
    updates, _, longest = budget.partition(":")
    RECIPES["default"].update(updates=int(updates), max_updates=int(longest or updates))
    start = time.perf_counter()
    fc = Forecaster.fit(train, window=window, season=season, seed=seed)
    seconds = time.perf_counter() - start
    h = fc.history
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # clipped forecasts are counted in bench/REAL.md
        tail = float(fc.validate(train, season=season)["scores"].loc["lstm", "mae"])
        far = fc.forecast(train, horizon=horizon).point
    epochs = len(h["loss"])
    return {"improving": h["best_epoch"] > 0.9 * epochs, "tail": tail, "epochs": epochs,
            "best": h["best_epoch"], "updates": h["updates"], "seconds": seconds,
            "mase": float(np.mean(np.abs(far - test))) / mase_scale(train, season)}


def main():
    p = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("--budgets", nargs="+", default=["2000", "8000", "2000:8000"])
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = p.parse_args()
    from lstm_nb.quiet import import_tensorflow_quietly
    import_tensorflow_quietly()
    from lstm_nb.train import RECIPES
    default = dict(RECIPES["default"])
    runs = {}
    try:
        for name, (values, window, season) in series().items():
            for budget in args.budgets:
                for seed in args.seeds:
                    runs[name, budget, seed] = r = one_run(values, window, season, seed, budget)
                    print(f"{name} {budget} {seed}: best {r['best']}/{r['epochs']} "
                          f"tail {r['tail']:.4g} MASE {r['mase']:.3f} {r['seconds']:.1f} s",
                          file=sys.stderr, flush=True)
    finally:  # the recipe as it was, whatever happened
        RECIPES["default"].clear()
        RECIPES["default"].update(default)
    med = statistics.median
    base = args.budgets[0]
    lines = ["# The update budget of the default recipe", "",
             f"`python bench/budget.py --budgets {' '.join(args.budgets)} --seeds "
             f"{' '.join(map(str, args.seeds))}` on {machine()}.", "",
             " ".join(__doc__.split("\n\n")[2].split()), "",
             __doc__.split("\n\n")[3], "", __doc__.split("\n\n")[4], "",
             "Medians over the seeds. \"improving\" counts the seeds whose best epoch was in the "
             "last tenth of the epochs trained; tail and test columns are ratios to the "
             f"{base}-update run of the same seed (below 1: better).", "",
             "| series | updates | improving at the end | epochs (best) | tail MAE ratio | "
             "test MASE | test MASE ratio | seconds |", "|---|---|---|---|---|---|---|---|"]
    for name in dict.fromkeys(n for n, _, _ in runs):
        for budget in args.budgets:
            rs = [runs[name, budget, s] for s in args.seeds]
            b = [runs[name, base, s] for s in args.seeds]
            lines.append(
                f"| {name} | {budget} | {sum(r['improving'] for r in rs)} of {len(rs)} | "
                f"{med(r['epochs'] for r in rs):.0f} ({med(r['best'] for r in rs):.0f}) | "
                f"{med(r['tail'] / q['tail'] for r, q in zip(rs, b)):.3f} | "
                f"{med(r['mase'] for r in rs):.3f} | "
                f"{med(r['mase'] / q['mase'] for r, q in zip(rs, b)):.3f} | "
                f"{med(r['seconds'] for r in rs):.1f} |")
    names = list(dict.fromkeys(n for n, _, _ in runs))
    lines += ["", "Over the series (geometric mean of the per-series median ratios):", ""]
    for budget in args.budgets[1:]:
        tail = [med(runs[n, budget, s]["tail"] / runs[n, base, s]["tail"] for s in args.seeds)
                for n in names]
        test = [med(runs[n, budget, s]["mase"] / runs[n, base, s]["mase"] for s in args.seeds)
                for n in names]
        time_ = [med(runs[n, budget, s]["seconds"] / runs[n, base, s]["seconds"]
                     for s in args.seeds) for n in names]
        gm = lambda v: float(np.exp(np.mean(np.log(v))))
        lines.append(f"- {budget} updates against {base}: tail MAE x{gm(tail):.3f}, test MASE "
                     f"x{gm(test):.3f}, training time x{gm(time_):.2f}.")
    lines.append("")
    (here / "BUDGET.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()

"""One series, the many-series recipe: does what works across the M3 series (level-free windows in
logs, seasonal adjustment, a direct H-step output) beat the default single-series recipe at N = 1,
chosen on validation?

    python bench/single.py [--seeds 0 1 2] [--only airline nile ...]

The six series of bench/REAL.md, its split (the first 85% train, the last 15%, H values, test) and
its windows and seasons. Three recipes, each with the series' window:

- "default": `Forecaster.fit(train, window=, season=)`, the single-series default (differences over
  their scale, one output fed back);
- "direct": the same with `horizon=H, method="direct"`: H outputs at once, nothing else changed;
- "many-series, N = 1": `GlobalForecaster.fit(train, horizon=H, season=, window=)` given the one
  series, with every other setting its default (bench/GLOBAL.md chose them on M3's validation
  windows): inputs in logs (or over the mean absolute step when a value is not positive), each
  window relative to its last value, a seasonal adjustment where logs apply and the season is over
  1, and H outputs.

Validation (what a choice may use): each recipe trained on the training part less its last H
values and scored on those H, one forecast from their start. Test (looked at once): trained on the
whole training part, one forecast of the H test values. Scores are MASE, scaled by the part trained
on's seasonal-naive error (naive for annual series), the median over seeds; seconds are training and
forecasting, the median over seeds. Writes bench/SINGLE.md.
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
RECIPES = ("default", "direct", "many-series, N = 1")


def one_fit(recipe, train, horizon, window, season, seed):
    "The recipe trained on `train`: (its forecast of the next `horizon` values, seconds)."
    from lstm_nb.forecaster import Forecaster
    from lstm_nb.many import GlobalForecaster
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # band clips are counted in bench/REAL.md
        if recipe == "many-series, N = 1":
            fc = GlobalForecaster.fit(train, horizon=horizon, season=season, window=window,
                                      seed=seed)
            point = fc.forecast(train)["forecast"].to_numpy()
        else:
            direct = recipe == "direct"
            fc = Forecaster.fit(train, window=window, season=season, seed=seed,
                                horizon=horizon if direct else 1,
                                method="direct" if direct else "recursive")
            point = fc.forecast(train, horizon=horizon).point
    return point, time.perf_counter() - start


def main():
    p = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--only", nargs="+", help="series names (default: all six)")
    args = p.parse_args()
    from lstm_nb.quiet import import_tensorflow_quietly
    import_tensorflow_quietly()
    from lstm_nb.metrics import mase
    rows, horizons, med = {}, {}, statistics.median
    for name, (values, window, season, _) in load_series().items():
        if args.only and name not in args.only: continue
        horizon = horizons[name] = round(0.15 * len(values))
        train, test = values[:-horizon], values[-horizon:]
        fit, held = train[:-horizon], train[-horizon:]
        for recipe in RECIPES:
            runs = []
            for seed in args.seeds:
                val, _ = one_fit(recipe, fit, horizon, window, season, seed)
                far, seconds = one_fit(recipe, train, horizon, window, season, seed)
                runs.append((mase(held, val, fit, season), mase(test, far, train, season), seconds))
                print(f"{name} | {recipe} | seed {seed}: validation {runs[-1][0]:.3f} test "
                      f"{runs[-1][1]:.3f} {seconds:.1f} s", file=sys.stderr, flush=True)
            rows[name, recipe] = {
                "validation": med(r[0] for r in runs), "test": med(r[1] for r in runs),
                "spread": max(r[1] for r in runs) / min(r[1] for r in runs),
                "seconds": med(r[2] for r in runs)}
    names = list(dict.fromkeys(n for n, _ in rows))
    gm = lambda v: float(np.exp(np.mean(np.log(list(v)))))
    lines = ["# One series, the many-series recipe", "",
             f"`python bench/single.py --seeds {' '.join(map(str, args.seeds))}` on {machine()}.",
             "", " ".join(__doc__.split("\n\n")[2].split()), "", __doc__.split("\n\n")[3], "",
             " ".join(__doc__.split("\n\n")[4].split()), "",
             "| series | H | recipe | validation MASE | test MASE | test spread (max/min) | "
             "seconds |", "|---|---|---|---|---|---|---|"]
    for name in names:
        for recipe in RECIPES:
            r = rows[name, recipe]
            lines.append(f"| {name} | {horizons[name]} | {recipe} | {r['validation']:.3f} | "
                         f"{r['test']:.3f} | {r['spread']:.2f} | {r['seconds']:.1f} |")
    lines += ["", "Against the default (geometric mean over the series of the ratio of medians; "
              "below 1: better; wins: series where the recipe's median is lower):", ""]
    for recipe in RECIPES[1:]:
        ratio = {k: gm(rows[n, recipe][k] / rows[n, "default"][k] for n in names)
                 for k in ("validation", "test", "seconds")}
        wins = {k: sum(rows[n, recipe][k] < rows[n, "default"][k] for n in names)
                for k in ("validation", "test")}
        lines.append(f"- {recipe}: validation x{ratio['validation']:.3f} (lower on "
                     f"{wins['validation']} of {len(names)}), test x{ratio['test']:.3f} (lower on "
                     f"{wins['test']} of {len(names)}), time x{ratio['seconds']:.1f}.")
    lines.append("")
    (here / "SINGLE.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()

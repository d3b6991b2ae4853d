"""Seed ensembles for one series: how many members validation asks for, and what they do to the
test error and to the seeds' disagreement.

    python bench/ensemble.py [--members 5] [--ensembles 3]

The six series of bench/REAL.md, with its split (the first 85% train, the last 15%, H values, test),
windows and seasons. For each series `--ensembles` x `--members` networks are trained with the
default recipe (`Forecaster.fit`), seeds 0, 1, 2, ...; ensemble e holds seeds e*M to e*M + M - 1 and
forecasts the mean of its members' forecasts.

- Validation: every network holds out the same validation tail (the last tenth of the training
  windows) and forecasts it from its start, as `forecast` would. The tail MAE of the mean of the
  first k members, for k = 1 .. M, averaged over the ensembles and divided by k = 1's, is what the
  number of members is chosen on. The test part plays no role in it.
- Test: the H-step forecast of the whole test part, as MASE (scaled by the training part's
  seasonal-naive error), for one network (each ensemble's first member) and for the whole
  ensemble: the mean over the ensembles, and their disagreement, max / min.

Writes bench/ENSEMBLE.md.
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


def one_series(values, window, season, networks):
    "Validation and test forecasts of `networks` networks, seeds 0 .. networks - 1."
    from lstm_nb.forecaster import Forecaster
    from lstm_nb.metrics import mase_scale
    from lstm_nb.predict import forecast
    horizon = round(0.15 * len(values))
    train, test = values[:-horizon], values[-horizon:]
    tails, fars, seconds = [], [], []
    for seed in range(networks):
        start = time.perf_counter()
        fc = Forecaster.fit(train, window=window, season=season, seed=seed)
        seconds.append(time.perf_counter() - start)
        held = fc.history["held_out"]
        origin = len(train) - held
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # clipped forecasts are counted in bench/REAL.md
            tails.append(forecast(fc.model, train[origin - window:origin], horizon=held))
            fars.append(forecast(fc.model, train[-window:], horizon=horizon))
    return {"tail": train[-held:], "tails": np.array(tails), "test": test, "fars": np.array(fars),
            "scale": mase_scale(train, season), "seconds": seconds, "horizon": horizon,
            "held": held}


def summarise(r, members, ensembles):
    "Relative tail MAE by ensemble size, and test MASE of one network and of the ensemble."
    mae = lambda f, truth: float(np.mean(np.abs(f - truth)))
    groups = [slice(e * members, (e + 1) * members) for e in range(ensembles)]
    by_size = []
    for k in range(1, members + 1):
        by_size.append(statistics.mean(mae(r["tails"][g][:k].mean(axis=0), r["tail"])
                                       for g in groups))
    single = [mae(r["fars"][g][0], r["test"]) / r["scale"] for g in groups]
    ensemble = [mae(r["fars"][g].mean(axis=0), r["test"]) / r["scale"] for g in groups]
    return {"relative": [v / by_size[0] for v in by_size], "single": single, "ensemble": ensemble}


def main():
    p = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("--members", type=int, default=5)
    p.add_argument("--ensembles", type=int, default=3)
    args = p.parse_args()
    from lstm_nb.quiet import import_tensorflow_quietly
    import_tensorflow_quietly()
    rows = {}
    for name, (values, window, season, _) in load_series().items():
        start = time.perf_counter()
        r = one_series(values, window, season, args.members * args.ensembles)
        rows[name] = (r, summarise(r, args.members, args.ensembles))
        print(f"{name}: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    m, e = args.members, args.ensembles
    sizes = range(1, m + 1)
    lines = ["# Seed ensembles for one series", "",
             f"`python bench/ensemble.py --members {m} --ensembles {e}` on {machine()}.", "",
             "bench/REAL.md's six series and split. Ensemble e averages the forecasts of the "
             f"networks with seeds {m}e to {m}e + {m - 1} (default recipe, `Forecaster.fit`).", "",
             "## Validation: the tail's MAE by the number of members", "",
             "The mean of the first k members forecasting the validation tail from its start, MAE "
             f"averaged over the {e} ensembles, divided by k = 1's. The test part plays no part.",
             "", "| series | tail values | " + " | ".join(f"k = {k}" for k in sizes) + " |",
             "|---|---|" + "---|" * m]
    for name, (r, s) in rows.items():
        lines.append(f"| {name} | {r['held']} | "
                     + " | ".join(f"{v:.3f}" for v in s["relative"]) + " |")
    mean_rel = [statistics.mean(s["relative"][k - 1] for _, s in rows.values()) for k in sizes]
    lines += ["| **mean** | | " + " | ".join(f"**{v:.3f}**" for v in mean_rel) + " |", "",
              f"## Test: H-step MASE, one network against an ensemble of {m}", "",
              f"Mean over the {e} ensembles (for one network, each ensemble's first member), and "
              "the disagreement between them, max / min.", "",
              "| series | H | one network | its max / min | ensemble | its max / min |",
              "|---|---|---|---|---|---|"]
    ratio = lambda v: max(v) / min(v)
    for name, (r, s) in rows.items():
        lines.append(f"| {name} | {r['horizon']} | {statistics.mean(s['single']):.3f} | "
                     f"{ratio(s['single']):.2f} | {statistics.mean(s['ensemble']):.3f} | "
                     f"{ratio(s['ensemble']):.2f} |")
    lines += ["", f"An ensemble costs {m} trainings and {m} forecasts: bench/REAL.md gives the "
              "time of one.", ""]
    (here / "ENSEMBLE.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()

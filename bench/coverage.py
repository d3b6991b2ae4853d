"""How often calibrated intervals hold the truth on the course's real series, for the ways of
turning calibration errors into an interval.

    python bench/coverage.py [--origins 12] [--calibrate 19]

bench/REAL.md's six series, windows and seasons; H is the season (10 for annual series). Only each
series' training part (its first 85%) is used, so that the choice is made on validation values:
intervals are judged at the last `--origins` positions whose H values end inside it, one value
apart. The interval at position t is built as `Forecaster.fit(calibrate=K)` builds it: the default
recipe refitted at the K origins before t, one value apart, their H-step errors kept. Every refit
is shared: one training per position serves as a calibration origin and as a judged forecast.

The ways compared, all split-conformal with K errors per step:

- additive, per step (the package's): half-width from |truth - forecast| at each step ahead;
- log, per step (positive series): from |log truth - log forecast|, the interval
  forecast * exp(+-q), so it grows and shrinks with the level;
- log, pooled over steps: every step's log error in one pool of K * H, one half-width for all steps.

Coverage is the share of judged values inside their interval, at 80% and 95%. Writes
bench/COVERAGE.md.
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


def refits(train, window, horizon, positions):
    "{position: the default recipe's H-step forecast from it, trained on the values before it}."
    from lstm_nb.data import make_windows
    from lstm_nb.predict import forecast
    from lstm_nb.train import train_forecaster
    out = {}
    for o in positions:
        model, _ = train_forecaster(*make_windows(train[:o], window), seed=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # clipped forecasts stay clipped, as in the package
            out[o] = forecast(model, train[o - window:o], horizon=horizon)
    return out


def halfwidth(errors, level):
    "The split-conformal half-width: the ceil((K + 1) level)-th smallest |error|, per column."
    from lstm_nb.intervals import conformal_halfwidths
    return conformal_halfwidths(errors, level)


def judge(train, forecasts, judged, calibrate, horizon, level, positive):
    "Coverage of each way at `level` over the judged positions."
    hits = {"additive, per step": [], "log, per step": [], "log, pooled": []}
    for t in judged:
        cal = [t - horizon - k for k in range(calibrate)]     # the K origins before t
        truth = np.stack([train[o:o + horizon] for o in cal])
        fc = np.stack([forecasts[o] for o in cal])
        y, f = train[t:t + horizon], forecasts[t]
        q = halfwidth(truth - fc, level)
        hits["additive, per step"] += list((y >= f - q) & (y <= f + q))
        if positive and (fc > 0).all() and (f > 0).all():
            logs = np.log(truth) - np.log(fc)
            q = halfwidth(logs, level)
            hits["log, per step"] += list((y >= f * np.exp(-q)) & (y <= f * np.exp(q)))
            q = halfwidth(logs.reshape(-1, 1), level)[0]
            hits["log, pooled"] += list((y >= f * np.exp(-q)) & (y <= f * np.exp(q)))
    return {way: float(np.mean(h)) if h else None for way, h in hits.items()}


def main():
    p = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("--origins", type=int, default=12, help="judged positions per series")
    p.add_argument("--calibrate", type=int, default=19, help="calibration origins K")
    args = p.parse_args()
    from lstm_nb.quiet import import_tensorflow_quietly
    import_tensorflow_quietly()
    rows = {}
    for name, (values, window, season, _) in load_series().items():
        start = time.perf_counter()
        horizon = season if season > 1 else 10
        train = values[:-round(0.15 * len(values))]
        last = len(train) - horizon                                   # the last judged position
        judged = list(range(last - args.origins + 1, last + 1))
        positions = range(judged[0] - horizon - args.calibrate + 1, last + 1)
        forecasts = refits(train, window, horizon, positions)
        positive = bool((train > 0).all())
        rows[name] = {level: judge(train, forecasts, judged, args.calibrate, horizon, level,
                                   positive) for level in (0.8, 0.95)}
        rows[name]["horizon"], rows[name]["refits"] = horizon, len(positions)
        print(f"{name}: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    ways = ["additive, per step", "log, per step", "log, pooled"]
    pct = lambda v: "n/a" if v is None else f"{100 * v:.0f}%"
    lines = ["# Calibrated intervals on the course's series", "",
             f"`python bench/coverage.py --origins {args.origins} --calibrate {args.calibrate}` on "
             f"{machine()}.", "",
             f"Training parts only (first 85%); intervals judged at the last {args.origins} "
             f"positions, one value apart, each calibrated on the {args.calibrate} origins before "
             "it (the default recipe refitted at every position, seed 0). Coverage: the share of "
             "judged values inside their interval. n/a: a series not all positive has no log "
             "interval.", "",
             "| series | H | refits | " + " | ".join(f"{w} 80%" for w in ways) + " | "
             + " | ".join(f"{w} 95%" for w in ways) + " |", "|---|---|---|" + "---|" * 6]
    for name, r in rows.items():
        lines.append(f"| {name} | {r['horizon']} | {r['refits']} | "
                     + " | ".join(pct(r[0.8][w]) for w in ways) + " | "
                     + " | ".join(pct(r[0.95][w]) for w in ways) + " |")
    means = {lv: {w: [r[lv][w] for r in rows.values() if r[lv][w] is not None] for w in ways}
             for lv in (0.8, 0.95)}
    lines.append("| **mean** | | | " + " | ".join(
        f"**{pct(statistics.mean(means[lv][w]))}**" for lv in (0.8, 0.95) for w in ways) + " |")
    lines.append("")
    (here / "COVERAGE.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()

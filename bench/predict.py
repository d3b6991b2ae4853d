"""Prediction benchmark: lstm_nb's `forecast` and `predict` against calling Keras `model.predict`.

    python bench/predict.py [--rounds 3]

Side by side in one process, on one model (the forecaster at window 24, the seed's network inside):
1. 100 steps ahead, recursively: `lstm_nb.predict.forecast(horizon=100)` against the tutorial habit
   of calling `model.predict` on each new window in a Python loop.
2. 10^5 windows at once: `lstm_nb.predict.predict` against one `model.predict` call, and against
   `model.predict` per window in a Python loop (timed on 500 windows; the rate is what compares).

Prints a table and writes bench/PREDICT.md. Figures are medians over rounds of ratios within a
round.
"""
import argparse
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras  # noqa: E402
import numpy as np  # noqa: E402

from lstm_nb.data import make_windows  # noqa: E402
from lstm_nb.model import build_forecaster, difference_scale  # noqa: E402
from lstm_nb.predict import forecast, predict  # noqa: E402
from lstm_nb.reshape import to_3d  # noqa: E402
from machine import machine  # noqa: E402

here = Path(__file__).resolve().parent
WINDOW, STEPS, N, LOOP = 24, 100, 100_000, 500


def timed(fn):
    start = time.perf_counter(); out = fn(); return time.perf_counter() - start, out


def keras_recursive(model, values, steps):
    "The tutorial way: model.predict on each new window, in a Python loop."
    buffer = list(values)
    for _ in range(steps):
        buffer.append(float(model.predict(np.array(buffer[-WINDOW:]).reshape(1, WINDOW, 1),
                                          verbose=0)[0, 0]))
    return np.array(buffer[WINDOW:])


def main():
    p = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    t = np.arange(N + WINDOW + 1, dtype="float64")
    x, _ = make_windows(np.sin(2 * np.pi * t / 24) + 0.001 * t, WINDOW)
    keras.utils.set_random_seed(0)
    model = build_forecaster(WINDOW, difference_scale(x[:1000]))
    x3 = to_3d(x)
    # first calls build each path's function
    predict(model, x3[:2]); model.predict(x3[:2], verbose=0)
    rows = []
    for _ in range(args.rounds):
        t_fc, ours = timed(lambda: forecast(model, x[-1], horizon=STEPS))
        t_kfc, theirs = timed(lambda: keras_recursive(model, x[-1], STEPS))
        t_pred, batch_ours = timed(lambda: predict(model, x3))
        t_kpred, batch_keras = timed(lambda: model.predict(x3, batch_size=65536,
                                                           verbose=0).reshape(-1))
        t_loop, _ = timed(lambda: [model.predict(x3[i:i + 1], verbose=0) for i in range(LOOP)])
        assert np.allclose(ours, theirs, atol=1e-4) and np.allclose(batch_ours, batch_keras,
                                                                    atol=1e-4)
        rows.append(dict(fc=t_fc, kfc=t_kfc, pred=t_pred, kpred=t_kpred, loop_rate=LOOP / t_loop))
    med = lambda f: statistics.median(f(r) for r in rows)
    text = "\n".join([
        "# Prediction: lstm_nb against Keras `model.predict`", "",
        f"Machine: {machine()}.  ",
        f"Run: `python bench/predict.py --rounds {args.rounds}` on {time.strftime('%Y-%m-%d')}; "
        f"forecaster at window {WINDOW}; "
        "medians over rounds, ratios taken within a round; both sides give the same numbers "
        "(checked to 1e-4).", "",
        "| task | lstm_nb | Keras | Keras / lstm_nb |", "|---|---|---|---|",
        f"| {STEPS} steps ahead, recursive | `forecast`: {med(lambda r: r['fc']):.3f} s | "
        f"`model.predict` loop: {med(lambda r: r['kfc']):.3f} s | "
        f"{med(lambda r: r['kfc'] / r['fc']):.1f}x |",
        f"| {N:,} windows, one call | `predict`: {med(lambda r: r['pred']):.3f} s | "
        f"`model.predict`: {med(lambda r: r['kpred']):.3f} s | "
        f"{med(lambda r: r['kpred'] / r['pred']):.1f}x |",
        f"| {N:,} windows, per-window loop | `predict`: {med(lambda r: N / r['pred']):,.0f} "
        f"windows/s | `model.predict` loop: {med(lambda r: r['loop_rate']):,.0f} windows/s | "
        f"{med(lambda r: (N / r['pred']) / r['loop_rate']):,.0f}x |",
    ]) + "\n"
    print(text)
    (here / "PREDICT.md").write_text(text)


if __name__ == "__main__":
    main()

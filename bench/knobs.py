"""What else moves the training figure: threads, tf.data, XLA, unrolling and the seed's relu, side
by side.

    python bench/knobs.py [--windows 100000] [--batches 32 1024] [--sweep 1 32 64 128 1024]
                          [--sweep-windows 24 64] [--sweep-updates 250 2500] [--rounds 2]

Every configuration trains the seed's network shape (LSTM(10) + Dense(1), window 24) for one epoch
on the same seeded synthetic series as bench/scale.py, each in a fresh process (thread settings only
take effect before TensorFlow starts). Configurations run interleaved, round after round, so a noisy
neighbour hits all of them alike; each figure is the median over rounds of the ratio to the
reference run *of the same round*:

- `graph` (reference): `fit_model(engine="graph")`, relu, default threads, its own choice of loop
  (`auto_unroll`: written out at batch 32, looped at batch 1024);
- `graph, looped` and `graph, unrolled`: the same with `fit_model(unroll=False)` and `unroll=True`;
- `graph, tanh`: the same with activation="tanh" (the cost of the seed's relu on this CPU);
- `graph, 1 intra / 1 inter thread`, `graph, 2 intra / 1 inter`: `tf.config.threading` set first;
- `fit`: `model.fit` on arrays, Keras's default loop; `fit, unroll` on a network built unrolled;
- `fit, tf.data lazy windows`: `keras.utils.timeseries_dataset_from_array` builds windows per batch
  from the 1-D series instead of a (samples, 24, 1) array; `+ prefetch`, `+ cache` on top;
- `fit, XLA`: `model.compile(jit_compile=True)`, TensorFlow's fused-kernel compiler on CPU.

On a GPU the same script also shows the fused cuDNN kernel: tanh is then the fused path, relu the
generic one.

A second table sweeps the batch size (`--sweep`), the window (`--sweep-windows`) and the number of
updates (`--sweep-updates`: batch size x updates windows, at most `--windows`) with only the looped
and the unrolled graph engine: the measurement behind `lstm_nb.engine.auto_unroll`. Writes
bench/KNOBS.md.
"""
import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from machine import machine, measure

here = Path(__file__).resolve().parent
WINDOW = 24

CHILD = r"""
import json, os, sys, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
cfg = json.loads(sys.argv[1])
import tensorflow as tf
if cfg.get("threads"):
    tf.config.threading.set_intra_op_parallelism_threads(cfg["threads"][0])
    tf.config.threading.set_inter_op_parallelism_threads(cfg["threads"][1])
import numpy as np, keras
from lstm_nb.data import make_windows
from lstm_nb.model import build_model
from lstm_nb.train import fit_model
n, batch, window = cfg["windows"] + cfg["window"], cfg["batch"], cfg["window"]
rng = np.random.default_rng(0)
t = np.arange(n, dtype="float64")
series = (
    0.001 * t
    + np.sin(2 * np.pi * t / 24)
    + 0.5 * np.sin(2 * np.pi * t / 168)
    + 0.1 * rng.standard_normal(n)
)
keras.utils.set_random_seed(0)
model = build_model(window, activation=cfg.get("activation", "relu"), unroll=cfg.get("build_unroll",
                                                                                     False))
start = time.perf_counter()
if cfg["engine"] == "graph":
    x, y = make_windows(series, window)
    history = fit_model(model, x, y, epochs=1, batch_size=batch, engine="graph",
                        unroll=cfg.get("unroll"))
    updates = history["updates"]
else:
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3), loss="mse", jit_compile=cfg.get("xla", False)
    )
    if cfg.get("lazy"):
        values = series.astype("float32")
        data = keras.utils.timeseries_dataset_from_array(values[:-1, None], values[window:], window,
                                                         batch_size=batch, shuffle=True, seed=0)
        if cfg.get("cache"): data = data.cache()
        if cfg.get("prefetch"): data = data.prefetch(tf.data.AUTOTUNE)
        model.fit(data, epochs=1, verbose=0)
    else:
        x, y = make_windows(series, window)
        model.fit(x[..., None].astype("float32"), y.astype("float32"), batch_size=batch, epochs=1,
                  verbose=0, shuffle=True)
    updates = int(model.optimizer.iterations.numpy())
print(json.dumps({"seconds": time.perf_counter() - start, "updates": updates}))"""

CONFIGS = {
    "graph (reference)": dict(engine="graph"),
    "graph, looped (unroll=False)": dict(engine="graph", unroll=False),
    "graph, unrolled (unroll=True)": dict(engine="graph", unroll=True),
    "graph, tanh": dict(engine="graph", activation="tanh"),
    "graph, 1 intra / 1 inter thread": dict(engine="graph", threads=[1, 1]),
    "graph, 2 intra / 1 inter threads": dict(engine="graph", threads=[2, 1]),
    "fit": dict(engine="keras"),
    "fit, unroll": dict(engine="keras", build_unroll=True),
    "fit, tf.data lazy windows": dict(engine="keras", lazy=True),
    "fit, lazy + prefetch": dict(engine="keras", lazy=True, prefetch=True),
    "fit, lazy + cache + prefetch": dict(engine="keras", lazy=True, cache=True, prefetch=True),
    "fit, XLA (jit_compile)": dict(engine="keras", xla=True),
}


def child(cfg):
    "Run one configuration in a fresh process; return seconds, updates and peak RSS in MiB."
    _, rss, out = measure([sys.executable, "-c", CHILD, json.dumps(cfg)])
    return {**json.loads(out), "rss_mib": rss}


def main():
    p = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("--windows", type=int, default=100_000)
    p.add_argument("--batches", type=int, nargs="+", default=[32, 1024])
    p.add_argument("--sweep", type=int, nargs="*", default=[1, 32, 64, 128, 1024])
    p.add_argument("--sweep-windows", type=int, nargs="+", default=[WINDOW, 64])
    p.add_argument("--sweep-updates", type=int, nargs="+", default=[250, 2_500])
    p.add_argument("--rounds", type=int, default=2)
    args = p.parse_args()
    cells = list(dict.fromkeys((w, b, min(args.windows, u * b)) for w in args.sweep_windows
                               for b in args.sweep for u in args.sweep_updates))
    sweep = {}
    for r in range(args.rounds):
        # a large batch can cap two update counts at the same number of windows: run it once
        for window, batch, windows in cells:
            for unroll in (False, True):
                out = child(dict(engine="graph", unroll=unroll, windows=windows, batch=batch,
                                 window=window))
                sweep.setdefault((window, batch, windows, unroll), []).append(
                    {**out, "windows": windows}
                )
                print(f"sweep round {r}: window {window} batch {batch} {out['updates']} updates "
                      f"unroll={unroll} {out['seconds']:6.2f} s", file=sys.stderr)
    results = {}
    for batch in args.batches:
        for r in range(args.rounds):
            for name, cfg in CONFIGS.items():
                out = child({**cfg, "windows": args.windows, "batch": batch, "window": WINDOW})
                results.setdefault((batch, name), []).append(out)
                print(f"batch {batch} round {r}: {name:<34} {out['seconds']:6.2f} s  "
                      f"{out['rss_mib']:5.0f} MiB", file=sys.stderr)
    lines = ["# Knobs: what moves one epoch's training time", "",
             f"Machine: {machine()}.  ",
             f"Run: `python bench/knobs.py --rounds {args.rounds}` on {time.strftime('%Y-%m-%d')}: "
             f"{args.windows:,} windows of {WINDOW}, "
             "one epoch, LSTM(10) + Dense(1), fresh process per run, interleaved rounds.", "",
             "Speed is the reference's time divided by the configuration's, per round, median over "
             "rounds: above 1x is faster "
             "than `fit_model(engine=\"graph\")` with the seed's relu and default threads.", ""]
    for batch in args.batches:
        ref = results[(batch, "graph (reference)")]
        lines += [f"## Batch {batch}", "",
                  "| configuration | windows/s (median) | speed vs reference | range over rounds | "
                  "peak RSS MiB | updates |",
                  "|---|---|---|---|---|---|"]
        for name in CONFIGS:
            runs = results[(batch, name)]
            ratios = [a["seconds"] / b["seconds"] for a, b in zip(ref, runs)]
            rate = statistics.median(args.windows / r["seconds"] for r in runs)
            lines.append(f"| {name} | {rate:,.0f} | {statistics.median(ratios):.2f}x | "
                         f"{min(ratios):.2f}-{max(ratios):.2f}x | "
                         f"{max(r['rss_mib'] for r in runs):.0f} | {runs[0]['updates']:,} |")
        lines.append("")
    if args.sweep:
        lines += ["## Unrolled against looped, by batch size, window and updates", "",
                  "`fit_model(engine=\"graph\")` with `unroll=True` against `unroll=False`, one "
                  "epoch, "
                  "the same fresh-process rounds, tracing included; speed above 1x means writing "
                  "the loop out is faster.", "",
                  "| window | batch | updates | looped windows/s | unrolled windows/s | unrolled "
                  "speed | range over rounds |", "|---|---|---|---|---|---|---|"]
        for window, batch, windows in cells:
            looped, unrolled = sweep[(window, batch, windows, False)], sweep[(window, batch,
                                                                              windows, True)]
            ratios = [a["seconds"] / b["seconds"] for a, b in zip(looped, unrolled)]
            lines.append(f"| {window} | {batch} | {looped[0]['updates']:,} | "
                         f"{statistics.median(r['windows'] / r['seconds'] for r in looped):,.0f} | "
                         f"{statistics.median(r['windows'] / r['seconds'] for r in unrolled):,.0f} "
                         f"| {statistics.median(ratios):.2f}x | "
                         f"{min(ratios):.2f}-{max(ratios):.2f}x |")
        lines.append("")
    text = "\n".join(lines)
    print(text)
    (here / "KNOBS.md").write_text(text)


if __name__ == "__main__":
    main()

"""Scale benchmark: lstm_nb's compiled training loop against plain Keras `model.fit`, side by side.

    python bench/scale.py [--sizes 1000 10000 100000 1000000] [--batches 32 1024]

For each series length and batch size, the same network (the seed's LSTM(10, relu) + Dense(1) at
window 24), the same synthetic series (trend + two waves + noise, seeded) and one epoch are trained
by both engines, each in a fresh process, one right after the other:

- `graph`: `lstm_nb.train.fit_model(engine="graph")`, one traced tf.function;
- `fit`: `model.fit`, Keras's own loop, through `fit_model(engine="keras")`.

Throughput is windows per second of `fit_model` wall time (tracing included, the import not);
peak RSS is the child process's own (`os.wait4`). The ratio graph/fit is taken per row, within one
run. Writes bench/SCALING.md and the cost curve bench/scaling.png.
"""
import argparse
import json
import sys
import time
from pathlib import Path

from machine import machine, measure

here = Path(__file__).resolve().parent
WINDOW = 24

CHILD = r"""
import json, os, sys, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np, keras
from lstm_nb.data import make_windows
from lstm_nb.model import build_model
from lstm_nb.train import fit_model
n, batch, engine, window = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
rng = np.random.default_rng(0)
t = np.arange(n, dtype="float64")
series = 0.001 * t + np.sin(2 * np.pi * t / 24) + 0.5 * np.sin(2 * np.pi * t / 168) + 0.1 * rng.standard_normal(n)
x, y = make_windows(series, window)
keras.utils.set_random_seed(0)
model = build_model(window)
start = time.perf_counter()
history = fit_model(model, x, y, epochs=1, batch_size=batch, engine=engine)
seconds = time.perf_counter() - start
print(json.dumps({"windows": len(x), "seconds": seconds, "updates": history["updates"], "loss": history["loss"][-1]}))
"""


def child(n, batch, engine):
    "Train in a fresh process; return its JSON result plus peak RSS in MiB."
    _, rss, out = measure([sys.executable, "-c", CHILD, str(n), str(batch), engine, str(WINDOW)])
    return {**json.loads(out), "rss_mib": rss}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    p.add_argument("--batches", type=int, nargs="+", default=[32, 1024])
    args = p.parse_args()
    rows = []
    for batch in args.batches:
        for n in args.sizes:
            graph, fit = child(n, batch, "graph"), child(n, batch, "keras")
            rows.append(dict(n=n, batch=batch, graph=graph, fit=fit))
            print(f"n={n:>8} batch={batch:>5}: graph {graph['windows'] / graph['seconds']:9.0f} windows/s "
                  f"({graph['rss_mib']:.0f} MiB), fit {fit['windows'] / fit['seconds']:9.0f} windows/s ({fit['rss_mib']:.0f} MiB)",
                  file=sys.stderr)
    lines = ["# Scaling: compiled loop against `model.fit`", "",
             f"Machine: {machine()}.  ",
             f"Run: `python bench/scale.py` on {time.strftime('%Y-%m-%d')}: window {WINDOW}, one epoch, the seed's network "
             "(LSTM(10, relu) + Dense(1)), fresh process per cell; times include tracing, not the import.", "",
             "| points | batch | graph windows/s | fit windows/s | graph / fit | graph peak RSS MiB | fit peak RSS MiB | updates |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        g, f = r["graph"], r["fit"]
        lines.append(f"| {r['n']:,} | {r['batch']} | {g['windows'] / g['seconds']:,.0f} | {f['windows'] / f['seconds']:,.0f} | "
                     f"{(g['windows'] / g['seconds']) / (f['windows'] / f['seconds']):.2f}x | {g['rss_mib']:.0f} | {f['rss_mib']:.0f} | "
                     f"{g['updates']:,} / {f['updates']:,} |")
    text = "\n".join(lines) + "\n"
    print(text)
    (here / "SCALING.md").write_text(text)

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for batch, color in zip(args.batches, ("tab:blue", "tab:orange", "tab:green")):
        mine = [r for r in rows if r["batch"] == batch]
        ax.loglog([r["graph"]["windows"] for r in mine], [r["graph"]["seconds"] for r in mine], "o-", color=color, label=f"lstm_nb graph, batch {batch}")
        ax.loglog([r["fit"]["windows"] for r in mine], [r["fit"]["seconds"] for r in mine], "s--", color=color, label=f"model.fit, batch {batch}")
    ax.set_xlabel("training windows (one epoch)"); ax.set_ylabel("training time, seconds (log)")
    ax.set_title(f"Cost of one epoch, window {WINDOW}"); ax.legend(fontsize=8)
    fig.tight_layout(); fig.savefig(here / "scaling.png", dpi=120)


if __name__ == "__main__":
    main()

"""Scale benchmark: lstm_nb's compiled training loop against plain Keras `model.fit`, side by side.

    python bench/scale.py [--sizes 1000 10000 100000 1000000] [--batches 32 1024] [--rounds 2]

For each series length and batch size, the same network (the seed's LSTM(10, relu) + Dense(1) at
window 24), the same synthetic series (trend + two waves + noise, seeded) and one epoch are trained
by both engines, each in a fresh process, one right after the other:

- `graph`: `lstm_nb.train.fit_model(engine="graph")`, one traced tf.function, with its default
  choice of loop (`auto_unroll`: written out at batch 32, looped at batch 1024, on CPU);
- `fit`: `model.fit`, Keras's own loop, through `fit_model(engine="keras")`, on the model as built.

Throughput is windows per second of `fit_model` wall time (tracing included, the import not);
peak RSS is the child process's own (`os.wait4`). The whole grid runs `--rounds` times, round after
round, and the ratio graph/fit is taken within each round: the table gives its median and range.
Writes bench/SCALING.md and the cost curve bench/scaling.png (medians).
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
import numpy as np, keras
from lstm_nb.data import make_windows
from lstm_nb.model import build_model
from lstm_nb.train import fit_model
n, batch, engine, window = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
rng = np.random.default_rng(0)
t = np.arange(n, dtype="float64")
series = (
    0.001 * t
    + np.sin(2 * np.pi * t / 24)
    + 0.5 * np.sin(2 * np.pi * t / 168)
    + 0.1 * rng.standard_normal(n)
)
x, y = make_windows(series, window)
keras.utils.set_random_seed(0)
model = build_model(window)
start = time.perf_counter()
history = fit_model(model, x, y, epochs=1, batch_size=batch, engine=engine)
seconds = time.perf_counter() - start
print(json.dumps({"windows": len(x), "seconds": seconds, "updates": history["updates"],
                  "loss": history["loss"][-1]}))"""


def child(n, batch, engine):
    "Train in a fresh process; return its JSON result plus peak RSS in MiB."
    _, rss, out = measure([sys.executable, "-c", CHILD, str(n), str(batch), engine, str(WINDOW)])
    return {**json.loads(out), "rss_mib": rss}


def main():
    p = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    p.add_argument("--batches", type=int, nargs="+", default=[32, 1024])
    p.add_argument("--rounds", type=int, default=2)
    args = p.parse_args()
    runs = {}
    for i in range(args.rounds):
        for batch in args.batches:
            for n in args.sizes:
                graph, fit = child(n, batch, "graph"), child(n, batch, "keras")
                runs.setdefault((n, batch), []).append(dict(graph=graph, fit=fit))
                print(f"round {i + 1}/{args.rounds} n={n:>8} batch={batch:>5}: graph "
                      f"{graph['windows'] / graph['seconds']:9.0f} windows/s "
                      f"({graph['rss_mib']:.0f} MiB), fit {fit['windows'] / fit['seconds']:9.0f} "
                      f"windows/s ({fit['rss_mib']:.0f} MiB)",
                      file=sys.stderr)
    rate = lambda run: run["windows"] / run["seconds"]
    rows = []
    for (n, batch), pairs in runs.items():
        ratios = [rate(p["graph"]) / rate(p["fit"]) for p in pairs]
        rows.append(dict(n=n, batch=batch, windows=pairs[0]["graph"]["windows"],
                         ratio=statistics.median(ratios), low=min(ratios), high=max(ratios),
                         graph=statistics.median(rate(p["graph"]) for p in pairs),
                         fit=statistics.median(rate(p["fit"]) for p in pairs),
                         graph_rss=max(p["graph"]["rss_mib"] for p in pairs),
                         fit_rss=max(p["fit"]["rss_mib"] for p in pairs),
                         updates=(pairs[0]["graph"]["updates"], pairs[0]["fit"]["updates"])))
    lines = ["# Scaling: compiled loop against `model.fit`", "",
             f"Machine: {machine()}.  ",
             f"Run: `python bench/scale.py --rounds {args.rounds}` on {time.strftime('%Y-%m-%d')}: "
             f"window {WINDOW}, one epoch, the seed's network "
             "(LSTM(10, relu) + Dense(1)), fresh process per cell; times include tracing, not the "
             "import. "
             "Windows/s are medians over rounds; graph / fit is the median of the ratios taken "
             "within each round, with their range.", "",
             "| points | batch | graph windows/s | fit windows/s | graph / fit | range over rounds "
             "| graph peak RSS MiB | fit peak RSS MiB | updates |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['n']:,} | {r['batch']} | {r['graph']:,.0f} | {r['fit']:,.0f} | "
                     f"{r['ratio']:.2f}x | {r['low']:.2f}-{r['high']:.2f}x | "
                     f"{r['graph_rss']:.0f} | {r['fit_rss']:.0f} | {r['updates'][0]:,} / "
                     f"{r['updates'][1]:,} |")
    text = "\n".join(lines) + "\n"
    print(text)
    (here / "SCALING.md").write_text(text)

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for batch, color in zip(args.batches, ("tab:blue", "tab:orange", "tab:green")):
        mine = [r for r in rows if r["batch"] == batch]
        ax.loglog([r["windows"] for r in mine], [r["windows"] / r["graph"] for r in mine], "o-",
                  color=color, label=f"lstm_nb graph, batch {batch}")
        ax.loglog([r["windows"] for r in mine], [r["windows"] / r["fit"] for r in mine], "s--",
                  color=color, label=f"model.fit, batch {batch}")
    ax.set_xlabel("training windows (one epoch)"); ax.set_ylabel("training time, seconds (log)")
    ax.set_title(f"Cost of one epoch, window {WINDOW}"); ax.legend(fontsize=8)
    fig.tight_layout(); fig.savefig(here / "scaling.png", dpi=120)


if __name__ == "__main__":
    main()

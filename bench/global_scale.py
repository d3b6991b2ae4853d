"""Many series, one model, at scale: training throughput and peak memory against the number of
series.

    python bench/global_scale.py [--series 100 1000 10000 100000] [--updates 200]

Synthetic series (`synthetic`: a level, a trend, a yearly season and noise, 60 to 150 monthly values
each, seeded) test the pipeline, not accuracy. For each count, a fresh process builds a dict of
series, trains `GlobalForecaster` (window 36, horizon 18, the default network, batches of 512
windows) for a fixed number of updates, then forecasts every series in one batched call. Reported:
training throughput in windows per second (the first of the run's 5 epochs, which holds the graph
tracing, is left out), the forecast's wall time, and the child process's peak RSS (`os.wait4`). The
windows are drawn by the `tf.data` pipeline from one flat array of the values, so memory should grow
with the values, not with the windows. Writes the "Scale" part of bench/GLOBAL_SCALE.md and
bench/global_scale.png.
"""
import argparse
import json
import sys
from pathlib import Path

from machine import machine, measure

here = Path(__file__).resolve().parent

CHILD = r"""
import json, sys, time
import numpy as np
n, updates = int(sys.argv[1]), int(sys.argv[2])
sys.path.insert(0, sys.argv[3])
from global_scale import synthetic
from lstm_nb.many import GlobalForecaster
series = synthetic(n)
times = []
progress = lambda done, total, loss: times.append(time.perf_counter())
start = time.perf_counter()
fc = GlobalForecaster.fit(series, horizon=18, window=36, updates=updates, epochs=5,
                          progress=progress)
steps = fc.history["updates"] // 5
train = time.perf_counter() - start
start = time.perf_counter()
out = fc.forecast(series)
print(json.dumps({"values": int(sum(map(len, series.values()))),
                  "windows_per_s": 4 * steps * 512 / (times[-1] - times[0]),
                  "train_s": train, "forecast_s": time.perf_counter() - start,
                  "forecasts": len(out)}))
"""


def synthetic(n:int, seed:int=0) -> dict:
    "n positive monthly series of 60 to 150 values: level x (1 + trend) x (1 + season) x noise."
    import numpy as np
    rng = np.random.default_rng(seed)
    out = {}
    for i, length in enumerate(rng.integers(60, 151, size=n)):
        t = np.arange(length)
        level, slope, amp, phase = (
            rng.lognormal(5, 1),
            rng.normal(0, 0.004),
            rng.uniform(0, 0.3),
            rng.uniform(0, 2 * np.pi),
        )
        out[f"s{i}"] = (
            level
            * (1 + slope * t).clip(0.2)
            * (1 + amp * np.sin(2 * np.pi * t / 12 + phase))
            * rng.lognormal(0, 0.05, length)
        )
    return out


def main():
    p = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("--series", type=int, nargs="+", default=[100, 1000, 10000, 100000])
    p.add_argument("--updates", type=int, default=200)
    p.add_argument("--out", default=str(here / "GLOBAL_SCALE.md"))
    args = p.parse_args()
    rows = []
    for n in args.series:
        seconds, rss, out = measure([sys.executable, "-c", CHILD, str(n), str(args.updates),
                                     str(here)])
        rows.append({"series": n, **json.loads(out.strip().splitlines()[-1]), "peak_rss_mib": rss,
                     "wall_s": seconds})
        print(rows[-1], flush=True)
    lines = ["# Many series, one model: scale", "", f"Machine: {machine()}.", "",
             f"`python bench/global_scale.py --series {' '.join(map(str, args.series))} --updates "
             f"{args.updates}`: synthetic series, "
             "window 36, horizon 18, batches of 512; throughput over the epochs after the first.",
             "",
             "| series | values | training windows/s | training s | forecast s (all series) | peak "
             "RSS MiB |", "|---|---|---|---|---|---|"]
    lines += [f"| {r['series']:,} | {r['values']:,} | {r['windows_per_s']:,.0f} | "
              f"{r['train_s']:.1f} | {r['forecast_s']:.1f} | {r['peak_rss_mib']:,.0f} |"
              for r in rows]
    Path(args.out).write_text("\n".join(lines) + "\n")
    (Path(args.out).with_suffix(".json")).write_text(json.dumps(rows, indent=1))
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
    n = [r["series"] for r in rows]
    axes[0].plot(n, [r["windows_per_s"] for r in rows],
                 marker="o"); axes[0].set_ylabel("training windows / s")
    axes[1].plot(n, [r["peak_rss_mib"] for r in rows],
                 marker="o"); axes[1].set_ylabel("peak RSS (MiB)")
    for ax in axes: ax.set_xscale("log"); ax.set_xlabel("series"); ax.set_ylim(bottom=0)
    fig.suptitle("GlobalForecaster: throughput and memory against the number of series")
    fig.tight_layout(); fig.savefig(Path(args.out).with_suffix(".png"), dpi=120)


if __name__ == "__main__":
    main()

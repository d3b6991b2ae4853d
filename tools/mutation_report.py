"""Turn tools/mutation.sh's cosmic-ray sessions into bench/MUTATION.md (printed to stdout).

    python tools/mutation_report.py TIMES_FILE SESSION_DIR
"""
import sys
from pathlib import Path

from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import TestOutcome, WorkerOutcome


def main():
    times, folder = Path(sys.argv[1]), Path(sys.argv[2])
    rows, survivors = [], []
    for line in times.read_text().splitlines():
        module, seconds, *notebooks = line.split()
        with use_db(folder / f"{module}.sqlite", WorkDB.Mode.open) as db:
            results = [(item, result) for item, result in db.completed_work_items
                       if result.worker_outcome != WorkerOutcome.SKIPPED]
            skipped = db.num_results - len(results)
        killed = sum(r.test_outcome != TestOutcome.SURVIVED for _, r in results)
        survived = [(i, r) for i, r in results if r.test_outcome == TestOutcome.SURVIVED]
        score = 100 * killed / len(results) if results else 0.0
        rows.append(f"| `lstm_nb.{module}` | {len(results)} | {killed} | {len(survived)} | {score:.0f}% | {skipped} | {int(seconds) // 60} min {int(seconds) % 60} s | "
                    + ", ".join(f"`{Path(n).name}`" for n in notebooks) + " |")
        for item, result in survived:
            m = item.mutations[0]
            survivors.append(f"### `{module}`, line {m.start_pos[0]}: {m.operator_name}\n\n```diff\n{(result.diff or '').strip()}\n```\n")
    print("# Mutation testing\n")
    print("`tools/mutation.sh` (cosmic-ray, each mutant carried into its notebook with `nbdev_update`, then `nbdev_test` on the "
          "notebooks listed). A mutant is killed when a test fails. `tools/mutation_filter.py` skips mutants in `plot_*` functions and operators nobody mistypes (`+` into `<<`, say). Survivors are listed below with their diffs; each needs a "
          "test, or a reason it is equivalent.\n")
    print("| module | mutants run | killed | survived | score | skipped (plotting, unlikely operators) | run time | notebooks run |\n|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print("\n## Survivors\n")
    print("\n".join(survivors) if survivors else "None.")


if __name__ == "__main__":
    main()

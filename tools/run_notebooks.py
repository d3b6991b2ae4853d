"""Run every notebook in nbs/ top to bottom in a real Jupyter kernel, as a learner would.

    python tools/run_notebooks.py [--timeout 300] [--workers 2] [--write] [--times FILE] [NOTEBOOK ...]

nbdev_test runs cells with execnb, which is not a Jupyter kernel. This runs each notebook with
nbclient in a fresh `python3` ipykernel, started in the notebook's own folder (so no notebook can lean on
state another left behind), the lessons in nbs/ and the reference notebooks in nbs/api/ alike, with a per-cell timeout, including cells that nbdev_test skips with the `slow` flag. A notebook fails if
- any cell raises, or times out;
- it draws fewer figures than its stored outputs hold;
- a number in a cell's text output moves from the stored one by more than the tolerance:
  1e-3 relative or 1e-6 absolute, whichever is larger. Cells that time something
  (they call time.perf_counter) are exempt: their numbers are measurements, not results.
The committed notebooks are not modified, unless --write is given: then each notebook that ran without
an error gets its fresh outputs stored (what "Run All" and save does in Jupyter; run nbdev_clean after).
With --times FILE, each notebook's wall time (kernel start included) is written to FILE as a Markdown
table; run it with --workers 1 for figures a learner would see.
Exit code 1 on any failure.
"""
import argparse
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

nbs = Path(__file__).resolve().parents[1] / "nbs"
NUMBER = re.compile(r"(?<![\w.])-?\d+\.\d+(?:e[-+]?\d+)?(?![\w.])")
REL, ABS = 1e-3, 1e-6


def texts(cell) -> str:
    "The text a cell printed or displayed."
    out = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream": out.append(o.get("text", ""))
        elif "data" in o and "text/plain" in o["data"] and "image/png" not in o["data"]: out.append(o["data"]["text/plain"])
    return "".join(out)


def figures(nb) -> int:
    return sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))


def failure(e: Exception) -> str:
    "Where a notebook failed: the failing cell's first line of code and the error's last lines (an assertion prints its two sides)."
    lines = [line for line in str(e).strip().splitlines() if line.strip()]
    if not lines: return ""
    cell = next((line for line in lines[lines.index("------------------") + 1:] if not line.startswith("#|")), "") if "------------------" in lines else ""
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in lines]
    where = next((line for line in plain if line.startswith("---->")), "")  # the failing line of the notebook's own cell
    tail = " / ".join(([where] if where else []) + plain[-3:])
    return f"in the cell starting {cell.strip()[:100]!r}: {tail}" if cell else tail


seconds = {}  # wall time per notebook that ran without an error


def name(path: Path) -> str:
    return str(path.relative_to(nbs))


def run(path: Path, timeout: int, write: bool = False) -> list:
    stored = nbformat.read(path, as_version=4)
    fresh = nbformat.read(path, as_version=4)
    problems = []
    start = time.perf_counter()
    try:
        NotebookClient(fresh, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    except Exception as e:
        return [f"{name(path)}: {type(e).__name__}: {failure(e)}"]
    seconds[path] = time.perf_counter() - start
    if write:
        nbformat.write(fresh, path)
        return []
    if figures(fresh) < figures(stored):
        problems.append(f"{name(path)}: drew {figures(fresh)} figures, the stored outputs hold {figures(stored)}")
    for i, (old, new) in enumerate(zip(stored.cells, fresh.cells)):
        if old.cell_type != "code" or "time.perf_counter" in old.source: continue
        a, b = NUMBER.findall(texts(old)), NUMBER.findall(texts(new))
        if len(a) != len(b):
            problems.append(f"{name(path)} cell {i}: printed {len(b)} numbers, the stored output has {len(a)}"); continue
        for x, y in zip(map(float, a), map(float, b)):
            if abs(x - y) > max(ABS, REL * abs(x)):
                problems.append(f"{name(path)} cell {i}: stored {x:g}, now {y:g}"); break
    return problems


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("notebooks", nargs="*", type=Path)
    p.add_argument("--timeout", type=int, default=300, help="seconds per cell (default 300)")
    p.add_argument("--workers", type=int, default=2, help="notebooks run at once (default 2)")
    p.add_argument("--write", action="store_true", help="store the fresh outputs in the notebooks instead of comparing")
    p.add_argument("--times", type=Path, help="write each notebook's wall time to this Markdown file")
    args = p.parse_args()
    paths = [n.resolve() for n in args.notebooks] or sorted(
        n for n in nbs.rglob("*.ipynb") if not n.name.startswith("_") and ".ipynb_checkpoints" not in n.parts)
    with ThreadPoolExecutor(args.workers) as pool:
        results = list(pool.map(lambda n: run(n, args.timeout, args.write), paths))
    for path, problems in zip(paths, results): print(f"{name(path)}: {'ok' if not problems else 'FAILED'}")
    if args.times:
        rows = [f"| {name(n)} | {seconds[n]:.0f} |" for n in paths if n in seconds]
        args.times.write_text("| notebook | seconds to run top to bottom, slow cells included |\n|---|---|\n" + "\n".join(rows) + "\n")
    problems = [line for r in results for line in r]
    for line in problems: print("error:", line, file=sys.stderr)
    print(f"{len(paths) - sum(bool(r) for r in results)} passed, {sum(bool(r) for r in results)} failed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

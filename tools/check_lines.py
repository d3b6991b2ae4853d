"""The exported code's shape, checked in the notebooks it is written in: no line over 100
characters, and no more exported cells over 40 lines than the ceiling below.

    python tools/check_lines.py [--list]

ruff checks bench/ and tools/ at 100 characters, but not lstm_nb/*.py: nbdev writes those files and
wraps its generated `__all__` at 120 characters, and turns each notebook's description into the
module docstring. Lines of code are checked here instead, where they are edited. Exit code 1 on a
finding; --list names the long cells.
"""
import json
import re
import sys
from pathlib import Path

LIMIT, CELL_LINES = 100, 40
LONG_CELLS_CEILING = 0  # lower it as long cells are split; it never rises
EXPORT = re.compile(r"#\|\s*export[is]?\b")

def exported_cells(nbs: Path):
    "(notebook, cell index, source) for every exported code cell under `nbs`."
    for path in sorted(nbs.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts: continue
        for i, cell in enumerate(json.loads(path.read_text())["cells"]):
            source = "".join(cell["source"])
            if cell["cell_type"] == "code" and EXPORT.match(source): yield path, i, source

def main(nbs="nbs", show=False) -> int:
    long_lines, long_cells = [], []
    for path, i, source in exported_cells(Path(nbs)):
        lines = source.split("\n")
        long_lines += [f"{path} cell {i} line {k}: {len(text)} characters"
                       for k, text in enumerate(lines, 1) if len(text) > LIMIT]
        if len(lines) > CELL_LINES:
            long_cells.append(f"{path} cell {i}: {len(lines)} lines")
    for line in long_lines: print(f"error: {line} (at most {LIMIT})")
    if show or len(long_cells) > LONG_CELLS_CEILING: print("\n".join(long_cells))
    print(f"exported cells: {len(long_lines)} lines over {LIMIT} characters, "
          f"{len(long_cells)} cells over {CELL_LINES} lines (ceiling {LONG_CELLS_CEILING})")
    if len(long_cells) > LONG_CELLS_CEILING:
        print(f"error: {len(long_cells)} exported cells over {CELL_LINES} lines, expected at most "
              f"{LONG_CELLS_CEILING}: split the new one")
    return 1 if long_lines or len(long_cells) > LONG_CELLS_CEILING else 0

if __name__ == "__main__": sys.exit(main(show="--list" in sys.argv))

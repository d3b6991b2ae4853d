"Tests of tools/check_lines.py on notebooks written to a temporary folder."
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import check_lines

def notebook(folder: Path, *sources: str):
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": s} for s in sources]
    (folder / "a.ipynb").write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                                "nbformat_minor": 5}))

def test_a_long_exported_line_fails(tmp_path):
    notebook(tmp_path, "#| export\nx = " + "1 + " * 30 + "1")
    assert check_lines.main(tmp_path) == 1

def test_a_long_line_in_a_test_cell_passes(tmp_path):
    notebook(tmp_path, "#| export\nx = 1", "y = " + "1 + " * 30 + "1")
    assert check_lines.main(tmp_path) == 0

def test_long_cells_over_the_ceiling_fail(tmp_path, monkeypatch):
    notebook(tmp_path, "#| exporti\n" + "x = 1\n" * 45, "#| export\n" + "y = 1\n" * 10)
    monkeypatch.setattr(check_lines, "LONG_CELLS_CEILING", 1)
    assert check_lines.main(tmp_path) == 0
    monkeypatch.setattr(check_lines, "LONG_CELLS_CEILING", 0)
    assert check_lines.main(tmp_path) == 1

"Tests of tools/check_params.py on a package and notebook cells made up here."
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import check_params as cp


def package(tmp_path):
    (tmp_path / "m.py").write_text(
        "def f(series, *, window=3, seed=0): pass\n"
        "def _private(x=1): pass\n"
        "class C:\n    def __init__(self, model, history=None): pass\n"
        "    def go(self, n=2): pass\n")
    return cp.public_parameters(tmp_path)


def test_exported_cells_are_not_tests(tmp_path):
    cells = [{"cell_type": "code", "source": ["#| export\n", "f(1)"]},
             {"cell_type": "code", "source": ["f(2)"]}]
    (tmp_path / "a.ipynb").write_text(json.dumps({"cells": cells}))
    assert cp.test_code(tmp_path) == ["f(2)"]


def test_public_parameters(tmp_path):
    params = package(tmp_path)
    assert {n: [p for p, _, _ in ps] for n, ps in params.items()} == {
        "f": ["window", "seed"], "C": ["history"], "go": ["n"]}


def test_a_default_value_does_not_count(tmp_path):
    params = package(tmp_path)
    hit = cp.exercised(["f(s, window=3)", "f(s, seed=1)", "c.go(5)", "f(s, window=w)"], params)
    assert hit == {("f", "seed"), ("go", "n"), ("f", "window")}   # a name is not a literal default
    assert cp.exercised(["f(s, window=3)"], params) == set()   # the default itself: untested


def test_flags_seen_in_calls_lists_and_shell_lines():
    cells = ['quick = ["--window", "6"]\nrun("train", "a.csv", *quick)',
             '!lstm_nb forecast m.keras a.csv --horizon 3', 'run("backtest", "--origins=2")']
    assert cp.flags_used(cells, {"train", "forecast", "backtest"}) == {
        ("train", "--window"), ("forecast", "--horizon"), ("backtest", "--origins")}

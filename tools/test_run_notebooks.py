"""Tests of tools/run_notebooks.py's input keys and per-cell tolerances, on a small tree made in a
temporary folder.

    python -m pytest tools/test_run_notebooks.py
"""
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).parent))
import run_notebooks as rn  # noqa: E402


@pytest.fixture
def tree(tmp_path):
    """A package `pkg` of three modules (a imports b, b imports c), a settings.ini, and a notebook
    that imports a."""
    (tmp_path / "pkg" / "datasets").mkdir(parents=True)
    (tmp_path / "pkg" / "a.py").write_text("from .b import g\ndef f(): return g()\n")
    (tmp_path / "pkg" / "b.py").write_text("from pkg.c import h\ndef g(): return h()\n")
    (tmp_path / "pkg" / "c.py").write_text("def h(): return 1\n")
    (tmp_path / "pkg" / "d.py").write_text("def unused(): return 2\n")
    (tmp_path / "settings.ini").write_text("[DEFAULT]\nrequirements = "
                                           "numpy>=1.26\ndev_requirements = nbdev==2.4.14\n")
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# A lesson"),
            nbformat.v4.new_code_cell("from pkg.a import f\nprint(f())"),
        ]
    )
    return tmp_path, nb


def key(tree):
    root, nb = tree
    return rn.inputs_key(nb, root, package="pkg")


def test_imports_followed_transitively(tree):
    root, nb = tree
    assert set(rn.module_closure(rn.imported_modules(rn.code_of(nb), "pkg"), root, "pkg")) == {
        "a", "b", "c"}


def test_subpackage_modules_followed(tree):
    "A chapter module in a subpackage: dotted names, `..` imports, and the subpackage's __init__."
    root, _ = tree
    (root / "pkg" / "sub").mkdir()
    (root / "pkg" / "sub" / "__init__.py").write_text("")
    (root / "pkg" / "sub" / "x.py").write_text("from ..a import f\nfrom .y import k\n")
    (root / "pkg" / "sub" / "y.py").write_text("def k(): return 3\n")
    code = "from pkg.sub.x import f"
    assert rn.imported_modules(code, "pkg") == {"sub.x"}
    assert set(rn.module_closure({"sub.x"}, root, "pkg")) == {"sub.x", "sub.y", "sub.__init__",
                                                              "a", "b", "c"}
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    before = rn.inputs_key(nb, root, package="pkg")
    (root / "pkg" / "sub" / "y.py").write_text("def k(): return 4\n")
    assert rn.inputs_key(nb, root, package="pkg") != before


def test_key_is_stable(tree):
    assert key(tree) == key(tree)


def test_code_cell_change_moves_key(tree):
    before = key(tree)
    tree[1].cells[1].source += "\nprint(2)"
    assert key(tree) != before


def test_markdown_edit_keeps_key(tree):
    before = key(tree)
    tree[1].cells[0].source = "# A lesson, reworded"
    tree[1].cells[1].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    assert key(tree) == before


# imported directly (a), and transitively (b, c)
@pytest.mark.parametrize("module", ["a", "b", "c"])
def test_imported_module_change_moves_key(tree, module):
    before = key(tree)
    path = tree[0] / "pkg" / f"{module}.py"
    path.write_text(path.read_text() + "# changed\n")
    assert key(tree) != before


def test_unimported_module_change_keeps_key(tree):
    before = key(tree)
    (tree[0] / "pkg" / "d.py").write_text("def unused(): return 3\n")
    assert key(tree) == before


def test_pin_change_moves_key(tree):
    before = key(tree)
    ini = tree[0] / "settings.ini"
    ini.write_text(ini.read_text().replace("nbdev==2.4.14", "nbdev==2.4.15"))
    assert key(tree) != before


def test_platform_change_moves_key(tree, monkeypatch):
    before = key(tree)
    monkeypatch.setattr(rn, "platform_tag", lambda: "Linux-aarch64-py3.11")
    assert key(tree) != before


def test_data_file_counts_for_a_module_that_reads_it(tree):
    root = tree[0]
    (root / "pkg" / "c.py").write_text("DATA = 'datasets/x.csv'\ndef h(): return 1\n")
    (root / "pkg" / "datasets" / "x.csv").write_text("1\n2\n")
    before = key(tree)
    (root / "pkg" / "datasets" / "x.csv").write_text("1\n3\n")
    assert key(tree) != before


def test_bench_file_a_notebook_reads_counts(tree):
    root, nb = tree
    (root / "bench").mkdir()
    (root / "bench" / "T.md").write_text("| a |\n")
    nb.cells[1].source += '\nprint(open("../bench/T.md").read())'
    before = key(tree)
    (root / "bench" / "T.md").write_text("| b |\n")
    assert key(tree) != before


def test_relative_and_package_imports():
    assert rn.imported_modules("from . import b, c as d\nfrom .e import x", "pkg",
                               current="a") == {"b", "c", "e", "__init__"}
    assert rn.imported_modules("import pkg.q, os\nimport pkg", "pkg") == {"q", "__init__"}
    assert rn.imported_modules("!pkg train s.csv", "pkg") == {"cli"}
    assert rn.imported_modules("from ..d import x\nfrom .e import y\nfrom . import f", "pkg",
                               current="sub.a") == {"d", "sub.e", "sub.f", "sub.__init__"}
    assert rn.imported_modules("run(['pkg', 'x'])", "pkg") == set()


def cell(text, compare=None):
    c = nbformat.v4.new_code_cell("print(x)", outputs=[nbformat.v4.new_output("stream", text=text)])
    if compare is not None: c.metadata["compare"] = compare
    return c


def compare(old, new, rule=None):
    return rn.differences("nb", nbformat.v4.new_notebook(cells=[cell(old, rule)]),
                          nbformat.v4.new_notebook(cells=[cell(new)]))


def test_default_tolerance():
    assert compare("R2 0.9512", "R2 0.9513") == []
    assert compare("R2 0.9512", "R2 0.9612") != []


def test_cell_tolerance():
    assert compare("R2 0.50", "R2 0.52", {"rel": 0.05}) == []
    assert compare("R2 0.50", "R2 0.60", {"rel": 0.05}) != []
    assert compare("R2 -0.01", "R2 0.01", {"abs": 0.05}) == []


def test_count_rule_compares_only_how_many():
    assert compare("seeds 0.50 0.35", "seeds 0.84 -0.01", "count") == []
    assert compare("seeds 0.50 0.35", "seeds 0.84", "count") != []


def test_times_table_keeps_rows_not_run():
    old = rn.times_table("", {"b.ipynb": 3.2, "a.ipynb": 10})
    assert old.splitlines()[2:] == ["| a.ipynb | 10 |", "| b.ipynb | 3 |"]
    assert rn.times_table(old, {"b.ipynb": 7,
                                "c.ipynb": 1}).splitlines()[2:] == ["| a.ipynb | 10 |",
                                                                    "| b.ipynb | 7 |",
                                                                    "| c.ipynb | 1 |"]

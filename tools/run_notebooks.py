"""Run the notebooks in nbs/ top to bottom in a real Jupyter kernel, slow cells included, as a
learner would.

    python tools/run_notebooks.py [NOTEBOOK ...] [--stale | --check-keys | --stale-regex]
                                  [--write] [--out DIR] [--timeout 300] [--workers 2] [--times FILE]

nbdev_test runs cells with execnb, which is not a Jupyter kernel, and skips the cells flagged
`slow`. This runs each notebook with nbclient in a fresh `python3` ipykernel started in the
notebook's own folder (so no notebook leans on state another left behind), with a per-cell timeout.
A notebook fails if
- any cell raises, or times out;
- it draws fewer figures than its stored outputs hold;
- a number in a cell's text output moves from the stored one by more than the cell's tolerance. The
  default is 1e-3 relative or 1e-6 absolute, whichever is larger. A cell may set its own in its
  metadata (kept by nbdev_clean): `"compare": {"rel": 0.05, "abs": 0.02}`, or `"compare": "count"`
  for figures that move with the machine (a trained network's seed-level result), where only how
  many numbers it prints is compared. Cells that time something (they call time.perf_counter) are
  exempt: their numbers are measurements, not results.

Input keys. Each notebook's metadata holds `lstm_nb_inputs`, a hash of what its outputs depend on:
its code cells (not its markdown), every lstm_nb module it imports, followed transitively through
the modules' own imports (with the package's data files when a module reads them), every bench/
result file its code names, the pins in settings.ini, and the platform (OS, machine, Python minor
version). --write stores the key beside the fresh outputs.
- --stale runs only the notebooks whose stored key differs from their inputs, and says for every
  other notebook that it was skipped and why. This is per-push CI.
- --check-keys runs nothing: it names each notebook whose stored key differs from its inputs and
  exits 1.
- --stale-regex prints a regex of the stale notebooks' file names, for `nbdev_test --skip_file_re`,
  so that CI runs no cell twice. A notebook re-run because its key differs passes if it reproduces
  its stored outputs; its key stays stale (and it is re-run on every push) until `--write` stores
  fresh outputs. If it does not reproduce them, the message names the command that stores fresh
  outputs and key.

The committed notebooks are not modified unless --write is given: then each notebook that ran
without an error gets its fresh outputs and key stored, after the comparison is printed (what "Run
All" and save does in Jupyter; run nbdev_clean after). --out DIR also keeps a copy of each fresh
notebook there, as far as it ran. With --times FILE, each notebook's wall time (kernel start
included) is written to FILE as a Markdown table, whose rows for notebooks not run are kept; use
--workers 1 for figures a learner would see. Exit code 1 on any failure.
"""
import argparse
import configparser
import hashlib
import platform
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
nbs = ROOT / "nbs"
KEY = "lstm_nb_inputs"
NUMBER = re.compile(r"(?<![\w.])-?\d+\.\d+(?:e[-+]?\d+)?(?![\w.])")
REL, ABS = 1e-3, 1e-6
IMPORT = re.compile(r"^\s*(?:from\s+(\S+)\s+import\s+([^#\n]+)|import\s+([^#\n]+))", re.M)
FIX = "python tools/run_notebooks.py --write {nb} && nbdev_clean, then read the diff and commit"


# ---- input keys
# ----------------------------------------------------------------------------------------------

def code_of(nb) -> str:
    """The code a notebook runs: its code cells' sources, in order (markdown and outputs do not
    count)."""
    return "\n\x00\n".join(c.source for c in nb.cells if c.cell_type == "code")


def _absolute(frm: str, package: str, current: str) -> str:
    """The module a `from` line names, with a relative one resolved against `current` (a dotted
    module name under `package`, such as "chapters.real_series")."""
    if not frm.startswith("."): return frm
    level = len(frm) - len(frm.lstrip("."))
    parts = [package] + current.split(".")[:-1]
    parts = parts[:len(parts) - (level - 1)] if level > 1 else parts
    return ".".join(parts + ([frm[level:]] if frm[level:] else []))


def imported_modules(code: str, package: str = "lstm_nb", current: str = "") -> set:
    """The modules of `package` that `code` imports, as dotted names under it ("data",
    "chapters.real_series"); `current` names the importing module, for relative imports."""
    found = set()
    for frm, names, plain in IMPORT.findall(code):
        if plain:
            mods = re.split(r"[\s,]+", plain.strip())
            found |= {m.split(" as ")[0][len(package) + 1:] for m in mods
                      if m.startswith(package + ".")} | ({"__init__"} if package in mods else set())
            continue
        if frm.startswith(".") and not current: continue  # a notebook has no package to be in
        base = _absolute(frm, package, current)
        imported = {n.split(" as ")[0].strip("() ") for n in names.split(",")}
        if base == package:  # from lstm_nb import a, b: submodules, or names from __init__
            found |= imported | {"__init__"}
        elif frm.strip(".") == "":  # from . import a, b in a subpackage: the same, one level down
            sub = base[len(package) + 1:]
            found |= {f"{sub}.{n}" for n in imported} | {f"{sub}.__init__"}
        elif base.startswith(package + "."):
            found.add(base[len(package) + 1:])
    if not current and re.search(
        rf"[\"'!]{package}\s+(demo|train|forecast|predict|evaluate|backtest)\b|{package}\.cli", code
    ):
        found.add("cli")  # the command line, run as a program
    return found


def module_closure(modules: set, root: Path = ROOT, package: str = "lstm_nb") -> dict:
    """Every module file of `package` under `root` that `modules` import, directly or transitively,
    with the `__init__.py` of each subpackage on the way: {dotted name: path}."""
    seen, todo = {}, list(modules)
    while todo:
        name = todo.pop()
        path = root / package / f"{name.replace('.', '/')}.py"
        if name in seen or not path.exists(): continue
        seen[name] = path
        parent = name.rsplit(".", 1)[0] if "." in name and not name.endswith(".__init__") else None
        if parent: todo.append(f"{parent}.__init__")
        todo += imported_modules(path.read_text(), package, current=name) - set(seen)
    return seen


def pins(root: Path = ROOT) -> str:
    "The versions settings.ini pins: the runtime requirements and the dev extras."
    cfg = configparser.ConfigParser(delimiters=["="])
    cfg.read(root / "settings.ini", encoding="utf-8")
    return "\n".join(cfg["DEFAULT"].get(k, "") for k in ("requirements", "dev_requirements",
                                                         "min_python"))


def platform_tag() -> str:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return f"{platform.system()}-{platform.machine()}-py{version}"


BENCH_FILE = re.compile(r"""["'](?:\.\./)*(bench/[\w./-]+\.\w+)["']""")


def inputs_key(nb, root: Path = ROOT, package: str = "lstm_nb") -> str:
    """A hash of everything a notebook's outputs depend on: code, imported modules, bench files it
    reads, pins and platform."""
    h = hashlib.sha256()
    code = code_of(nb)
    for part in (code, pins(root), platform_tag()): h.update(part.encode() + b"\x00")
    # a result file a lesson quotes, e.g. "../bench/NOTEBOOKS.md"
    for rel in sorted(set(BENCH_FILE.findall(code))):
        path = root / rel
        h.update(rel.encode() + b"\x00" + (path.read_bytes() if path.exists()
                                           else b"missing") + b"\x00")
    for name, path in sorted(module_closure(imported_modules(code, package), root,
                                            package).items()):
        h.update(name.encode() + b"\x00" + path.read_bytes() + b"\x00")
        if "datasets" in path.read_text():  # a module that reads the shipped data depends on it too
            for data in sorted((root / package / "datasets").glob("*")): h.update(data.read_bytes())
    return h.hexdigest()[:16]


def stored_key(nb) -> str:
    return nb.metadata.get(KEY, "")


def keys_of(path: Path) -> tuple[str, str]:
    "(the key stored in the notebook, the key of its inputs now)."
    nb = nbformat.read(path, as_version=4)
    return stored_key(nb), inputs_key(nb)


# ---- running and comparing
# -----------------------------------------------------------------------------------

def texts(cell) -> str:
    """The text a cell printed or displayed: what a learner reads (generated Markdown included), not
    figures."""
    out = []
    for o in cell.get("outputs", []):
        data = o.get("data", {})
        if o.get("output_type") == "stream": out.append(o.get("text", ""))
        elif "text/markdown" in data: out.append(data["text/markdown"])
        elif "text/plain" in data and "image/png" not in data: out.append(data["text/plain"])
    return "".join(t if isinstance(t, str) else "".join(t) for t in out)


def words(text: str) -> str:
    "The text with its numbers masked: a change here is a change of verdict, not of a figure."
    return re.sub(r"\s+", " ", re.sub(r"-?\d+(?:[.,]\d+)*(?:e[-+]?\d+)?", "#", text)).strip()


def figures(nb) -> int:
    return sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))


def failure(e: Exception) -> str:
    """Where a notebook failed: the failing cell's first line of code and the error's last lines (an
    assertion prints its two sides)."""
    lines = [line for line in str(e).strip().splitlines() if line.strip()]
    if not lines: return ""
    cell = next((line for line in lines[lines.index("------------------") + 1:]
                 if not line.startswith("#|")), "") if "------------------" in lines else ""
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in lines]
    # the failing line of the notebook's own cell
    where = next((line for line in plain if line.startswith("---->")), "")
    tail = " / ".join(([where] if where else []) + plain[-3:])
    return f"in the cell starting {cell.strip()[:100]!r}: {tail}" if cell else tail


def differences(name: str, stored, fresh) -> list:
    "Where the fresh outputs disagree with the stored ones, beyond each cell's tolerance."
    problems = []
    if figures(fresh) < figures(stored):
        problems.append(f"{name}: drew {figures(fresh)} figures, the stored outputs hold "
                        f"{figures(stored)}")
    for i, (old, new) in enumerate(zip(stored.cells, fresh.cells)):
        if old.cell_type != "code" or "time.perf_counter" in old.source: continue
        rule = old.get("metadata", {}).get("compare", {})
        a, b = NUMBER.findall(texts(old)), NUMBER.findall(texts(new))
        if len(a) != len(b):
            problems.append(f"{name} cell {i}: printed {len(b)} numbers, the stored output has "
                            f"{len(a)}"); continue
        if words(texts(old)) != words(texts(new)):
            problems.append(f"{name} cell {i}: its words changed: "
                            f"{first_change(words(texts(old)), words(texts(new)))}"); continue
        if rule == "count": continue
        rel, tol = rule.get("rel", REL), rule.get("abs", ABS)
        for x, y in zip(map(float, a), map(float, b)):
            if abs(x - y) > max(tol, rel * abs(x)):
                problems.append(f"{name} cell {i}: stored {x:g}, now {y:g} (tolerance {rel:g} "
                                f"relative, {tol:g} absolute)"); break
    return problems


def first_change(old: str, new: str) -> str:
    "Where two texts part, a few words of each."
    i = next((k for k, (x, y) in enumerate(zip(old, new)) if x != y), min(len(old), len(new)))
    start = max(0, old.rfind(" ", 0, max(0, i - 30)) + 1)
    return f"stored {old[start:i + 40]!r}, now {new[start:i + 40]!r}"


seconds = {}  # wall time per notebook that ran without an error


def name(path: Path) -> str:
    return str(path.relative_to(nbs))


def keep(nb, path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def run(path: Path, timeout: int, write: bool = False, out: Path = None) -> list:
    from nbclient import NotebookClient
    stored = nbformat.read(path, as_version=4)
    fresh = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    try:
        NotebookClient(fresh, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    except Exception as e:
        if out: keep(fresh, out / name(path))  # as far as it ran, to read what failed
        return [f"{name(path)}: {type(e).__name__}: {failure(e)}"]
    seconds[path] = time.perf_counter() - start
    problems = differences(name(path), stored, fresh)
    if out: keep(fresh, out / name(path))
    if write:
        for line in problems: print(f"note: {line} (stored anew)")
        fresh.metadata[KEY] = inputs_key(fresh)
        nbformat.write(fresh, path)
        return []
    return [f"{line}; if the change is meant, run: {FIX.format(nb='nbs/' + name(path))}"
            for line in problems]


def all_notebooks() -> list:
    return sorted(n for n in nbs.rglob("*.ipynb") if not n.name.startswith("_")
                  and ".ipynb_checkpoints" not in n.parts
                  and "_proc" not in n.parts)


def times_table(old:str, seconds:dict) -> str:
    """The --times table: `old`'s rows for the notebooks not in `seconds`, then each notebook's new
    figure, sorted by name."""
    rows = {line.split(" | ")[0][2:]: line for line in old.splitlines()[2:]
            if line.startswith("| ")}
    rows.update({n: f"| {n} | {s:.0f} |" for n, s in seconds.items()})
    return (
        "| notebook | seconds to run top to bottom, slow cells included |\n|---|---|\n"
        + "\n".join(rows[k] for k in sorted(rows))
        + "\n"
    )


def main():
    p = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("notebooks", nargs="*", type=Path)
    p.add_argument("--timeout", type=int, default=300, help="seconds per cell (default 300)")
    p.add_argument("--workers", type=int, default=2, help="notebooks run at once (default 2)")
    p.add_argument("--write", action="store_true", help="store the fresh outputs and input keys in "
                                                        "the notebooks")
    p.add_argument("--stale", action="store_true", help="run only notebooks whose inputs changed "
                                                        "since their outputs were stored")
    p.add_argument("--check-keys", action="store_true", help="run nothing; exit 1 naming each "
                                                             "notebook whose key is stale")
    p.add_argument("--stale-regex", action="store_true", help="print a regex of the stale "
                                                              "notebooks' file names and exit")
    p.add_argument("--out", type=Path, help="also keep each fresh notebook under this folder")
    p.add_argument("--times", type=Path, help="write each notebook's wall time to this Markdown "
                                              "file")
    args = p.parse_args()
    paths = [n.resolve() for n in args.notebooks] or all_notebooks()
    if args.check_keys or args.stale_regex or args.stale:
        keys = {n: keys_of(n) for n in paths}
        stale = [n for n in paths if keys[n][0] != keys[n][1]]
        if args.stale_regex:
            print("^[_.]" + "".join(f"|^{re.escape(n.name)}$" for n in stale)); return
        if args.check_keys:
            for n in stale:
                print(f"error: {name(n)}: its inputs changed since its outputs were stored; run: "
                      f"{FIX.format(nb='nbs/' + name(n))}")
            print(f"{len(paths) - len(stale)} of {len(paths)} notebooks have current input keys")
            sys.exit(1 if stale else 0)
        for n in paths:
            stored, now = keys[n]
            if n not in stale:
                print(f"{name(n)}: skipped, inputs unchanged since its outputs were stored (key "
                      f"{now})")
            else:
                print(f"{name(n)}: inputs changed (stored key {stored or 'none'}): re-running, "
                      "slow cells included")
        skipped, paths = len(paths) - len(stale), stale
    else: skipped = 0
    with ThreadPoolExecutor(args.workers) as pool:
        results = list(pool.map(lambda n: run(n, args.timeout, args.write, args.out), paths))
    for path, problems in zip(paths, results):
        print(f"{name(path)}: {'ok' if not problems else 'FAILED'}", flush=True)
        if args.stale and not problems and not args.write:
            print(f"note: {name(path)} reproduced its stored outputs, but its stored key is stale, "
                  "so CI re-runs it on every push "
                  f"until you store it: {FIX.format(nb='nbs/' + name(path))}")
    if args.times:
        old = args.times.read_text() if args.times.exists() else ""
        args.times.write_text(times_table(old, {name(n): seconds[n] for n in paths
                                                if n in seconds}))
    problems = [line for r in results for line in r]
    for line in problems: print("error:", line, file=sys.stderr)
    print(f"{len(paths) - sum(bool(r) for r in results)} passed, {sum(bool(r) for r in results)} "
          "failed"
          + (f", {skipped} skipped" if skipped else ""))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

"""Every public argument at a non-default value somewhere in the notebooks' tests: each parameter
with a default of a public function, method or class in the core package (lstm_nb/*.py; the chapter
modules are lessons' helpers and are left out), and each flag of each CLI command.

    python tools/check_params.py [--list]

An argument counts as exercised when a code cell that is not exported calls the function by name
with that keyword, or with enough positional arguments to reach it, and the value given is not a
literal equal to the default. A CLI flag counts when a cell runs that command with the flag (a
call or a list whose string arguments hold the command and then the flag, or a `!lstm_nb` line).
The check reads code; it cannot tell whether an assertion depends on the value, so it finds the
arguments no test touches at all. Methods are matched by name, so `forecast=` on any object
counts for every `forecast`. tools/params_exempt.txt lists what is exempt, each with a reason.
Exit code 1 when an argument is neither exercised nor exempt.
"""
import ast
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPORT = re.compile(r"#\|\s*export")
SKIP = {"_modidx.py", "__init__.py", "cli.py"}  # the CLI is checked through its flags


def _default(node):
    try: return ("literal", ast.literal_eval(node))
    except ValueError: return ("expression", ast.unparse(node))


def public_parameters(package: Path = ROOT / "lstm_nb") -> dict:
    "{function name: [(param, position or None, default)]} for the core's public callables."
    found = {}
    def add(fn, name, skip_first=False):
        args = fn.args
        positional = args.posonlyargs + args.args
        defaults = dict(zip([a.arg for a in positional[len(positional) - len(args.defaults):]],
                            args.defaults))
        defaults |= {a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None}
        names = [a.arg for a in positional][1 if skip_first else 0:]
        found.setdefault(name, []).extend(
            (p, names.index(p) if p in names else None, _default(d)) for p, d in defaults.items()
            if p not in ("self", "cls"))
    for path in sorted(package.glob("*.py")):
        if path.name in SKIP: continue
        tree = ast.parse(path.read_text())
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                add(node, node.name)
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                for m in node.body:
                    if isinstance(m, ast.FunctionDef) and (not m.name.startswith("_")
                                                           or m.name == "__init__"):
                        static = any(isinstance(d, ast.Name) and d.id == "staticmethod"
                                     for d in m.decorator_list)
                        add(m, node.name if m.name == "__init__" else m.name, skip_first=not static)
    return found


def test_code(nbs: Path = ROOT / "nbs") -> list:
    "The source of every code cell that is not exported, IPython's ! and % lines kept apart."
    cells = []
    for path in sorted(nbs.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts: continue
        for c in json.loads(path.read_text())["cells"]:
            source = "".join(c["source"])
            if c["cell_type"] == "code" and not EXPORT.match(source): cells.append(source)
    return cells


def _parse(source: str):
    lines = [("pass  #" + t) if t.lstrip().startswith(("!", "%")) else t
             for t in source.split("\n")]
    try: return ast.parse("\n".join(lines))
    except SyntaxError: return None


def exercised(cells: list, params: dict) -> set:
    "{(function, param)} that some cell calls with a value other than the literal default."
    hit = set()
    for source in cells:
        tree = _parse(source)
        if tree is None: continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call): continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            for param, position, default in params.get(name, []):
                given = [k.value for k in node.keywords if k.arg == param]
                if position is not None and len(node.args) > position and not any(
                        isinstance(a, ast.Starred) for a in node.args[:position + 1]):
                    given.append(node.args[position])
                if any(default[0] != "literal" or _default(v) != default for v in given):
                    hit.add((name, param))
    return hit


def cli_flags() -> dict:
    "{command: [[option strings of one flag], ...]} from the CLI's own parser, hidden aliases too."
    import argparse
    sys.path.insert(0, str(ROOT))
    from lstm_nb.cli import _parser
    out = {}
    for action in _parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command, sub in action.choices.items():
                by_dest = {}  # a hidden alias (--steps for --horizon) shares its flag's dest
                for a in sub._actions:
                    if a.option_strings and "--help" not in a.option_strings:
                        by_dest.setdefault(a.dest, []).extend(a.option_strings)
                out[command] = list(by_dest.values())
    return out


def _words(items, lists: dict) -> list:
    """The string constants among `items`, with `*name` expanded from a list of strings named
    earlier."""
    words = []
    for a in items:
        if isinstance(a, ast.Constant) and isinstance(a.value, str): words.append(a.value)
        elif isinstance(a, ast.Starred) and isinstance(a.value, ast.Name):
            words += lists.get(a.value.id, [])
    return words


def flags_used(cells: list, commands: set) -> set:
    """{(command, flag)} that some cell runs (cells in notebook order: lists named in one reach
    later ones)."""
    used, lists = set(), {}
    for source in cells:
        for line in source.split("\n"):
            m = re.match(r"\s*!\s*lstm_nb\s+(\w+)(.*)", line)
            if m and m.group(1) in commands:
                used |= {(m.group(1), f) for f in re.findall(r"(--[\w-]+)", m.group(2))}
        tree = _parse(source)
        if tree is None: continue
        for node in ast.walk(tree):  # quick = ["--window", "6", ...]: remembered by name
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)
                    and isinstance(node.value, (ast.List, ast.Tuple))):
                lists[node.targets[0].id] = _words(node.value.elts, lists)
        for node in ast.walk(tree):
            items = (node.args if isinstance(node, ast.Call)
                     else node.elts if isinstance(node, (ast.List, ast.Tuple)) else [])
            words = _words(items, lists)
            command = next((w for w in words if w in commands), None)
            if command:
                after = words[words.index(command) + 1:]
                used |= {(command, w.split("=")[0]) for w in after if w.startswith("--")}
    return used


def exemptions(path: Path = ROOT / "tools" / "params_exempt.txt") -> dict:
    "{'name:param' or 'command --flag': reason} from the exemption list."
    out = {}
    for line in path.read_text().splitlines():
        if not line.strip() or line.startswith("#"): continue
        key, _, reason = line.partition("  ")
        if not reason.strip(): sys.exit(f"error: {path.name}: no reason given for {key!r}")
        out[key.strip()] = reason.strip()
    return out


def main(show=False) -> int:
    cells, params = test_code(), public_parameters()
    hit, exempt = exercised(cells, params), exemptions()
    excused = lambda n, p: f"{n}:{p}" in exempt or f"{n}:*" in exempt  # name:* exempts them all
    missing = list(dict.fromkeys(f"{n}:{p}" for n, ps in sorted(params.items()) for p, _, _ in ps
                                 if (n, p) not in hit and not excused(n, p)))
    flags = cli_flags()
    used = flags_used(cells, set(flags))
    missing += [f"{c} {opts[0]}" for c, groups in sorted(flags.items()) for opts in groups
                if not any((c, o) in used for o in opts) and f"{c} {opts[0]}" not in exempt]
    known = ({f"{n}:{p}" for n, ps in params.items() for p, _, _ in ps} | {f"{n}:*" for n in params}
             | {f"{c} {g[0]}" for c, gs in flags.items() for g in gs})
    stale = [k for k in exempt if k not in known]
    n_params = sum(map(len, params.values())); n_flags = sum(map(len, flags.values()))
    for m in missing:
        print(f"error: no test gives {m} a non-default value (or exempt it, with a reason)")
    for s in stale: print(f"error: params_exempt.txt names {s!r}, which no longer exists")
    if show: print("\n".join(f"exempt: {k}  ({v})" for k, v in sorted(exempt.items())))
    print(f"{n_params} parameters with defaults and {n_flags} CLI flags: {len(missing)} untested, "
          f"{len(exempt)} exempt")
    return 1 if missing or stale else 0


if __name__ == "__main__": sys.exit(main(show="--list" in sys.argv))

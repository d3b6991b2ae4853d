#!/usr/bin/env bash
# Build the sdist and wheel as a release would, check their metadata and contents, then install the
# wheel into a fresh virtual environment with no dev extras and use it as a pip user would.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-python}
rm -rf dist
"$py" -m build --outdir dist . >/dev/null 2>&1 || "$py" -m build --outdir dist .
"$py" -m twine check --strict dist/*

"$py" - <<'PY'
"The wheel holds the package's modules, its shipped data set and metadata, and nothing from the notebooks or the docs."
import sys, zipfile
from pathlib import Path
wheel = next(Path("dist").glob("*.whl"))
names = zipfile.ZipFile(wheel).namelist()
data = {"lstm_nb/datasets/airline_passengers.csv", "lstm_nb/datasets/README.md"}
bad = [n for n in names if not (n.startswith("lstm_nb/") and n.endswith(".py")) and ".dist-info/" not in n and n not in data]
if bad: sys.exit(f"error: {wheel.name} holds files it should not: {bad}")
if not data <= set(names): sys.exit(f"error: {wheel.name} lacks the shipped data: {sorted(data - set(names))}")
print(f"{wheel.name}: {sum(n.endswith('.py') for n in names)} modules, no notebooks, _proc or weights")
PY

# both scratch folders go when the script ends, pass or fail: the venv alone is 2.5 GB, and a CI
# machine that keeps one per run fills its disk
venv_dir=$(mktemp -d); work=$(mktemp -d)
trap 'rm -rf "$venv_dir" "$work"' EXIT
venv=$venv_dir/venv
"$py" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet dist/*.whl
"$venv/bin/python" -c "import importlib.util as u, sys; sys.exit('error: nbdev or fastcore came with the wheel' if u.find_spec('nbdev') or u.find_spec('fastcore') else 0)"
cd "$work"
"$venv/bin/lstm_nb" demo --json > demo.json
"$venv/bin/python" -c "import json; d = json.load(open('demo.json')); assert abs(d['prediction'] - 9) <= 0.05 and d['scores']['r2'] >= 0.999, d; print('demo --json:', d['prediction'], d['scores'])"
"$venv/bin/python" -c "import math; print('value'); [print(round(10 + 0.5 * t + 3 * math.sin(t / 3), 4)) for t in range(60)]" > wave.csv
"$venv/bin/lstm_nb" train wave.csv --window 6 --epochs 30 --batch-size 8 --quiet --out wave.keras
"$venv/bin/lstm_nb" predict wave.keras 37.1 37.2 37.0 36.6 36.2 35.9 --horizon 3 --json
"$venv/bin/lstm_nb" train wave.csv --window 6 --horizon 3 --epochs 30 --batch-size 8 --quiet --out direct.keras
"$venv/bin/lstm_nb" predict direct.keras 37.1 37.2 37.0 36.6 36.2 35.9 --horizon 3 --json
"$venv/bin/python" -c "from lstm_nb.chapters.real_series import load_airline; m, p = load_airline(); assert (len(p), m[0], p.sum()) == (144, '1949-01', 40363.0); print('load_airline from the wheel:', len(p), 'months')"
# the README's quickstart, as a user pastes it into a script: it runs from the wheel, on the shipped file, and prints its result
"$py" -c "import re, sys; sys.stdout.write(next(b for b in re.findall(r'\`\`\`\w*\n(.*?)\`\`\`', open(sys.argv[1]).read(), re.S) if 'from lstm_nb import' in b))" "$OLDPWD/README.md" > quickstart.py
"$venv/bin/python" quickstart.py > quickstart.txt 2>/dev/null
grep -q "^Forecaster(window=24" quickstart.txt && grep -q "^next 12 months:" quickstart.txt && test -s airline.keras \
  || { echo "error: the README's quickstart did not print its forecaster and forecast:" >&2; cat quickstart.txt >&2; exit 1; }
echo "README quickstart as a script: $(head -1 quickstart.txt)"
echo "wheel installs and runs without dev extras"

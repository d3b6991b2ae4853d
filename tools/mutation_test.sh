#!/usr/bin/env bash
# cosmic-ray's test command for one mutant (see tools/mutation.sh): nbdev_update carries the mutant from
# lstm_nb/*.py into its notebook, nbdev_test runs the given notebooks against this clone's package, and
# the notebooks are restored whatever happened. Exit 0: the mutant survived; non-zero: it was killed, and the
# failing notebook's last lines go to ../killed.log.
# A mutant that nbdev_update cannot carry faithfully (nbdev_export then gives back a different module,
# as when a removed decorator takes nbdev's cell marker with it) is logged to ../not_carried.log, beside
# the cosmic-ray session, and tested with the mutant in the module only.
set -u
restore() { git checkout -q -- nbs; }
trap restore EXIT
mutated=$(git diff --name-only -- lstm_nb | head -n 1)
saved=$(mktemp)
[ -n "$mutated" ] && cp "$mutated" "$saved" && mutant=$(git diff -U0 -- "$mutated")  # the mutant itself, before nbdev touches it
fail() { { printf '== %s\n%s\n-- %s failed (exit 3: not a test failure):\n' "${mutated:-no mutant}" "${mutant:-}" "$1"; tail -n 12 "$2"; } >> ../killed.log; exit 3; }
steps=$(mktemp)
nbdev_update > "$steps" 2>&1 || fail nbdev_update "$steps"
if [ -n "$mutated" ]; then
    nbdev_export > "$steps" 2>&1 || fail nbdev_export "$steps"
    if ! cmp -s "$mutated" "$saved"; then
        printf '== %s\n%s\n' "$mutated" "$mutant" >> ../not_carried.log
        cp "$saved" "$mutated"
    fi
fi
rm -f "$saved" "$steps"
output=$(mktemp)
for nb in "$@"; do
    if ! PYTHONPATH="$PWD" nbdev_test --path "$nb" > "$output" 2>&1; then
        # what killed it, kept beside the session (../killed.log), so that a failure of the machinery is not mistaken for a kill
        { printf '== %s\n%s\n-- %s, last lines:\n' "${mutated:-no mutant}" "${mutant:-}" "$nb"; tail -n 12 "$output"; } >> ../killed.log
        rm -f "$output"; exit 1
    fi
done
rm -f "$output"
exit 0

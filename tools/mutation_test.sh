#!/usr/bin/env bash
# cosmic-ray's test command for one mutant (see tools/mutation.sh): nbdev_update carries the mutant from
# lstm_nb/*.py into its notebook, nbdev_test runs the given notebooks against this clone's package, and
# the notebooks and the rest of lstm_nb/ are restored whatever happened (cosmic-ray restores the mutated module
# itself). Exit 0: the mutant survived; non-zero: it was killed, and what killed it goes to ../killed.log.
# A mutant that is not valid Python is killed without running anything (exit 3, logged as such). Any other
# exit 3 is a failure of the harness, logged with "not a test failure"; tools/mutation.sh refuses a run that has one.
# A valid mutant that nbdev cannot carry faithfully (nbdev_update or nbdev_export fails, or nbdev_export gives
# back a different module, as when a removed decorator takes nbdev's cell marker with it) is logged to
# ../not_carried.log, beside the cosmic-ray session, and tested with the mutant in the module only.
set -u
mutant=""
changed=$(git diff --name-only -- lstm_nb)
if [ "$(printf '%s' "$changed" | grep -c .)" -gt 1 ]; then  # a leftover beside the mutant: testing now would measure the wrong thing
    printf '== %s\n-- more than one changed file in lstm_nb/ before the test (exit 3: not a test failure)\n' "$changed" >> ../killed.log; exit 3
fi
mutated=$changed
restore() {  # everything nbdev may have written, in nbs/ and lstm_nb/ (a failed nbdev_export can delete lstm_nb/_modidx.py)
    git checkout -q -- nbs
    git ls-files --modified --deleted -- lstm_nb | sort -u | grep -vxF "${mutated:-/}" | xargs -r git checkout -q --
}
trap restore EXIT
saved=$(mktemp)
[ -n "$mutated" ] && cp "$mutated" "$saved" && mutant=$(git diff -U0 -- "$mutated")  # the mutant itself, before nbdev touches it
log() { printf '== %s\n%s\n-- %s\n' "${mutated:-no mutant}" "${mutant:-}" "$1" >> ../killed.log; }
steps=$(mktemp)
carry() {  # push the mutant into the notebooks; succeed only if exporting them gives the mutant back
    nbdev_update > "$steps" 2>&1 || return 1
    [ -z "$mutated" ] && return 0
    nbdev_export > "$steps" 2>&1 || return 1
    cmp -s "$mutated" "$saved"
}
if ! carry; then
    if [ -z "$mutated" ]; then  # no mutant planted: nbdev itself is failing, and tools/mutation.sh's unmutated check stops the run
        log "nbdev_update failed with no mutant planted (exit 3: not a test failure):"; tail -n 12 "$steps" >> ../killed.log; exit 3
    fi
    if ! python -c "import ast, sys; ast.parse(open(sys.argv[1]).read())" "$saved" 2> /dev/null; then  # the mutant as planted
        log "not valid Python, so killed by the interpreter (exit 3):"; tail -n 4 "$steps" >> ../killed.log; exit 3
    fi
    printf '== %s\n%s\n' "$mutated" "$mutant" >> ../not_carried.log
    restore; cp "$saved" "$mutated"
    if git status --porcelain -- nbs lstm_nb | grep -qvxF " M $mutated"; then  # the restore must leave only the mutant changed
        log "could not restore the clone after nbdev failed (exit 3: not a test failure):"; git status --short >> ../killed.log; exit 3
    fi
fi
rm -f "$saved" "$steps"
output=$(mktemp)
for nb in "$@"; do
    if ! PYTHONPATH="$PWD" nbdev_test --path "$nb" > "$output" 2>&1; then
        # what killed it, kept beside the session (../killed.log), so that a failure of the machinery is not mistaken for a kill
        log "$nb, last lines:"; tail -n 12 "$output" >> ../killed.log
        rm -f "$output"; exit 1
    fi
done
rm -f "$output"
exit 0

#!/usr/bin/env bash
# cosmic-ray's test command for one mutant (see tools/mutation.sh): nbdev_update carries the mutant from
# lstm_nb/*.py into its notebook, nbdev_test runs the given notebooks against this clone's package, and
# the notebooks are restored whatever happened. Exit 0: the mutant survived; non-zero: it was killed.
set -u
restore() { git checkout -q -- nbs; }
trap restore EXIT
nbdev_update > /dev/null 2>&1 || exit 3
for nb in "$@"; do
    PYTHONPATH="$PWD" nbdev_test --path "$nb" > /dev/null 2>&1 || exit 1
done
exit 0

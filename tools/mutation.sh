#!/usr/bin/env bash
# Mutation testing with cosmic-ray, each mutant carried into the notebook that defines the code.
#
#   tools/mutation.sh [MODULE ...]        default: metrics data reshape (the TensorFlow-free modules)
#   MUTATION_SAMPLE=30 tools/mutation.sh train    run a seeded sample of 30 of the module's mutants
#
# Runs in a fresh clone of HEAD (commit first: uncommitted changes are not tested, and a mutant
# never touches your tree). For each module, cosmic-ray plants one mutant at a time in
# lstm_nb/MODULE.py; tools/mutation_test.sh pushes it into the notebooks with nbdev_update, runs
# nbdev_test on the notebooks listed below for that module, and restores them. A mutant is killed
# when a test fails. tools/mutation_filter.py skips plotting code and operators nobody mistypes. Writes bench/mutation/MODULE.json in this checkout after each module, and rebuilds bench/MUTATION.md
# from all of them (mutants, killed, survived, score and run time per module, and every survivor's diff). Slow: minutes per module, so not part of CI.
set -euo pipefail
command -v cosmic-ray > /dev/null || { echo "error: cosmic-ray not found: install the dev extras (pip install -e \".[dev]\")" >&2; exit 2; }
root=$(git rev-parse --show-toplevel)
modules=("$@"); [ ${#modules[@]} -gt 0 ] || modules=(metrics data reshape)

notebooks_for() {  # the defining notebook first, then cheap notebooks that also use the module
    case "$1" in
        metrics)  echo "nbs/api/02_metrics.ipynb" ;;
        data)     echo "nbs/01_data.ipynb nbs/02_reshape.ipynb" ;;
        reshape)  echo "nbs/02_reshape.ipynb nbs/api/02_metrics.ipynb" ;;
        files)    echo "nbs/api/01_files.ipynb" ;;
        model)    echo "nbs/03_model.ipynb" ;;
        predict)  echo "nbs/05_predict.ipynb" ;;
        train)    echo "nbs/04_train.ipynb" ;;
        engine)   echo "nbs/api/04_engine.ipynb" ;;
        evaluate) echo "nbs/06_evaluate.ipynb" ;;
        backtest) echo "nbs/api/06_backtest.ipynb" ;;
        cli)      echo "nbs/api/05_cli.ipynb" ;;
        intervals) echo "nbs/api/07_intervals.ipynb" ;;
        chapters.why_gates) echo "nbs/08_why_gates.ipynb" ;;
        classic)  echo "nbs/api/08_classic.ipynb" ;;
        choice)   echo "nbs/api/14_choice.ipynb" ;;
        quiet)    echo "nbs/api/03_quiet.ipynb" ;;
        chapters.inside_lstm)    echo "nbs/07_inside_lstm.ipynb" ;;
        chapters.extrapolation)  echo "nbs/09_extrapolation.ipynb" ;;
        chapters.real_series)    echo "nbs/10_real_series.ipynb" ;;
        chapters.multistep)      echo "nbs/11_multistep.ipynb" ;;
        chapters.variants)       echo "nbs/12_variants.ipynb" ;;
        chapters.rolling_origin) echo "nbs/13_rolling_origin.ipynb" ;;
        *) echo "error: no notebooks listed for module '$1' in tools/mutation.sh" >&2; exit 2 ;;
    esac
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/repo"
cd "$work/repo"
for module in "${modules[@]}"; do
    notebooks=$(notebooks_for "$module")
    cat > "$work/$module.toml" <<TOML
[cosmic-ray]
module-path = "lstm_nb/${module//.//}.py"
timeout = 600.0
excluded-modules = []
test-command = "bash tools/mutation_test.sh $notebooks"

[cosmic-ray.distributor]
name = "local"
TOML
    start=$(date +%s)
    # shellcheck disable=SC2086  # the notebook list is meant to split
    if ! bash tools/mutation_test.sh $notebooks; then  # with no mutant planted, every test must pass, or every mutant would count as killed
        cat ../killed.log >&2
        echo "error: $module's notebooks fail with no mutant planted: fix them before measuring" >&2; exit 1
    fi
    cosmic-ray init "$work/$module.toml" "$work/$module.sqlite"
    counts=$(python tools/mutation_filter.py "$work/$module.sqlite" "lstm_nb/${module//.//}.py" "${MUTATION_SAMPLE:-}")
    cosmic-ray exec "$work/$module.toml" "$work/$module.sqlite"
    if grep -q "not a test failure" ../killed.log 2> /dev/null; then  # cosmic-ray counts any failure as a kill: a broken harness would look like a perfect score
        grep -B3 "not a test failure" ../killed.log >&2
        echo "error: $module: the harness failed on some mutants (above; full log: $work/killed.log is kept), so the score would count them as kills; nothing written" >&2
        trap - EXIT; exit 1
    fi
    mkdir -p "$root/bench/mutation"
    # shellcheck disable=SC2086  # the notebook list is meant to split
    python tools/mutation_report.py module "$work/$module.sqlite" "$module" "$(( $(date +%s) - start ))" "$counts" $notebooks \
        > "$root/bench/mutation/$module.json"
    python tools/mutation_report.py render "$root/bench/mutation" > "$root/bench/MUTATION.md"
    log="${MUTATION_LOGS:-${TMPDIR:-/tmp}}/mutation-$module-killed.log"
    mv ../killed.log "$log" 2> /dev/null || : > "$log"
    echo "$module: done, bench/MUTATION.md updated; what killed each mutant: $log" >&2
done

"""Skip the mutants tools/mutation.sh does not run, marking them in the cosmic-ray session before
`exec`.

    python tools/mutation_filter.py SESSION MODULE_PATH [SAMPLE]

Skipped: mutants inside `plot_*` functions (figures are read by eye and checked by the docs build,
not by numbers), and operators that plant bugs nobody writes (`+` turned into `<<`, `<` into `is`,
variable insertion): only the swaps a person makes by mistake are kept, as listed below. With
SAMPLE, a seeded random sample of that many of the kept mutants is run and the rest are skipped, for
modules whose notebooks train (a mutant there costs a minute). Prints the counts as JSON on stdout.
"""
import ast
import json
import random
import re
import sys
from pathlib import Path

from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import WorkerOutcome, WorkResult

KEEP_BINARY = {"Add_Sub", "Sub_Add", "Mul_Div", "Div_Mul", "Div_FloorDiv", "FloorDiv_Div",
               "Pow_Mul", "Mod_FloorDiv"}
KEEP_COMPARE = {"Lt_LtE", "LtE_Lt", "Gt_GtE", "GtE_Gt", "Lt_Gt", "Gt_Lt", "LtE_GtE", "GtE_LtE",
                "Eq_NotEq", "NotEq_Eq", "Is_IsNot", "IsNot_Is", "In_NotIn", "NotIn_In"}
KEEP_UNARY = {"USub_UAdd", "Not_UAdd"}
SAMPLE_SEED = 0


def kept(operator:str) -> bool:
    "Whether an operator's mutants are run."
    name = operator.split("/")[-1]
    for prefix, keep in (("ReplaceBinaryOperator_", KEEP_BINARY), ("ReplaceComparisonOperator_",
                                                                   KEEP_COMPARE),
                         ("ReplaceUnaryOperator_", KEEP_UNARY)):
        if name.startswith(prefix): return name[len(prefix):] in keep
    return not re.match(r"Variable(Inserter|Replacer)", name)


def plotting_lines(path:Path) -> set:
    "Line numbers inside functions whose name starts with plot_."
    tree = ast.parse(path.read_text())
    return {line for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
            and node.name.startswith("plot_")
            for line in range(node.lineno, node.end_lineno + 1)}


def main():
    session, module = sys.argv[1], Path(sys.argv[2])
    sample = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3] else None
    plots = plotting_lines(module)
    skipped, candidates = 0, []
    with use_db(session, WorkDB.Mode.open) as db:
        for item in list(db.pending_work_items):
            m = item.mutations[0]
            if not kept(m.operator_name) or m.start_pos[0] in plots:
                db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
                skipped += 1
            else: candidates.append(item.job_id)
        eligible = len(candidates)
        if sample is not None and sample < eligible:
            chosen = set(random.Random(SAMPLE_SEED).sample(sorted(candidates), sample))
            for job in candidates:
                if job not in chosen:
                    db.set_result(job, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
        left = db.num_work_items - db.num_results
    print(f"{module}: skipped {skipped} mutants, {left} of {eligible} to run", file=sys.stderr)
    print(json.dumps({"filtered": skipped, "eligible": eligible, "run": left}))


if __name__ == "__main__":
    main()

"""Skip the mutants tools/mutation.sh does not run, marking them in the cosmic-ray session before `exec`.

    python tools/mutation_filter.py SESSION MODULE_PATH

Skipped: mutants inside `plot_*` functions (figures are read by eye and checked by the docs build, not by
numbers), and operators that plant bugs nobody writes (`+` turned into `<<`, `<` into `is`, variable
insertion): only the swaps a person makes by mistake are kept, as listed below.
"""
import ast
import re
import sys
from pathlib import Path

from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import WorkerOutcome, WorkResult

KEEP_BINARY = {"Add_Sub", "Sub_Add", "Mul_Div", "Div_Mul", "Div_FloorDiv", "FloorDiv_Div", "Pow_Mul", "Mod_FloorDiv"}
KEEP_COMPARE = {"Lt_LtE", "LtE_Lt", "Gt_GtE", "GtE_Gt", "Lt_Gt", "Gt_Lt", "LtE_GtE", "GtE_LtE",
                "Eq_NotEq", "NotEq_Eq", "Is_IsNot", "IsNot_Is", "In_NotIn", "NotIn_In"}
KEEP_UNARY = {"USub_UAdd", "Not_UAdd"}


def kept(operator:str) -> bool:
    "Whether an operator's mutants are run."
    name = operator.split("/")[-1]
    for prefix, keep in (("ReplaceBinaryOperator_", KEEP_BINARY), ("ReplaceComparisonOperator_", KEEP_COMPARE),
                         ("ReplaceUnaryOperator_", KEEP_UNARY)):
        if name.startswith(prefix): return name[len(prefix):] in keep
    return not re.match(r"Variable(Inserter|Replacer)", name)


def plotting_lines(path:Path) -> set:
    "Line numbers inside functions whose name starts with plot_."
    tree = ast.parse(path.read_text())
    return {line for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name.startswith("plot_")
            for line in range(node.lineno, node.end_lineno + 1)}


def main():
    session, module = sys.argv[1], Path(sys.argv[2])
    plots = plotting_lines(module)
    skipped = 0
    with use_db(session, WorkDB.Mode.open) as db:
        for item in list(db.pending_work_items):
            m = item.mutations[0]
            if not kept(m.operator_name) or m.start_pos[0] in plots:
                db.set_result(item.job_id, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
                skipped += 1
        left = db.num_work_items - db.num_results
    print(f"{module}: skipped {skipped} mutants, {left} to run", file=sys.stderr)


if __name__ == "__main__":
    main()

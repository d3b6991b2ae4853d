"""The cost of forecasting many files with one single-series model, per file.

    python bench/forecast_files.py [--files 8] [--rounds 3]

One model is trained once (`lstm_nb train`, the airline series, window 13). Then, in each round and
interleaved: one `lstm_nb forecast MODEL CSV` process per file, as before `forecast` took several
files, against one `lstm_nb forecast MODEL CSV CSV ...` process for all of them. Each is a fresh
process, TensorFlow's import and the model's load included. The figure that compares is the ratio
within a round; its median over rounds is reported. Writes bench/FORECAST_FILES.md.
"""
import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from machine import machine, measure

here = Path(__file__).resolve().parent


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--files", type=int, default=8)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    from lstm_nb.chapters.real_series import load_airline
    cli = [str(Path(sys.executable).parent / "lstm_nb")]  # the installed console script
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        passengers = load_airline()[1]
        files = []
        for i in range(args.files):  # the series, scaled: one file per shop, say
            path = folder / f"series{i}.csv"
            scaled = (f"{v * (1 + i / 10):.1f}" for v in passengers)
            path.write_text("passengers\n" + "\n".join(scaled))
            files.append(str(path))
        model = str(folder / "airline.keras")
        subprocess.run([*cli, "train", files[0], "--window", "13", "--season", "12", "--quiet",
                        "--out", model], check=True)
        rounds = []
        for _ in range(args.rounds):
            one_each = sum(measure([*cli, "forecast", model, f, "--horizon", "12"])[0]
                           for f in files)
            all_at_once = measure([*cli, "forecast", model, *files, "--horizon", "12"])[0]
            rounds.append((one_each, all_at_once))
    each = statistics.median(r[0] for r in rounds) / args.files
    once = statistics.median(r[1] for r in rounds) / args.files
    ratio = statistics.median(r[0] / r[1] for r in rounds)
    text = (f"# Forecasting many files with one model\n\n`python bench/forecast_files.py --files "
            f"{args.files} --rounds {args.rounds}` on {machine()}.\n\n"
            f"One model trained on the airline series (window 13); {args.files} CSV files of 144 "
            "values each, forecast 12 values ahead. Wall seconds of fresh processes, TensorFlow's "
            "import and the model's load included; medians over the rounds.\n\n"
            "| how | seconds per file |\n|---|---|\n"
            f"| one `lstm_nb forecast MODEL CSV` per file | {each:.2f} |\n"
            f"| one `lstm_nb forecast MODEL CSV...` for all {args.files} | {once:.2f} |\n\n"
            f"Per file, one process for all the files is **{ratio:.1f}x** cheaper (the median of "
            "the ratio within each round).\n")
    (here / "FORECAST_FILES.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()

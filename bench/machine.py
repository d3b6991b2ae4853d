"""One line describing the machine a benchmark ran on, for the header of each results file."""
import importlib.metadata as md
import os
import platform
from pathlib import Path


def machine() -> str:
    "CPU model, core count, Python and the versions of the packages that set the figures."
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), platform.processor() or "unknown CPU")
    versions = ", ".join(f"{p} {md.version(p)}" for p in ("tensorflow", "keras", "lstm_nb"))
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {versions}"

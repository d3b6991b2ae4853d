"""Shared by the benchmarks: one line describing the machine for each results file, and a
child-process runner."""

import importlib.metadata as md
import os
import platform
import subprocess
import time
from pathlib import Path


def machine() -> str:
    "CPU model, core count, Python and the versions of the packages that set the figures."
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")),
               platform.processor() or "unknown CPU")
    versions = ", ".join(f"{p} {md.version(p)}" for p in ("tensorflow", "keras", "lstm_nb"))
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {versions}"


def measure(argv) -> tuple[float, float, str]:
    """Run argv in a child process; return (wall seconds, the child's peak RSS in MiB, its stdout).
    Exits on failure."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL=os.environ.get("TF_CPP_MIN_LOG_LEVEL", "2"))
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code: raise SystemExit(f"error: {' '.join(map(str, argv))[:200]} exited with {code}")
    return seconds, usage.ru_maxrss / 1024, out.decode()

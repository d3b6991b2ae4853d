"""Start JupyterLab from the dev install, headless on a loopback port, and check that it serves the
course.

    python tools/check_lab.py

Starts `jupyter lab` on 127.0.0.1 at a free port with a random token, waits (up to 60 s) until its
REST API answers, checks that the lab page loads and that /api/contents/nbs lists every notebook in
nbs/, then stops the server. Exit code 1 on any failure.
"""
import json
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

root = Path(__file__).resolve().parents[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=5) as r: return r.status, r.read()


def main():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
    token = secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
                               "--ip=127.0.0.1", f"--port={port}",
                               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = get(f"{base}/api/contents/nbs?token={token}"); break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"error: jupyter lab did not answer on {base} within 60 s")
                time.sleep(0.5)
        listed = {item["name"] for item in json.loads(body)["content"]}
        expected = {p.name for p in (root / "nbs").glob("*.ipynb")}
        lab_status, page = get(f"{base}/lab?token={token}")
        if missing := expected - listed:
            sys.exit(f"error: jupyter lab does not list {sorted(missing)} in nbs/")
        if lab_status != 200 or b"JupyterLab" not in page:
            sys.exit(f"error: {base}/lab answered {lab_status} without the JupyterLab page")
        print(f"jupyter lab answered on {base}: /lab loads and nbs/ lists {len(listed & expected)} "
              "notebooks")
    finally:
        server.terminate()
        try: server.wait(10)
        except subprocess.TimeoutExpired: server.kill()


if __name__ == "__main__":
    main()

"""Regenerate README.md from nbs/index.ipynb without Quarto.

nbdev_readme needs Quarto, which cannot be installed everywhere. This does the same job with
nbdev's own notebook processing (hidden cells dropped, directives removed) and nbconvert's
Markdown exporter (figures left out: they are on the site), then turns the YAML front matter back
into a title and summary and points links to other notebooks at their pages on the published site
(doc_host + doc_baseurl in settings.ini), so that they work wherever the README is read, PyPI
included.

    python tools/readme.py           # rewrite README.md
    python tools/readme.py --check   # exit 1 if README.md is out of step with the notebook
"""
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import yaml
from configparser import ConfigParser
from nbconvert import MarkdownExporter

root = Path(__file__).resolve().parents[1]


def site() -> str:
    "The published site's address, from settings.ini."
    cfg = ConfigParser(); cfg.read(root / "settings.ini")
    return cfg["DEFAULT"]["doc_host"] + cfg["DEFAULT"]["doc_baseurl"] + "/"


def page(notebook: str) -> str:
    "The site page nbdev makes of a notebook: api/05_cli -> api/cli.html."
    *folders, stem = notebook.split("/")
    return "/".join([*folders, re.sub(r"^\d+_", "", stem)]) + ".html"


def render() -> str:
    "README text for the current nbs/index.ipynb."
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in ("settings.ini", "nbs"):
            (shutil.copytree if name == "nbs" else shutil.copy)(root / name, work / name)
        subprocess.run(["nbdev_proc_nbs", "--file_glob", "index.ipynb"], cwd=work, check=True,
                       capture_output=True)
        nb = nbformat.read(work / "_proc" / "index.ipynb", as_version=4)
        # a cell marked `#| echo: false` shows its output only, as on the site; a figure stays on
        # the site (a README has nowhere to keep its image)
        for cell in nb.cells:
            if cell.cell_type == "code" and re.search(r"^#\|\s*echo:\s*false", cell.source, re.M):
                cell.metadata["transient"] = {"remove_source": True}
            if cell.cell_type == "code":
                cell.outputs = [o for o in cell.outputs
                                if not {"image/png", "image/svg+xml"} & set(o.get("data", {}))]
        text, _ = MarkdownExporter().from_notebook_node(nb)
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    body = re.sub(r"\]\(([\w/]+)\.ipynb(#[\w-]+)?\)",
                  lambda m: f"]({site()}{page(m.group(1))}{m.group(2) or ''})", body.strip())
    return f"# {meta['title']}\n\n> {meta['description']}\n\n{body}\n"


if __name__ == "__main__":
    text, readme = render(), root / "README.md"
    if "--check" in sys.argv[1:]:
        if readme.read_text(encoding="utf-8") != text:
            sys.exit("README.md is out of step with nbs/index.ipynb: run python tools/readme.py")
        print("README.md matches nbs/index.ipynb")
    else:
        readme.write_text(text, encoding="utf-8")
        print("wrote README.md")

#!/usr/bin/env bash
# Build the docs site into _docs/ from the notebooks' stored outputs.
#
# With `quarto` on the PATH this is nbdev_docs, exactly what .github/workflows/deploy.yaml publishes.
# Without it (Quarto cannot be installed on every machine) the same pages are built in two steps:
#   1. nbdev_proc_nbs: nbdev's own processing writes _proc/ with hidden cells dropped, directives
#      removed and show_doc rendered: the same input Quarto would get.
#   2. smalldocs renders _proc/ to HTML.
# Why smalldocs: it reads the very _quarto.yml, nbdev.yml and sidebar.yml that Quarto reads, so the
# offline site has the published site's navigation, sidebar, search and cosmo theme, and it is pure
# Python from PyPI. `jupyter nbconvert --to html` was the alternative: one unconnected page per
# notebook, no sidebar, no search, and API reference without the site's styling.
# The offline build then names pages as nbdev does (03_model.ipynb -> model.html, the output-file
# Quarto uses), makes links to the published site relative, and bundles KaTeX so that the maths renders
# with no network when the site is opened; the theme's Google web font is dropped (the system sans-serif
# stands in). Building is not fully offline: KaTeX is fetched once per build from the npm registry with
# `npm pack`, so the build needs npm (Node.js) and the registry. Everything else comes with the dev install.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v quarto >/dev/null 2>&1; then
  exec nbdev_docs
fi

rm -rf _proc _docs
nbdev_proc_nbs --force >/dev/null 2>&1 || { echo "error: nbdev_proc_nbs failed; run it to see why" >&2; exit 1; }
# nbdev_proc_nbs's sidebar lists every file it copied (.yml, .css); nbdev_sidebar alone lists only the notebooks
nbdev_sidebar --force >/dev/null && cp nbs/sidebar.yml _proc/sidebar.yml
smalldocs render --quiet _proc 2>&1 | grep -v -e 'output-file is not read' -e 'commonmark is not built' -e 'keep-md is ignored' >&2 || true
mv _proc/_docs _docs

katex=0.16.11
if [ ! -d "_docs/site_libs/katex" ]; then
  command -v npm >/dev/null 2>&1 || { echo "error: tools/docs.sh needs npm to fetch KaTeX for the maths (install Node.js)" >&2; exit 1; }
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "katex@$katex" >/dev/null && tar -xzf "katex-$katex.tgz")
  mkdir -p _docs/site_libs/katex && cp -r "$tmp/package/dist/." _docs/site_libs/katex/
  rm -rf "$tmp"
fi

python - "$katex" <<'PY'
"Rename pages to nbdev's output-file names and make every internal link relative and local."
import re, sys
from configparser import ConfigParser
from pathlib import Path

docs = Path("_docs")
cfg = ConfigParser(); cfg.read("settings.ini")
site = cfg["DEFAULT"]["doc_host"] + cfg["DEFAULT"]["doc_baseurl"] + "/"
pages = sorted(docs.rglob("*.html"))  # the lessons, and the reference notebooks under api/
names = {p.name: re.sub(r"^\d+_", "", p.stem) + ".html" for p in pages}  # number prefixes differ, so no two collide
katex_cdn = f"https://cdn.jsdelivr.net/npm/katex@{sys.argv[1]}/dist"
for path in [*pages, *docs.glob("*.json"), *docs.glob("*.xml")]:
    depth = len(path.relative_to(docs).parts) - 1  # a page under api/ reaches the site root through ../
    text = path.read_text(encoding="utf-8").replace(site, "../" * depth).replace(katex_cdn, "../" * depth + "site_libs/katex")
    for old, new in names.items(): text = re.sub(rf'(?<![\w.-]){re.escape(old)}', new, text)
    path.write_text(text, encoding="utf-8")
for page in pages:
    if page.name != names[page.name]: page.rename(page.with_name(names[page.name]))
for theme in (docs / "site_libs" / "themes").glob("*.css"):  # the theme's web font is the one remote file left
    theme.write_text(re.sub(r"@import url\(https://fonts\.googleapis\.com[^)]*\);", "", theme.read_text(encoding="utf-8")), encoding="utf-8")
for leftover in ("nbdev.yml", "sidebar.yml", "site_libs/katex/README.md"): (docs / leftover).unlink(missing_ok=True)
print(f"built {len(pages)} pages in {docs}/ with smalldocs: {', '.join(str(p.relative_to(docs).with_name(names[p.name])) for p in pages)}")
PY

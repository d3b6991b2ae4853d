"""Check the built docs site in _docs/: every internal link resolves, and every page works in a real
browser.

    python tools/check_site.py [--screenshots docs-preview]

1. Links: every href and src in every page that points inside the site must name a file that exists,
and a #fragment must name an id on the target page. Links to other hosts are not fetched (there is
no network here); links to the published site itself were made relative by tools/docs.sh, so they
are checked as internal links. 2. Browser: the site is served on a loopback port and each page is
opened in headless Chromium (Debian's chromium, or $CHROMIUM, driven by Playwright). A page fails if
it does not load, logs a console error or an uncaught exception, requests a local file that is
missing or any remote file (they are blocked, so the check stays offline), or shows a stored figure
that did not decode. 3. With --screenshots DIR, writes DIR/home.png and DIR/stage.png (the model
page). Exit code 1 on any failure, with one line per problem.
"""
import argparse
import functools
import http.server
import os
import shutil
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

docs = Path(__file__).resolve().parents[1] / "_docs"


class Links(HTMLParser):
    "Collects ids and link targets of one page."
    def __init__(self):
        super().__init__(); self.ids, self.targets = set(), []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"): self.ids.add(a["id"])
        if tag == "a" and a.get("name"): self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key): self.targets.append(a[key])


def parse(page: Path) -> Links:
    p = Links(); p.feed(page.read_text(encoding="utf-8")); return p


def check_links() -> list:
    problems, pages = [], {p: parse(p) for p in sorted(docs.rglob("*.html"))}
    for page, links in pages.items():
        for target in links.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith(("mailto:", "javascript:",
                                                                  "data:")):
                continue
            path = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not path.exists():
                problems.append(f"{page.relative_to(docs)}: link to missing {target}"); continue
            if parts.fragment and path.suffix == ".html":
                ids = pages[path].ids if path in pages else parse(path).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{page.relative_to(docs)}: link to missing anchor {target}")
    return problems


def chromium() -> str:
    "The browser to drive: $CHROMIUM, else Debian's chromium, else an installed Google Chrome."
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("google-chrome")
    if not found:
        sys.exit("error: no Chromium found; install Debian's chromium package or set CHROMIUM")
    return found


def check_browser(screenshots: Path | None) -> list:
    from playwright.sync_api import sync_playwright
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(docs))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    problems = []
    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium(), headless=True, args=args)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            local = lambda route: (route.continue_() if route.request.url.startswith(base)
                                   else route.abort())
            page.route("**/*", local)
            for html in sorted(docs.rglob("*.html")):
                name = html.relative_to(docs).as_posix()
                errors = []
                def on_console(m):
                    if m.type == "error": errors.append(f"console {m.type}: {m.text}")
                def on_error(e): errors.append(f"uncaught: {e}")
                def on_response(r):
                    if r.status >= 400: errors.append(f"HTTP {r.status} for {r.url}")
                def on_failed(r):
                    errors.append(f"request failed (remote files are not allowed offline): {r.url}")
                listeners = (("console", on_console), ("pageerror", on_error),
                             ("response", on_response), ("requestfailed", on_failed))
                for event, fn in listeners: page.on(event, fn)
                response = page.goto(base + name, wait_until="load")
                if response is None or not response.ok: errors.append("page did not load")
                shown = ("imgs => imgs.map(i => [i.getAttribute('src') || '', "
                         "i.complete && i.naturalWidth > 0])")
                figures = page.eval_on_selector_all("img", shown)
                errors += [f"figure did not load: {src[:60]}" for src, ok in figures if not ok]
                stored = html.read_text(encoding="utf-8").count("data:image/png")
                if len([f for f in figures if f[0].startswith("data:image/png")]) < stored:
                    errors.append("stored figure missing from the page")
                problems += [f"{name}: {e}" for e in errors]
                for event, fn in listeners: page.remove_listener(event, fn)
                print(f"{name}: {'ok' if not errors else 'FAILED'} ({len(figures)} images)")
            if screenshots:
                screenshots.mkdir(parents=True, exist_ok=True)
                for name, file in (("home", "index.html"), ("stage", "model.html")):
                    page.goto(base + file, wait_until="load")
                    page.screenshot(path=str(screenshots / f"{name}.png"))
            browser.close()
    finally:
        server.shutdown()
    return problems


def main():
    p = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("--screenshots", type=Path, help="write home.png and stage.png to this folder")
    args = p.parse_args()
    if not (docs / "index.html").exists():
        sys.exit("error: _docs/index.html not found; run tools/docs.sh first")
    problems = check_links()
    print(f"links: {'ok' if not problems else f'{len(problems)} broken'} in "
          f"{len(list(docs.rglob('*.html')))} pages")
    problems += check_browser(args.screenshots)
    for line in problems: print("error:", line, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

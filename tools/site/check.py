"""Open every page of the built site in headless Chromium and check what a reader would see.

    python tools/site/check.py                    # checks _site/ (build it first: build.py)
    python tools/site/check.py --screenshot training.html --full

A page fails on: a JavaScript error, a local file (page, style sheet, script, font, image) that
does not load, a broken image, a link to a local page or anchor that does not exist, or a
formula that MathJax could not typeset. Requests to other hosts are only reported (offline they
fail; the site needs none). Screenshots of the front page and one chapter are saved in
_site/_screenshots/. Ends with "pages: N passed, N failed" and exits 1 if any page failed.

Chromium is Debian's `chromium` package, installed with apt-get if it is missing; it is driven
by Playwright (`pip install playwright`; its browsers are not needed: `playwright install` is
never run). The site is served on 127.0.0.1 by Python's http.server.
"""
import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]

# Runs in the page once it has loaded: links, ids, images and MathJax's state.
PAGE_FACTS_JS = """async () => {
  if (window.MathJax && MathJax.Hub) {
    await new Promise(resolve => MathJax.Hub.Queue(resolve));
  }
  const ids = Array.from(document.querySelectorAll('[id]'), e => e.id)
    .concat(Array.from(document.querySelectorAll('a[name]'), e => e.getAttribute('name')));
  const links = Array.from(document.querySelectorAll('a[href]'), a => a.href);
  const images = Array.from(document.images, i => ({
    src: i.getAttribute('src').slice(0, 80), ok: i.complete && i.naturalWidth > 0}));
  const mathErrors = Array.from(document.querySelectorAll('.MathJax_Error, merror, .mjx-merror'),
                                e => e.textContent.slice(0, 120));
  const mathJax = !!(window.MathJax && MathJax.Hub);
  const typeset = document.querySelectorAll('.MathJax, .MathJax_Display, mjx-container').length;
  return {ids, links, images, mathErrors, mathJax, typeset};
}"""


def find_chromium() -> str:
    "Debian's Chromium, installed with apt-get (as root) if it is missing."
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path: return path
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit("error: Chromium is missing; install Debian's package: apt-get install chromium")
    print("installing Debian's chromium with apt-get...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "chromium"]):
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"error: {' '.join(cmd)} failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    path = shutil.which("chromium")
    if not path: sys.exit("error: apt-get installed chromium but no `chromium` command is on PATH")
    return path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    "Serves the site without logging each request."
    def log_message(self, *args): pass


def serve(site: Path):
    "Serve `site` on a free localhost port in a thread; returns the server and its base URL."
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def check_page(page, url: str) -> dict:
    "Load one page; its errors, failed local requests, external requests and facts."
    errors, failed, external = [], [], []
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))

    def on_response(response):
        if response.url.startswith(origin) and response.status >= 400:
            failed.append(f"{response.status} {response.url[len(origin):]}")

    def on_request_failed(request):
        if request.url.startswith(origin): failed.append(f"failed {request.url[len(origin):]}")
        elif not request.url.startswith(("data:", "about:")): external.append(request.url)

    def on_request(request):
        if not request.url.startswith((origin, "data:", "about:")): external.append(request.url)

    def on_console(msg):
        # Failed loads are counted from the responses; MathJax 2 probes web-font support with
        # a font at about:blank, which Chromium refuses with a console error: not a problem.
        if msg.type != "error" or "Failed to load resource" in msg.text: return
        if "font at 'about:blank'" in msg.text: return
        errors.append(f"console: {msg.text[:300]}")

    page.on("pageerror", lambda exc: errors.append(f"JavaScript error: {str(exc)[:300]}"))
    page.on("console", on_console)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.on("request", on_request)
    try:
        page.goto(url, wait_until="load", timeout=60_000)
        facts = page.evaluate(PAGE_FACTS_JS)
    except Exception as e:  # a page that cannot load or whose script hangs
        errors.append(f"could not load: {str(e).splitlines()[0][:300]}")
        facts = {"ids": [], "links": [], "images": [], "mathErrors": [], "mathJax": False,
                 "typeset": 0}
    return {"errors": errors, "failed": sorted(set(failed)), "external": sorted(set(external)),
            **facts}


def local_target(href: str, base: str):
    "(page path, fragment) of a link into the site, or None for links elsewhere."
    if not href.startswith(base): return None
    url, frag = urldefrag(href)
    path = unquote(urlsplit(url).path)[len(urlsplit(base).path):]
    return (path or "index.html"), frag


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", default=str(ROOT / "_site"),
                        help="the built site (default _site)")
    parser.add_argument("--screenshot", action="append", metavar="PAGE",
                        help="page to photograph besides index.html (default: the first chapter "
                             "with a figure)")
    parser.add_argument("--full", action="store_true", help="photograph whole pages, not the top")
    parser.add_argument("--width", type=int, default=1280, help="window width in pixels")
    args = parser.parse_args(argv)

    site = Path(args.site).resolve()
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if not any(part.startswith(("_", ".")) for part in p.relative_to(site).parts))
    if not pages: sys.exit(f"error: no pages in {site}: build the site first (tools/site/build.py)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("error: Playwright is missing: pip install playwright (a dev requirement; "
                 "do not run `playwright install`, Debian's chromium is used)")
    chromium = find_chromium()
    shots_dir = site / "_screenshots"
    shots_dir.mkdir(exist_ok=True)

    server, base = serve(site)
    results, start = {}, time.time()
    print(f"checking {len(pages)} pages of {site} in {chromium} ...", flush=True)
    try:
        with sync_playwright() as p, \
                tempfile.TemporaryDirectory(prefix="ffnn-lit-chromium-") as profile:
            context = p.chromium.launch_persistent_context(
                profile, executable_path=chromium, headless=True, args=CHROMIUM_FLAGS,
                viewport={"width": args.width, "height": 900}, service_workers="block")
            for name in pages:
                page = context.new_page()
                t0 = time.time()
                results[name] = check_page(page, base + name)
                results[name]["seconds"] = time.time() - t0
                results[name]["page"] = page
            figure_pages = [n for n in pages if n != "index.html" and any(
                i["src"].startswith("data:image") for i in results[n]["images"])]
            shots = ["index.html"] + (args.screenshot or figure_pages[:1] or pages[1:2])
            for name in shots:
                if name not in results:
                    print(f"warning: no page {name} to photograph"); continue
                dest = shots_dir / (Path(name).stem + ("-full" if args.full else "") + ".png")
                results[name]["page"].screenshot(path=str(dest), full_page=args.full)
                shown = dest.relative_to(ROOT) if dest.is_relative_to(ROOT) else dest
                print(f"screenshot: {shown}")
            context.close()
    finally:
        server.shutdown()

    ids = {name: set(r["ids"]) for name, r in results.items()}
    n_failed = 0
    for name in pages:
        r = results[name]
        problems = list(r["errors"]) + [f"does not load: {f}" for f in r["failed"]]
        problems += [f"broken image: {i['src']}" for i in r["images"] if not i["ok"]]
        problems += [f"math error: {m}" for m in r["mathErrors"]]
        for href in sorted(set(r["links"])):
            target = local_target(href, base)
            if target is None: continue
            path, frag = target
            if not (site / path).exists():
                problems.append(f"broken link: {href[len(base):]} (no such page)")
            elif frag and path in ids and frag not in ids[path]:
                problems.append(f"broken link: {href[len(base):]} (no such anchor)")
        status = "FAIL" if problems else "PASS"
        n_failed += bool(problems)
        local_links = sum(1 for h in set(r["links"]) if h.startswith(base))
        math = f", math {'typeset' if r['typeset'] else 'none'}" if r["mathJax"] else ""
        print(f"{status} {name} ({r['seconds']:.1f} s, {local_links} local links, "
              f"{len(r['images'])} images{math})")
        for problem in problems: print(f"    {problem}")
        for url in r["external"]: print(f"    note: loads {url} from another host")
    print(f"site check took {time.time() - start:.0f} s")
    print(f"pages: {len(pages) - n_failed} passed, {n_failed} failed")
    return 1 if n_failed else 0


if __name__ == "__main__":
    sys.exit(main())

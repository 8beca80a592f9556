"""Build the tutorial website from the notebooks, without Quarto.

    python tools/site/build.py              # the site, in _site/ (open _site/index.html)
    python tools/site/build.py --readme     # README.md from nbs/index.ipynb instead

Run it with the project's virtual environment (`bash tools/site/site.sh` sets that up, builds the
site and checks it in a browser). It needs no network access.

Each notebook goes through the same two steps as with `nbdev_docs`, except the second:
1. nbdev's own documentation processors (`nbdev.processors.FilterDefaults`, what `nbdev_docs`
   runs before Quarto): `#| hide` cells and directives removed, a `show_doc` cell run under every
   exported function and class (the API reference), title and description taken from the first
   markdown cell, symbol names in backticks linked to their documentation;
2. Jupyter's nbconvert (HTML exporter, template `cells.html.j2`) instead of Quarto, with the few
   Quarto features the notebooks use done here: cell options (`#| echo: false`,
   `#| code-fold:`), callouts (`::: {.callout-note}`), heading ids as Quarto makes them (so that
   nbdev's links `model.html#ffnn` land), links between notebooks (`05_backprop.ipynb` becomes
   `backprop.html`, Quarto's page name), progress bars cut to their last state, and math by
   MathJax, copied into the site from the `jupyter-server-mathjax` package so that formulas
   render offline (without that package the pages load MathJax from a CDN).
The pages keep the notebooks' saved outputs (nothing is executed but what nbdev needs for
show_doc: exported cells, import cells), and `page.html.j2` puts each one in a page with the
chapters in the order of `nbs/sidebar.yml`. One difference from `nbdev_docs`: nbdev also runs
every cell that mixes imports with other code (a benchmark, a test needing earlier cells); here
those are reported instead (`--as-nbdev-docs` runs them, to see what Quarto users will get).
"""
import argparse
import concurrent.futures
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
NBS = ROOT / "nbs"
CALLOUT_TITLES = {"note": "Note", "tip": "Tip", "important": "Important",
                  "warning": "Warning", "caution": "Caution"}


def warn(msg):
    "Print a build warning."
    print(f"warning: {msg}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# Reading order
# ---------------------------------------------------------------------------------------------

def page_name(nb_name: str) -> str:
    "The page Quarto makes for a notebook: `04_model.ipynb` -> `model.html` (nbdev's rule)."
    path = Path(nb_name)
    stem = re.sub(r"^\d+[a-zA-Z0-9]*_", "", path.name.lower())
    return (path.parent / stem).with_suffix(".html").as_posix()


def read_sidebar(nbs: Path = NBS) -> list:
    "Sections `(title or None, [notebook names])` of nbs/sidebar.yml, in reading order."
    import yaml
    spec = yaml.safe_load((nbs / "sidebar.yml").read_text(encoding="utf-8"))
    contents = spec["website"]["sidebar"]["contents"]
    sections, loose = [], []

    def entries(items):
        names = []
        for item in items:
            if isinstance(item, str): names.append(item)
            elif isinstance(item, dict) and "href" in item: names.append(item["href"])
            elif isinstance(item, dict) and "section" in item:
                names.extend(entries(item.get("contents", [])))
        return names

    for item in contents:
        if isinstance(item, dict) and "section" in item:
            if loose:  # entries before this section, outside any section
                sections.append((None, loose))
                loose = []
            sections.append((item["section"], entries(item.get("contents", []))))
        else: loose.extend(entries([item]))
    if loose: sections.append((None, loose))
    return sections


def reading_order() -> list:
    "Sections with the notebooks that exist; warns about the others and adds unlisted notebooks."
    sections, listed = [], set()
    for title, names in read_sidebar():
        present = []
        for name in names:
            listed.add(name)
            if not name.endswith(".ipynb"): continue
            if (NBS / name).exists(): present.append(name)
            else: warn(f"nbs/sidebar.yml lists {name}, which does not exist yet: skipped")
        if present: sections.append((title, present))
    extra = sorted(p.name for p in NBS.glob("*.ipynb")
                   if not p.name.startswith(("_", ".")) and p.name not in listed)
    for name in extra: warn(f"{name} is not in nbs/sidebar.yml: built under 'Other pages'")
    if extra: sections.append(("Other pages", extra))
    return sections


# ---------------------------------------------------------------------------------------------
# Step 1: nbdev's processors (in worker processes, like nbdev's own `proc_nbs`)
# ---------------------------------------------------------------------------------------------

def _doc_processors(exact: bool = False):
    """nbdev's documentation processors, with `exec_show_docs` made stricter.

    To render `show_doc`, nbdev runs the exported cells, the import cells and the show_doc cells,
    but also every cell that mixes imports with other code (and replaces its saved outputs with
    the new ones): a training run or a test that needs earlier, unexecuted cells then runs or
    fails at docs time. Here such cells keep their saved outputs and are reported instead
    (`exact=True`: nbdev's processors unchanged, to see what `nbdev_docs` will do)."""
    import ast
    from nbdev.processors import FilterDefaults, exec_show_docs

    class exec_show_docs_strict(exec_show_docs):
        "nbdev's `exec_show_docs`, skipping cells that mix imports with other code."
        skipped = []

        def __call__(self, cell):
            fm = getattr(self.nb, "frontmatter_", {})
            if not self.nb.has_docs_ or str(fm.get("skip_showdoc", "")).lower() in ("true", "1"):
                return  # as nbdev: nothing runs without exports, or with skip_showdoc
            trees = cell.parsed_() if cell.cell_type == "code" and cell.source else None
            if trees and not (set(cell.directives_) & {"export", "exports", "exporti", "exec_doc"}):
                nodes = [n for t in trees for n in ast.walk(t)]
                imports = any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in nodes)
                other = any(isinstance(n, (ast.Expr, ast.Assign)) for n in nodes)
                if imports and other:
                    self.skipped.append(cell.source.strip().splitlines()[0])
                    return
            return super().__call__(cell)

    class SiteFilter(FilterDefaults):
        "The processors `nbdev_docs` uses, with the stricter `exec_show_docs`."
        def base_procs(self):
            return [exec_show_docs_strict if p is exec_show_docs else p
                    for p in super().base_procs()]

    return (FilterDefaults() if exact else SiteFilter()), exec_show_docs_strict


def nbdev_process(name: str, exact: bool = False) -> dict:
    "Run nbdev's documentation processors on `nbs/name`; the notebook as JSON and its front matter."
    os.chdir(ROOT)
    os.environ["IN_TEST"] = "1"  # as nbdev's docs build: notebook code may check it
    os.environ.setdefault("MPLBACKEND", "Agg")
    from execnb.nbio import nb2str, read_nb
    site_filter, strict = _doc_processors(exact)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbdev's warnings about mixed cells: reported below
        nb = read_nb(NBS / name)
        site_filter(nb)
    messages = [f"nbdev_docs would run this cell, which mixes imports with other code (give the "
                f"imports a cell of their own): {line}" for line in dict.fromkeys(strict.skipped)]
    return {"name": name, "nb": nb2str(nb), "frontmatter": dict(getattr(nb, "frontmatter_", {})),
            "warnings": messages}


def description_cut(name: str) -> bool:
    "Does the notebook's `>` description run over several lines (nbdev keeps only the first)?"
    nb = json.loads((NBS / name).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown": continue
        lines = "".join(cell["source"]).splitlines()
        quoted = [i for i, line in enumerate(lines) if line.startswith(">")]
        return len(quoted) > 1 and any(i + 1 in quoted for i in quoted)
    return False


# ---------------------------------------------------------------------------------------------
# Step 2: what Quarto would do with the processed notebook, for nbconvert
# ---------------------------------------------------------------------------------------------

_re_option = re.compile(r"^\s*#\|\s*([\w-]+)\s*:\s*(.*?)\s*$")
_re_ansi = re.compile(r"\x1B(?:[@-Z\\-_]|\[[0-?]*[ -/]*[@-~])")


def notebook_node(text: str):
    "A notebook's JSON text as an nbformat node, with its multi-line strings joined."
    import nbformat
    from nbformat.v4.rwbase import rejoin_lines
    nb = nbformat.from_dict(json.loads(text))
    rejoin_lines(nb)
    return nb


def cell_options(cell) -> dict:
    "Take the Quarto options (`#| key: value` lines) nbdev left at the top of a code cell."
    lines = cell.source.splitlines()
    options = {}
    while lines and _re_option.match(lines[0]):
        key, value = _re_option.match(lines.pop(0)).groups()
        options[key] = value.strip("'\"")
    cell.source = "\n".join(lines)
    return options


def last_state(text: str) -> str:
    "Terminal text as it finally looks: each line keeps what follows its last carriage return."
    out = []
    for line in text.split("\n"):
        parts = [p for p in line.split("\r") if p.strip()]
        out.append(parts[-1] if parts else "")
    return "\n".join(out)


def merge_streams(outputs: list) -> list:
    "Join consecutive stream outputs of the same name and cut progress bars to their last state."
    merged = []
    for out in outputs:
        last = merged[-1] if merged else {}
        if (out.get("output_type") == "stream" and last.get("output_type") == "stream"
                and last["name"] == out["name"]):
            merged[-1]["text"] += out["text"]
        else: merged.append(out)
    for out in merged:
        if out.get("output_type") == "stream":
            out["text"] = last_state(out["text"])
            if out["name"] == "stderr": out["text"] = _re_ansi.sub("", out["text"])
    return [o for o in merged if not (o.get("output_type") == "stream" and not o["text"].strip())]


_re_div_open = re.compile(r"^(:{3,})\s*(?:\{([^}]*)\}|([\w-]+))\s*$")
_re_div_close = re.compile(r"^:{3,}\s*$")
_re_attr_kv = re.compile(r'([\w-]+)="([^"]*)"')


def fenced_divs(md: str, target: str = "html") -> str:
    "Quarto's fenced divs (`::: {.callout-note}` ... `:::`) as HTML, or GitHub alerts (README)."
    lines, out, stack, in_code = md.split("\n"), [], [], False
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")): in_code = not in_code
        m = None if in_code else _re_div_open.match(line)
        if m:
            attrs = m.group(2) or "." + m.group(3)
            classes = re.findall(r"\.([\w-]+)", attrs)
            kv = dict(_re_attr_kv.findall(attrs))
            kind = next((c[len("callout-"):] for c in classes if c.startswith("callout-")), None)
            title = kv.get("title")
            rest = lines[i + 1:]
            if kind and title is None and rest and rest[0].startswith("#"):
                title = rest[0].lstrip("#").strip()
                lines[i + 1] = ""
            stack.append(kind)
            if target == "md":
                if kind:
                    out.append(f"> [!{CALLOUT_TITLES.get(kind, kind).upper()}]")
                    if title: out.append(f"> **{title}**\n>")
                continue
            if kind:
                head = html.escape(title or CALLOUT_TITLES.get(kind, kind.title()))
                out.append(f'<div class="callout callout-{kind}">\n'
                           f'<div class="callout-title">{head}</div>\n')
            else:
                cls = " ".join(c for c in classes)
                out.append(f'<div class="{cls}">\n')
            continue
        if not in_code and stack and _re_div_close.match(line):
            kind = stack.pop()
            if target == "md":
                if kind: out.append("")
                continue
            out.append("\n</div>")
            continue
        if target == "md" and any(stack):
            out.append(("> " + line).rstrip())
        else: out.append(line)
    return "\n".join(out)


def clean_quarto_markdown(md: str) -> str:
    "Drop Quarto's attribute blocks after links and images (`[src](url){target=...}`)."
    md = re.sub(r"(\]\([^)\s]*\))\{[^}\n]*\}", r"\1", md)
    return re.sub(r"^(#{1,6} .*?)\s*\{[^}\n]*\}\s*$", r"\1", md, flags=re.MULTILINE)


_re_mdlink = re.compile(r"\[`([^`\]]+)`\]\([^)\s]+\)")


def unlink_code_blocks(md: str) -> str:
    "nbdev links names even inside code blocks, where a link shows as text: undo it there."
    parts = re.split(r"(^```.*?^```)", md, flags=re.MULTILINE | re.DOTALL)
    return "".join(_re_mdlink.sub(r"`\1`", p) if p.startswith("```") else p for p in parts)


def notebook_links_md(md: str, prefix: str = "") -> str:
    "Links to notebooks (`05_backprop.ipynb#x`) as links for README (`nbs/05_backprop.ipynb#x`)."
    return re.sub(r"\]\((?:\./)?([\w-]+\.ipynb(?:#[^)]*)?)\)", rf"]({prefix}\1)", md)


def prepare(nb, target: str = "html") -> dict:
    "Get a processed notebook ready for nbconvert; returns its front matter."
    frontmatter, cells = {}, []
    import yaml
    for cell in nb.cells:
        src = cell.get("source", "")
        if cell.cell_type == "raw":
            m = re.match(r"^---\s*\n(.*?)\n---\s*$", src.strip(), flags=re.DOTALL)
            if m: frontmatter.update(yaml.safe_load(m.group(1)) or {})
            continue
        if cell.cell_type == "markdown":
            if target == "html" and re.fullmatch(r"\s*<!--.*?-->\s*", src, flags=re.DOTALL):
                continue  # nbdev's "do not edit" comment
            src = clean_quarto_markdown(fenced_divs(src, target))
            cell.source = notebook_links_md(src, "nbs/") if target == "md" else src
        if cell.cell_type == "code":
            options = cell_options(cell)
            site = {}
            if options.get("include") == "false": continue
            if options.get("echo") == "false": site["echo"] = False
            if options.get("output") == "false": cell.outputs = []
            if options.get("code-fold") in ("true", "show"):
                site["fold"] = options["code-fold"]
                site["summary"] = options.get("code-summary", "Code")
            cell.metadata["site"] = site
            if re.match(r"\s*show_doc\(", cell.source):  # the API reference: styled as a card
                cell.metadata["tags"] = list(cell.metadata.get("tags", [])) + ["api-doc"]
            cell.outputs = merge_streams(cell.get("outputs", []))
            for out in cell.outputs:
                data = out.get("data", {})
                if "text/markdown" in data:
                    md = data["text/markdown"]
                    md = "".join(md) if isinstance(md, list) else md
                    data["text/markdown"] = clean_quarto_markdown(unlink_code_blocks(md))
            if not cell.source.strip() and not cell.outputs: continue
            if not cell.source.strip(): site["echo"] = False
        cells.append(cell)
    nb.cells = cells
    return frontmatter


# ---------------------------------------------------------------------------------------------
# HTML pages
# ---------------------------------------------------------------------------------------------

def pandoc_id(text: str) -> str:
    "The id Pandoc (and so Quarto) gives a heading: `### FFNN.fit` -> `ffnn.fit`."
    s = re.sub(r"[^\w\s.-]", "", text.strip().lower())
    s = re.sub(r"\s+", "-", s)
    s = re.sub(r"^[^a-z]+", "", s)
    return s or "section"


def html_body(nb) -> str:
    "The cells of a prepared notebook as HTML, by nbconvert."
    from nbconvert import HTMLExporter
    exporter = HTMLExporter(template_name="lab", template_file="cells.html.j2",
                            extra_template_paths=[str(HERE)], exclude_input_prompt=True,
                            exclude_output_prompt=True, anchor_link_text="")
    with warnings.catch_warnings():  # cells nbdev adds have no id: nothing to worry about
        warnings.filterwarnings("ignore", message=".*missing an id field")
        body, _ = exporter.from_notebook_node(nb)
    return body


def inline_markdown(text: str) -> str:
    "One line of markdown (a description) as inline HTML."
    import mistune
    out = mistune.html(text or "").strip()
    return re.sub(r"^<p>(.*)</p>$", r"\1", out, flags=re.DOTALL)


def render_page(name: str, processed: dict, doc_url: str) -> dict:
    "One notebook's page content: title, description, body HTML, table of contents, ids."
    from bs4 import BeautifulSoup
    nb = notebook_node(processed["nb"])
    fm = {**processed["frontmatter"], **prepare(nb)}
    soup = BeautifulSoup(html_body(nb), "html.parser")

    seen, toc = {}, []
    for a in soup.select("a.anchor-link"): a.decompose()
    for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        base = pandoc_id(h.get_text())
        n = seen.get(base, 0)
        seen[base] = n + 1
        h["id"] = base if n == 0 else f"{base}-{n}"
        in_output = h.find_parent(class_="jp-OutputArea-output") is not None
        if h.name in ("h2", "h3"):
            link = soup.new_tag("a", href=f"#{h['id']}",
                                attrs={"class": "anchor", "aria-hidden": "true"})
            link.string = "#"
            h.append(link)
            toc.append({"level": int(h.name[1]), "id": h["id"], "api": in_output,
                        "text": h.get_text().rstrip("#").strip()})
    for a in soup.find_all("a", href=True):
        href = a["href"]
        if href.startswith(doc_url + "/"):
            a["href"] = href[len(doc_url) + 1:]
            a["data-symbol-link"] = "1"
        elif re.match(r"^(?:\./)?[\w-]+\.ipynb(?:#.*)?$", href):
            target, _, frag = href.partition("#")
            a["href"] = page_name(target) + (f"#{frag}" if frag else "")
        elif href.startswith(("http://", "https://")) and "source" == a.get_text().strip():
            a["class"] = a.get("class", []) + ["source-link"]  # show_doc's link to the code
            if a.parent.name == "p": a.parent["class"] = a.parent.get("class", []) + ["source-line"]
    for table in soup.find_all("table"):
        if table.find_parent("div", class_="table-wrap") is None:
            table.wrap(soup.new_tag("div", attrs={"class": "table-wrap"}))
    files = set()  # files next to the notebooks that the page shows or links to
    for tag, attr in (("img", "src"), ("a", "href"), ("source", "src")):
        for el in soup.find_all(tag, attrs={attr: True}):
            ref = el[attr].split("#")[0].split("?")[0]
            if ref and not re.match(r"^[a-z]+:", ref) and (NBS / ref).is_file():
                files.add(ref)
    for img in soup.find_all("img"):
        if img.get("alt", "").startswith("No description has been provided"): img["alt"] = "figure"

    text = str(soup)
    return {"name": name, "href": fm.get("output-file") or page_name(name),
            "title": fm.get("title") or Path(name).stem, "description": fm.get("description", ""),
            "body": text, "toc": toc, "files": sorted(files),
            "has_math": bool(re.search(r"\$|\\\(|\\\[", text))}


def fix_symbol_links(pages: list) -> list:
    """Point nbdev's symbol links at anchors that exist.

    nbdev links `FFNN.fit` to `model.html#ffnn.fit`, but a page has that heading only if it
    shows `show_doc(FFNN.fit)`; otherwise the link goes to the class (`#ffnn`) or the page.
    Private names (`_helper`) have no documentation: their links are removed."""
    from bs4 import BeautifulSoup
    ids = {}
    for page in pages:
        ids[page["href"]] = set(re.findall(r'\sid="([^"]+)"', page["body"]))
    notes = []
    for page in pages:
        soup = BeautifulSoup(page["body"], "html.parser")
        changed = False
        for a in soup.find_all("a", attrs={"data-symbol-link": "1"}):
            target, _, frag = a["href"].partition("#")
            del a["data-symbol-link"]
            changed = True
            if target not in ids:
                notes.append(f"{page['href']}: link to {a['href']}, a page not built")
                continue
            if not frag or frag in ids[target]: continue
            if frag.startswith("_"):  # a private helper has no documentation to link to
                a.unwrap()
                continue
            owner = frag.split(".")[0]
            a["href"] = f"{target}#{owner}" if owner in ids[target] else target
            notes.append(f"{page['href']}: {target}#{frag} has no heading, linked to {a['href']}")
        if changed: page["body"] = str(soup)
    return notes


def site_assets(out: Path) -> str:
    "Copy the style sheets and MathJax into the site; returns the URL of MathJax."
    from pygments.formatters import HtmlFormatter
    shutil.copy(HERE / "site.css", out / "site.css")
    (out / "pygments.css").write_text(HtmlFormatter(style="friendly").get_style_defs(".highlight"),
                                      encoding="utf-8")
    try:
        import jupyter_server_mathjax
        static = Path(jupyter_server_mathjax.__file__).parent / "static"
        shutil.copytree(static, out / "mathjax",
                        ignore=shutil.ignore_patterns("*.md", "SVG", "tests"))
        return "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
    except ImportError:
        warn("jupyter-server-mathjax is not installed: pages load MathJax from a CDN, so math "
             "renders only online (pip install jupyter-server-mathjax for an offline site)")
        return ("https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js"
                "?config=TeX-AMS-MML_HTMLorMML-full,Safe")


def site_settings() -> dict:
    "Title, description and addresses of the project, from settings.ini."
    from configparser import ConfigParser
    cfg = ConfigParser(delimiters=["="])
    cfg.read(ROOT / "settings.ini", encoding="utf-8")
    d = cfg["DEFAULT"]
    return {"title": d.get("title", d["lib_name"]), "description": d.get("description", ""),
            "git_url": d.get("git_url", ""), "branch": d.get("branch", "main"),
            "nbs_path": d.get("nbs_path", "nbs"),
            "doc_url": d.get("doc_host", "").rstrip("/") + d.get("doc_baseurl", "")}


def write_pages(out: Path, sections: list, pages: dict, mathjax_url: str, settings: dict):
    "Put every page's content into the page template, with the sidebar and prev/next links."
    import jinja2
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE)), autoescape=False)
    template = env.get_template("page.html.j2")
    nav = []
    for title, names in sections:
        items = []
        for name in names:
            if name not in pages: continue
            p = pages[name]
            number = re.match(r"^(\d+)_", name)
            items.append({"href": p["href"], "title": p["title"], "name": name,
                          "number": str(int(number.group(1))) if number else ""})
        if items: nav.append({"title": title, "items": items})
    order = [item for section in nav for item in section["items"]]
    for i, item in enumerate(order):
        p = pages[item["name"]]
        html_text = template.render(
            site=settings, page=p, nav=nav, current=p["href"], mathjax_url=mathjax_url,
            description=inline_markdown(p["description"]),
            prev=order[i - 1] if i > 0 else None, next=order[i + 1] if i + 1 < len(order) else None,
            source_url="/".join([settings["git_url"], "blob", settings["branch"],
                                 settings["nbs_path"], item["name"]]))
        (out / p["href"]).parent.mkdir(parents=True, exist_ok=True)
        (out / p["href"]).write_text(html_text, encoding="utf-8")


def process_all(names: list, jobs: int, exact: bool = False) -> tuple:
    "nbdev's processing of every notebook, each in a fresh Python, `jobs` at a time."
    results, failed = {}, []

    def run(name, tmp):
        dest = Path(tmp) / (name + ".json")
        start = time.time()
        proc = subprocess.run([sys.executable, __file__, "--nbdev-process", name, str(dest)]
                              + (["--as-nbdev-docs"] if exact else []),
                              cwd=ROOT, capture_output=True, text=True)
        print(f"  {name}: processed by nbdev in {time.time() - start:.1f} s", flush=True)
        if proc.returncode != 0:
            raise RuntimeError("\n".join(proc.stderr.strip().splitlines()[-12:]))
        return json.loads(dest.read_text(encoding="utf-8"))

    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        futures = {pool.submit(run, name, tmp): name for name in names}
        for future in concurrent.futures.as_completed(futures):
            name = futures[future]
            try: results[name] = future.result()
            except Exception as e:
                failed.append(name)
                print(f"error: nbdev could not process {name}:\n{e}", file=sys.stderr)
    return results, failed


def build_site(out: Path, jobs: int, exact: bool = False) -> int:
    "Build the whole site into `out`; returns the number of notebooks that failed."
    start = time.time()
    settings = site_settings()
    sections = reading_order()
    names = [n for _, ns in sections for n in ns]
    for name in names:
        if description_cut(name):
            warn(f"{name}: its '>' description spans several lines; nbdev (and so Quarto) keeps "
                 "only the first line: write the description on one line")
    print(f"processing {len(names)} notebooks with nbdev ({jobs} workers)...", flush=True)
    results, failed = process_all(names, jobs, exact)
    if out.exists(): shutil.rmtree(out)
    out.mkdir(parents=True)
    mathjax_url = site_assets(out)

    pages = {}
    for name in names:
        if name not in results: continue
        for message in results[name]["warnings"]:
            warn(f"{name}: nbdev: {message}")
        try: pages[name] = render_page(name, results[name], settings["doc_url"])
        except Exception as e:
            failed.append(name)
            print(f"error: could not render {name}: {type(e).__name__}: {e}", file=sys.stderr)
    for note in dict.fromkeys(fix_symbol_links(list(pages.values()))): warn(note)
    if "index.ipynb" in results:
        readme = ROOT / "README.md"
        text = readme.read_text(encoding="utf-8") if readme.exists() else None
        if text != readme_markdown(results["index.ipynb"])[0]:
            warn("README.md does not match nbs/index.ipynb: "
                 "run python tools/site/build.py --readme")
    write_pages(out, sections, pages, mathjax_url, settings)
    for rel in sorted({f for p in pages.values() for f in p["files"]}):  # images the pages show
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(NBS / rel, out / rel)
    shown = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
    print(f"site: {len(pages)} pages written to {shown}/ in {time.time() - start:.0f} s"
          + (f"; {len(failed)} notebooks failed: {', '.join(sorted(failed))}" if failed else ""))
    return len(failed)


# ---------------------------------------------------------------------------------------------
# README.md
# ---------------------------------------------------------------------------------------------

def readme_markdown(processed: dict) -> tuple:
    "README.md's text from the nbdev-processed index notebook, and the images it refers to."
    from nbconvert import MarkdownExporter
    nb = notebook_node(processed["nb"])
    fm = {**processed["frontmatter"], **prepare(nb, target="md")}
    exporter = MarkdownExporter(template_name="markdown", template_file="readme.md.j2",
                                extra_template_paths=[str(HERE)])
    stem = Path(processed["name"]).stem
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*missing an id field")
        body, resources = exporter.from_notebook_node(
            nb, resources={"output_files_dir": stem + "_files", "unique_key": stem})
    head = f"# {fm.get('title', site_settings()['title'])}\n\n"
    if fm.get("description"): head += f"> {fm['description']}\n\n"
    return re.sub(r"\n{3,}", "\n\n", head + body).strip() + "\n", resources.get("outputs", {})


def build_readme(readme_nb: str = "index.ipynb") -> None:
    "Write README.md (and its images) from the index notebook, as `nbdev_readme` does with Quarto."
    text, images = readme_markdown(nbdev_process(readme_nb))
    (ROOT / "README.md").write_text(text, encoding="utf-8")
    for rel, data in images.items():
        (ROOT / rel).parent.mkdir(parents=True, exist_ok=True)
        (ROOT / rel).write_bytes(data)
    print(f"README.md written from nbs/{readme_nb} ({len(text.splitlines())} lines"
          + (f", {len(images)} images" if images else "") + ")")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readme", action="store_true",
                        help="write README.md from nbs/index.ipynb")
    parser.add_argument("--out", default=str(ROOT / "_site"), help="output folder (default _site)")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks processed at once")
    parser.add_argument("--as-nbdev-docs", action="store_true",
                        help="process the notebooks exactly as nbdev_docs does: also run the cells "
                             "that mix imports with other code (slow; shows what Quarto users get)")
    parser.add_argument("--nbdev-process", nargs=2, metavar=("NOTEBOOK", "DEST"),
                        help=argparse.SUPPRESS)  # internal: one notebook, in its own process
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    if args.nbdev_process:
        name, dest = args.nbdev_process
        Path(dest).write_text(json.dumps(nbdev_process(name, args.as_nbdev_docs)), encoding="utf-8")
        return 0
    if args.readme:
        build_readme()
        return 0
    return 1 if build_site(Path(args.out).resolve(), args.jobs, args.as_nbdev_docs) else 0


if __name__ == "__main__":
    sys.exit(main())

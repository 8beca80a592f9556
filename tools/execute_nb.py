"""Execute a notebook in place, saving its outputs, as the website shows them.

Every cell runs, `#| slow` ones included, except cells marked `#| eval: false` (nbdev never
runs those, and nbconvert alone would): they keep their source and get no output.
Figures are then stored as PNGs of at most 256 colours: the saved outputs are the website, and
a plot's antialiased lines look the same at a third of the bytes.
Usage: python tools/execute_nb.py nbs/05_backprop.ipynb [...]
       python tools/execute_nb.py --shrink-only nbs/*.ipynb   (saved figures only, no execution)
"""
import base64
import io
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

_NO_EVAL = re.compile(r"^#\|\s*eval:\s*false\s*$", re.MULTILINE)


def palette_png(png: bytes) -> bytes:
    "`png` as a PNG of at most 256 colours if that is smaller and it is opaque, else unchanged."
    from PIL import Image   # comes with matplotlib
    image = Image.open(io.BytesIO(png))
    if image.mode in ("RGBA", "LA", "PA") and image.getchannel("A").getextrema()[0] < 255:
        return png   # transparent pixels: leave the figure as it is
    small = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT,
                                          dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, "png", optimize=True)
    return out.getvalue() if out.tell() < len(png) else png


def shrink_figures(nb) -> tuple:
    "Store every PNG output of `nb` as a palette PNG (see `palette_png`); bytes before and after."
    before = after = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" not in data: continue
            png = base64.b64decode(data["image/png"])
            small = palette_png(png)
            before, after = before + len(png), after + len(small)
            if small is not png: data["image/png"] = base64.b64encode(small).decode("ascii") + "\n"
    return before, after


def execute(path: Path) -> int:
    "Run the notebook at `path` in its own folder and write it back with outputs; return cells skipped."
    nb = nbformat.read(path, as_version=4)
    held = {i: cell.source for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and _NO_EVAL.search(cell.source)}
    for i in held: nb.cells[i].source = ""
    client = NotebookClient(nb, timeout=None, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    client.execute()
    for i, source in held.items():
        nb.cells[i].source, nb.cells[i].outputs, nb.cells[i].execution_count = source, [], None
    shrink_figures(nb)
    nbformat.write(nb, path)
    return len(held)


if __name__ == "__main__":
    names = sys.argv[1:]
    if names and names[0] == "--shrink-only":
        for name in names[1:]:
            nb = nbformat.read(name, as_version=4)
            before, after = shrink_figures(nb)
            nbformat.write(nb, name)
            print(f"{name}: figures {before / 1024:.0f} kB -> {after / 1024:.0f} kB")
    else:
        for name in names:
            skipped = execute(Path(name))
            print(f"executed {name}" + (f" (left {skipped} '#| eval: false' cells unrun)" if skipped else ""))

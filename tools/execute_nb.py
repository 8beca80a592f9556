"""Execute a notebook in place, saving its outputs, as the website shows them.

Every cell runs, `#| slow` ones included, except cells marked `#| eval: false` (nbdev never
runs those, and nbconvert alone would): they keep their source and get no output.
Usage: python tools/execute_nb.py nbs/05_backprop.ipynb
"""
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

_NO_EVAL = re.compile(r"^#\|\s*eval:\s*false\s*$", re.MULTILINE)


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
    nbformat.write(nb, path)
    return len(held)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        skipped = execute(Path(name))
        print(f"executed {name}" + (f" (left {skipped} '#| eval: false' cells unrun)" if skipped else ""))

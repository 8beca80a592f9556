#!/usr/bin/env bash
# Authoring helper: turn percent-format scripts (`# %%` cells) into notebooks in nbs/, keeping
# the saved outputs of an existing notebook, then clean it the nbdev way.
# Usage: tools/py2nb.sh path/to/01_activations.py [...]
set -euo pipefail
for src in "$@"; do
  nb="nbs/$(basename "${src%.py}").ipynb"
  if [ -f "$nb" ]; then jupytext --quiet --update --to ipynb "$src" -o "$nb"
  else jupytext --quiet --to ipynb "$src" -o "$nb"; fi
  nbdev_clean --fname "$nb"
done

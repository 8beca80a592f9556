#!/usr/bin/env bash
# Re-execute notebooks top to bottom (every cell, `#| slow` ones included, `#| eval: false`
# ones excepted) and save their outputs, which are what the website shows; then clean them
# the nbdev way. Figures are saved as PNGs of at most 256 colours (see tools/execute_nb.py);
# `python tools/execute_nb.py --shrink-only nbs/*.ipynb` does that to saved outputs alone.
# Set FFNN_LIT_STUDY=full to run the MNIST study notebooks on the full data (see their pages).
# Usage: bash tools/refresh_outputs.sh nbs/01_activations.ipynb [...]   (default: all notebooks)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${FFNN_LIT_VENV:-$(pwd)/.venv}
export PATH="$venv/bin:$PATH" MPLBACKEND=module://matplotlib_inline.backend_inline
# One BLAS thread: on a busy 2-core machine a second OpenBLAS thread makes training many times
# slower (see the performance chapter). Set OPENBLAS_NUM_THREADS to override.
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1} OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
[ $# -gt 0 ] || set -- nbs/[0-9]*.ipynb nbs/index.ipynb
for nb in "$@"; do
  echo "== $nb"
  python tools/execute_nb.py "$nb"
  nbdev_clean --fname "$nb"
done

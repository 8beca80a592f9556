#!/usr/bin/env bash
# Build the tutorial website without Quarto and check it in a real browser. On a fresh machine it
# does all the set-up itself, like tools/test.sh:
#   1. creates a virtual environment (.venv, or $FFNN_LIT_VENV) and installs ffnn_lit with its
#      development tools from this repository's own files (settings.ini / setup.py);
#   2. builds the site into _site/ from the notebooks' saved outputs (tools/site/build.py);
#   3. opens every page in headless Chromium (installed with apt-get if missing) and fails on a
#      page error, a broken link or image, or a formula that does not render (tools/site/check.py),
#      ending with "pages: N passed, N failed"; screenshots go to _site/_screenshots/.
# Usage: bash tools/site/site.sh [--no-check]
# Then read the site with: python3 -m http.server -d _site 8000  (and open localhost:8000)
set -uo pipefail
cd "$(dirname "$0")/../.."
source tools/dev_env.sh || exit 1

echo "== building the site (tools/site/build.py)"
"$venv/bin/python" tools/site/build.py || exit 1
[ "${1:-}" = "--no-check" ] && exit 0

echo "== checking every page in Chromium (tools/site/check.py)"
"$venv/bin/python" tools/site/check.py

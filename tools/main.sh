#!/usr/bin/env bash
# The project's main job. On a fresh machine it does all the set-up itself: creates a virtual
# environment (.venv, or $FFNN_LIT_VENV), installs ffnn_lit from this repository, and trains a
# network on MNIST with the `ffnn-lit` command, passing on every option it is given.
#   bash tools/main.sh                                  # MNIST from OpenML (downloaded once)
#   bash tools/main.sh --data-dir ../shared/data/mnist  # MNIST from the IDX files, offline
#   bash tools/main.sh --help                           # all options
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${FFNN_LIT_VENV:-$(pwd)/.venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
if ! "$venv/bin/python" -m pip install -q --disable-pip-version-check -e . >/tmp/ffnn_lit_install.log 2>&1; then
  echo "tools/main.sh: installing ffnn_lit failed; see /tmp/ffnn_lit_install.log" >&2; exit 1
fi
exec "$venv/bin/ffnn-lit" "$@"

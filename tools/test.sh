#!/usr/bin/env bash
# The project's test command. On a fresh machine it does all the set-up itself:
#   1. creates a virtual environment (.venv, or $FFNN_LIT_VENV) and installs ffnn_lit with its
#      development tools from this repository's own files (settings.ini / setup.py);
#   2. checks that the notebooks are the source: `nbdev_export` must leave the package
#      unchanged and `nbdev_clean` must leave the notebooks unchanged;
#   3. runs every notebook as a test with `nbdev_test` (cells marked `#| slow` are skipped;
#      pass `--flags slow` to run them too) and ends with "N passed, N failed".
# Usage: bash tools/test.sh [extra nbdev_test options]
set -uo pipefail
cd "$(dirname "$0")/.."
source tools/dev_env.sh || exit 1

status=0
snapshot() { find ffnn_lit nbs -type f \( -name '*.py' -o -name '*.ipynb' \) -not -path '*/.ipynb_checkpoints/*' -print0 | sort -z | xargs -0 sha256sum; }

echo "== nbdev_export leaves the package unchanged"
before=$(snapshot); nbdev_export || status=1; after=$(snapshot)
if [ "$before" != "$after" ]; then
  echo "FAIL: nbdev_export changed the package; run nbdev_export and commit:"; diff <(echo "$before") <(echo "$after") | grep '^>' | awk '{print "  " $3}'
  status=1
fi

echo "== nbdev_clean leaves the notebooks unchanged"
before=$(snapshot); nbdev_clean || status=1; after=$(snapshot)
if [ "$before" != "$after" ]; then
  echo "FAIL: nbdev_clean changed notebooks; run nbdev_clean and commit:"; diff <(echo "$before") <(echo "$after") | grep '^>' | awk '{print "  " $3}'
  status=1
fi

echo "== nbdev_test"
notebooks=$(ls nbs/*.ipynb | grep -v '/_' | wc -l)
start=$(date +%s)
nbdev_test --n_workers 2 --timing "$@" 2>&1 | tee /tmp/ffnn_lit_nbdev_test.log
test_status=${PIPESTATUS[0]}
failed=$(awk '/Tests Failed On The Following Notebooks/{f=1; next} f && /\.ipynb/{n++} END{print n+0}' /tmp/ffnn_lit_nbdev_test.log)
[ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=$notebooks
echo "nbdev_test took $(( $(date +%s) - start )) s"
[ "$test_status" -eq 0 ] || status=1
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || echo "(the export or clean check failed; see above)"
echo "notebooks: $((notebooks - failed)) passed, $failed failed" | tee /tmp/ffnn_lit_test_summary
exit $status

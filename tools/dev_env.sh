# Sourced from the repository root by tools/test.sh and tools/site/site.sh: creates the virtual
# environment ($FFNN_LIT_VENV, default .venv) if it is missing, installs ffnn_lit with its
# development tools from this repository's own files (settings.ini / setup.py), and puts it
# first on PATH.
venv=${FFNN_LIT_VENV:-$(pwd)/.venv}
echo "== setting up $venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" || return 1
"$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null || return 1
"$venv/bin/python" -m pip install -q --disable-pip-version-check -e ".[dev]" || return 1
export PATH="$venv/bin:$PATH" MPLBACKEND=Agg PYTHONHASHSEED=0
# One BLAS thread per process: two notebooks run at once on two cores, and on a busy machine a
# second OpenBLAS thread makes each matrix product many times slower. Set them to override.
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1} OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}

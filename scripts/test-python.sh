#!/usr/bin/env bash
# The Python and PySpark tests, from nothing but the Rust toolchain, CPython
# 3.11+ with pip, and Java 17 (for Spark).
#
# Makes a virtual environment under target/ (kept between runs; delete
# target/python-venv to start over), installs the pinned test requirements
# (tests/python/requirements.txt) and newsx itself with `pip install .`,
# builds the CLI the tests compare against, and runs pytest on tests/python,
# the PySpark local-mode tests included. Exits non-zero on any failure, and
# when pytest collects no test at all (its exit status 5). Extra arguments
# go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PYTHONDONTWRITEBYTECODE=1
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$PWD/$target_dir" ;; esac
venv="$target_dir/python-venv"

python="${PYTHON:-}"
if [ -z "$python" ]; then
    for candidate in python3.11 python3 python; do
        if command -v "$candidate" >/dev/null 2>&1; then
            python="$candidate"
            break
        fi
    done
fi
if [ -z "$python" ] || ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "test-python: needs CPython 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
    exit 1
fi
if ! command -v java >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "== installing a Java runtime for PySpark (Debian package)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
if ! command -v java >/dev/null 2>&1; then
    echo "test-python: needs Java 17 or newer on PATH for the PySpark tests" >&2
    exit 1
fi

if ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
    echo "== creating $venv with $("$python" --version)"
    rm -rf "$venv"
    "$python" -m venv "$venv"
fi
py="$venv/bin/python"
# As if activated: the maturin build backend runs `maturin` from PATH.
export VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH"

echo "== installing test requirements"
"$py" -m pip install --quiet -r tests/python/requirements.txt

echo "== pip install . (maturin, release build)"
"$py" -m pip install --quiet --no-build-isolation --force-reinstall --no-deps .

echo "== building the CLI the tests compare against"
cargo build --quiet --bin newsx
export NEWSX_CLI="$target_dir/debug/newsx"

echo "== pytest tests/python"
status=0
"$py" -m pytest -p no:cacheprovider -rs tests/python "$@" || status=$?
if [ "$status" -eq 5 ]; then
    echo "test-python: pytest collected no tests" >&2
    exit 1
fi
exit "$status"

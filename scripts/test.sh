#!/usr/bin/env bash
# The whole test suite: formatting, lints, Rust tests (unit, golden, property,
# CLI, doc tests, benches run once), then the Python and PySpark tests.
# Needs only what scripts/ install on a fresh machine (see README).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --check

echo "== cargo clippy"
cargo clippy --all-targets --quiet

echo "== cargo test"
cargo test

echo "== cargo test --benches (each benchmark once)"
cargo test --benches --quiet

if [ -f scripts/test-python.sh ]; then
    echo "== Python and PySpark tests"
    bash scripts/test-python.sh
fi

#!/usr/bin/env bash
# The Python package (python/, docs/python.md), as a user gets it: a new venv, `pip install
# ./python` (maturin builds the extension in release), then its pytest suite, which checks every
# result against the CLI binary. Run by .ci/run; installs what it needs.
#
#   scripts/python-check.sh [pytest args...]     PYTHON=python3.9 picks the interpreter
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
PYTHON=${PYTHON:-python3}
venv=$root/target/python-venv

if ! command -v "$PYTHON" >/dev/null || ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
    echo "python-check: needs Python >= 3.9 (set PYTHON)" >&2
    exit 1
fi
if ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3-venv
fi

# The Rust side first: the extension crate is its own workspace (python/Cargo.toml).
cargo fmt --check --manifest-path python/Cargo.toml
cargo clippy --manifest-path python/Cargo.toml --all-targets -- -D warnings

rm -rf "$venv"
"$PYTHON" -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check pytest
# pandas is optional for the package; its helper's tests skip without it.
"$venv/bin/pip" install -q --disable-pip-version-check pandas ||
    echo "python-check: pandas could not be installed; the pandas tests will skip" >&2

started=$(date +%s)
"$venv/bin/pip" install -q --disable-pip-version-check ./python
echo "python-check: pip install ./python took $(($(date +%s) - started)) s" >&2

# The CLI the contract is checked against (already built by `cargo test` in CI).
cargo build -q --bin skillgap
export SKILLGAP_BIN=$root/target/debug/skillgap
# From the repository root, so `import skillgap` is the installed package, not python/skillgap.
"$venv/bin/python" -m pytest -q python/tests "$@"

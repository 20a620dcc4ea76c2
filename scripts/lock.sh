#!/usr/bin/env bash
# Remake constraints.txt: the newest versions pyproject.toml allows (the [test] and [postgresql] extras
# included), installed afresh in a throwaway environment from the interpreter .venv is made from, then written
# down one per line. Run the tests after it (bash scripts/test.sh reinstalls .venv from the new file) and commit
# constraints.txt once they pass.   bash scripts/lock.sh
# The build backend is pinned apart, in pyproject.toml [build-system] requires (constraints do not reach pip's
# isolated build environment): move it there by hand.
set -euo pipefail
INTAKE_ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
py="${PYTHON:-/usr/bin/python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$py" -m venv "$tmp/venv"
(cd "$INTAKE_ROOT" && "$tmp/venv/bin/python" -m pip install -q '.[test,postgresql]')
{
  sed -n '/^#/p' "$INTAKE_ROOT/constraints.txt"
  "$tmp/venv/bin/python" -m pip freeze --exclude intake
} >"$tmp/constraints.txt"
mv "$tmp/constraints.txt" "$INTAKE_ROOT/constraints.txt"
echo "constraints.txt remade: git diff constraints.txt shows what moved" >&2

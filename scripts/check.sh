#!/usr/bin/env bash
# The project's static checks: bash scripts/check.sh
#
# ruff (lint and import order) on intake/, tests/ and bench/, and mypy (types; strict on intake/core/) on
# intake/, with the versions pinned in pyproject.toml's `test` extra (installed in .venv by
# scripts/setup-venv.sh). .ci/run runs it before the tests; configuration in pyproject.toml ([tool.ruff], [tool.mypy]).
set -euo pipefail

. "$(dirname -- "${BASH_SOURCE[0]}")/setup-venv.sh"

cd "$INTAKE_ROOT"
"$INTAKE_VENV/bin/ruff" check intake tests bench
"$INTAKE_VENV/bin/mypy" intake

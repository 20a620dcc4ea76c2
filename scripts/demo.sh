#!/usr/bin/env bash
# Run the demo: bash scripts/demo.sh [args for `intake demo`...]
# Sets up .venv like scripts/test.sh (see scripts/setup-venv.sh), then runs `intake demo`
# in the current directory.
set -euo pipefail

. "$(dirname -- "${BASH_SOURCE[0]}")/setup-venv.sh"

exec "$INTAKE_VENV/bin/intake" demo "$@"

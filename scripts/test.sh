#!/usr/bin/env bash
# The project's test command: bash scripts/test.sh [pytest args...]   (default: -q)
#
# Installs what the integration tests need when it is missing -- the Debian packages
# dovecot-imapd dovecot-lmtpd openssl postgresql (as root; otherwise prints the apt-get command)
# and .venv with the project (see scripts/setup-venv.sh) -- then runs pytest from the
# project root (so paths in the arguments are relative to the project root).
set -euo pipefail

. "$(dirname -- "${BASH_SOURCE[0]}")/setup-venv.sh"

TEST_DEBS=(dovecot-imapd dovecot-lmtpd openssl chromium tesseract-ocr tesseract-ocr-fra poppler-utils fonts-dejavu-core antiword zip faketime postgresql libreoffice-calc-nogui)
if command -v dpkg-query >/dev/null 2>&1; then
  mapfile -t missing < <(deb_missing "${TEST_DEBS[@]}")
  apt_install "${missing[@]}"
else
  # Not Debian: only check that the programs exist.
  for prog in dovecot doveadm openssl; do
    if ! command -v "$prog" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$prog" ] && [ ! -x "/usr/bin/$prog" ]; then
      echo "error: $prog not found; install Dovecot (imapd + lmtpd) and openssl" >&2
      exit 1
    fi
  done
fi

cd "$INTAKE_ROOT"
if [ "$#" -eq 0 ]; then
  set -- -q
fi
exec "$INTAKE_VENV/bin/python" -m pytest "$@"

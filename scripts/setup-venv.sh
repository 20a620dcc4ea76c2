# shellcheck shell=bash
# Shared setup, sourced by scripts/test.sh and scripts/demo.sh (not run directly).
#
# After `. scripts/setup-venv.sh`:
#   INTAKE_ROOT  absolute path of the project root
#   INTAKE_VENV  "$INTAKE_ROOT/.venv", holding the project installed editable with the
#                [test] extra; reinstalled only when pyproject.toml changed (a sha256
#                stamp is kept in .venv/.intake-install-stamp)
# and the helpers deb_missing / apt_install are defined.  The caller's working
# directory is not changed.
#
# Environment: PYTHON (default python3) is the interpreter used to create .venv.

INTAKE_ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
INTAKE_VENV="$INTAKE_ROOT/.venv"
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

# deb_missing PKG...: print (one per line) the Debian packages that are not installed.
deb_missing() {
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
      printf '%s\n' "$pkg"
    fi
  done
}

# apt_install PKG...: install Debian packages (apt-get update first).  Only as root;
# otherwise print the exact command to run and exit 1.
apt_install() {
  [ "$#" -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ]; then
    echo "error: missing Debian packages: $*" >&2
    echo "Install them, then run this script again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y $*" >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: missing packages ($*) and no apt-get here; install them with your package manager" >&2
    exit 1
  fi
  echo ">> apt-get install -y $*" >&2
  apt-get -q -o DPkg::Lock::Timeout=600 update </dev/null >&2
  apt-get -q -y -o DPkg::Lock::Timeout=600 install "$@" </dev/null >&2
}

_intake_create_venv() {
  local py="${PYTHON:-python3}" out
  rm -rf "$INTAKE_VENV"
  if out="$("$py" -m venv "$INTAKE_VENV" 2>&1)"; then
    return 0
  fi
  rm -rf "$INTAKE_VENV"
  # Debian's python3 has no ensurepip until python3-venv is installed.
  if command -v dpkg-query >/dev/null 2>&1 && [ -n "$(deb_missing python3-venv)" ]; then
    echo "'$py -m venv' failed; installing python3-venv" >&2
    apt_install python3-venv
    "$py" -m venv "$INTAKE_VENV"
  else
    printf '%s\n' "$out" >&2
    echo "error: '$py -m venv $INTAKE_VENV' failed" >&2
    exit 1
  fi
}

_intake_setup_venv() {
  local stamp="$INTAKE_VENV/.intake-install-stamp" want have=""
  if [ ! -x "$INTAKE_VENV/bin/python" ]; then
    echo ">> creating $INTAKE_VENV" >&2
    _intake_create_venv
  fi
  want="$("$INTAKE_VENV/bin/python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest(), "[test]")' "$INTAKE_ROOT/pyproject.toml")"
  if [ -f "$stamp" ]; then
    have="$(cat "$stamp")"
  fi
  if [ "$want" != "$have" ]; then
    echo ">> pip install -e '.[test]' (pyproject.toml changed or first run)" >&2
    (cd "$INTAKE_ROOT" && "$INTAKE_VENV/bin/python" -m pip install -q -e '.[test]')
    printf '%s\n' "$want" >"$stamp"
  fi
}

_intake_setup_venv

# shellcheck shell=bash
# Shared setup, sourced by scripts/test.sh, scripts/demo.sh and scripts/check.sh (not run directly).
#
# After `. scripts/setup-venv.sh`:
#   INTAKE_ROOT  absolute path of the project root
#   INTAKE_VENV  "$INTAKE_ROOT/.venv", holding the project installed editable with the
#                [test] extra, at the versions constraints.txt pins; reinstalled only when
#                pyproject.toml or constraints.txt changed (a sha256 stamp is kept in
#                .venv/.intake-install-stamp)
# and the helpers deb_missing / apt_install are defined.  The caller's working
# directory is not changed.
#
# The interpreter: .venv is made from the one the README's install uses, Debian's /usr/bin/python3, so that
# the tests run on the Python production runs on (Debian's 3.11.2 carries security backports that change
# behaviour, e.g. a strict email.utils.getaddresses, which a python3 first in PATH -- pyenv's, say -- lacks).
# Environment: PYTHON overrides it; without /usr/bin/python3, `python3` from PATH is used (on Debian,
# as root, python3 and python3-venv are installed first).  An existing .venv made from another
# interpreter (its real base executable differs) is deleted and made again.
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

# _intake_python: set _INTAKE_PY to the interpreter to make .venv from (see the top of this file).
_intake_python() {
  if [ -n "${PYTHON:-}" ]; then
    _INTAKE_PY="$PYTHON"
  elif [ -x /usr/bin/python3 ]; then
    _INTAKE_PY=/usr/bin/python3
  elif command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
    # Debian without its python3 (a minimal image): install it, as the README's install does.
    apt_install python3 python3-venv
    _INTAKE_PY=/usr/bin/python3
  else
    _INTAKE_PY=python3
  fi
}

# _intake_base PYTHON: the real path of the interpreter behind PYTHON (a venv's python: the one it was made
# from); fails when PYTHON does not run.
_intake_base() {
  "$1" -c 'import os, sys; print(os.path.realpath(getattr(sys, "_base_executable", "") or sys.executable))' 2>/dev/null
}

_intake_create_venv() {
  local py="$1" out
  rm -rf "$INTAKE_VENV"
  # Debian's python3 has no ensurepip until python3-venv is installed.
  if [ "$py" = /usr/bin/python3 ] && command -v dpkg-query >/dev/null 2>&1 && [ -n "$(deb_missing python3-venv)" ]; then
    apt_install python3-venv
  fi
  if out="$("$py" -m venv "$INTAKE_VENV" 2>&1)"; then
    return 0
  fi
  rm -rf "$INTAKE_VENV"
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
  local stamp="$INTAKE_VENV/.intake-install-stamp" want have="" py base venv_base=""
  _intake_python
  py="$_INTAKE_PY"
  if ! base="$(_intake_base "$py")" || [ -z "$base" ]; then
    echo "error: '$py' does not run (set PYTHON to a Python 3.11 or later)" >&2
    exit 1
  fi
  if [ -x "$INTAKE_VENV/bin/python" ]; then
    venv_base="$(_intake_base "$INTAKE_VENV/bin/python")" || venv_base=""
  fi
  if [ ! -x "$INTAKE_VENV/bin/python" ]; then
    echo ">> creating $INTAKE_VENV from $py ($base)" >&2
    _intake_create_venv "$py"
  elif [ "$venv_base" != "$base" ]; then
    echo ">> $INTAKE_VENV was made from ${venv_base:-an interpreter that no longer runs}; making it again from $py ($base)" >&2
    _intake_create_venv "$py"
  fi
  want="$("$INTAKE_VENV/bin/python" -c 'import hashlib, sys; print(*(hashlib.sha256(open(f, "rb").read()).hexdigest() for f in sys.argv[1:]), "[test]")' "$INTAKE_ROOT/pyproject.toml" "$INTAKE_ROOT/constraints.txt")"
  if [ -f "$stamp" ]; then
    have="$(cat "$stamp")"
  fi
  if [ "$want" != "$have" ]; then
    echo ">> pip install -c constraints.txt -e '.[test]' (pyproject.toml or constraints.txt changed, or first run)" >&2
    (cd "$INTAKE_ROOT" && "$INTAKE_VENV/bin/python" -m pip install -q -c constraints.txt -e '.[test]')
    printf '%s\n' "$want" >"$stamp"
  fi
}

_intake_setup_venv

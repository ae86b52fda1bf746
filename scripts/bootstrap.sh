#!/usr/bin/env bash
# Create .venv with a Python >= 3.12 and install the project into it with the extras given as the
# argument (default "all": the app, Dask and EMA Workbench; "test" adds the test tools to those).
# Safe to run again: it reinstalls only when pyproject.toml or the extras change.
set -euo pipefail
cd "$(dirname "$0")/.."

is_new_enough() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

find_python() {
  local candidate version root
  for candidate in ${PYTHON:-} python3.13 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && is_new_enough "$candidate"; then
      command -v "$candidate"; return 0
    fi
  done
  # pyenv shims fail unless a version is selected; ask pyenv for its newest 3.12+ directly
  if command -v pyenv >/dev/null 2>&1; then
    root="$(pyenv root)"
    for version in $(ls "$root/versions" 2>/dev/null | sort -t. -k1,1n -k2,2n -k3,3n -r); do
      candidate="$root/versions/$version/bin/python3"
      if [ -x "$candidate" ] && is_new_enough "$candidate"; then echo "$candidate"; return 0; fi
    done
  fi
  return 1
}

if [ ! -x .venv/bin/python ] || ! is_new_enough .venv/bin/python; then
  python="$(find_python)" || { echo "ssrsim needs Python >= 3.12; none found (set PYTHON=/path/to/python3.12)" >&2; exit 1; }
  echo "creating .venv with $python ($("$python" --version))"
  rm -rf .venv
  "$python" -m venv .venv
fi

extras="${1:-all}"
target=".[${extras}]"
stamp=".venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)-${extras}"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e "$target"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

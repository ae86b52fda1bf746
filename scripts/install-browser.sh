#!/usr/bin/env bash
# The teaching app's browser tests drive Debian's Chromium through Playwright. Install it when it is
# missing and this user may (root, or passwordless sudo); otherwise say so, and the browser tests
# are skipped locally (under CI they fail instead, so CI never silently skips them).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo"; else sudo="none"; fi
  if [ "$sudo" != none ]; then
    echo "installing chromium for the browser tests"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
    exit 0
  fi
fi
echo "note: chromium is not installed and cannot be installed here; the browser tests will be skipped" >&2

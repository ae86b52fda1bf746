#!/usr/bin/env bash
# Time `make test` (install, lint and the whole suite) on a fresh clone of this checkout's HEAD, as CI
# runs it. Installs come from pip's cache where it has the wheels, as on a CI machine that keeps one.
set -euo pipefail
source="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
git clone --quiet "$source" "$scratch/ssrsim"
cd "$scratch/ssrsim"
echo "$(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s)
make test
echo "make test on a fresh clone: $(( $(date +%s) - start )) s; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

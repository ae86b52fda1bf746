#!/usr/bin/env bash
# Instructions executed by a default run (Kyrgyzstan, holistic, 10,000 citizens, 80 quarters), counted
# by callgrind: unlike wall-clock time, the count does not depend on what else the machine is doing.
# It subtracts a run of 0 quarters, so imports and model building are left out. String hashing is
# fixed (PYTHONHASHSEED=0) and BLAS kept to one thread (callgrind counts the idle loops of BLAS worker
# threads too, as many as the machine's load lets them spin): without both the count wanders by
# up to 15 million between runs of the same code.
set -euo pipefail
cd "$(dirname "$0")/.."
script=$(mktemp --suffix=.py)
trap 'rm -f "$script" /tmp/ssrsim-cg.*' EXIT
printf 'import sys\nfrom ssrsim import SSRModel\nSSRModel("kyrgyzstan", "holistic", rng=1).run_for(int(sys.argv[1]))\n' > "$script"
count() { PYTHONHASHSEED=0 OPENBLAS_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file=/tmp/ssrsim-cg.$1 .venv/bin/python "$script" "$1" 2>&1 | sed -n 's/.*Collected : //p'; }
zero=$(count 0); full=$(count 80)
echo "instructions for 80 quarters: $(( (full - zero) / 1000000 )) million ($(( (full - zero) / 80000 )) thousand a quarter)"

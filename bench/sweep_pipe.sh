#!/usr/bin/env bash
# A sweep stops when its reader goes away: `llmc run … --sweep … | head -1`
# at 1,000,000 and 10,000,000 points, with hyperfine. Both should take the
# same time (compiling the sweep and its first block), however many points
# the sweep has; for scale, the 1,000,000-point sweep run to the end into
# /dev/null.
#
# The points are the Llama 3.1 405B example with params × tokens × price:
# 1000 × 100 × 10 and 1000 × 100 × 100 values.
#
# Usage: bench/sweep_pipe.sh   (from anywhere in the checkout; needs hyperfine)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v hyperfine >/dev/null 2>&1 || {
    echo "error: hyperfine is not installed (apt-get install -y hyperfine)" >&2
    exit 1
}
cargo build --release --bin llmc
llmc="$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/release/llmc"

# N values of an axis: "1B params,2B params,…".
values() { seq -s, 1 "$1" | sed "s/,/$2,/g; s/\$/$2/"; }
params="params=$(values 1000 'B params')"
tokens="tokens=$(values 100 'T tokens')"
prices() { echo "price=$(seq -s, 1 "$1" | sed 's|,| USD/GPU/h,|g; s|$| USD/GPU/h|')"; }
sweep="$llmc run examples/llama3-405b.llmc --max-points 10000000 --sweep '$params' --sweep '$tokens'"

# -i: most of these points fail the example's `assert time < 90 days`, so
# llmc exits 1 after the table, as it should.
hyperfine -i --warmup 1 --min-runs 5 \
    -n "1M points | head -1" "$sweep --sweep '$(prices 10)' | head -1" \
    -n "10M points | head -1" "$sweep --sweep '$(prices 100)' | head -1" \
    -n "1M points > /dev/null" "$sweep --sweep '$(prices 10)' > /dev/null"

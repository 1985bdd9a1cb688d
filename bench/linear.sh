#!/usr/bin/env bash
# Cost that must grow linearly with the input (issue 10): each case is
# generated at two sizes, a small one and five times larger, and timed as a
# whole process (best of 3 runs); the ratio of the two times should be about
# 5 (quadratic growth would show as about 25).
#
#   errors:     N lines `cN = nosuch + 1` (an unknown name with a
#               suggestion in every cell), `llmc check`
#   duplicates: N definitions of `a`, `llmc check`
#   one line:   `a = 1;` N times on one line (every diagnostic excerpts
#               the same long line), `llmc check`, stderr bytes counted too
#   cycle json: a cycle of N cells, `llmc run --format json`
#   long name:  an unknown name of N characters ("did you mean"), `llmc check`
#   long sum:   one cell `1 + 1 + …` of 100·N terms (a flat chain, one level
#               of the tree), `llmc run --format json`
#   long product: one cell `1 * 1.00001 * …` of 100·N factors, the same
#
# Usage: bench/linear.sh [SMALL]   (default 2000; the larger size is 5×)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo build --release --quiet
llmc="$root/target/release/llmc"
small="${1:-2000}"
large=$((small * 5))
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

generate() { # case size file
    python3 -S - "$1" "$2" "$3" <<'PY'
import sys
case, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w") as f:
    if case == "errors":
        f.write("".join(f"c{i} = nosuch + 1\n" for i in range(n)))
    elif case == "duplicates":
        f.write("".join(f"a = {i}\n" for i in range(n)))
    elif case == "one-line":
        f.write("a = 1;" * n + "\n")
    elif case == "cycle-json":
        f.write("".join(f"c{i} = c{i + 1}\n" for i in range(n)) + f"c{n} = c0\n")
    elif case == "long-name":
        f.write("v = " + "q" * (n * 50) + "\n")
    elif case == "long-sum":
        f.write("v = 1" + " + 1" * (n * 100 - 1) + "\n")
    elif case == "long-product":
        f.write("v = 1" + " * 1.00001" * (n * 100 - 1) + "\n")
PY
}

seconds() { # command…: best of three wall-clock times, in seconds
    local best=""
    for _ in 1 2 3; do
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null 2>"$work/stderr" || true
        end=$(date +%s.%N)
        best=$(python3 -S -c "a='$best'; t=$end-$start; print(t if not a else min(float(a), t))")
    done
    printf '%.3f' "$best"
}

printf '| case | command | %s | %s | ratio | stderr bytes (large) |\n|---|---|---|---|---|---|\n' "$small" "$large"
for case in errors duplicates one-line cycle-json long-name long-sum long-product; do
    args=(check)
    case "$case" in cycle-json | long-sum | long-product) args=(run --format json) ;; esac
    generate "$case" "$small" "$work/small.llmc"
    generate "$case" "$large" "$work/large.llmc"
    t_small=$(seconds "$llmc" "${args[@]}" "$work/small.llmc")
    t_large=$(seconds "$llmc" "${args[@]}" "$work/large.llmc")
    bytes=$(wc -c <"$work/stderr")
    ratio=$(python3 -S -c "print(f'{$t_large / max($t_small, 1e-3):.1f}')")
    printf '| %s | `llmc %s` | %ss | %ss | %s | %s |\n' "$case" "${args[*]}" "$t_small" "$t_large" "$ratio" "$bytes"
done

#!/usr/bin/env bash
# Whole-process timings against the performance bars of SPEC §7, side by side
# with the tools the bars are set against, using hyperfine:
#
#   start-up:  `llmc eval '1+1'`   vs `fend '1+1'` and `numbat -e '1+1'`
#              (each only if on PATH) and `python3 -c 'print(1+1)'`;
#              bar: at fend's speed (~2–4 ms).
#   10k cells: `llmc check big.llmc`, `llmc run --format json big.llmc`,
#              `llmc run big.llmc` (10,000 generated cells) and the same cells
#              in reverse order, against `python3 -S big.py` doing the same
#              sums on plain floats and printing every cell; bar (SPEC §7):
#              at most half Python's time.
#   100k cells: `llmc check`, `llmc run --format json` and `python3 -S big.py`
#              on the 100,000-cell script, to show how the times grow.
#   memory:    peak RSS (`/usr/bin/time -v`) of `llmc check` and
#              `llmc run --format json` at 10,000 and 100,000 cells, and the
#              growth per cell between them; bar: at most 1 KB per cell.
#
# The script is the one `benches/evaluate.rs` generates (its `generate`),
# written out by running that bench with LLMC_BENCH_EMIT=DIR, so the criterion
# benches and this comparison measure the same cells.
#
# Usage: bench/compare.sh            (from anywhere in the checkout)
# Python is the interpreter binary itself with -S (no site import), never a
# version-manager shim: $PYTHON if set, else what `python3` resolves to
# (`sys.executable`).
# Needs: cargo, python3, hyperfine (`apt-get install -y hyperfine`); fend and
# numbat are optional (`cargo install --root /tmp/peers fend numbat-cli`, then
# put /tmp/peers/bin on PATH). Results, as Markdown, go to a temporary
# directory whose path is printed at the end.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if ! command -v hyperfine >/dev/null 2>&1; then
    echo "error: hyperfine is not installed; install it with" >&2
    echo "    apt-get update && apt-get install -y hyperfine   (or: cargo install hyperfine)" >&2
    exit 1
fi
for tool in cargo python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "error: $tool is not on PATH" >&2
        exit 1
    fi
done

work="$(mktemp -d "${TMPDIR:-/tmp}/llmc-compare.XXXXXX")"

echo "==> building the release binary"
cargo build --release --bin llmc
target_dir="$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
llmc="$target_dir/release/llmc"

echo "==> generating the 10,000- and 100,000-cell scripts into $work"
LLMC_BENCH_EMIT="$work" cargo bench --bench evaluate
LLMC_BENCH_EMIT="$work/100k" LLMC_BENCH_CELLS=100000 cargo bench --bench evaluate
for file in big.llmc big-reversed.llmc big.py 100k/big.llmc 100k/big.py; do
    [[ -s "$work/$file" ]] || { echo "error: $work/$file was not generated" >&2; exit 1; }
done

# The two programs must agree before their times mean anything: llmc's exit
# status says the sheet evaluated without errors, and both print 10,000 cells.
python="${PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}"
"$llmc" run "$work/big.llmc" >"$work/big.llmc.out"
"$python" -S "$work/big.py" >"$work/big.py.out"
for out in big.llmc.out big.py.out; do
    lines="$(wc -l <"$work/$out")"
    [[ "$lines" -eq 10000 ]] || { echo "error: $out has $lines lines, not 10000" >&2; exit 1; }
done

# Peers, only when installed: on PATH, or where the install line above puts
# them ($PEERS, /tmp/peers/bin unless set).
peers="${PEERS:-/tmp/peers/bin}"
if [[ -d "$peers" ]]; then
    PATH="$PATH:$peers"
fi
startup=(-n "llmc eval '1+1'" "$llmc eval 1+1")
if command -v fend >/dev/null 2>&1; then
    startup+=(-n "fend '1+1'" "$(command -v fend) 1+1")
else
    echo "note: fend is not on PATH; leaving it out"
fi
if command -v numbat >/dev/null 2>&1; then
    startup+=(-n "numbat -e '1+1'" "$(command -v numbat) -e 1+1")
else
    echo "note: numbat is not on PATH; leaving it out"
fi
# The interpreter itself, not a wrapper on PATH (a pyenv shim is a shell
# script that adds ~70 ms to every run).
startup+=(-n "python3 -S -c 'print(1+1)'" "$python -S -c print(1+1)")

echo
echo "==> machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "==> $("$python" --version 2>&1)"
if command -v fend >/dev/null 2>&1; then echo "==> fend $(fend --version)"; fi
if command -v numbat >/dev/null 2>&1; then echo "==> $(numbat --version)"; fi

load="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "==> load average: $load"

# One hyperfine run over whole processes: `measure NAME WARMUP RUNS ARGS…`
# leaves its tables in $work/NAME.md and $work/NAME.json. --shell=none: no
# shell start-up in the measured time (it would dominate a 2 ms command);
# stdout goes to /dev/null.
measure() {
    local name="$1" warmup="$2" runs="$3"
    shift 3
    hyperfine --shell=none --warmup "$warmup" --min-runs "$runs" \
        --export-markdown "$work/$name.md" --export-json "$work/$name.json" "$@"
}

echo
echo "==> start-up: one expression"
measure startup 5 50 "${startup[@]}"

echo
echo "==> 10,000 cells"
measure cells 2 15 \
    -n "llmc check big.llmc" "$llmc check $work/big.llmc" \
    -n "llmc run --format json big.llmc" "$llmc run --format json $work/big.llmc" \
    -n "llmc run big.llmc" "$llmc run $work/big.llmc" \
    -n "llmc run big-reversed.llmc" "$llmc run $work/big-reversed.llmc" \
    -n "python3 -S big.py" "$python -S $work/big.py"

echo
echo "==> 100,000 cells"
measure cells-100k 1 5 \
    -n "llmc check 100k/big.llmc" "$llmc check $work/100k/big.llmc" \
    -n "llmc run --format json 100k/big.llmc" "$llmc run --format json $work/100k/big.llmc" \
    -n "python3 -S 100k/big.py" "$python -S $work/100k/big.py"

# Peak memory at two sizes: the growth per cell is the difference.
echo
echo "==> peak memory"
peak_kb() {
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'
}
{
    echo "| Command | 10,000 cells [MB] | 100,000 cells [MB] | Growth per cell [bytes] |"
    echo "|:---|---:|---:|---:|"
    for command in check "run --format json"; do
        # shellcheck disable=SC2086 # $command is two words on purpose
        small="$(peak_kb "$llmc" $command "$work/big.llmc")"
        # shellcheck disable=SC2086
        large="$(peak_kb "$llmc" $command "$work/100k/big.llmc")"
        echo "| \`llmc $command\` | $((small / 1024)) | $((large / 1024)) | $(((large - small) * 1024 / 90000)) |"
    done
} >"$work/memory.md"
cat "$work/memory.md"

# Wall-clock means suffer when other work shares the cores; CPU time (user +
# system) and the minimum are steadier, so they go beside each table.
cpu_table() {
    "$python" - "$1" "$2" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
baseline = next((r for r in results if r["command"] == sys.argv[2]), None)
cpu = lambda r: r["user"] + r["system"]
print(f"| Command | Min [ms] | Median [ms] | User + System [ms] | Mean vs `{sys.argv[2]}` "
      f"| CPU vs `{sys.argv[2]}` |")
print("|:---|---:|---:|---:|---:|---:|")
for r in results:
    ratios = (f"{r['mean'] / baseline['mean']:.2f}× | {cpu(r) / cpu(baseline):.2f}×"
              if baseline else "– | –")
    print(f"| `{r['command']}` | {r['min'] * 1e3:.1f} | {r['median'] * 1e3:.1f} "
          f"| {cpu(r) * 1e3:.1f} | {ratios} |")
PY
}

{
    echo "## Start-up: one expression (bar: fend's speed, ~2–4 ms)"
    echo
    cat "$work/startup.md"
    echo
    cpu_table "$work/startup.json" "llmc eval '1+1'"
    echo
    echo "## 10,000 cells (bar: at most half Python's time)"
    echo
    cat "$work/cells.md"
    echo
    cpu_table "$work/cells.json" "python3 -S big.py"
    echo
    echo "## 100,000 cells (growth)"
    echo
    cat "$work/cells-100k.md"
    echo
    cpu_table "$work/cells-100k.json" "python3 -S 100k/big.py"
    echo
    echo "## Peak memory (bar: at most 1 KB per cell)"
    echo
    cat "$work/memory.md"
    echo
    echo "Machine: $(nproc) cores; load average before the runs: $load"
} >"$work/results.md"

echo
cat "$work/results.md"
echo
echo "results: $work/results.md (scripts and outputs beside it)"

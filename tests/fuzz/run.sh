#!/bin/sh
# Run every built libFuzzer target (tests/fuzz/fuzz_*) for SECONDS each (default 60),
# seeded from tests/data, the samples, the themes and small real logs; fail on any crash,
# leak or timeout, keeping the crashing input in tests/fuzz/crashes/.
# Build them first: ./configure --enable-fuzzing CC=clang && make fuzz
# SPDX-License-Identifier: MIT
set -u
secs=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# The build tree: $FUZZ_BUILD_DIR, else the current directory.
build=${FUZZ_BUILD_DIR:-$(pwd)}
data=${CF_SHARED_DATA:-$top/../shared/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$here/crashes"

# seed TARGET: fill $work/TARGET with starting inputs.
seed() {
    d="$work/$1"
    mkdir -p "$d"
    case $1 in
    fuzz_csv)
        # The option byte first: 0 sniffs the delimiter, reads dates automatically.
        i=0
        for f in "$top"/tests/data/*.csv "$top"/tests/data/*.tsv "$top"/tests/data/bad/*.csv \
            "$top"/tests/data/bad/fuzz/csv-*; do
            [ -f "$f" ] || continue
            i=$((i + 1))
            { printf '\000'; head -c 4096 "$f"; } >"$d/seed$i"
        done
        { printf '\000'; head -c 4096 "$top/samples/sales.csv"; } >"$d/sales"
        { printf '\010'; head -c 2048 "$top/tests/data/european.csv"; } >"$d/dmy"
        if [ -f "$data/running-example.csv.gz" ]; then
            { printf '\000'; gzip -dc "$data/running-example.csv.gz" | head -c 4096; } >"$d/real"
        fi
        ;;
    fuzz_time)
        i=0
        for ts in 2024-03-05T14:22:10Z '2024-03-05 14:22:10.123+01:00' 20240305 20240305142210 \
            45356.599 1709652130 1709652130123 05/03/2024 '3/5/24 2:22 PM' 2024.03.05 \
            '2024-03-05T24:00:00' '2024-12-31T23:59:60Z'; do
            i=$((i + 1))
            printf '%s' "$ts" >"$d/t$i"
        done
        printf '\0015.3.2024 14:22+0100' >"$d/strptime"
        ;;
    fuzz_playbook)
        cp "$top/samples/sales.playbook" "$d/sales"
        [ -f "$top/bench/crm.playbook" ] && cp "$top/bench/crm.playbook" "$d/crm"
        printf 'Lead\nQualified?\nProposal*\nallow: Proposal -> Lead\nend: Won, Lost\nwin: Won\nanywhere: Call\n' >"$d/small"
        ;;
    fuzz_theme)
        for f in "$top"/themes/*.theme "$top/tests/data/bad.theme"; do
            cp "$f" "$d/$(basename "$f")"
        done
        ;;
    fuzz_xes)
        cp "$here"/corpus/xes/* "$d/" 2>/dev/null
        for f in "$top"/tests/data/bad/xes-*.xes; do
            cp "$f" "$d/$(basename "$f")"
        done
        ;;
    fuzz_snapshot)
        cp "$here"/corpus/snapshot/*.bin "$d/" 2>/dev/null
        ;;
    fuzz_filter)
        printf '\000Lead > .* > Won$' >"$d/f1"
        printf '\001^c[0-9]+$' >"$d/f2"
        printf '\002owner~^a' >"$d/f3"
        printf '\002region=EU' >"$d/f4"
        printf '\003Lead' >"$d/f5"
        printf '\004Lead,Won' >"$d/f6"
        printf '\200(?i)proposal|(a|aa)+$' >"$d/f7"
        ;;
    esac
    # Earlier crashers of this target are seeds too (they must not crash now).
    for f in "$top"/tests/data/bad/fuzz/"${1#fuzz_}"-*; do
        [ -f "$f" ] && cp "$f" "$d/"
    done
}

status=0
n=0
for target in "$build"/tests/fuzz/fuzz_*; do
    [ -x "$target" ] || continue
    case $target in *.c | *.o) continue ;; esac
    name=$(basename "$target")
    n=$((n + 1))
    seed "$name"
    echo "== $name: $secs s"
    if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        "$target" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$here/crashes/$name-" "$work/$name" \
        >"$work/$name.log" 2>&1; then
        tail -60 "$work/$name.log"
        echo "FAIL: $name crashed; input kept in $here/crashes/"
        status=1
    else
        grep -E '^stat::number_of_executed_units|^Done' "$work/$name.log" | tr '\n' ' '
        echo
    fi
done
if [ "$n" -eq 0 ]; then
    echo "no fuzz targets built in $build/tests/fuzz (./configure --enable-fuzzing CC=clang && make fuzz)"
    exit 1
fi
exit $status

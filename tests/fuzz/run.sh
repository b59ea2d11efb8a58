#!/bin/sh
# Run every built libFuzzer target (tests/fuzz/fuzz_*) for SECONDS each (default 60) on
# its seed corpus; fail on the first crash. Found crashers go to tests/data/bad/.
# SPDX-License-Identifier: MIT
set -eu
secs=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
build=${FUZZ_BUILD:-.}
status=0
for t in "$build"/tests/fuzz/fuzz_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t"); name=${name#fuzz_}
    work=$(mktemp -d)
    [ -d "$here/corpus/$name" ] && cp "$here/corpus/$name"/* "$work"/ 2>/dev/null || true
    echo "fuzzing $name for ${secs}s"
    if ! "$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$work/crash-" "$work"; then
        echo "fuzz_$name: crash; inputs in $work" >&2
        status=1
        continue
    fi
    rm -rf "$work"
done
exit $status

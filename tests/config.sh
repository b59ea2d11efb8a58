#!/bin/sh
# The config file: options before any [section] for everyone, [explorer] and [COMMAND]
# sections for one; the command line wins; found through CASEFLOW_CONFIG or
# XDG_CONFIG_HOME; a bad line is an error naming the file and line.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_jq
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
s="$top_srcdir/samples/sales.csv"
mkdir -p "$tmp/xdg/caseflow"
cat >"$tmp/xdg/caseflow/config" <<'CONF'
# defaults for everyone
--width 50   # a comment after options
[explorer]
--theme mono
[report]
--limit 2 --where "owner=rep007"
[map]
--style compact
CONF
run() { env -u CASEFLOW_CONFIG XDG_CONFIG_HOME="$tmp/xdg" "$CASEFLOW" "$@"; }
# widest: the widest line of standard input, in characters.
widest() { python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in sys.stdin.buffer.read().decode().splitlines(True)))'; }

# [report] applies to report: the filter, the limit, the width.
check_eq "config filter on report" \
    "$("$CASEFLOW" report --json --where owner=rep007 "$s" | jq .cases)" "$(run report --json "$s" | jq .cases)"
width=$(run report "$s" | widest)
check_eq "global --width 50 applies" yes "$([ "$width" -le 50 ] && echo yes || echo "no ($width)")"
# The command line comes later and wins.
width=$(run report --width 120 "$s" | widest)
check_eq "--width on the command line wins" yes "$([ "$width" -gt 50 ] && echo yes || echo "no ($width)")"
# [report] does not reach another command; [map] reaches map.
check_eq "[report] filter not on stages" \
    "$("$CASEFLOW" stages --json "$s" | jq .cases)" "$(run stages --json "$s" | jq .cases)"
check_eq "[map] style" "$("$CASEFLOW" map --style compact --width 50 "$s")" "$(run map "$s")"
# CASEFLOW_CONFIG names the file; empty means none.
printf '[report]\n--where owner=rep005\n' >"$tmp/other"
check_eq "CASEFLOW_CONFIG" "$("$CASEFLOW" report --json --where owner=rep005 "$s" | jq .cases)" \
    "$(CASEFLOW_CONFIG="$tmp/other" "$CASEFLOW" report --json "$s" | jq .cases)"
check_eq "CASEFLOW_CONFIG empty: none" 3000 \
    "$(CASEFLOW_CONFIG= XDG_CONFIG_HOME="$tmp/xdg" "$CASEFLOW" report --json "$s" | jq .cases)"
# Bad files: named, with the line, exit 2.
printf -- '--width 40\n[nosuch]\n' >"$tmp/bad1"
out=$(CASEFLOW_CONFIG="$tmp/bad1" "$CASEFLOW" report "$s" 2>&1)
check_eq "unknown section: exit status" 2 "$?"
check_contains "unknown section: file and line" "bad1:2: unknown section" "$out"
printf -- '[report]\n--where "owner=rep0\n' >"$tmp/bad2"
out=$(CASEFLOW_CONFIG="$tmp/bad2" "$CASEFLOW" report "$s" 2>&1)
check_contains "open quote: file and line" "bad2:2: a quote is not closed" "$out"
# completion takes no options: a config does not disturb it.
check_contains "completion unaffected" "complete -o filenames" \
    "$(CASEFLOW_CONFIG="$tmp/bad1" "$CASEFLOW" completion bash)"
done_tests

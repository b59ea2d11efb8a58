#!/bin/sh
# Hostile and broken XES files (tests/data/bad/xes-*, fuzzer finds included) never crash:
# each loads or fails with "caseflow: FILE:LINE: reason" and exit 1; XES is sniffed on
# stdin and FIFOs; the 255+-byte keys of issue 10 keep their own full-length columns.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_jq

for f in "$FIXTURES"/bad/xes-*; do
    [ -f "$f" ] || continue
    name=$(basename "$f")
    err=$("$CASEFLOW" report "$f" 2>&1 >/dev/null)
    rc=$?
    case $rc in
    0) check_eq "$name: no message on success" "" "$err" ;;
    1) check_contains "$name: file:line: reason" "caseflow: $f:" "$err" ;;
    *) fail "$name: exit $rc ($err)" ;;
    esac
done

bad="$FIXTURES/bad"
check_contains "entity bomb refused by expat's limit" "amplification" \
    "$("$CASEFLOW" report "$bad/xes-entity-bomb.xes" 2>&1)"
check_contains "external entity refused at its line" "xes-external-entity.xes:3: external entities" \
    "$("$CASEFLOW" report "$bad/xes-external-entity.xes" 2>&1)"
check_contains "mismatched tag at its line" "xes-mismatched.xes:4: malformed XML: mismatched tag" \
    "$("$CASEFLOW" report "$bad/xes-mismatched.xes" 2>&1)"

# Six keys of 301 bytes sharing 300: six columns, full names, a value in each of 3 events.
k=$(printf 'k%.0s' $(seq 300))

check_eq "long keys: --where on the 6th key finds the case" "3" \
    "$("$CASEFLOW" report --json --where "${k}5=v5" "$bad/xes-long-keys.xes" | jq -c '.events')"
check_eq "long keys: a prefix of the key is no column" "2" \
    "$("$CASEFLOW" report --json --where "${k}=v5" "$bad/xes-long-keys.xes" >/dev/null 2>&1; echo $?)"

# Sniffed by content on stdin (pipe and redirect) and from a FIFO, gzip or not.
x="$FIXTURES/bad/xes-long-keys.xes"
check_eq "XES on a pipe" "[1,3]" "$(cat "$x" | "$CASEFLOW" report --json - | jq -c '[.cases,.events]')"
check_eq "XES.gz on a pipe" "[1,3]" \
    "$(gzip -c "$x" | "$CASEFLOW" report --json - | jq -c '[.cases,.events]')"
check_eq "XES redirected" "[1,3]" "$("$CASEFLOW" report --json - < "$x" | jq -c '[.cases,.events]')"
tmp=$(mktemp -d)
mkfifo "$tmp/f"
gzip -c "$x" > "$tmp/f" &
check_eq "XES.gz from a FIFO" "[1,3]" "$("$CASEFLOW" report --json "$tmp/f" | jq -c '[.cases,.events]')"
wait
printf 'case,activity,timestamp\nc1,A,2024-01-01\n' > "$tmp/f" &
check_eq "CSV from a FIFO stays CSV" "[1,1]" "$("$CASEFLOW" report --json "$tmp/f" | jq -c '[.cases,.events]')"
wait
rm -rf "$tmp"
done_tests

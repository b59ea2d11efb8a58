#!/bin/sh
# The XES importer agrees with the CSV exports of the same real logs: cases, events,
# activities, variants, activity counts and every DFG edge with its median time.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_data
need_jq

digest='[.cases, .events, .activities, .variants_count, .activity_counts,
         ([.dfg[] | [.from, .to, .count, .median_s]] | sort), .rejected]'
n=0
for x in "$DATA"/*.xes "$DATA"/*.xes.gz; do
    [ -f "$x" ] || continue
    base=$(basename "$x"); base=${base%%.xes*}
    csv="$DATA/$base.csv.gz"
    [ -f "$csv" ] || continue
    n=$((n + 1))
    a=$("$CASEFLOW" report --json "$x" | jq -c "$digest") || { fail "$base: XES did not load"; continue; }
    b=$("$CASEFLOW" report --json "$csv" | jq -c "$digest")
    check_eq "$base: XES and CSV agree" "$b" "$a"
done
check_eq "XES logs found in $DATA" yes "$([ $n -ge 10 ] && echo yes || echo "only $n")"

# Counts straight from the data README.
check_eq "bpic2012.xes.gz cases,events" "[13087,262200]" \
    "$("$CASEFLOW" report --json "$DATA/bpic2012.xes.gz" | jq -c '[.cases,.events]')"
# Through stdin too (gzip detected).
check_eq "helpdesk.xes.gz from stdin (--input-format xes)" "[4580,21348]" \
    "$("$CASEFLOW" report --json --input-format xes - < "$DATA/helpdesk.xes.gz" | jq -c '[.cases,.events]')"
done_tests

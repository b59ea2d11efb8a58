#!/bin/sh
# --redact: no original case id or resource survives in an export (CSV or XES), the
# process (variants, activity counts, DFG) is unchanged, the same value always gets the
# same pseudonym under one key, and bad redaction options exit 2.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_jq
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'a fixed key for the redaction test, 48 bytes....' > "$tmp/key"

# The original values of a CSV column (by 1-based index), one per line, sorted.
col_values() { gzip -cdf "$1" | awk -F, -v c="$2" 'NR > 1 && $c != "" { print $c }' | sort -u; }

process='[.cases, .events, .variants_count, ([.variants[] | [.activities, .cases]]),
          .activity_counts, ([.dfg[] | [.from, .to, .count, .median_s]] | sort)]'
logs="$top_srcdir/samples/sales.csv"
for f in helpdesk.csv.gz running-example.csv.gz bpic2013-closed.csv.gz; do
    [ -f "$DATA/$f" ] && logs="$logs $DATA/$f"
done
for log in $logs; do
    base=$(basename "$log")
    col_values "$log" 1 > "$tmp/cases"
    col_values "$log" 4 > "$tmp/res"
    # running-example repeats the resource in its "Resource" column (the 6th): redact it too.
    extra= redact_cols=1,4
    [ "$base" = running-example.csv.gz ] && extra=,Resource redact_cols=1,4,6
    for fmt in csv xes; do
        "$CASEFLOW" export --redact "case,resource$extra" --redact-key-file "$tmp/key" "$log" \
            --format $fmt -o "$tmp/out.$fmt" 2>/dev/null ||
            { fail "$base: redacted $fmt export failed"; continue; }
        # Whole values: no field of the export (CSV) / no attribute value (XES) is an original.
        if [ $fmt = csv ]; then
            awk -F, 'NR > 1 { print $1; print $4 }' "$tmp/out.csv" | sort -u > "$tmp/vals"
        else
            sed -n 's/.*key="\(concept:name\|org:resource\)" value="\([^"]*\)".*/\2/p' \
                "$tmp/out.xes" | sort -u > "$tmp/vals"
        fi
        check_eq "$base $fmt: no original case id remains" "" \
            "$(comm -12 "$tmp/cases" "$tmp/vals" | head -3)"
        check_eq "$base $fmt: no original resource remains" "" \
            "$(comm -12 "$tmp/res" "$tmp/vals" | head -3)"
        # And as substrings anywhere: ids and names long enough not to occur by chance,
        # unless the same string is also a value of a column left as it is (helpdesk's
        # resources are "Value 1", ... like its other attributes).
        gzip -cdf "$log" | awk -F, -v r="$redact_cols" 'NR > 1 { for (i = 2; i <= NF; i++)
            if (index("," r ",", "," i ",") == 0) print $i }' | sort -u > "$tmp/other"
        left=$(cat "$tmp/cases" "$tmp/res" | sort -u | comm -23 - "$tmp/other" |
            awk 'length($0) >= 5' | grep -F -f - "$tmp/out.$fmt" | head -3)
        check_eq "$base $fmt: grep finds no original id or resource" "" "$left"
        want=$("$CASEFLOW" report --json "$log" | jq -c "$process")
        got=$("$CASEFLOW" report --json "$tmp/out.$fmt" | jq -c "$process")
        check_eq "$base $fmt: the process is unchanged" "$want" "$got"
    done
    # Every output is covered: the report's variants list no original id either.
    awk 'length($0) >= 5' "$tmp/cases" > "$tmp/long"
    [ -s "$tmp/long" ] || continue
    n=$("$CASEFLOW" report --redact case,resource --redact-key-file "$tmp/key" "$log" |
        grep -c -F -w -f "$tmp/long")
    check_eq "$base: report with --redact names no original case" 0 "$n"
done

# Same value, same pseudonym: per key, across runs and columns; another key differs.
S="$top_srcdir/samples/sales.csv"
a=$("$CASEFLOW" export --redact case,resource,owner --redact-key-file "$tmp/key" "$S" 2>/dev/null | md5sum)
b=$("$CASEFLOW" export --redact case,resource,owner --redact-key-file "$tmp/key" "$S" 2>/dev/null | md5sum)
check_eq "same key, same export" "$a" "$b"
printf 'another key for the redaction test, 48 bytes....' > "$tmp/key2"
c=$("$CASEFLOW" export --redact case --redact-key-file "$tmp/key2" "$S" | head -2 | tail -1 | cut -d, -f1)
d=$("$CASEFLOW" export --redact case --redact-key-file "$tmp/key" "$S" | head -2 | tail -1 | cut -d, -f1)
check_eq "another key, another pseudonym" yes "$([ "$c" != "$d" ] && echo yes)"
# OPP-000001's 13 events keep one pseudonym; filters see the pseudonyms, not the originals.
p=$("$CASEFLOW" export --redact case --redact-key-file "$tmp/key" "$S" | sed -n 2p | cut -d, -f1)
check_eq "one case, one pseudonym on its 13 events" 13 \
    "$("$CASEFLOW" export --redact case --redact-key-file "$tmp/key" --case-grep "^$p\$" "$S" |
        tail -n +2 | cut -d, -f1 | grep -c -x -F "$p")"
check_eq "the original id no longer selects (header only)" 1 \
    "$("$CASEFLOW" export --redact case --redact-key-file "$tmp/key" --case-grep '^OPP-000001$' "$S" |
        wc -l | tr -d ' ')"
# A random key prints its fingerprint on stderr, never the key.
err=$("$CASEFLOW" report --redact case "$S" 2>&1 >/dev/null)
check_contains "random key: fingerprint on stderr" "random key, fingerprint" "$err"
# Bad options.
"$CASEFLOW" report --redact case,nosuchattr --redact-key-file "$tmp/key" "$S" >/dev/null 2>"$tmp/err"
check_eq "--redact unknown attribute: exit 2" 2 $?
check_contains "--redact unknown attribute: message" '"nosuchattr" is not case, resource or an attribute' "$(cat "$tmp/err")"
printf short > "$tmp/short"
"$CASEFLOW" report --redact case --redact-key-file "$tmp/short" "$S" >/dev/null 2>"$tmp/err"
check_eq "--redact-key-file too short: exit 2" 2 $?
"$CASEFLOW" report --redact-key-file "$tmp/key" "$S" >/dev/null 2>"$tmp/err"
check_eq "--redact-key-file without --redact: exit 2" 2 $?
done_tests

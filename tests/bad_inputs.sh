#!/bin/sh
# Broken and odd inputs: each file of tests/data/bad/ fails with its exit status and
# exact "caseflow: FILE:LINE: reason" message; partly bad and unusual files load, with
# their rejected rows reported in text and JSON.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_jq

# expect_fail FILE STATUS MESSAGE [OPTIONS...]: run report in the fixture's folder
# (so that messages name the file as given) and check status and stderr.
expect_fail() {
    file=$1 want_rc=$2 want_msg=$3
    shift 3
    err=$(cd "$FIXTURES/bad" && "$CASEFLOW" report "$@" "$file" 2>&1 >/dev/null)
    rc=$?
    check_eq "$file: exit status" "$want_rc" "$rc"
    check_eq "$file: message" "$want_msg" "$err"
}

expect_fail does-not-exist.csv 1 \
    "caseflow: does-not-exist.csv: cannot open: No such file or directory"
expect_fail empty.csv 1 "caseflow: empty.csv:1: empty file (no header line)"
expect_fail blank-lines.csv 1 "caseflow: blank-lines.csv:1: empty file (no header line)"
expect_fail header-only.csv 1 "caseflow: header-only.csv:1: no data rows after the header"
expect_fail no-case-column.csv 1 \
    "caseflow: no-case-column.csv:1: no case id column found (name it with --case COL); columns: id, activity, timestamp"
expect_fail no-timestamp-column.csv 1 \
    "caseflow: no-timestamp-column.csv:1: no timestamp column found (name it with --timestamp COL); columns: case_id, activity, resource"
expect_fail unterminated-quote.csv 1 \
    "caseflow: unterminated-quote.csv:5: unterminated quoted field (a \" opened here is never closed)"
expect_fail binary.csv 1 "caseflow: binary.csv:3: not a CSV file (binary data)"
expect_fail image.csv 1 "caseflow: image.csv:2: not a CSV file (binary data)"
expect_fail utf16.csv 1 \
    "caseflow: utf16.csv:1: not a CSV file (UTF-16 text: convert it with iconv -f UTF-16 -t UTF-8)"
expect_fail workbook.csv 1 \
    "caseflow: workbook.csv:1: not a CSV file (a zip archive; an Excel workbook? save it as CSV)"
expect_fail truncated.csv.gz 1 "caseflow: truncated.csv.gz:93: cannot read: unexpected end of file"
expect_fail all-rows-bad.csv 1 \
    "caseflow: all-rows-bad.csv:2: no usable rows: all 3 rows rejected (3 bad timestamp); first: bad timestamp \"2024-13-01\""
expect_fail field-count.csv 1 \
    "caseflow: field-count.csv:2: no usable rows: all 2 rows rejected (2 wrong number of fields); first: 4 fields, header has 3"
expect_fail ambiguous-dates.csv 1 \
    "caseflow: ambiguous-dates.csv:2: ambiguous dates: \"01/02/2024 09:00\" and every other NN/NN/YYYY date in the file read as both DD/MM/YYYY and MM/DD/YYYY; rerun with --date-order dmy or --date-order mdy"
expect_fail mixed-date-orders.csv 1 \
    "caseflow: mixed-date-orders.csv:4: date \"02/25/2024\" is MM/DD/YYYY but line 3 (\"25/02/2024\") was DD/MM/YYYY: mixed date orders (use --time-format)"
# A column named on the command line that the header lacks.
expect_fail ../partial-bad.csv 1 \
    "caseflow: ../partial-bad.csv:1: no column \"stage\" (--activity); columns: case_id, activity, timestamp, resource, amount" \
    --activity stage
# --strict turns the first rejected row into the error.
expect_fail ../partial-bad.csv 1 \
    "caseflow: ../partial-bad.csv:4: missing case id: empty \"case_id\" (row rejected: --strict)" --strict

# Hostile XES (more in tests/xes_bad.sh, which also loads xes-long-keys.xes).
expect_fail xes-entity-bomb.xes 1 \
    "caseflow: xes-entity-bomb.xes:14: malformed XML: limit on input amplification factor (from DTD and entities) breached (column 13)"
expect_fail xes-external-entity.xes 1 "caseflow: xes-external-entity.xes:3: external entities are not read"
expect_fail xes-mismatched.xes 1 \
    "caseflow: xes-mismatched.xes:4: malformed XML: mismatched tag (column 3)"

# stray-quote.csv and hostile-names.csv: tests/hardening.sh checks them in detail.
check_eq "stray-quote.csv: 3 malformed rows" 3 \
    "$("$CASEFLOW" report --json "$FIXTURES/bad/stray-quote.csv" | jq .rejected.malformed)"
check_eq "hostile-names.csv: loads, 76 events" 76 \
    "$("$CASEFLOW" report --json "$FIXTURES/bad/hostile-names.csv" | jq .events)"

# Every file of the corpus is covered above (a new one needs its expectation);
# fuzz/ holds the fuzzers' crashers, fed by tests/fuzz_regress.sh.
n=$(ls "$FIXTURES/bad" | wc -l)
check_eq "files in tests/data/bad" 22 "$n"

# The ambiguous file loads once the order is given, and says how it was read.
out=$(cd "$FIXTURES/bad" && "$CASEFLOW" report --date-order dmy ambiguous-dates.csv)
check_contains "ambiguous-dates.csv --date-order dmy" \
    "Timestamps:     dates read as DD/MM/YYYY (--date-order)" "$out"
check_contains "ambiguous-dates.csv --date-order dmy: range" \
    "Time range:     2024-02-01T09:00:00Z .. 2024-05-04T11:00:00Z" "$out"

# A partly bad file loads; each reason is counted with its first lines.
cd "$FIXTURES" || exit 99
json=$("$CASEFLOW" report --json partial-bad.csv)
check_eq "partial-bad.csv: exit status" 0 $?
check_eq "partial-bad.csv: counts" '[3,5,11]' "$(printf "%s\n" "$json" | jq -c '[.cases,.events,.rows]')"
check_eq "partial-bad.csv: rejected" \
    '{"missing_case":1,"missing_activity":1,"bad_timestamp":2,"field_count":2,"malformed":0}' \
    "$(printf "%s\n" "$json" | jq -c .rejected)"
check_eq "partial-bad.csv: first lines" \
    '{"missing_case":[4],"missing_activity":[6],"bad_timestamp":[7,8],"field_count":[9,12],"malformed":[]}' \
    "$(printf "%s\n" "$json" | jq -c .rejected_first_lines)"
check_eq "partial-bad.csv: the quoted activity over two lines" '1' \
    "$(printf "%s\n" "$json" | jq '.activity_counts["Proposal\n(revised)"]')"
text=$("$CASEFLOW" report --width 0 partial-bad.csv)
check_contains "partial-bad.csv text: total" "Rejected rows:  6 of 11" "$text"
check_contains "partial-bad.csv text: case" \
    "missing case id                 1   first at partial-bad.csv line 4 (empty \"case_id\")" "$text"
check_contains "partial-bad.csv text: timestamp" \
    "bad timestamp                   2   first at partial-bad.csv line 7, 8 (bad timestamp \"2024-02-30T08:00:00+01:00\")" \
    "$text"
check_contains "partial-bad.csv text: fields" \
    "wrong number of fields          2   first at partial-bad.csv line 9, 12 (4 fields, header has 5)" \
    "$text"

# Unusual but valid shapes.
out=$("$CASEFLOW" report --case vorgang --activity Aktivität --timestamp Zeitstempel \
    --resource Bearbeiter european.csv)
check_contains "european.csv: columns (BOM, CRLF, ';')" \
    "Columns:        case=Vorgang activity=Aktivität timestamp=Zeitstempel resource=Bearbeiter" \
    "$out"
check_contains "european.csv: DD.MM.YYYY detected" \
    "Timestamps:     dates read as DD/MM/YYYY (line 4: \"15.04.2024 16:45\")" "$out"
check_contains "european.csv: range" \
    "Time range:     2024-04-03T08:15:00Z .. 2024-04-15T16:45:00Z" "$out"
check_eq "european.csv: variants" \
    '[["Antrag","Prüfung"],["Antrag","Prüfung","Entscheidung; positiv"]]' \
    "$("$CASEFLOW" report --json --case Vorgang --activity Aktivität --timestamp Zeitstempel \
        european.csv | jq -c '[.variants[].activities] | sort')"
out=$("$CASEFLOW" report us-excel.csv)
check_contains "us-excel.csv: columns" \
    "Columns:        case=Ticket ID activity=Status timestamp=Date resource=Agent" "$out"
check_contains "us-excel.csv: M/D/YYYY h:mm AM/PM" \
    "Time range:     2024-03-04T09:05:00Z .. 2024-03-15T16:45:00Z" "$out"
out=$("$CASEFLOW" report web-epoch.tsv)
check_contains "web-epoch.tsv: tab, epoch ms" \
    "Time range:     2024-03-01T00:00:00Z .. 2024-03-01T00:01:40Z" "$out"
check_contains "web-epoch.tsv: note" "Timestamps:     3 read as epoch milliseconds" "$out"
out=$("$CASEFLOW" report salesforce-history.csv)
check_contains "salesforce-history.csv: columns" \
    "Columns:        case=OpportunityId activity=StageName timestamp=CreatedDate resource=CreatedById" \
    "$out"
check_eq "salesforce-history.csv: end activities" '{"Closed Lost":1,"Closed Won":1}' \
    "$("$CASEFLOW" report --json salesforce-history.csv | jq -c '.end_activities')"
# Piped in, gzip-compressed or not.
check_eq "stdin" '[3,5]' \
    "$("$CASEFLOW" report --json - < partial-bad.csv | jq -c '[.cases,.events]')"
check_eq "stdin, gzip" '[2,5]' \
    "$(gzip -c us-excel.csv | "$CASEFLOW" report --json - | jq -c '[.cases,.events]')"
err=$(printf 'case,activity,timestamp\n1,A,2024-01-01\n2,"B\n' | "$CASEFLOW" report - 2>&1 >/dev/null)
check_eq "stdin error names stdin" \
    "caseflow: (stdin):3: unterminated quoted field (a \" opened here is never closed)" "$err"
done_tests

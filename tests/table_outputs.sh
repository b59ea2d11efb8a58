#!/bin/sh
# Every command's text, JSON and CSV on the running example against golden files;
# CSV parses and has the JSON main table's rows; text never passes --width, whatever
# the data (a 100 kB activity name, control characters, wide characters, bad UTF-8).
# UPDATE_GOLDEN=1 rewrites tests/golden/table/ instead of comparing.
# SPDX-License-Identifier: MIT
. "$(dirname "$0")/lib.sh"
need_jq
command -v python3 >/dev/null 2>&1 || { echo "python3 is required"; exit 99; }
PY="$top_srcdir/tests/table_outputs.py"
GOLD="$top_srcdir/tests/golden/table"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

# name | arguments | the JSON key of the table CSV prints
COMMANDS='report||variants
deadends||activities
rework||activities
stages||stages
transitions||transitions
funnel|--stages "register request,check ticket,decide"|funnel
compare|--outcome-last "pay compensation"|edges
check|--playbook running-example.playbook|deviations
map||edges'

run() { # run NAME ARGS FORMAT LOG: from the fixtures folder, so "log" is the bare name
    name=$1 args=$2 fmt=$3 log=$4
    (cd "$FIXTURES" && eval "\"\$CASEFLOW\" $name $args --format $fmt $5 \"$log\"")
}

echo "$COMMANDS" | while IFS='|' read -r name args key; do
    for fmt in text json csv; do
        [ "$name" = map ] && [ "$fmt" = text ] && continue # the drawn map: tests/map_golden.sh
        out="$tmp/$name.$fmt"
        extra=
        [ "$fmt" = text ] && extra="--width 100"
        if ! run "$name" "$args" "$fmt" running-example.csv.gz "$extra" > "$out"; then
            echo "FAIL: $name --format $fmt failed"
            continue
        fi
        if [ "$fmt" = json ]; then
            jq 'del(.layout_ms)' "$out" > "$out.j" && mv "$out.j" "$out"
        fi
        if [ -n "$UPDATE_GOLDEN" ]; then
            mkdir -p "$GOLD" && cp "$out" "$GOLD/$name.$fmt"
        elif ! diff -u "$GOLD/$name.$fmt" "$out" > "$tmp/diff"; then
            echo "FAIL: $name --format $fmt differs from tests/golden/table/$name.$fmt:"
            head -30 "$tmp/diff"
        fi
    done
    err=$(python3 "$PY" csv-vs-json "$tmp/$name.csv" "$tmp/$name.json" "$key") ||
        echo "FAIL: $name: CSV against JSON .$key: $err"
done > "$tmp/failures"
while read -r line; do
    case "$line" in FAIL:*) fail "${line#FAIL: }" ;; *) echo "$line" ;; esac
done < "$tmp/failures"
tests_run=$((tests_run + 27))

# ---- hostile data: text on a pipe never wider than the width
python3 - "$tmp/wide.csv" <<'PYEOF'
import sys
huge = ("Prüfung 商談 " * 8000)[:100000]
# The importer refuses control characters in a file's first 1 kB: the huge name first.
names = ["Start", huge, "B\x1b[31mred\x1b[0m", "C\x07bell\u009bcsi", "D\u202eevil",
         "E\tTab\rCR", "F\xad"]
with open(sys.argv[1], "wb") as f:
    f.write(b"case_id,activity,timestamp\n")
    for c in range(1, 7):
        for i, n in enumerate(names[: 3 + c % 5]):
            q = n.replace('"', '""')
            f.write(('%d,"%s",2024-01-%02dT%02d:00:00Z\n' % (c, q, c, i + 1)).encode())
    f.write(b'7,"G\xff\xfe bad",2024-01-09T10:00:00Z\n')
PYEOF
printf 'Start\n%s\nend: Start\n' "B" > "$tmp/wide.playbook"
for w in 100 80 60 40 1; do
    echo "$COMMANDS" | while IFS='|' read -r name args key; do
        case $name in
        map) continue ;;
        funnel) args='--stages Start' ;;
        compare) args='--outcome-last Start' ;;
        check) args="--playbook $tmp/wide.playbook" ;;
        esac
        if [ "$w" = 100 ]; then wopt=; else wopt="--width $w"; fi # 100: the default on a pipe
        if ! eval "\"\$CASEFLOW\" $name $args $wopt \"$tmp/wide.csv\"" > "$tmp/out" 2> "$tmp/err"; then
            echo "FAIL: $name on the hostile log failed: $(head -c 300 "$tmp/err")"
            continue
        fi
        err=$(python3 "$PY" width "$tmp/out" "$w") || echo "FAIL: $name --width $w: $err"
    done
done > "$tmp/failures"
while read -r line; do fail "${line#FAIL: }"; done < "$tmp/failures"
tests_run=$((tests_run + 40))
# --width 0 never cuts: the whole 100 kB name is there (escaped nowhere: it is clean).
n=$("$CASEFLOW" deadends --width 0 "$tmp/wide.csv" | LC_ALL=C awk 'length > 100000' | wc -l)
check_eq "--width 0 keeps the 100 kB name" true "$([ "$n" -ge 1 ] && echo true)"
n=$("$CASEFLOW" deadends --width 0 "$tmp/wide.csv" | grep -c 'B\\x1b\[31mred\\x1b\[0m')
check_eq "the control characters are shown escaped" true "$([ "$n" -ge 1 ] && echo true)"

# ---- options
check_eq "--json is --format json" "$(cd "$FIXTURES" && "$CASEFLOW" rework --format json running-example.csv.gz)" \
    "$(cd "$FIXTURES" && "$CASEFLOW" rework --json running-example.csv.gz)"
check_contains "--version on a subcommand" "caseflow " "$("$CASEFLOW" funnel --version)"
out=$("$CASEFLOW" report --format xml "$FIXTURES/running-example.csv.gz" 2>&1); st=$?
check_eq "bad --format: exit 2" 2 "$st"
check_contains "bad --format: message" "--format takes text, json or csv" "$out"
out=$("$CASEFLOW" report --width -3 "$FIXTURES/running-example.csv.gz" 2>&1); st=$?
check_eq "bad --width: exit 2" 2 "$st"
printf 'case,activity,timestamp\n1,=HYPERLINK("x"),2024-01-01\n1,@SUM(A1),2024-01-02\n' > "$tmp/f.csv"
check_contains "CSV formula guard" "'=HYPERLINK" "$("$CASEFLOW" deadends --format csv "$tmp/f.csv")"
check_contains "--csv-raw" '"=HYPERLINK(""x"")"' "$("$CASEFLOW" deadends --format csv --csv-raw "$tmp/f.csv")"
done_tests

#!/bin/sh
# Screen test: every view exports with :export (CSV by .csv, JSON by .json) through the
# table renderers, the drawn Map as its edge list; the files parse; :export refuses
# an existing file or a symbolic link unless :export!.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"
need_jq
command -v python3 >/dev/null 2>&1 || { echo "python3 is required"; exit 99; }

printf 'Lead\nQualified?\nend: Won, Qualified\nwin: Won\n' > "$WORK/screen.playbook"
start_caseflow -- --outcome-last Won --playbook "$WORK/screen.playbook" "$FIXTURES/screen.csv"
wait_for "4/4 cases"

export_view() { # export_view KEY FILE: switch to the view of KEY and :export it
    keys "$1"
    sleep 0.2
    keys :
    type_text "export $2"
    keys Enter
}

for k in 1 2 3 4 5 6 7 8 9; do
    for ext in csv json; do
        f="$WORK/view$k.$ext"
        export_view "$k" "$f"
        # Until the file is written (or the view says it has no table).
        i=0
        while [ $i -lt 100 ] && ! [ -s "$f" ] && ! screen | grep -qF "no table"; do
            sleep 0.1
            i=$((i + 1))
        done
        sleep 0.2 # the file is written in one go, but let it be closed
        if [ -e "$f" ]; then
            if [ "$ext" = csv ]; then
                python3 -c 'import csv,sys; rows=list(csv.reader(open(sys.argv[1], newline=""), strict=True)); assert rows and all(len(r) == len(rows[0]) for r in rows), "ragged"' "$f" ||
                    fail "view $k: $f does not parse as CSV"
            else
                jq -e '.format == "caseflow/1" and (.rows | type) == "array"' "$f" >/dev/null ||
                    fail "view $k: $f is not the expected JSON"
            fi
        fi
    done
done
# Every view has rows to export (Help: its keys and commands).
for k in 1 2 3 4 5 6 7 8 9; do
    check_eq "view $k exported as CSV" true "$([ -s "$WORK/view$k.csv" ] && echo true)"
    check_eq "view $k exported as JSON" true "$([ -s "$WORK/view$k.json" ] && echo true)"
done
# The drawn map exports its edges: from, to, count, cases, median_s...
check_eq "map edges header" "from,to,source,target,count,cases,mean_s,median_s,median_text,max_s,rework,self_loop,main_path,level,label" \
    "$(head -1 "$WORK/view1.csv")"
check_eq "map edge Lead -> Qualified" "3" \
    "$(jq '[.rows[] | select(.from == "Lead" and .to == "Qualified")][0].count' "$WORK/view1.json")"
# The list form of the map (m) exports from/to rows, not indented labels.
keys 1
keys m
wait_for "transitions"
export_view 1 "$WORK/maplist.csv"
wait_for "wrote"
check_eq "map list header" "from,to,count,share,cases,median_s,median_text" "$(head -1 "$WORK/maplist.csv")"
check_contains "map list row" "Lead,Qualified,3," "$(cat "$WORK/maplist.csv")"
keys m

# An existing file is kept, a symbolic link is not followed, :export! overwrites.
echo keep > "$WORK/exists.csv"
export_view 2 "$WORK/exists.csv"
wait_for "exists (:export!"
check_eq "existing file kept" keep "$(cat "$WORK/exists.csv")"
ln -s "$WORK/target.csv" "$WORK/link.csv"
export_view 2 "$WORK/link.csv"
wait_for "is a symbolic link"
check_eq "link not followed" false "$([ -e "$WORK/target.csv" ] && echo true || echo false)"
keys :
type_text "export! $WORK/exists.csv"
keys Enter
wait_for "wrote"
check_eq "overwritten with :export!" "#,Cases,Share,,Cum,Median,Path" "$(head -1 "$WORK/exists.csv")"
keys q
wait_exit

# A cell longer than 1 MiB (a case of 120,000 events: its path) is exported whole.
awk 'BEGIN { print "case_id,activity,timestamp"
    for (i = 0; i < 120000; i++)
        printf "long,Activity%06d,2024-01-01T00:00:%02dZ\n", i % 50000, i % 60
    print "short,Activity000001,2024-01-02T00:00:00Z" }' >"$WORK/long.csv"
start_caseflow -- "$WORK/long.csv"
wait_for "2/2 cases"
export_view 2 "$WORK/long-variants.csv"
wait_for "wrote"
keys q
wait_exit
longest=$(python3 -c 'import csv,sys
csv.field_size_limit(1 << 30)
print(max(len(c) for r in csv.reader(open(sys.argv[1], newline="")) for c in r))' "$WORK/long-variants.csv")
check_eq "a 1.7 MB path exported whole (120,000 names of 14 bytes and 119,999 \" > \")" \
    $((120000 * 14 + 119999 * 3)) "$longest"
done_tests

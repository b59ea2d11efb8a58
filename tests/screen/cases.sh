# Screen test: the Cases view's End and Age columns and its sort by every column; "recently
# won deals" as a filter and one sort key. Expected rows are worked out from the CSV by awk.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"

LOG="$top_srcdir/samples/sales.csv"
TAB=$(printf '\t')

# Per case: id, events, first and last event (epoch seconds, UTC), last activity.
cat >"$WORK/cases.awk" <<'AWK'
function days(y, m, d,   era, yoe, doy, doe) {
    y -= m <= 2
    era = int((y >= 0 ? y : y - 399) / 400)
    yoe = y - era * 400
    doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
    doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
    return era * 146097 + doe - 719468
}
function epoch(t,   s, off) {
    s = days(substr(t, 1, 4) + 0, substr(t, 6, 2) + 0, substr(t, 9, 2) + 0) * 86400 + \
        substr(t, 12, 2) * 3600 + substr(t, 15, 2) * 60 + substr(t, 18, 2)
    off = (substr(t, 21, 2) * 60 + substr(t, 24, 2)) * 60
    return substr(t, 20, 1) == "+" ? s - off : s + off
}
NR > 1 {
    e = epoch($3); c = $1; n[c]++
    if (!(c in lo) || e < lo[c]) lo[c] = e
    if (!(c in hi) || e >= hi[c]) { hi[c] = e; la[c] = $2 }
}
END { for (c in n) printf "%s\t%d\t%d\t%d\t%s\n", c, n[c], lo[c], hi[c], la[c] }
AWK
awk -F, -f "$WORK/cases.awk" "$LOG" | sort >"$WORK/cases.tsv"
check_eq "cases in the sample" 3000 "$(wc -l <"$WORK/cases.tsv")"
tmax=$(cut -f4 "$WORK/cases.tsv" | sort -n | tail -1)
day() { date -u -d "@$1" +%F; }
# dur SECONDS: as the explorer prints durations of a day or more ("3d 4h").
dur() { awk -v s="$1" 'BEGIN { printf "%dd %dh", int(s / 86400), int((s % 86400) / 3600) }'; }
# row_re LINE-OF-cases.tsv: the row the list shows for that case (up to Age).
row_re() {
    echo "$1" | {
        IFS="$TAB" read -r id ev lo hi _
        printf '^%s +%s +%s %s +[^ ].* %s ' "$id" "$ev" "$(day "$lo")" "$(day "$hi")" \
            "$(if [ $((tmax - hi)) -ge 86400 ]; then dur $((tmax - hi)); else echo '[0-9a-z ]+'; fi)"
    }
}
# first_row: the first data row of the list.
first_row() { screen | sed -n 4p; }
check_first() { # WHAT ERE
    tests_run=$((tests_run + 1))
    _end=$(($(date +%s) + WAIT_SECS))
    while ! first_row | grep -qE -- "$2"; do
        if [ "$(date +%s)" -ge "$_end" ]; then
            fail "$1: the first row is not '$2':"
            screen | sed 's/^/    | /'
            return 1
        fi
        sleep 0.1
    done
}
# top KEY-SORT-ARGS: the first case of cases.tsv sorted so (ties by id, as case order is).
top() { sort -t"$TAB" "$@" "$WORK/cases.tsv" | head -1; }

start_caseflow -- --display-tz UTC "$LOG"
wait_for "3,000/3,000 cases"
keys 3
wait_for "3,000 cases, sorted by start"
wait_for "Case        Events Start      End        Duration      Age Last activity    Path"
check_first "start" "$(row_re "$(top -k3,3n -k1,1)")"
# From 100 columns Start and End carry the time too.
r1=$(top -k3,3n -k1,1)
t_lo=$(date -u -d "@$(echo "$r1" | cut -f3)" '+%F %H:%M')
t_hi=$(date -u -d "@$(echo "$r1" | cut -f4)" '+%F %H:%M')
tm resize-window -t t -x 120 -y 24
check_first "start and end with times" "^$(echo "$r1" | cut -f1) +[0-9]+ $t_lo $t_hi "
tm resize-window -t t -x 80 -y 24
check_first "80 columns: dates" "^$(echo "$r1" | cut -f1) +[0-9]+ ${t_lo% *} ${t_hi% *} "

# > goes through every column, < back.
keys '>'
wait_for "sorted by end (latest first)"
check_first "end" "$(row_re "$(top -k4,4nr -k1,1)")"
check_first "age of the latest case" " 0ms Prospecting"
keys '>'
wait_for "sorted by duration (longest first)"
longest=$(awk -F"$TAB" '{ print $0 "\t" $4 - $3 }' "$WORK/cases.tsv" | sort -t"$TAB" -k6,6nr -k1,1 |
    head -1 | cut -f1-5)
check_first "duration" "$(row_re "$longest")"
check_first "duration value" " $(dur "$(echo "$longest" | awk -F"$TAB" '{ print $4 - $3 }')") "
keys '>'
wait_for "sorted by age (idle longest first)"
check_first "age" "$(row_re "$(top -k4,4n -k1,1)")"
keys '>'
wait_for "sorted by events (most first)"
check_first "events" "$(row_re "$(top -k2,2nr -k1,1)")"
keys '>'
wait_for "sorted by last activity"
check_first "last activity" " $(cut -f5 "$WORK/cases.tsv" | LC_ALL=C sort | head -1) "
keys '>'
wait_for "sorted by path"
check_first "path" " 1 .* Prospecting +Pro"
keys '>'
wait_for "sorted by case id"
check_first "id" "^OPP-000001 "
keys '>'
wait_for "sorted by start"
keys '<'
wait_for "sorted by case id"

# Recently won deals: the won cases, latest end first.
keys :
type_text "ends-with Closed Won"
keys Enter
n_won=$(grep -c "${TAB}Closed Won\$" "$WORK/cases.tsv")
wait_for "$(commas "$n_won")/3,000 cases"
keys '<' '<' '<' '<' '<' '<'
wait_for "sorted by end (latest first)"
grep "${TAB}Closed Won\$" "$WORK/cases.tsv" | sort -t"$TAB" -k4,4nr -k1,1 | head -5 >"$WORK/won.tsv"
i=4
while IFS= read -r r; do
    tests_run=$((tests_run + 1))
    screen | sed -n "${i}p" | grep -qE -- "$(row_re "$r")" ||
        fail "won row $((i - 3)): expected '$(row_re "$r")', got '$(screen | sed -n "${i}p")'"
    i=$((i + 1))
done <"$WORK/won.tsv"
keys Q
wait_exit
done_tests

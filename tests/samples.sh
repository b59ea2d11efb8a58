#!/bin/sh
# The bundled samples are exactly what samples/gensamples writes, have the documented shape, and load.
# SPDX-License-Identifier: MIT
. "$(dirname "$0")/lib.sh"
need_jq

GEN="$top_builddir/samples/gensamples"
S="$top_srcdir/samples"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- the committed files never drift from the generator
for k in sales support web; do
    "$GEN" "$k" >"$tmp/$k.csv"
    check_eq "gensamples $k: exit status" 0 "$?"
    if cmp -s "$tmp/$k.csv" "$S/$k.csv"; then r=same; else r="different (run: samples/gensamples $k > samples/$k.csv)"; fi
    check_eq "samples/$k.csv equals a fresh gensamples $k" same "$r"
done

# rows_of FILE: data rows (none of the samples has an embedded newline)
rows_of() { echo $(($(wc -l <"$1") - 1)); }

# ---- sales: an OpportunityHistory-like stage history
f="$S/sales.csv"
check_eq "sales header" "opportunity_id,stage,changed_at,owner,amount,industry,region,lead_source,outcome" \
    "$(head -n 1 "$f")"
sales_rows=$(rows_of "$f")
check_eq "sales: 15-20k rows" yes "$([ "$sales_rows" -ge 15000 ] && [ "$sales_rows" -le 20000 ] && echo yes || echo "no ($sales_rows)")"
check_eq "sales: every row has 9 plain fields" 0 "$(awk -F, 'NR > 1 && (NF != 9 || /"/)' "$f" | wc -l)"
check_eq "sales: the 10 default Salesforce stages" \
    "Closed Lost|Closed Won|Id. Decision Makers|Needs Analysis|Negotiation/Review|Perception Analysis|Proposal/Price Quote|Prospecting|Qualification|Value Proposition" \
    "$(awk -F, 'NR > 1 { print $2 }' "$f" | LC_ALL=C sort -u | paste -sd '|' -)"
check_eq "sales: 25 owners rep001..rep025" "25 rep001 rep025" \
    "$(awk -F, 'NR > 1 { print $4 }' "$f" | LC_ALL=C sort -u | awk '{ n++; if (n == 1) a = $0; b = $0 } END { print n, a, b }')"
check_eq "sales: timestamps are ISO with a CET/CEST offset" 0 \
    "$(awk -F, 'NR > 1 && $3 !~ /^20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\+0[12]:00$/' "$f" | wc -l)"
# summer time: 2024-03-31 .. 2024-10-27 and from 2025-03-30 (no events at night)
check_eq "sales: +02:00 exactly in summer time" 0 "$(awk -F, 'NR > 1 {
    d = substr($3, 1, 10); o = substr($3, 20)
    summer = (d >= "2024-03-31" && d < "2024-10-27") || d >= "2025-03-30"
    if (o != (summer ? "+02:00" : "+01:00")) print }' "$f" | wc -l)"
check_eq "sales: both offsets occur" 2 "$(cut -d, -f3 "$f" | sed -n 's/.*\(+0[12]:00\)$/\1/p' | sort -u | wc -l)"
# per case: contiguous, in time order, one outcome that matches how the case ends
summary=$(awk -F, 'NR > 1 {
    if ($1 != cur) {
        if ($1 in seen) bad++
        seen[$1] = 1; end_case(); cur = $1; out = $9; n++
    } else {
        if ($3 < last_t) bad++
        if ($9 != out) bad++
    }
    last_t = $3; last_s = $2
    if ($3 == prev_t && $1 == prev_c) ties++
    prev_t = $3; prev_c = $1
}
function end_case() {
    if (cur == "") return
    o[out]++
    if (out == "won" && last_s != "Closed Won") bad++
    if (out == "lost" && last_s != "Closed Lost") bad++
    if (out == "open" && last_s ~ /^Closed/) bad++
}
END { end_case(); printf "%d %d %d %d %d %d\n", n, bad, o["won"], o["lost"], o["open"], ties }' "$f")
set -- $summary
check_eq "sales: 3000 opportunities" 3000 "$1"
check_eq "sales: contiguous cases in time order, outcome consistent with the last stage" 0 "$2"
sales_won=$3
check_eq "sales: 25-30% won" yes "$([ $(($3 * 100 / $1)) -ge 25 ] && [ $(($3 * 100 / $1)) -lt 30 ] && echo yes || echo "no ($3)")"
check_eq "sales: 5-12% open" yes "$([ $(($5 * 100 / $1)) -ge 5 ] && [ $(($5 * 100 / $1)) -lt 12 ] && echo yes || echo "no ($5)")"
check_eq "sales: some same-second stage changes" yes "$([ "$6" -gt 0 ] && echo yes || echo no)"
check_eq "sales: proposal revisions (Negotiation/Review -> Proposal/Price Quote)" yes "$(awk -F, '
    $1 == c && p == "Negotiation/Review" && $2 == "Proposal/Price Quote" { n++ } { c = $1; p = $2 }
    END { print (n > 100 ? "yes" : "no") }' "$f")"
check_eq "sales: regressions to Qualification" yes "$(awk -F, '
    $1 == c && $2 == "Qualification" && p != "Prospecting" { n++ } { c = $1; p = $2 }
    END { print (n > 20 ? "yes" : "no") }' "$f")"

# ---- support: a helpdesk audit log, one stream in time order, naive timestamps
f="$S/support.csv"
check_eq "support header" "ticket_id,activity,timestamp,agent,team,channel,priority,product,customer_tier" \
    "$(head -n 1 "$f")"
support_rows=$(rows_of "$f")
check_eq "support: 2000 tickets" 2000 "$(awk -F, 'NR > 1 { print $1 }' "$f" | sort -u | wc -l)"
check_eq "support: 10 activities" 10 "$(awk -F, 'NR > 1 { print $2 }' "$f" | sort -u | wc -l)"
check_eq "support: naive YYYY-MM-DD HH:MM:SS timestamps" 0 \
    "$(awk -F, 'NR > 1 && (NF != 9 || $3 !~ /^2025-0[1-4]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]$/)' "$f" | wc -l)"
check_eq "support: rows sorted by time" 0 "$(awk -F, 'NR > 2 && $3 < p { n++ } { p = $3 } END { print n + 0 }' "$f")"
check_eq "support: every ticket starts with Ticket Created" 0 \
    "$(awk -F, 'NR > 1 && !($1 in s) { s[$1] = 1; if ($2 != "Ticket Created") print }' "$f" | wc -l)"
check_eq "support: channels" "chat email phone web" \
    "$(awk -F, 'NR > 1 { print $6 }' "$f" | sort -u | paste -sd ' ' -)"

# ---- web: shop sessions, ISO UTC timestamps with Z, some quoted pages
f="$S/web.csv"
check_eq "web header" "session_id,event,timestamp,page,device,country,traffic_source" "$(head -n 1 "$f")"
web_rows=$(rows_of "$f")
check_eq "web: 5000 sessions" 5000 "$(awk -F, 'NR > 1 { print $1 }' "$f" | sort -u | wc -l)"
check_eq "web: every row well-formed (quoted where a page has a comma)" 1 \
    "$(grep -Evc '^[0-9a-f]{12},[A-Za-z ]+,2025-05-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z,("/[^"]*,[^"]*"|/[^,"]*),(mobile|desktop|tablet),[A-Z]{2},[a-z]+$' "$f")"
check_eq "web: some pages quoted" yes "$(grep -q ',"/search?q=[^"]*,[^"]*",' "$f" && echo yes || echo no)"
check_eq "web: sessions start with Landing" 0 \
    "$(awk -F, 'NR > 1 && !($1 in s) { s[$1] = 1; if ($2 != "Landing") print }' "$f" | wc -l)"

# ---- the benchmark generator: exact event count, deterministic, ms + offsets
"$GEN" bench 50000 >"$tmp/b1.csv"
check_eq "bench 50000: exit status" 0 "$?"
"$GEN" bench 50000 >"$tmp/b2.csv"
check_eq "bench: deterministic" same "$(cmp -s "$tmp/b1.csv" "$tmp/b2.csv" && echo same || echo different)"
check_eq "bench: 50000 events + header" 50001 "$(wc -l <"$tmp/b1.csv")"
check_eq "bench header" "opportunity_id,activity,timestamp,owner,amount,industry,region,lead_source,outcome" \
    "$(head -n 1 "$tmp/b1.csv")"
check_eq "bench: ISO timestamps with milliseconds and offsets" 0 \
    "$(awk -F, 'NR > 1 && $3 !~ /^20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\.[0-9][0-9][0-9]\+0[12]:00$/' "$tmp/b1.csv" | wc -l)"
bench_cases=$(awk -F, 'NR > 1 { print $1 }' "$tmp/b1.csv" | sort -u | wc -l)
check_eq "bench: about 10 events per case" yes "$([ "$bench_cases" -ge 4000 ] && [ "$bench_cases" -le 6000 ] && echo yes || echo "no ($bench_cases)")"
"$GEN" bench 12x >/dev/null 2>&1
check_eq "bench: a bad count is a usage error" 2 "$?"
"$GEN" nosuch >/dev/null 2>&1
check_eq "unknown sample: usage error" 2 "$?"

# ---- caseflow reads each sample completely, nothing rejected
for k in sales:3000:"$sales_rows" support:2000:"$support_rows" web:5000:"$web_rows"; do
    name=${k%%:*}
    rest=${k#*:}
    json=$("$CASEFLOW" report --json "$S/$name.csv")
    check_eq "report $name.csv: exit status" 0 "$?"
    check_eq "report $name.csv: cases" "${rest%%:*}" "$(printf '%s' "$json" | jq .cases)"
    check_eq "report $name.csv: events" "${rest#*:}" "$(printf '%s' "$json" | jq .events)"
    check_eq "report $name.csv: nothing rejected" 0 "$(printf '%s' "$json" | jq '[.rejected[]] | add // 0')"
done
json=$("$CASEFLOW" report --json "$S/sales.csv")
check_eq "report sales.csv: 10 activities" 10 "$(printf '%s' "$json" | jq .activities)"
check_eq "report sales.csv: cases ending Closed Won = won outcome" "$sales_won" \
    "$(printf '%s' "$json" | jq '.end_activities["Closed Won"]')"
check_eq "report sales.csv: every case starts at Prospecting or Qualification" 3000 \
    "$(printf '%s' "$json" | jq '.start_activities.Prospecting + .start_activities.Qualification')"

done_tests

#!/bin/sh
# Statistics by attribute (with win rates, Wilson intervals, z-tests), --why, numeric and date
# filters, time between activities and cohorts on the sales sample and real logs. Expected
# figures were recomputed from the CSVs with awk and Python (see the comments).
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_jq
SALES="$top_srcdir/samples/sales.csv"
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
WON="--outcome outcome=won --versus outcome=lost"

# ---- the sales sample by lead_source, industry, owner (Python over the CSV: outcome per case)
# shellcheck disable=SC2086
"$CASEFLOW" stats --json --by lead_source,industry,owner $WON "$SALES" > "$out" ||
    fail "stats --by failed"
check_eq "overall won/lost/unknown" "[867,1805,328]" "$(jq -c '[.won,.lost,.unknown]' "$out")"
check_eq "three tables" '["lead_source","industry","owner"]' "$(jq -c '[.by[].attribute]' "$out")"
check_eq "lead_source is case-level text" '["text","case"]' \
    "$(jq -c '.by[0] | [.kind,.level]' "$out")"
# Referral: 451 cases, 192 won, 193 lost: 49.87%, Wilson [0.44902, 0.54841], lift 1.5369,
# z-test against the other 2287 decided cases: p = 2.96e-15.
check_eq "Referral counts" "[451,192,193,66]" \
    "$(jq -c '.by[0].values[] | select(.value=="Referral") | [.cases,.won,.lost,.unknown]' "$out")"
check_eq "Referral rate, interval, lift, p (x1e15)" "[0.4987,0.44902,0.54841,1.5369,2.962]" \
    "$(jq -c '.by[0].values[] | select(.value=="Referral") |
        [(.win_rate*1e5|round/1e5), (.win_rate_low*1e5|round/1e5), (.win_rate_high*1e5|round/1e5),
         (.lift*1e4|round/1e4), (.p_value*1e18|round/1e3)]' "$out")"
check_eq "Outbound counts (awk: 775 cases, 145 won, 564 lost)" "[775,145,564]" \
    "$(jq -c '.by[0].values[] | select(.value=="Outbound") | [.cases,.won,.lost]' "$out")"
check_eq "text values ranked by p" "true" \
    "$(jq '[.by[0].values[].p_value] | . == sort' "$out")"
check_eq "owner is the resource column, event level (14 handovers)" '"event"' \
    "$(jq '.by[2].level' "$out")"
check_eq "rep016: 106 cases, 16 won, 82 lost" "[106,16,82]" \
    "$(jq -c '.by[2].values[] | select(.value=="rep016") | [.cases,.won,.lost]' "$out")"
check_eq "industry cases add up to 3000 (case level)" 3000 \
    "$(jq '[.by[1].values[].cases] | add' "$out")"
check_eq "shares and rates within [0,1], low <= rate <= high" 0 \
    "$(jq '[.by[].values[] | select(.share < 0 or .share > 1 or .win_rate_low > .win_rate or
            .win_rate > .win_rate_high or .p_value < 0 or .p_value > 1)] | length' "$out")"

# Default min-cases is max(10, 1%) = 30 here; --min-cases 400 keeps the four industries with
# at least 400 deals (Manufacturing 614, Technology 585, Financial Services 462, Retail 453).
"$CASEFLOW" stats --json --by industry --min-cases 400 "$SALES" > "$out"
check_eq "min-cases 400" '["Financial Services","Manufacturing","Retail","Technology"]' \
    "$(jq -c '[.by[0].values[].value] | sort' "$out")"
check_eq "hidden values counted" 3 "$(jq '.by[0].values_below_min_cases' "$out")"

# Numbers: amount is event-level (it changes within deals); 5 quantile buckets.
"$CASEFLOW" stats --json --by amount --buckets 4 "$SALES" > "$out"
check_eq "amount: number, event level, 4 buckets" '["number","event",4]' \
    "$(jq -c '.by[0] | [.kind,.level,(.values|length)]' "$out")"

# ---- --why: every attribute but the outcome's own, ranked by p
# shellcheck disable=SC2086
"$CASEFLOW" stats --json --why $WON "$SALES" > "$out" || fail "stats --why failed"
check_eq "why leaves out the outcome attribute" 0 \
    "$(jq '[.why[] | select(.attribute == "outcome")] | length' "$out")"
check_eq "why ranked by p" true "$(jq '[.why[].p_value] | . == sort' "$out")"
check_eq "why first finding" '"cases with lead_source = Outbound win 0.6× as often (p < 0.001, 775 cases)"' \
    "$(jq '.why[0].finding' "$out")"
check_contains "why text names Referral" "lead_source = Referral win 1.5× as often (p < 0.001, 451 cases)" \
    "$("$CASEFLOW" stats --why --outcome outcome=won --versus outcome=lost --width 100 "$SALES")"
"$CASEFLOW" stats --why "$SALES" 2> "$err" && fail "--why without an outcome succeeded"
check_contains "why needs an outcome" "needs an outcome" "$(cat "$err")"
"$CASEFLOW" stats --by nosuch "$SALES" 2> "$err" && fail "--by nosuch succeeded"
check_contains "by unknown attribute" "no attribute 'nosuch'; attributes: resource, amount" "$(cat "$err")"

# ---- overview
"$CASEFLOW" stats --json "$SALES" > "$out"
check_eq "activities: Prospecting in 2823 cases" '["Prospecting",2823]' \
    "$(jq -c '.activities[0] | [.activity,.cases]' "$out")"
check_eq "Closed Won is always last: no time in stage" null \
    "$(jq '.activities[] | select(.activity=="Closed Won") | .median_visit_s' "$out")"
check_eq "resources: 25 reps" 25 "$(jq '.resources | length' "$out")"
check_eq "attribute levels" '["event","case","case","case","case"]' \
    "$(jq -c '[.attributes[].level]' "$out")"
"$CASEFLOW" stats --format csv --table activities "$SALES" > "$out"
check_eq "csv header" "activity,events,cases,share,median_visit_s,p90_visit_s,median_case_s,p90_case_s,rework_cases,first,last" \
    "$(head -1 "$out" | tr -d '\r')"

# ---- numeric and date filters (awk over the CSV: cases with some event matching)
count() { "$CASEFLOW" stats --json "$@" "$SALES" | jq .cases; }
check_eq "amount>50000" 1228 "$(count --where 'amount>50000')"
check_eq "amount=10000..50000" 1657 "$(count --where 'amount=10000..50000')"
check_eq "owner!=rep003" 2896 "$(count --where 'owner!=rep003')"
check_eq "amount>50000 --invert" 1772 "$(count --where 'amount>50000' --invert)"
"$CASEFLOW" stats --json --where 'industry>5' "$SALES" > "$out" 2> "$err"
check_contains "unparsed values reported" "3000 cases with a value that is not a number or date" "$(cat "$err")"
"$CASEFLOW" stats --where 'amount>lots' "$SALES" 2> "$err" >/dev/null && fail "amount>lots succeeded"
check_contains "bad operand" "neither a number nor a date" "$(cat "$err")"

# ---- cohorts (Python: first event per deal in UTC, by quarter)
# shellcheck disable=SC2086
"$CASEFLOW" cohorts --json --by quarter $WON "$SALES" > "$out" || fail "cohorts failed"
check_eq "quarters" '[["2024-Q1",503],["2024-Q2",462],["2024-Q3",462],["2024-Q4",472],["2025-Q1",546],["2025-Q2",555]]' \
    "$(jq -c '[.cohorts[] | [.cohort,.cases]]' "$out")"
check_eq "cohort won+lost+open adds up" 0 \
    "$(jq '[.cohorts[] | select((.won + .lost) + (.open_share * .cases | round) != .cases)] | length' "$out")"
check_eq "stages from the most frequent successful variant" '"Closed Won"' "$(jq '.stages[-1]' "$out")"
check_contains "sparklines in text" "win rate" \
    "$("$CASEFLOW" cohorts --outcome outcome=won --versus outcome=lost --width 100 "$SALES")"
check_eq "cohorts by attribute" 5 "$("$CASEFLOW" cohorts --json --by lead_source "$SALES" | jq '.cohorts | length')"

if [ ! -d "$DATA" ]; then
    echo "# shared data absent: real-log checks skipped"
    done_tests
fi

# ---- bpic2012 by AMOUNT_REQ buckets, A_APPROVED vs A_DECLINED (Python: quantiles of the
# per-case amounts at 0 .2 .4 .6 .8 1 are 0 5000 7500 12000 20000 99999)
"$CASEFLOW" stats --json --by AMOUNT_REQ --outcome-activity A_APPROVED --versus A_DECLINED \
    "$DATA/bpic2012.csv.gz" > "$out" || fail "bpic2012 stats failed"
check_eq "bpic2012 buckets" '["0..5000","5000..7500","7500..12000","12000..20000","20000..99999"]' \
    "$(jq -c '[.by[0].values[].value]' "$out")"
check_eq "bpic2012 bucket counts" '[[3798,334,2797],[1622,276,962],[2622,474,1477],[2568,612,1201],[2477,550,1198]]' \
    "$(jq -c '[.by[0].values[] | [.cases,.won,.lost]]' "$out")"
check_eq "bpic2012 p of the first bucket (1.43e-84)" "1.43" \
    "$(jq '.by[0].values[0].p_value * 1e86 | round / 100' "$out")"

# ---- sepsis: ER Registration to the first IV Antibiotics after it (Python, numpy-style
# linear quantiles): 1050 with A, 821 with B, median 6849 s, p10 1134, p90 15178, max 97320.
"$CASEFLOW" between --json 'ER Registration' 'IV Antibiotics' "$DATA/sepsis.csv.gz" > "$out" ||
    fail "between failed"
check_eq "sepsis between" "[1050,821,229,6849,1134,2322,11388,15178,97320]" \
    "$(jq -c '[.cases_with_a,.cases,.cases_without_b,.median_s,.p10_s,.p25_s,.p75_s,.p90_s,.max_s]' "$out")"
check_eq "sepsis histogram adds up" 821 "$(jq '[.histogram[].count] | add' "$out")"
for o in --from-last --to-last --each; do
    "$CASEFLOW" between --json $o 'ER Registration' 'IV Antibiotics' "$DATA/sepsis.csv.gz" > "$out"
    check_eq "sepsis between $o: cases + without = with A" \
        "$(jq .cases_with_a "$out")" "$(jq '.cases + .cases_without_b' "$out")"
done
# The filter: the cases of the histogram's first three buckets (<= 1h) are the 282 of --max-time 1h.
check_eq "between filter <= 1h" 282 "$("$CASEFLOW" stats --json --between 'ER Registration,IV Antibiotics' \
    --max-time 1h "$DATA/sepsis.csv.gz" | jq .cases)"
check_eq "between filter > 1h (821 - 282)" 539 "$("$CASEFLOW" stats --json --between 'ER Registration,IV Antibiotics' \
    --min-time 1h --invert --invert "$DATA/sepsis.csv.gz" | jq .cases)"
"$CASEFLOW" between A "$DATA/sepsis.csv.gz" 2> "$err" && fail "between with one activity succeeded"
check_contains "between usage" "expected A B LOG" "$(cat "$err")"
done_tests

#!/bin/sh
# predict and clusters from the command line: a hand-worked fixture, the sales sample,
# bpic2012 (skipped without the shared data), figures recomputed from the JSON, errors.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_jq
SALES="$top_srcdir/samples/sales.csv"
FIX="$FIXTURES/predict.csv"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
OUT="--outcome-last Won --versus Lost"

# The fixture is tests/unit/test_predict.c's log (now = 1000 s after the start); with
# --min-support 2 --context 2: o1 S>A>B: its full path (c1 c2 c3, 2 won), stuck (idle
# 980 s > p90 690 s of B); o3 X: overall (6, 3 won), remaining = median of the 16 open
# states' times to the close = (200 + 300) / 2 = 250 s; o2 S>C>B: backs off to the last
# step B (5 cases, 3 won), remaining median of 100 300 100 950 10 = 100 s; o4 S>A: path.
# shellcheck disable=SC2086
"$CASEFLOW" predict --json --min-support 2 --context 2 $OUT "$FIX" > "$out" || fail "predict fixture"
check_eq "fixture order" '["o1","o3","o2","o4"]' "$(jq -c '[.open[].case]' "$out")"
check_eq "fixture o1" '[0.666666666666667,3,true,1000,100,"prefix"]' \
    "$(jq -c '.open[0] | [.p_win,.support,.stuck,.age_s,.remaining_s,.context]' "$out")"
check_eq "fixture o1 basis" '"same path so far (3 steps); 3 closed cases, 2 won"' \
    "$(jq -c '.open[0].basis' "$out")"
check_eq "fixture o1 next" '[["Won",0.666666666666667],["Lost",0.333333333333333]]' \
    "$(jq -c '[.open[0].next[] | [.activity,.p]]' "$out")"
check_eq "fixture o3" '[0.5,6,250,"overall"]' \
    "$(jq -c '.open[1] | [.p_win,.support,.remaining_s,.context]' "$out")"
check_eq "fixture o2 backs off" '[0.6,5,100,"last_k",1,"last step B; 5 closed cases, 3 won (same path: 1 < 2)"]' \
    "$(jq -c '.open[2] | [.p_win,.support,.remaining_s,.context,.context_k,.basis]' "$out")"
check_eq "fixture closed" '[6,3,3]' "$(jq -c '[.closed_cases,.closed_won,.closed_lost]' "$out")"
# shellcheck disable=SC2086
"$CASEFLOW" predict --json --min-support 2 --context 2 --value amount $OUT "$FIX" > "$out"
check_eq "value at risk order" '[["o2",2000],["o1",333.333333333333],["o3",50],["o4",null]]' \
    "$(jq -c '[.open[] | [.case,.at_risk]]' "$out")"
check_eq "value missing counted" 1 "$(jq .open_without_value "$out")"
# shellcheck disable=SC2086
text=$("$CASEFLOW" predict --min-support 2 --context 2 $OUT "$FIX")
check_contains "fixture text" "STUCK" "$text"
check_contains "fixture text" "Outlook for 4 open cases (6 closed: 3 won, 3 lost)" "$text"

# The sales sample: the open deals are exactly the cases whose outcome attribute is open.
open=$("$CASEFLOW" report --json --where outcome=open "$SALES" | jq .cases)
"$CASEFLOW" predict --json --outcome-last "Closed Won" --versus "Closed Lost" "$SALES" > "$out"
check_eq "sales open = outcome open" "$open" "$(jq '.open | length' "$out")"
check_eq "sales p_win within [0,1], support >= 30" 0 \
    "$(jq '[.open[] | select(.p_win < 0 or .p_win > 1 or .support < 30)] | length' "$out")"
check_eq "sales stuck first" true \
    "$(jq '[.open[].stuck] | . == (sort | reverse)' "$out")"
check_eq "sales same playbook outcome" "$open" \
    "$("$CASEFLOW" predict --json --playbook "$top_srcdir/samples/sales.playbook" "$SALES" |
        jq '.open | length')"
"$CASEFLOW" predict --json --value amount --outcome-last "Closed Won" --versus "Closed Lost" \
    "$SALES" > "$out"
check_eq "sales at risk descending" true \
    "$(jq '[.open[].at_risk] | . == (sort | reverse)' "$out")"

# Backtest: the figures recomputed from the listed cases.
"$CASEFLOW" predict --backtest --json --split 2025-01-01 --outcome-last "Closed Won" \
    --versus "Closed Lost" "$SALES" > "$out" || fail "sales backtest"
check_eq "sales backtest cases listed" "$(jq .evaluated "$out")" "$(jq '.cases | length' "$out")"
check_eq "sales backtest Brier from the cases" true \
    "$(jq '([.cases[] | select(.won != null) | (.p_win - (if .won then 1 else 0 end)) | . * .] |
        add / length) as $b | (.outcome_metrics[] | select(.metric == "Brier" and
        .baseline == "overall win rate") | .model) as $m | ($b - $m | fabs) < 1e-9' "$out")"
check_eq "sales backtest top-1 from the cases" true \
    "$(jq '([.cases[] | if (.next_predicted | split("|") | .[0]) == .next_actual then 1 else 0 end]
        | add / length) as $a | (.next_metrics[0].model - $a | fabs) < 1e-9' "$out")"
check_eq "sales backtest learns only from before the split" true \
    "$(jq '.train_cases > 0 and .evaluated > 0' "$out")"
text=$("$CASEFLOW" predict --backtest --split 2025-01-01 --outcome-last "Closed Won" \
    --versus "Closed Lost" "$SALES")
check_contains "backtest text" "Outcome (lower is better except AUC)" "$text"
check_contains "backtest text" "verdict" "$text"
check_eq "backtest --split fraction" 0 "$("$CASEFLOW" predict --backtest --split 0.5 \
    --outcome-last "Closed Won" --versus "Closed Lost" "$SALES" >/dev/null; echo $?)"

# bpic2012: approved vs declined, split at 2012-01-01.
if [ -f "$DATA/bpic2012.csv.gz" ]; then
    "$CASEFLOW" predict --backtest --json --split 2012-01-01 --outcome-activity A_APPROVED \
        --versus A_DECLINED "$DATA/bpic2012.csv.gz" > "$out" || fail "bpic2012 backtest"
    # every evaluated case started before the split and was decided after it
    check_eq "bpic2012 evaluated = listed" "$(jq .evaluated "$out")" "$(jq '.cases | length' "$out")"
    check_eq "bpic2012 AUC beats the overall rate" better \
        "$(jq -r '.outcome_metrics[0].verdict' "$out")"
    check_eq "bpic2012 next top-1 beats the successor baseline" better \
        "$(jq -r '.next_metrics[0].verdict' "$out")"
fi

# Errors: no outcome, bad numbers, bad split, unknown value attribute.
"$CASEFLOW" predict "$SALES" > /dev/null 2> "$out"
check_eq "no outcome exit" 2 $?
check_contains "no outcome message" "predict needs an outcome" "$(cat "$out")"
"$CASEFLOW" predict --min-support 0 --outcome-last "Closed Won" "$SALES" > /dev/null 2>&1
check_eq "min-support 0" 2 $?
"$CASEFLOW" predict --backtest --split tomorrow --outcome-last "Closed Won" "$SALES" > /dev/null 2> "$out"
check_eq "bad split" 2 $?
check_contains "bad split message" "neither a date nor a fraction" "$(cat "$out")"
"$CASEFLOW" predict --value nope --outcome-last "Closed Won" "$SALES" > /dev/null 2>&1
check_eq "unknown value attribute" 2 $?

# clusters: every variant assigned once, the clusters add up.
"$CASEFLOW" clusters --json -k 3 --outcome-last "Closed Won" --versus "Closed Lost" "$SALES" > "$out" ||
    fail "clusters"
variants=$("$CASEFLOW" report --json "$SALES" | jq .variants_count)
check_eq "clusters k" 3 "$(jq '.clusters | length' "$out")"
check_eq "clusters cases add up" 3000 "$(jq '[.clusters[].cases] | add' "$out")"
check_eq "clusters variants add up" "$variants" "$(jq '[.clusters[].variants] | add' "$out")"
check_eq "assignment covers every variant" "$variants" "$(jq '.assignment | length' "$out")"
check_eq "assignment cases add up" 3000 "$(jq '[.assignment[].cases] | add' "$out")"
check_eq "medoid is a path at distance 0" true \
    "$(jq '[.clusters[] as $c | .assignment[] | select(.cluster == $c.id and .variant == $c.medoid)
        | .distance] == [0,0,0]' "$out")"
check_eq "win rates within [0,1]" 0 \
    "$(jq '[.clusters[] | select(.win_rate < 0 or .win_rate > 1)] | length' "$out")"
k=$("$CASEFLOW" clusters --json "$SALES" | jq .k)
check_eq "clusters -k auto within 2..10" true "$([ "$k" -ge 2 ] && [ "$k" -le 10 ] && echo true)"
"$CASEFLOW" clusters -k 0 "$SALES" > /dev/null 2>&1
check_eq "clusters -k 0" 2 $?
"$CASEFLOW" clusters -k 500 "$SALES" > /dev/null 2> "$out"
check_eq "clusters too many" 2 $?
check_contains "clusters too many message" "too few" "$(cat "$out")"
text=$("$CASEFLOW" clusters -k 2 "$SALES")
check_contains "clusters text" "Distinguishing activities" "$text"
done_tests

#!/bin/sh
# Segment comparison and playbook conformance on real logs and the sales sample:
# segment counts from the data README, invariants of the figures, error paths.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_data
need_jq
SALES="$top_srcdir/samples/sales.csv"
PLAYBOOK="$top_srcdir/samples/sales.playbook"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# bpic2012: A_APPROVED 2,246 vs A_DECLINED 7,635 (data README); the rest unknown.
"$CASEFLOW" compare --json --outcome-activity A_APPROVED --versus A_DECLINED \
    "$DATA/bpic2012.csv.gz" > "$out" || fail "bpic2012 compare failed"
check_eq "bpic2012 approved" 2246 "$(jq .segments.a.cases "$out")"
check_eq "bpic2012 declined" 7635 "$(jq .segments.b.cases "$out")"
check_eq "bpic2012 unknown" 3206 "$(jq .segments.unknown.cases "$out")"
check_eq "bpic2012 win rates" "[1,0]" "$(jq -c '[.segments.a.win_rate,.segments.b.win_rate]' "$out")"
check_eq "bpic2012 shares within [0,1] and cases within the segments" 0 \
    "$(jq '[.edges[], .activities[] | select(.share_a < 0 or .share_a > 1 or .share_b < 0 or
            .share_b > 1 or .cases_a > 2246 or .cases_b > 7635)] | length' "$out")"
check_eq "bpic2012 outcome activities hidden from divergence" 0 \
    "$(jq '[.divergence[] | select(.next_a == "A_APPROVED" or .next_b == "A_DECLINED")] | length' "$out")"
check_eq "bpic2012 has divergence points" yes \
    "$(jq 'if (.divergence | length) > 0 then "yes" else "no" end' "$out" | tr -d '"')"
check_eq "bpic2012 A_APPROVED share in A is 1" 1 \
    "$(jq '.activities[] | select(.activity == "A_APPROVED") | .share_a' "$out")"

# The same segment counts from XES.
check_eq "bpic2012.xes.gz segments" "[2246,7635,3206]" \
    "$("$CASEFLOW" compare --json --outcome-activity A_APPROVED --versus A_DECLINED \
        "$DATA/bpic2012.xes.gz" | jq -c '[.segments.a.cases,.segments.b.cases,.segments.unknown.cases]')"

# sepsis: Return ER against the rest; A equals the cases report --grep selects.
ret=$("$CASEFLOW" report --json --grep 'Return ER' "$DATA/sepsis.csv.gz" | jq .cases)
"$CASEFLOW" compare --json --outcome-activity "Return ER" "$DATA/sepsis.csv.gz" > "$out"
check_eq "sepsis Return ER segment" "$ret" "$(jq .segments.a.cases "$out")"
check_eq "sepsis A + B = 1,050 cases" 1050 "$(jq '.segments.a.cases + .segments.b.cases' "$out")"

# Filter against its complement: the two sides add up to every case.
"$CASEFLOW" compare --json --grep 'Release A' "$DATA/sepsis.csv.gz" > "$out"
check_eq "sepsis filter vs rest" 1050 "$(jq '.segments.a.cases + .segments.b.cases' "$out")"
check_eq "no outcome, no win rate" null "$(jq .segments.a.win_rate "$out")"

# The sales sample: won vs lost by the outcome attribute; open deals are unknown.
"$CASEFLOW" compare --json --outcome outcome=won --versus outcome=lost "$SALES" > "$out"
total=$("$CASEFLOW" report --json "$SALES" | jq .cases)
open=$("$CASEFLOW" report --json --where outcome=open "$SALES" | jq .cases)
won=$("$CASEFLOW" report --json --where outcome=won "$SALES" | jq .cases)
check_eq "sales won" "$won" "$(jq .segments.a.cases "$out")"
check_eq "sales unknown = open deals" "$open" "$(jq .segments.unknown.cases "$out")"
check_eq "sales a+b+unknown" "$total" "$(jq '.segments.a.cases + .segments.b.cases + .segments.unknown.cases' "$out")"
text=$("$CASEFLOW" compare --outcome outcome=won --versus outcome=lost "$SALES")
check_contains "compare text" "Where the paths diverge" "$text"
check_contains "compare text" "Transitions that differ most" "$text"

# Conformance of the sales sample to its playbook.
"$CASEFLOW" check --json --playbook "$PLAYBOOK" "$SALES" > "$out" || fail "check failed"
check_eq "check covers every case" "$total" "$(jq .cases "$out")"
check_eq "conforming <= cases" true "$(jq '.conforming <= .cases and .conforming > 0' "$out")"
check_eq "every deviating case counted by kind" true \
    "$(jq '([.kinds[].cases] | max) <= (.cases - .conforming)' "$out")"
check_eq "no_end cases are the open deals" "$open" \
    "$(jq '.kinds[] | select(.kind == "no_end") | .cases' "$out")"
check_eq "effects are labelled" 0 \
    "$(jq '[.deviations[] | select(.effect | IN("beneficial","detrimental","neutral","few cases","n/a") | not)] | length' "$out")"
text=$("$CASEFLOW" check --playbook "$PLAYBOOK" "$SALES")
check_contains "check text" "Deviations by kind" "$text"
check_contains "check text" "conforming" "$text"

# Errors: exit 2 with a clear message.
msg=$("$CASEFLOW" compare --outcome-activity "No Such Stage" "$SALES" 2>&1); st=$?
check_eq "unknown outcome activity exits 2" 2 "$st"
check_contains "unknown outcome activity message" 'no activity named "No Such Stage"' "$msg"
msg=$("$CASEFLOW" compare --outcome nosuch=1 "$SALES" 2>&1); st=$?
check_eq "unknown outcome attribute exits 2" 2 "$st"
check_contains "unknown attribute lists the known ones" "attributes: amount, industry" "$msg"
msg=$("$CASEFLOW" check "$SALES" 2>&1); st=$?
check_eq "check without playbook exits 2" 2 "$st"
printf 'A\nallow: A B\n' > "$out"
msg=$("$CASEFLOW" check --playbook "$out" "$SALES" 2>&1); st=$?
check_eq "bad playbook exits 1" 1 "$st"
check_contains "bad playbook names file and line" "$out:2: expected \"allow: FROM -> TO\"" "$msg"
done_tests

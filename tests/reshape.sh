#!/bin/sh
# Reshaping at import on vendor-shaped fixtures (tests/data/vendor, written to each
# vendor's documented column names); every count below is worked out by hand from the
# fixture. Bad options get a clear error and exit 2.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_jq
V="$top_srcdir/tests/data/vendor"
cf() { "$CASEFLOW" "$@"; }
j() { cf report --json "$@" 2>&1; }

# HubSpot deals, wide: 101 has 3 stage dates, 102 has 3, 103 has 1, 104 none (skipped).
# Date exited / Cumulative time columns are not events.
out=$(j --wide "$V/hubspot-deals.csv")
check_eq "hubspot --wide cases,events,activities,variants,skipped" "[3,7,4,3,1,7]" \
    "$(echo "$out" | jq -c '[.cases,.events,.activities,.variants_count,.skipped.no_stage_date,.wide_events]')"
check_eq "hubspot --wide activities named by stage without pipeline" \
    '{"Appointment Scheduled":3,"Closed Lost":1,"Closed Won":1,"Qualified To Buy":2}' \
    "$(echo "$out" | jq -cS '.activity_counts')"
check_eq "hubspot --wide: 101 Appointment Scheduled 3d 1h before Qualified To Buy" "262800" \
    "$(echo "$out" | jq -c '[.dfg[] | select(.from=="Appointment Scheduled" and .to=="Qualified To Buy") | .max_s] | .[0]')"
# A custom pattern: the Date exited columns (2 of them; 101 and 102 each have both).
out=$(j --wide='^Date exited "(.+) \(' "$V/hubspot-deals.csv")
check_eq "hubspot --wide=REGEX on Date exited" "[2,4]" "$(echo "$out" | jq -c '[.cases,.events]')"
# Without --wide: a hint.
err=$(cf report "$V/hubspot-deals.csv" 2>&1)
check_contains "hubspot without --wide: hint" "4 columns look like HubSpot stage dates" "$err"
check_contains "hubspot without --wide: suggests --wide" "try --wide" "$err"
err=$(cf report --wide='^Stage reached (.*)$' "$V/hubspot-deals.csv" 2>&1); rc=$?
check_eq "--wide regex matching nothing: exit 2" 2 "$rc"
check_contains "--wide regex matching nothing: message" "--wide: no column header matches" "$err"
err=$(cf report --wide='(' "$V/hubspot-deals.csv" 2>&1); rc=$?
check_eq "--wide bad regex: exit 2" 2 "$rc"
check_contains "--wide bad regex: message" "bad regex" "$err"

# Jira changelog: 5 status rows (PROJ-1: In Progress, Done; PROJ-2: In Progress, In Review,
# Done), 2 rows of other fields (assignee, priority). toString is preferred to To.
out=$(j --changes status "$V/jira-changelog.csv")
check_eq "jira --changes status cases,events,skipped" "[2,5,2]" \
    "$(echo "$out" | jq -c '[.cases,.events,.skipped.other_field]')"
check_eq "jira: named by toString" '{"Done":2,"In Progress":2,"In Review":1}' \
    "$(echo "$out" | jq -cS '.activity_counts')"
check_contains "jira: Issue key is the case" "case=Issue key activity=toString" \
    "$(cf report --changes status "$V/jira-changelog.csv")"
check_eq "jira: times +0100 give a dominant offset of 60 min" 60 \
    "$(echo "$out" | jq '.utc_offset_min')"
check_eq "jira: rejected none" 0 "$(echo "$out" | jq '[.rejected[]] | add')"
err=$(cf report --changes resolution "$V/jira-changelog.csv" 2>&1); rc=$?
check_eq "--changes with no such field: exit 2" 2 "$rc"
check_contains "--changes with no such field: message" \
    'no row has "resolution" in column "Field"' "$err"
err=$(cf report --changes status --field-column Nope "$V/jira-changelog.csv" 2>&1); rc=$?
check_eq "--field-column unknown: exit 2" 2 "$rc"
check_contains "--field-column unknown: message" 'no column "Nope"' "$err"
err=$(cf report --changes status "$V/ga4-events.csv" 2>&1); rc=$?
check_eq "--changes on a file with no field column: exit 2" 2 "$rc"
check_contains "--changes without field column: message" "no field column found" "$err"
# Set explicitly: the To column (ids) instead of toString.
check_eq "jira --new-value-column To" '{"10002":2,"10100":1,"3":2}' \
    "$(j --changes status --new-value-column To "$V/jira-changelog.csv" | jq -cS '.activity_counts')"

# Salesforce OpportunityFieldHistory: 5 StageName rows, Amount and CloseDate skipped.
# Plain import picks NewValue, never OldValue.
out=$(j --changes StageName "$V/salesforce-field-history.csv")
check_eq "salesforce field history cases,events,skipped,variants" "[2,5,2,2]" \
    "$(echo "$out" | jq -c '[.cases,.events,.skipped.other_field,.variants_count]')"
check_contains "salesforce field history: NewValue is the activity even without --changes" \
    "activity=NewValue" "$(cf report "$V/salesforce-field-history.csv")"

# Dynamics 365 audit in Europe/Berlin local time: 4 Status Reason rows, Priority skipped.
# 2024-03-01 09:00 CET = 08:00Z; 2024-04-02 10:00 CEST = 08:00Z.
out=$(j --changes "Status Reason" --timezone Europe/Berlin "$V/dynamics-audit.csv")
check_eq "dynamics cases,events,skipped" "[2,4,1]" \
    "$(echo "$out" | jq -c '[.cases,.events,.skipped.other_field]')"
check_eq "dynamics time range in UTC" '{"first":"2024-03-01T08:00:00Z","last":"2024-04-02T08:00:00Z"}' \
    "$(echo "$out" | jq -c '.time_range')"
check_eq "dynamics: zone reported" '"Europe/Berlin"' "$(echo "$out" | jq -c '.timezone')"
check_contains "dynamics: report says which zone" "read in Europe/Berlin" \
    "$(cf report --changes "Status Reason" --timezone Europe/Berlin "$V/dynamics-audit.csv")"
err=$(cf report --timezone Mars/Olympus_Mons "$V/dynamics-audit.csv" 2>&1); rc=$?
check_eq "unknown zone: exit 2" 2 "$rc"
check_contains "unknown zone: message" 'unknown time zone "Mars/Olympus_Mons"' "$err"
err=$(cf report --timezone ../../etc/passwd "$V/dynamics-audit.csv" 2>&1); rc=$?
check_eq "zone with ..: exit 2" 2 "$rc"

# Zendesk ticket events: 6 status rows (1001: new open solved; 1002: new pending open).
out=$(j --changes status "$V/zendesk-ticket-events.csv")
check_eq "zendesk cases,events,skipped,activities" "[2,6,1,4]" \
    "$(echo "$out" | jq -c '[.cases,.events,.skipped.other_field,.activities]')"
check_contains "zendesk: value column, updater as resource" "activity=value timestamp=created_at resource=updater_id" \
    "$(cf report --changes status "$V/zendesk-ticket-events.csv")"

# ServiceNow sys_audit: 5 state rows, assigned_to skipped.
out=$(j --changes state "$V/servicenow-sys-audit.csv")
check_eq "servicenow cases,events,skipped" "[2,5,1]" \
    "$(echo "$out" | jq -c '[.cases,.events,.skipped.other_field]')"
check_contains "servicenow roles" "case=documentkey activity=newvalue timestamp=sys_created_on resource=sys_created_by" \
    "$(cf report --changes state "$V/servicenow-sys-audit.csv")"

# GA4: a session is user_pseudo_id/ga_session_id: 3 sessions of 3, 2 and 3 events.
out=$(j --case user_pseudo_id,ga_session_id "$V/ga4-events.csv")
check_eq "ga4 composite case cases,events" "[3,8]" "$(echo "$out" | jq -c '[.cases,.events]')"
check_eq "ga4 guessed case is the user (2 users)" 2 "$(j "$V/ga4-events.csv" | jq '.cases')"
check_contains "ga4 composite ids joined with /" "111.222/1700000001" \
    "$(cf export --case user_pseudo_id,ga_session_id "$V/ga4-events.csv")"
err=$(cf report --case user_pseudo_id,nope "$V/ga4-events.csv" 2>&1); rc=$?
check_eq "composite case with unknown column: exit 2" 2 "$rc"
check_contains "composite case: message" '--case: no column "nope"' "$err"

# Salesforce OpportunityHistory with Amount/CloseDate rows: 006B1 P P P Q P W (2
# repeats), 006B2 P Q Q L (1 repeat): 10 events become 7; P after Q stays.
out=$(j --collapse-repeats "$V/salesforce-opportunity-history.csv")
check_eq "--collapse-repeats events,collapsed,self loops" "[7,3,0]" \
    "$(echo "$out" | jq -c '[.events,.collapsed,.self_loop_cases]')"
check_eq "without it: self-loop cases" 2 \
    "$(j "$V/salesforce-opportunity-history.csv" | jq '.self_loop_cases')"
# The first of the repeats is kept: 006B1 starts 2024-01-10, Qualification after 10d 5h30m.
check_eq "--collapse-repeats keeps the first event" 883800 \
    "$(echo "$out" | jq '[.dfg[] | select(.from=="Prospecting" and .to=="Qualification") | .max_s] | .[0]')"

# --keep-rows: 8 Pipeline rows of 10; ~ takes a regex (Closed Won/Closed Lost rows: 2).
out=$(j --keep-rows ForecastCategory=Pipeline "$V/salesforce-opportunity-history.csv")
check_eq "--keep-rows COL=VALUE events,skipped" "[8,2]" \
    "$(echo "$out" | jq -c '[.events,.skipped.keep_rows]')"
out=$(j --keep-rows 'StageName~^Closed' "$V/salesforce-opportunity-history.csv")
check_eq "--keep-rows COL~REGEX events,skipped" "[2,8]" \
    "$(echo "$out" | jq -c '[.events,.skipped.keep_rows]')"
err=$(cf report --keep-rows Nope=1 "$V/salesforce-opportunity-history.csv" 2>&1); rc=$?
check_eq "--keep-rows unknown column: exit 2" 2 "$rc"
check_contains "--keep-rows unknown column: message" 'no column "Nope"' "$err"
err=$(cf report --keep-rows StageName=Nothing "$V/salesforce-opportunity-history.csv" 2>&1); rc=$?
check_eq "--keep-rows matching no row: exit 2" 2 "$rc"
err=$(cf report --keep-rows StageName "$V/salesforce-opportunity-history.csv" 2>&1); rc=$?
check_eq "--keep-rows without = or ~: exit 2" 2 "$rc"

# A rejected timestamp suggests --time-format with an example.
err=$(printf 'case,activity,timestamp\n1,A,14 Mar 2024 10:00\n1,B,2024-03-15\n' |
    cf report --width 0 - 2>&1)
check_contains "bad timestamp suggests --time-format" "e.g. '%d %b %Y %H:%M'" "$err"
done_tests

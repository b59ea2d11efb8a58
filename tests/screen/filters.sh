# Screen test: regex, case-id and attribute filters with live counts, undo, errors, commands.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"
need_data
need_jq

LOG="$DATA/helpdesk.csv.gz"
cases_for() {
    "$CASEFLOW" report --json "$@" "$LOG" | jq .cases
}

start_caseflow -- "$LOG"
wait_for "4,580/4,580 cases"
keys 3
wait_for "4,580 cases, sorted by start"

# "/" with a live count while typing; Esc cancels and changes nothing.
n_wait=$(cases_for --grep 'Wait')
keys /
wait_for "path regex /"
type_text "Wait"
wait_for "$(commas "$n_wait") of 4,580 cases"
keys Escape
wait_gone "path regex /"
wait_for "4,580/4,580 cases"

# Enter applies it.
keys /
type_text "Wait"
wait_for "$(commas "$n_wait") of 4,580 cases"
keys Enter
wait_for "$(commas "$n_wait")/4,580 cases"
wait_for "path~Wait"
wait_for "$(commas "$n_wait") cases, sorted by start"

# A second filter narrows the first: the stack is the report's filters in order.
re2='Resolve ticket > Closed$'
n_both=$(cases_for --grep 'Wait' --grep "$re2")
keys /
type_text "$re2"
wait_for "$(commas "$n_both") of $(commas "$n_wait") cases"
keys Enter
wait_for "$(commas "$n_both")/4,580 cases"

# An invalid regex: the error while typing, the error after Enter, the selection kept.
keys /
type_text "(Wait"
wait_for "missing closing parenthesis"
keys Enter
wait_for "missing closing parenthesis"
wait_for "$(commas "$n_both")/4,580 cases"

# u undoes the last filter; U clears them all.
keys u
wait_for "$(commas "$n_wait")/4,580 cases"
keys U
wait_for "4,580/4,580 cases"
keys u
wait_for "no filter to undo"

# c filters on case ids; a on an attribute.
n_case=$(cases_for --case-grep 'Case 1[0-9]$')
keys c
wait_for "case id regex"
type_text 'Case 1[0-9]$'
wait_for "$(commas "$n_case") of 4,580 cases"
keys Enter
wait_for "$(commas "$n_case")/4,580 cases"
keys U
n_attr=$(cases_for --where 'seriousness_2=Value 2')
keys a
type_text 'seriousness_2=Value 2'
wait_for "$(commas "$n_attr") of 4,580 cases"
keys Enter
wait_for "$(commas "$n_attr")/4,580 cases"
keys a
type_text 'nosuchattribute=1'
keys Enter
wait_for "nosuchattribute"
wait_for "$(commas "$n_attr")/4,580 cases"
keys U
wait_for "4,580/4,580 cases"

# n/N: the next row matching the last regex ("Wait", typed above... then the attribute
# regex; use a path regex again to be sure).
keys 2 /
type_text 'Require upgrade'
keys Enter
n_ru=$(cases_for --grep 'Require upgrade')
wait_for "$(commas "$n_ru")/4,580 cases"
keys U g n
wait_for "Require upgrade"

# The command line: :where, :from/:to, :not, :export, unknown commands, :theme.
keys :
type_text "where seriousness_2=Value 2"
wait_for "cases with an event whose"
keys Enter
wait_for "$(commas "$n_attr")/4,580 cases"
keys U
n_from=$(cases_for --from 2010-06-01 --to 2010-12-31)
keys :
type_text "from 2010-06-01"
keys Enter :
type_text "to 2010-12-31"
keys Enter
wait_for "$(commas "$n_from")/4,580 cases"
keys U
n_not=$(cases_for --grep Wait --invert)
keys :
type_text "not grep Wait"
keys Enter
wait_for "$(commas "$n_not")/4,580 cases"
wait_for "not path~Wait"
keys U
keys :
type_text "export variants $WORK/variants.csv"
keys Enter
nv=$("$CASEFLOW" report --json "$LOG" | jq .variants_count)
wait_for "wrote $nv rows of Variants"
check_eq "exported rows" "$((nv + 1))" "$(wc -l <"$WORK/variants.csv")"
check_eq "export header" "#,Cases,Share,,Cum,Median,Path" "$(head -1 "$WORK/variants.csv")"
top=$("$CASEFLOW" report --json "$LOG" | jq -r '"1,\(.variants[0].cases),"')
check_contains "export first row" "$top" "$(sed -n 2p "$WORK/variants.csv")"
keys :
type_text "frobnicate"
keys Enter
wait_for "unknown command ':frobnicate'"
keys :
type_text "theme nosuchtheme"
keys Enter
wait_for "theme 'nosuchtheme' not found"
keys :
type_text "theme dark-256"
keys Enter
wait_for "theme dark-256"

# :end and :stages set the analyses' parameters; a bad name is said and inference used.
keys 6 :
type_text "end Closed,Wait"
keys Enter
wait_for "Ends (given, :end sets): Closed, Wait"
keys :
type_text "end Nope"
keys Enter
wait_for "no activity 'Nope'"
wait_for "Ends (inferred"
keys 5 :
type_text "stages Assign seriousness,Take in charge ticket,Resolve ticket,Closed"
keys Enter
wait_for "Stage order (given, :stages sets): Assign seriousness > Take in"
keys :
type_text "stages"
keys Enter
wait_for "Stage order (inferred"
# Enter on the rework table filters to the cases repeating the activity.
n_rep=$("$CASEFLOW" report --json "$LOG" | jq '.rework_cases["Take in charge ticket"]')
keys g Enter
wait_for "$(commas "$n_rep")/4,580 cases"
keys U

# Enter in the Variants view filters to the selected variant.
keys 2 g Enter
top_cases=$("$CASEFLOW" report --json "$LOG" | jq '.variants[0].cases')
wait_for "$(commas "$top_cases")/4,580 cases"
wait_for "variant #1"
keys :
type_text "q"
keys Enter
wait_exit

# Command-line filters are the first level of the stack.
start_caseflow -- --grep Wait "$LOG"
wait_for "$(commas "$n_wait")/4,580 cases"
keys u
wait_for "4,580/4,580 cases"
keys q
wait_exit

done_tests

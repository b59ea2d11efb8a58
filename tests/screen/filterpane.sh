# Screen test: the Filters pane (F, :filters): the whole stack, any filter switched off and
# on, removed or edited, with the case counts of caseflow report with the same filters.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"
need_jq

LOG="$top_srcdir/samples/sales.csv"
cases_for() {
    "$CASEFLOW" report --json "$@" "$LOG" | jq .cases
}
total=$(cases_for)
T=$(commas "$total")

start_caseflow -- "$LOG"
wait_for "$T/$T cases"
keys 3
wait_for "cases, sorted by start"

# Three filters: an attribute, a path regex, another attribute.
keys a
type_text "industry=Retail"
keys Enter
n1=$(cases_for --where industry=Retail)
wait_for "$(commas "$n1")/$T cases"
keys /
type_text "Negotiation"
keys Enter
n12=$(cases_for --where industry=Retail --grep Negotiation)
wait_for "$(commas "$n12")/$T cases"
keys a
type_text "lead_source=Referral"
keys Enter
n123=$(cases_for --where industry=Retail --grep Negotiation --where lead_source=Referral)
wait_for "$(commas "$n123")/$T cases"

# The pane: every level with what it keeps alone and the cases after it.
keys F
wait_for "Filters: 3, 0 off"
wait_for " 1 on   $(printf '%7s' "$(commas "$n1")")  $(printf '%10s' "$(commas "$n1")") industry=Retail"
wait_for " 2 on   $(printf '%7s' "$(commas "$(cases_for --grep Negotiation)")")  $(printf '%10s' "$(commas "$n12")") path~Negotiation"
wait_for " 3 on   $(printf '%7s' "$(commas "$(cases_for --where lead_source=Referral)")")  $(printf '%10s' "$(commas "$n123")") lead_source=Referral"

# The middle one off: the cases of the other two; the status line shows it in brackets.
n13=$(cases_for --where industry=Retail --where lead_source=Referral)
keys g j Space
wait_for "switched off path~Negotiation"
wait_for "$(commas "$n13")/$T cases"
wait_for "Filters: 3, 1 off"
wait_for " 2 off"
keys F 3
wait_for "$(commas "$n13") cases, sorted by start"
wait_for "(path~Negotiation)"
# On again: all three.
keys F
wait_for "Filters: 3, 1 off"
keys Space
wait_for "$(commas "$n123")/$T cases"
wait_for "Filters: 3, 0 off"

# Removed: two levels left, the count of the other two.
keys d
wait_for "removed path~Negotiation"
wait_for "$(commas "$n13")/$T cases"
wait_for "Filters: 2, 0 off"
wait_gone " 3 on "
wait_for " 2 on   $(printf '%7s' "$(commas "$(cases_for --where lead_source=Referral)")")  $(printf '%10s' "$(commas "$n13")") lead_source=Referral"

# Edited: e opens the prompt with the filter's text; the preview counts within the others;
# Esc changes nothing; Enter replaces the level where it is.
n_ref=$(cases_for --where lead_source=Referral)
n_en=$(cases_for --where industry=Energy --where lead_source=Referral)
keys g e
wait_for "attribute: industry=Retail"
keys Escape
wait_gone "attribute: industry"
wait_for "$(commas "$n13")/$T cases"
keys e
wait_for "attribute: industry=Retail"
keys C-u
type_text "industry=Energy"
wait_for "$(commas "$n_en") of $(commas "$n_ref") cases"
keys Enter
wait_for "$(commas "$n_en")/$T cases"
wait_for "filter 1 is now industry=Energy"
wait_for " 1 on   $(printf '%7s' "$(commas "$(cases_for --where industry=Energy)")")  $(printf '%10s' "$(commas "$(cases_for --where industry=Energy)")") industry=Energy"

# A command filter is edited in the command prompt; one made in a view cannot be edited.
keys :
type_text "from 2025-01-01"
keys Enter
n_from=$(cases_for --where industry=Energy --where lead_source=Referral --from 2025-01-01)
wait_for "$(commas "$n_from")/$T cases"
keys G e
wait_for ":from 2025-01-01"
keys C-u
type_text "from 2024-07-01"
keys Enter
n_from2=$(cases_for --where industry=Energy --where lead_source=Referral --from 2024-07-01)
wait_for "$(commas "$n_from2")/$T cases"
wait_for "Filters: 3, 0 off"
keys q 2 g Enter
wait_for "Variant #1: "
keys F
wait_for "Filters: 4, 0 off"
wait_for "variant #1  (on/off and remove only)"
keys G e
wait_for "variant #1 was made in a view"

# u and U still work in the pane; q goes back to the view.
keys u
wait_for "undid variant #1"
wait_for "$(commas "$n_from2")/$T cases"
wait_for "Filters: 3, 0 off"
keys U
wait_for "$T/$T cases"
wait_for "Filters: none yet"
keys q
wait_gone "Filters: none yet"
keys :
type_text "filters"
keys Enter
wait_for "Filters: none yet"
keys Q
wait_exit
done_tests

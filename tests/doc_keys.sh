#!/bin/sh
# The man page's OUTPUT KEYS section lists every JSON key each command writes (on the
# running example and the sales sample), so the key sets stay documented and stable:
# a new key fails here until it is documented (and a renamed one bumps the format).
# Keys that are data (activity names as keys, reached_ACTIVITY columns) are not keys.
# DOC_KEYS_PRINT=1 prints the section's body from the outputs instead of checking.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_jq
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
R="$FIXTURES/running-example.csv.gz"
S="$top_srcdir/samples/sales.csv"
MAN="$top_srcdir/tui/caseflow.1"
# section title | command and arguments (LOG last)
SPECS='report|report R
deadends|deadends R
rework|rework R
stages|stages R
transitions|transitions R
funnel|funnel --stages "register request,check ticket,decide" R
compare|compare --outcome-last "pay compensation" R
check|check --playbook FIXTURES/running-example.playbook R
map|map R
stats|stats S
stats \\-\\-by|stats --outcome outcome=won --versus outcome=lost --by industry S
between|between "register request" decide R
cohorts|cohorts --outcome outcome=won --versus outcome=lost S
predict|predict --outcome outcome=won --versus outcome=lost --value amount S
predict \\-\\-backtest|predict --backtest --split 2025-01-01 --outcome outcome=won --versus outcome=lost S
clusters|clusters --outcome outcome=won --versus outcome=lost S'

# keys_of FILE LOG: the schema keys of a JSON document, one per line, sorted.
keys_of() {
    # Activity names of the log are data, wherever they appear as keys.
    "$CASEFLOW" report --json "$2" | jq -r '.activity_counts | keys[]' >"$tmp/acts"
    jq -r '[.. | objects | keys[]] | unique | .[] | select(test("^[a-z][a-z0-9_]*$"))' "$1" |
        grep -vxF -f "$tmp/acts" | grep -v '^reached_' | sort -u
}

section() { # section TITLE: the body of ".SS TITLE" under .SH "OUTPUT KEYS"
    awk -v t=".SS $1" '/^\.SH "OUTPUT KEYS"/ { in_s = 1; next } /^\.SH / { in_s = 0 }
        in_s && $0 == t { on = 1; next } in_s && /^\.SS / { on = 0 } on' "$MAN"
}

echo "$SPECS" | while IFS='|' read -r title cmd; do
    log=$S
    case $cmd in *" R") log=$R ;; esac
    cmd=$(printf '%s' "$cmd" | sed "s| [RS]\$||; s|FIXTURES|$FIXTURES|")
    eval "\"\$CASEFLOW\" $cmd --format json \"\$log\"" >"$tmp/out.json" 2>"$tmp/err" ||
        { fail "$title: $(cat "$tmp/err")"; continue; }
    keys_of "$tmp/out.json" "$log" >"$tmp/keys"
    if [ -n "${DOC_KEYS_PRINT:-}" ]; then
        printf '.SS %s\n%s\n' "$title" "$(tr '\n' ' ' <"$tmp/keys" | sed 's/ $//; s/ /, /g')."
        continue
    fi
    body=$(section "$title")
    [ -n "$body" ] || { fail "man page: no .SS $title under OUTPUT KEYS"; continue; }
    missing=$(while read -r k; do
        printf '%s\n' "$body" | tr -c 'a-z0-9_\n' ' ' | tr ' ' '\n' | grep -qxF "$k" || printf '%s ' "$k"
    done <"$tmp/keys")
    check_eq "$title: every JSON key in the man page" "" "$missing"
done
[ -n "${DOC_KEYS_PRINT:-}" ] && exit 0
done_tests

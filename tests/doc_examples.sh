#!/bin/sh
# Every `caseflow ...` example of the README ("    $ caseflow ...") and of the man page's
# EXAMPLES section runs on the bundled sample and exits 0; an example with a filter
# selects at least one case. Explorer examples run as `report` (the explorer's own
# options dropped), so the log and the filters are checked the same way.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_jq
cd "$top_srcdir" || exit 99
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

{
    sed -n 's/^    \$ \(caseflow .*\)$/\1/p' README.md
    sed -n '/^\.SH EXAMPLES/,/^\.SH /p' tui/caseflow.1 |
        sed -n 's/^\.B \(caseflow.*\)$/\1/p' | sed 's/\\-/-/g; s/\\(dq/"/g'
} >"$tmp/examples"
check_eq "examples found" yes "$([ "$(wc -l <"$tmp/examples")" -ge 8 ] && echo yes)"

commands=" report compare check rework deadends stages transitions funnel map stats between cohorts "
filters=" --grep --case-grep --where --from --to --variant --min-duration --max-duration \
--starts-with --ends-with --follows "
explorer_only=" --view --theme --outcome --outcome-activity --versus --playbook --end "
explorer_flags=" --no-color --no-mouse --ascii "

while IFS= read -r line; do
    ex=${line%%|*} # a pipe into jq is the reader's business
    eval "set -- ${ex#caseflow}"
    cmd=report explorer=yes
    case "$commands" in *" $1 "*)
        cmd=$1 explorer=no
        shift
        ;;
    esac
    args= fargs= log=samples/sales.csv
    while [ $# -gt 0 ]; do
        a=$1
        shift
        case "$filters" in *" $a "*)
            fargs="$fargs $a '$1'"
            args="$args $a '$1'"
            shift
            continue
            ;;
        esac
        if [ $explorer = yes ]; then
            case "$explorer_only" in *" $a "*)
                shift
                continue
                ;;
            esac
            case "$explorer_flags" in *" $a "*) continue ;; esac
        fi
        case $a in
        -*) args="$args '$a'" ;;
        *.csv | *.csv.gz | -) log=$a ;;
        *) args="$args '$a'" ;;
        esac
    done
    eval "\"\$CASEFLOW\" $cmd $args \"\$log\"" >"$tmp/out" 2>"$tmp/err"
    check_eq "example '$line': exit status (stderr: $(head -c 200 "$tmp/err"))" 0 "$?"
    if [ -n "$fargs" ]; then
        n=$(eval "\"\$CASEFLOW\" report --json $fargs \"\$log\"" | jq .cases)
        check_eq "example '$line': selects cases" yes "$([ "${n:-0}" -gt 0 ] && echo yes)"
    fi
done <"$tmp/examples"

# The filters the README quotes in its prose, on the sample.
for f in "--grep Proposal.*Negotiation" "--grep ^Prospecting > Qualification > Closed Lost\$" \
    "--where owner=rep005" "--where industry~^Pub"; do
    n=$("$CASEFLOW" report --json "${f%% *}" "${f#* }" samples/sales.csv | jq .cases)
    check_eq "README filter '$f' selects cases" yes "$([ "${n:-0}" -gt 0 ] && echo yes)"
    check_contains "README mentions '$f'" "\`${f#* }\`" "$(tr '\n' ' ' <README.md)"
done
done_tests

#!/bin/sh
# Shell completion: the bash script from `caseflow completion bash` completes commands,
# each command's options (as its --help lists them) and fixed option values; the zsh
# script at least parses (with zsh, when installed).
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v bash >/dev/null 2>&1 || { echo "bash is required"; exit 99; }
"$CASEFLOW" completion bash >"$tmp/caseflow.bash" || fail "completion bash"
"$CASEFLOW" completion zsh >"$tmp/_caseflow" || fail "completion zsh"

# complete WORDS...: what _caseflow offers for the last word, sorted, one line.
complete() {
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _caseflow
        printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' sh "$tmp/caseflow.bash" "$@"
}
check_eq "commands by prefix" "predict " "$(complete "$CASEFLOW" pre)"
check_eq "every command" "$("$CASEFLOW" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ && on { on = 0 }' | sort | tr '\n' ' ')" \
    "$(complete "$CASEFLOW" "" | tr ' ' '\n' | grep -vE '^$' | while read -r w; do [ -e "$w" ] || echo "$w"; done | sort | tr '\n' ' ')"
# Options as each command's --help lists them.
check_contains "report's options" "--format " "$(complete "$CASEFLOW" report --fo)"
check_contains "map's own option" "--style " "$(complete "$CASEFLOW" map --st)"
check_eq "an option of another command is not offered" "" "$(complete "$CASEFLOW" report --sty | tr -d " ")"
check_contains "the explorer's options" "--theme " "$(complete "$CASEFLOW" --th)"
check_eq "values of --format" "csv json text " "$(complete "$CASEFLOW" report --format "")"
check_eq "values of --theme by prefix" "dark-256 default " "$(complete "$CASEFLOW" --theme d)"
# Every option offered for report is one it takes: given without its value, report
# says the value is missing or takes it as a flag, never "unknown option".
for opt in $(complete "$CASEFLOW" report --); do
    out=$("$CASEFLOW" report "$opt" 2>&1 </dev/null)
    case $out in *nknown*) fail "report does not take $opt (offered by completion): $out" ;; esac
done
if command -v zsh >/dev/null 2>&1; then
    zsh -n "$tmp/_caseflow" || fail "the zsh script does not parse"
fi
done_tests

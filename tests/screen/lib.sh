# Helpers for the screen tests: caseflow in a private tmux server, keys in, screen text out.
# SPDX-License-Identifier: MIT
# Sourced by tests/screen/*.sh (after setting nothing); uses tests/lib.sh for checks.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/lib.sh"

: "${TMUX_BIN:=$(command -v tmux 2>/dev/null)}"
if [ -z "$TMUX_BIN" ] || ! [ -x "$TMUX_BIN" ]; then
    echo "tmux is not installed: screen tests skipped (apt-get install tmux)"
    exit 77
fi
unset TMUX TMUX_PANE

SOCKET="caseflow-test-$$"
SOCKETS=
STARTS=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/caseflow-screen.XXXXXX")
# Seconds to wait for text to appear (sanitizer builds are slower).
WAIT_SECS=${WAIT_SECS:-20}

tm() {
    "$TMUX_BIN" -L "$SOCKET" -f /dev/null "$@"
}

screen_cleanup() {
    for _s in $SOCKETS; do
        "$TMUX_BIN" -L "$_s" -f /dev/null kill-server >/dev/null 2>&1
    done
    rm -rf "$WORK"
}
trap screen_cleanup EXIT

# start_caseflow [ENV=VALUE ...] -- ARGS...: run caseflow in a fresh 80x24 session
# through a wrapper that records the exit status, stderr, the terminal modes before
# and after, and sanitizer reports (in $WORK/asan.*).
start_caseflow() {
    # Each run gets a server of its own: a server being killed may still hold its socket.
    tm kill-server >/dev/null 2>&1
    STARTS=$((STARTS + 1))
    SOCKET="caseflow-test-$$-$STARTS"
    SOCKETS="$SOCKETS $SOCKET"
    rm -f "$WORK"/status "$WORK"/stderr "$WORK"/stty.* "$WORK"/args "$WORK"/env
    : >"$WORK/args"
    : >"$WORK/env"
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        printf 'export %s\n' "$1" >>"$WORK/env"
        shift
    done
    [ "${1:-}" = "--" ] && shift
    for a in "$@"; do
        printf '%s\n' "$a" >>"$WORK/args"
    done
    cat >"$WORK/run.sh" <<EOF
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR
export ASAN_OPTIONS="log_path=$WORK/asan:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$WORK/asan:print_stacktrace=1"
. "$WORK/env"
set --
while IFS= read -r a; do set -- "\$@" "\$a"; done <"$WORK/args"
stty -g >"$WORK/stty.before"
# A caught signal is reset to its default in caseflow; the wrapper itself survives ^C.
trap 'true' INT
"$CASEFLOW" "\$@" 2>"$WORK/stderr"
echo \$? >"$WORK/status"
stty -g >"$WORK/stty.after"
echo "caseflow exited"
exec sleep 600
EOF
    tm new-session -d -s t -x 80 -y 24 "sh $WORK/run.sh"
}

screen() {
    tm capture-pane -p -t t
}

# wait_for TEXT: poll the screen until it shows TEXT; a check that fails on timeout.
wait_for() {
    tests_run=$((tests_run + 1))
    _end=$(($(date +%s) + WAIT_SECS))
    while :; do
        if screen | grep -qF -- "$1"; then
            return 0
        fi
        if [ "$(date +%s)" -ge "$_end" ]; then
            fail "screen never showed '$1'; it shows:"
            screen | sed 's/^/    | /'
            if [ -e "$WORK/status" ]; then
                echo "    caseflow exited with status $(cat "$WORK/status"), stderr:"
                sed 's/^/    | /' "$WORK/stderr"
            fi
            return 1
        fi
        sleep 0.1
    done
}

# wait_gone TEXT: poll until TEXT is no longer on the screen.
wait_gone() {
    tests_run=$((tests_run + 1))
    _end=$(($(date +%s) + WAIT_SECS))
    while screen | grep -qF -- "$1"; do
        if [ "$(date +%s)" -ge "$_end" ]; then
            fail "screen still shows '$1':"
            screen | sed 's/^/    | /'
            return 1
        fi
        sleep 0.1
    done
    return 0
}

# keys KEY...: send keys (tmux key names: Enter, Escape, Tab, BTab, Up, NPage...).
keys() {
    tm send-keys -t t "$@"
}

# type_text TEXT: send TEXT literally.
type_text() {
    tm send-keys -t t -l -- "$1"
}

# line N: row N (0-based) of the screen.
line() {
    screen | sed -n "$(($1 + 1))p"
}

# wait_exit: wait for caseflow to end; checks exit status 0, empty stderr, the
# terminal modes restored, the alternate screen left, and no sanitizer report.
wait_exit() {
    wait_for "caseflow exited" || return 1
    check_eq "exit status" 0 "$(cat "$WORK/status")"
    check_eq "stderr while curses ran" "" "$(cat "$WORK/stderr")"
    check_eq "terminal modes restored" "$(cat "$WORK/stty.before")" "$(cat "$WORK/stty.after")"
    check_eq "alternate screen left" 0 "$(tm display-message -p -t t '#{alternate_on}')"
    check_no_sanitizer_reports
}

check_no_sanitizer_reports() {
    tests_run=$((tests_run + 1))
    for f in "$WORK"/asan.*; do
        [ -e "$f" ] || continue
        fail "sanitizer report $f:"
        sed 's/^/    | /' "$f" | head -40
        rm -f "$f"
    done
}

# commas N: 21348 -> 21,348 (as the status line prints counts).
commas() {
    echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'
}

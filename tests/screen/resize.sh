# Screen test: resizing, the too-small message, ASCII and monochrome modes, themes.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"
need_data

LOG="$DATA/sepsis.csv.gz"
start_caseflow -- "$LOG"
wait_for "1,050/1,050 cases"
keys 2
wait_for "variants, sorted by cases"

# Bigger: the status line and key bar move to the new bottom rows.
tm resize-window -t t -x 100 -y 40
wait_for "Variant #1:"
tests_run=$((tests_run + 1))
_end=$(($(date +%s) + WAIT_SECS))
until line 38 | grep -qF "1,050/1,050 cases" && line 39 | grep -qF "Help"; do
    if [ "$(date +%s)" -ge "$_end" ]; then
        fail "100x40: status line not on row 38: $(screen)"
        break
    fi
    sleep 0.1
done
check_eq "100x40: rows" 40 "$(screen | wc -l)"
check_eq "100x40: columns" 100 "$(tm display-message -p -t t '#{pane_width}')"

# Too small: a message instead of a broken layout; keys other than q are ignored.
tm resize-window -t t -x 39 -y 11
wait_for "terminal too small: 39x11"
wait_for "caseflow needs 40x12"
keys 3
# Back to 80x24: the same view as before.
tm resize-window -t t -x 80 -y 24
wait_for "variants, sorted by cases"
wait_gone "terminal too small"
tests_run=$((tests_run + 1))
line 22 | grep -qF "1,050/1,050 cases" || fail "80x24: status line not on row 22: $(screen)"
keys q
wait_exit

# A locale without UTF-8: ASCII separators and bars.
start_caseflow LC_ALL=C LANG=C -- "$LOG"
wait_for "1,050/1,050 cases"
wait_for "sepsis.csv.gz | 1,050/1,050 cases | 15,214 events"
keys 2
wait_for "variants, sorted by cases"
tests_run=$((tests_run + 1))
screen | grep -qE '^ +1 +[0-9,]+ +[0-9.]+% #+ ' || fail "ASCII bars: $(screen)"
keys q
wait_exit

# --ascii in a UTF-8 locale does the same.
start_caseflow -- --ascii "$LOG"
wait_for "sepsis.csv.gz | 1,050/1,050 cases"
keys q
wait_exit

# Colours: the default theme draws with colour; --no-color and NO_COLOR do not.
has_colour() {
    tm capture-pane -e -p -t t | grep -qE "$(printf '\033')\\[([0-9;]*;)?(3[0-7]|4[0-7]|38;5|48;5)[;m]"
}
start_caseflow -- "$LOG"
wait_for "1,050/1,050 cases"
tests_run=$((tests_run + 1))
has_colour || fail "default theme: no colour on screen"
keys q
wait_exit
start_caseflow -- --no-color "$LOG"
wait_for "1,050/1,050 cases"
tests_run=$((tests_run + 1))
has_colour && fail "--no-color: colours on screen"
keys q
wait_exit
start_caseflow NO_COLOR=1 -- "$LOG"
wait_for "1,050/1,050 cases"
tests_run=$((tests_run + 1))
has_colour && fail "NO_COLOR: colours on screen"
keys q
wait_exit

# Themes: every shipped one loads; a bad line is reported with its number, the rest applies.
for t in default light dark-256 high-contrast mono; do
    start_caseflow -- --theme "$t" "$LOG"
    wait_for "1,050/1,050 cases"
    wait_gone "not found"
    keys q
    wait_exit
done
start_caseflow -- --theme "$FIXTURES/bad.theme" "$LOG"
wait_for "bad.theme:3: unknown colour 'purpel' (1 bad line skipped)"
keys q
wait_exit
start_caseflow -- --theme nosuchtheme "$LOG"
wait_for "theme 'nosuchtheme' not found"
keys q
wait_exit

# ^C (restores the terminal, exits 130) is tests/screen/interrupt.sh.

done_tests

# Shared helpers for the shell tests: sourced by tests/*.sh under `make check`.
# SPDX-License-Identifier: MIT
# Environment from Makefile.am: top_srcdir, top_builddir, CASEFLOW, TMUX_BIN.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${CASEFLOW:=$top_builddir/caseflow}"
# The real logs: configure's --with-shared-data (default ../shared/data beside the checkout).
DATA="${CF_SHARED_DATA:-$top_srcdir/../shared/data}"
FIXTURES="$top_srcdir/tests/data"
# No one's own defaults (~/.config/caseflow/config) in the tests; tests/config.sh sets its own.
CASEFLOW_CONFIG=
CASEFLOW_HISTORY=
export CASEFLOW_CONFIG CASEFLOW_HISTORY

tests_failed=0
tests_run=0

# fail MESSAGE: record a failure and go on.
fail() {
    echo "FAIL: $*"
    tests_failed=$((tests_failed + 1))
}

# check_eq WHAT EXPECTED ACTUAL
check_eq() {
    tests_run=$((tests_run + 1))
    if [ "$2" != "$3" ]; then
        fail "$1: expected '$2', got '$3'"
    fi
}

# check_contains WHAT NEEDLE HAYSTACK
check_contains() {
    tests_run=$((tests_run + 1))
    case "$3" in
    *"$2"*) ;;
    *) fail "$1: '$2' not found in: $(printf '%s' "$3" | head -c 600)" ;;
    esac
}

# need_jq: JSON checks use jq (installed by .ci/run and the README's setup line).
need_jq() {
    if ! command -v jq >/dev/null 2>&1; then
        echo "jq is required for this test: apt-get install jq"
        exit 99
    fi
}

# need_data: the real logs of ../shared/data (configure --with-shared-data=DIR).
# A tarball build without them skips (exit 77) and says where it looked; CI has them.
need_data() {
    if [ ! -f "$DATA/running-example.csv.gz" ]; then
        echo "SKIP: the real event logs are not in $DATA (configure --with-shared-data=DIR)"
        exit 77
    fi
}

# done_tests: print the summary and exit with the right status.
done_tests() {
    echo "# $((tests_run - tests_failed)) passed, $tests_failed failed"
    [ "$tests_failed" -eq 0 ]
    exit $?
}

#!/bin/sh
# Snapshots: every analysis on a snapshot equals the one on the log it was made from;
# another version, a damaged, truncated or foreign file is refused with a reason.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_jq
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# same_as_log LABEL LOG SNAP CMD...: CMD's JSON on both, without the "log" key.
same_as_log() {
    label=$1 log=$2 snap=$3
    shift 3
    a=$("$CASEFLOW" "$@" --json "$log" | jq -S 'del(.log)') || { fail "$label: log"; return; }
    b=$("$CASEFLOW" "$@" --json "$snap" | jq -S 'del(.log)') || { fail "$label: snapshot"; return; }
    check_eq "$label" "$a" "$b"
}

# The bundled sample (always there), with its attributes, through several commands.
s="$top_srcdir/samples/sales.csv"
"$CASEFLOW" snapshot "$s" -o "$tmp/sales.cfsnap" 2>"$tmp/err" || fail "snapshot of the sample"
check_contains "snapshot says what it wrote" "3000 cases" "$(cat "$tmp/err")"
for cmd in report rework deadends stages transitions; do
    same_as_log "sample: $cmd" "$s" "$tmp/sales.cfsnap" "$cmd"
done
same_as_log "sample: compare" "$s" "$tmp/sales.cfsnap" compare --outcome outcome=won --versus outcome=lost
same_as_log "sample: filters" "$s" "$tmp/sales.cfsnap" report --where owner=rep007 --grep 'Proposal'
# Recognised by its bytes, not its name.
cp "$tmp/sales.cfsnap" "$tmp/sales.csv"
same_as_log "sample: snapshot named .csv" "$s" "$tmp/sales.csv" report

# A log with a sparse attribute column (a key on one event in ten) and a dense one.
awk 'BEGIN {
    print "<?xml version=\"1.0\"?><log xes.version=\"1.0\">"
    for (t = 0; t < 30; t++) {
        printf "<trace><string key=\"concept:name\" value=\"c%d\"/>\n", t
        for (e = 0; e < 10; e++) {
            printf "<event><string key=\"concept:name\" value=\"A%d\"/>", (e + t) % 4
            printf "<date key=\"time:timestamp\" value=\"2024-01-%02dT%02d:00:00Z\"/>", t % 28 + 1, e
            printf "<string key=\"tier\" value=\"t%d\"/>", t % 3
            if (e == t % 10)
                printf "<string key=\"note\" value=\"n%d\"/>", t % 5
            print "</event>"
        }
        print "</trace>"
    }
    print "</log>"
}' >"$tmp/sparse.xes"
"$CASEFLOW" snapshot "$tmp/sparse.xes" -o "$tmp/sparse.cfsnap" 2>/dev/null || fail "snapshot of a sparse log"
same_as_log "sparse: stats" "$tmp/sparse.xes" "$tmp/sparse.cfsnap" stats
same_as_log "sparse: filter on the sparse attribute" "$tmp/sparse.xes" "$tmp/sparse.cfsnap" report --where note=n3
check_eq "sparse: the filter keeps the cases with n3" 6 \
    "$("$CASEFLOW" report --json --where note=n3 "$tmp/sparse.cfsnap" | jq .cases)"
"$CASEFLOW" export "$tmp/sparse.xes" --format csv -o "$tmp/a.csv" 2>/dev/null
"$CASEFLOW" export "$tmp/sparse.cfsnap" --format csv -o "$tmp/b.csv" 2>/dev/null
check_eq "sparse: export from the snapshot" "$(cat "$tmp/a.csv")" "$(cat "$tmp/b.csv")"
check_contains "sparse: export has the sparse values" ",n3" "$(cat "$tmp/b.csv")"

# --snapshot FILE on any load writes the log as loaded, before filters.
"$CASEFLOW" report --json --snapshot "$tmp/first.cfsnap" --where owner=rep007 "$s" >/dev/null \
    2>"$tmp/err" || fail "report --snapshot"
check_contains "--snapshot says so" "wrote the snapshot" "$(cat "$tmp/err")"
same_as_log "--snapshot: the whole log, not the filtered one" "$s" "$tmp/first.cfsnap" report
out=$("$CASEFLOW" report --snapshot "$tmp/again.cfsnap" "$tmp/first.cfsnap" 2>&1)
check_eq "--snapshot of a snapshot: usage error" 2 "$?"
check_contains "--snapshot of a snapshot: says why" "is a snapshot already" "$out"

# The fuzz target's seeds (an option byte, then a snapshot) are of this version.
for seed in "$top_srcdir"/tests/fuzz/corpus/snapshot/*.bin; do
    tail -c +2 "$seed" >"$tmp/seed.cfsnap"
    "$CASEFLOW" report "$tmp/seed.cfsnap" >/dev/null 2>&1 ||
        fail "$(basename "$seed") does not open: remake tests/fuzz/corpus/snapshot (see snapshot.h)"
done

# Refusals: another version, a damaged section, a damaged table, truncation.
refused() {
    label=$1 want=$2 file=$3
    out=$("$CASEFLOW" report "$file" 2>&1)
    st=$?
    check_eq "$label: exit status" 1 "$st"
    check_contains "$label: says why" "$want" "$out"
}
cp "$tmp/sales.cfsnap" "$tmp/v.cfsnap"
printf '\x63' | dd of="$tmp/v.cfsnap" bs=1 seek=8 conv=notrunc 2>/dev/null
refused "other version" "another version" "$tmp/v.cfsnap"
size=$(wc -c <"$tmp/sales.cfsnap")
cp "$tmp/sales.cfsnap" "$tmp/d.cfsnap"
printf '\x5a' | dd of="$tmp/d.cfsnap" bs=1 seek=$((size / 3)) conv=notrunc 2>/dev/null
refused "damaged data" "snapshot refused" "$tmp/d.cfsnap"
cp "$tmp/sales.cfsnap" "$tmp/t.cfsnap"
printf '\x5a' | dd of="$tmp/t.cfsnap" bs=1 seek=$((size - 20)) conv=notrunc 2>/dev/null
refused "damaged section table" "damaged" "$tmp/t.cfsnap"
head -c $((size / 2)) "$tmp/sales.cfsnap" >"$tmp/h.cfsnap"
refused "truncated" "snapshot refused" "$tmp/h.cfsnap"
head -c 8 "$tmp/sales.cfsnap" >"$tmp/m.cfsnap"
refused "magic only" "snapshot refused" "$tmp/m.cfsnap"

# Every shared log: report and the map's JSON agree.
if [ -d "$DATA" ]; then
    for x in "$DATA"/*.csv.gz; do
        [ -f "$x" ] || continue
        base=$(basename "$x" .csv.gz)
        "$CASEFLOW" snapshot "$x" -o "$tmp/$base.cfsnap" 2>/dev/null || { fail "$base: snapshot"; continue; }
        same_as_log "$base: report" "$x" "$tmp/$base.cfsnap" report
        rm -f "$tmp/$base.cfsnap"
    done
else
    echo "# $DATA is absent: the shared logs are not checked"
fi
done_tests

# Screen test: sorting lists with groups (the Map's list form, the Stats attribute table,
# Compare's divergence pairs) keeps every group whole, and s reverses the views that have
# sort keys of their own (Variants, Cases, Stages). Each check compares what :export
# writes (the rows in the order shown) before and after, at 80x24 on the sample.
# SPDX-License-Identifier: MIT
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/screen/lib.sh"

LOG="$top_srcdir/samples/sales.csv"

# export NAME: :export the current view to $WORK/NAME.csv and wait until it is written.
export_view() {
    keys :
    wait_gone "wrote " # the prompt takes the message's place
    type_text "export $WORK/$1.csv"
    keys Enter
    wait_for "wrote "
}
# A CSV's data rows (header dropped), as text lines.
rows() { sed 1d "$WORK/$1.csv"; }
# groups_ok FILE COL HEAD_RE: every group (a head row matching HEAD_RE in field 1, then
# its rows) is ordered by COL (descending, or ascending with asc), and so are the heads;
# prints "ok" and the number of groups, or what is out of order.
groups_ok() {
    python3 - "$WORK/$1.csv" "$2" "$3" "${4:-desc}" <<'EOF'
import csv, re, sys
path, col, head_re, way = sys.argv[1], int(sys.argv[2]), re.compile(sys.argv[3]), sys.argv[4]
rows = list(csv.reader(open(path, encoding="utf-8")))[1:]
def num(s):
    s = s.replace(",", "").rstrip("%")
    return float(s) if s else None
bad = None
heads, members = [], []
for r in rows:
    if head_re.search(r[0]):
        if members:
            heads[-1].append(members)
        heads.append([num(r[col])])
        members = []
    else:
        members.append(num(r[col]))
if heads:
    heads[-1].append(members)
def ordered(xs):
    xs = [x for x in xs if x is not None]
    return xs == sorted(xs, reverse=(way == "desc"))
if not ordered([h[0] for h in heads]):
    bad = "heads out of order"
for h in heads:
    if len(h) > 1 and not ordered(h[1]):
        bad = "rows out of order in a group"
print(bad or "ok %d" % len(heads))
EOF
}
# same_groups A B HEAD_RE: A and B hold the same groups (a head and its rows), in any order.
same_groups() {
    python3 - "$WORK/$1.csv" "$WORK/$2.csv" "$3" <<'EOF'
import csv, re, sys
head_re = re.compile(sys.argv[3])
def groups(path):
    out, cur = [], None
    for r in list(csv.reader(open(path, encoding="utf-8")))[1:]:
        if head_re.search(r[0]) or cur is None:
            cur = [tuple(r), []]
            out.append(cur)
        else:
            cur[1].append(tuple(r))
    return sorted((g[0], tuple(sorted(g[1]))) for g in out)
print("same" if groups(sys.argv[1]) == groups(sys.argv[2]) else "differ")
EOF
}

start_caseflow -- "$LOG"
wait_for "3,000/3,000 cases"

# ---- Map, list form: > > sorts by Count; activities and (start) head their groups.
# (The Map exports its edge list whatever the form, so this reads the screen.)
# screen_groups_ok [asc]: the list's rows on screen (lines 4-22) are in order of Count,
# heads among heads and each group's rows within it.
screen_groups_ok() {
    screen | sed -n 4,22p | python3 -c '
import re, sys
way = sys.argv[1]
heads, cur = [], None
for line in sys.stdin.read().splitlines():
    m = re.match(r"^(.{48,}?)\s+([0-9,]+)\s", line)
    if not m:
        continue
    n = int(m.group(2).replace(",", ""))
    if line.startswith("  "):
        cur.append(n)
    else:
        cur = []
        heads.append((n, cur))
def ordered(xs):
    return xs == sorted(xs, reverse=(way == "desc"))
ok = ordered([h[0] for h in heads]) and all(ordered(h[1]) for h in heads)
print("ok" if ok and len(heads) >= 3 else "bad %r" % heads)
' "${1:-desc}"
}
keys 1 m
wait_for "share of the activity's events"
keys '>' '>'
wait_for "Count▼"
check_eq "map list: groups by Count, descending" ok "$(screen_groups_ok)"
keys s
wait_for "Count▲"
check_eq "map list: s, ascending" ok "$(screen_groups_ok asc)"
# Enter filters on the row shown first after the sort: the smallest activity.
first=$(screen | sed -n 4p | sed 's/  .*//')
keys Home Enter
wait_for "through $first"
keys u
wait_for "3,000/3,000 cases"

# ---- Stats, attributes: each attribute's values sort within it.
keys 0
wait_for "Statistics: Activities"
keys t t
wait_for "Statistics: Attributes"
export_view attr0
keys '>' '>'
wait_for "Cases▼"
export_view attr1
AHEAD=' \((text|number|time)'
groups=$(grep -cE "^\"?[a-z_]+$AHEAD" "$WORK/attr0.csv")
tests_run=$((tests_run + 1))
[ "$groups" -ge 2 ] || fail "the sample should have two attributes or more, found $groups"
check_eq "attributes: values by Cases within each attribute" "ok $groups" \
    "$(groups_ok attr1 1 "$AHEAD")"
check_eq "attributes: the same groups as unsorted" same "$(same_groups attr0 attr1 "$AHEAD")"

# ---- Variants, Cases, Stages: s reverses the view's own order.
keys 2
wait_for "variants, sorted by cases ("
export_view var0
keys s
wait_for "variants, sorted by cases, reversed"
export_view var1
# Cum (field 5) is the running share from the top, so it differs; the rest is reversed.
check_eq "variants: s reverses" "$(rows var0 | cut -d, -f1-4,6- | tac)" "$(rows var1 | cut -d, -f1-4,6-)"
last=$(rows var0 | tail -1 | cut -d, -f1)
keys Home Enter
wait_for "variant #$last"
keys u
wait_for "3,000/3,000 cases"
keys 3
wait_for "cases, sorted by start ("
export_view cases0
keys s
wait_for "cases, sorted by start, reversed"
export_view cases1
check_eq "cases: s reverses" "$(rows cases0 | tac)" "$(rows cases1)"
keys 4
wait_for "Time in stage, sorted by median ("
export_view st0
keys s
wait_for "Time in stage, sorted by median, reversed"
export_view st1
# The case-duration row stays first; the stages below it are reversed.
check_eq "stages: the case-duration row stays first" "$(rows st0 | head -1)" "$(rows st1 | head -1)"
check_eq "stages: s reverses the stages" "$(rows st0 | sed 1d | tac)" "$(rows st1 | sed 1d)"
keys Q
wait_exit

# ---- Compare's divergence table: ways on sort in pairs.
start_caseflow -- --outcome outcome=won --versus outcome=lost "$LOG"
wait_for "3,000/3,000 cases"
keys 8 t t
wait_for "where the paths diverge"
export_view split0
keys '>' '>' '>'
wait_for "ways on (pairs, by their first row), by Cases"
export_view split1
python3 - "$WORK/split0.csv" "$WORK/split1.csv" >"$WORK/pairs.txt" <<'EOF'
import csv, sys
def pairs(path):
    r = list(csv.reader(open(path, encoding="utf-8")))[1:]
    return [(tuple(r[i]), tuple(r[i + 1])) for i in range(0, len(r), 2)]
a, b = pairs(sys.argv[1]), pairs(sys.argv[2])
cases = [int(p[0][2].replace(",", "")) for p in b]
print("pairs", "same" if sorted(a) == sorted(b) else "differ", len(b))
print("order", "ok" if cases == sorted(cases, reverse=True) else "bad")
EOF
n=$(($(rows split0 | wc -l) / 2))
check_eq "divergence: the same pairs" "pairs same $n" "$(sed -n 1p "$WORK/pairs.txt")"
check_eq "divergence: pairs by the first row's cases" "order ok" "$(sed -n 2p "$WORK/pairs.txt")"
keys Q
wait_exit
done_tests

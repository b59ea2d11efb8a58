#!/bin/sh
# The process map's geometry and counts over every real log at several slider
# settings: boxes apart, edges orthogonal from border to border and through no
# box (tests/mapcheck), the kept activities drawn, counts equal to the graph's.
# SPDX-License-Identifier: MIT
. "$top_srcdir/tests/lib.sh"
need_data
need_jq
MAPCHECK="$top_builddir/tests/mapcheck"
LC_ALL=C.UTF-8
export LC_ALL
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Activities a map must show: the top n by events (ties by name), from report --json.
# $n: the number to keep.
KEPT='[.activity_counts | to_entries | sort_by(-.value, .key) | .[:$n][] | .key] | sort'

# The map's activity nodes, sorted.
DRAWN='[.nodes[] | select(.kind == "activity") | .name] | sort'

# Activity-to-activity edges as [from, to, count], sorted (self-loops included).
ACT_EDGES='. as $m | [.edges[] | select($m.nodes[.source].kind == "activity" and
  $m.nodes[.target].kind == "activity") | [.from, .to, .count]] | sort'

# The checker itself catches overlapping boxes, an edge off its border and
# through a box.
echo '{"nodes": [{"id": 0, "x": 0, "y": 0, "w": 5, "h": 3}, {"id": 1, "x": 3, "y": 1, "w": 5, "h": 3}],
  "edges": [{"source": 0, "target": 1, "points": [[1, 2], [6, 2]], "label_at": null,
  "self_loop": false}]}' | "$MAPCHECK" > "$tmp/check.txt"
check_eq "mapcheck fails a bad map" 1 "$?"
check_contains "mapcheck: overlap" "boxes overlap" "$(cat "$tmp/check.txt")"
check_contains "mapcheck: off the border" "ends off its target" "$(cat "$tmp/check.txt")"
check_contains "mapcheck: through a box" "passes through a box" "$(cat "$tmp/check.txt")"

logs=0
for f in "$DATA"/*.csv.gz; do
    name=$(basename "$f" .csv.gz)
    logs=$((logs + 1))
    "$CASEFLOW" report --json "$f" > "$tmp/full.json" || { fail "$name: report failed"; continue; }
    # Only what the map is checked against (the variants of a big log are large).
    jq -c '{activity_counts, start_activities, end_activities,
        dfg: [.dfg[] | {from, to, count}]}' "$tmp/full.json" > "$tmp/report.json"
    present=$(jq '.activity_counts | length' "$tmp/report.json")

    for s in default 100/100 50/100 50/0 10/30; do
        case $s in
        default) args="" ; keep=$((present < 15 ? present : 15)) ;;
        *)
            a=${s%/*}
            p=${s#*/}
            args="--activities $a --paths $p"
            keep=$(((a * present + 99) / 100))
            [ "$keep" -ge 1 ] || keep=1
            ;;
        esac
        out="$tmp/map-$(echo "$s" | tr / -).json"
        # shellcheck disable=SC2086
        if ! "$CASEFLOW" map --format json $args "$f" > "$out"; then
            fail "$name $s: map failed"
            continue
        fi
        tests_run=$((tests_run + 1))
        if ! "$MAPCHECK" < "$out" > "$tmp/check.txt"; then
            fail "$name $s: $(cat "$tmp/check.txt")"
        fi
        # The rest needs no polylines: parse the big ones once more, then small.
        jq -c 'del(.edges[].points)' "$out" > "$tmp/slim.json" && mv "$tmp/slim.json" "$out"
        check_eq "$name $s: kept activities drawn" \
            "$(jq -c --argjson n "$keep" "$KEPT" "$tmp/report.json")" \
            "$(jq -c "$DRAWN" "$out")"
        check_eq "$name $s: box counts are the activities' events" "[]" \
            "$(jq -c --slurpfile r "$tmp/report.json" '[.nodes[] | select(.kind == "activity")
                | select(.count != $r[0].activity_counts[.name]) | .name]' "$out")"
        check_eq "$name $s: nodes inside the drawing" 0 \
            "$(jq '. as $m | [.nodes[] | select(.x < 0 or .y < 0 or .x + .w > $m.width or
                .y + .h > $m.height)] | length' "$out")"
        check_eq "$name $s: edges as many as the paths kept (less those left out)" \
            "$(jq '.paths.shown - .hidden_paths' "$out")" "$(jq '.edges | length' "$out")"
    done

    # The denser styles: the same geometry rules and the same activities.
    for st in compact overview; do
        for s in default 100/100 10/30; do
            case $s in
            default) args="" ; keep=$((present < 15 ? present : 15)) ;;
            *)
                a=${s%/*}
                p=${s#*/}
                args="--activities $a --paths $p"
                keep=$(((a * present + 99) / 100))
                [ "$keep" -ge 1 ] || keep=1
                ;;
            esac
            out="$tmp/style.json"
            # shellcheck disable=SC2086
            if ! "$CASEFLOW" map --format json --style $st $args "$f" > "$out"; then
                fail "$name $st $s: map failed"
                continue
            fi
            tests_run=$((tests_run + 1))
            if ! "$MAPCHECK" < "$out" > "$tmp/check.txt"; then
                fail "$name $st $s: $(cat "$tmp/check.txt")"
            fi
            jq -c 'del(.edges)' "$out" > "$tmp/slim.json"
            check_eq "$name $st $s: kept activities drawn" \
                "$(jq -c --argjson n "$keep" "$KEPT" "$tmp/report.json")" \
                "$(jq -c "$DRAWN" "$tmp/slim.json")"
            check_eq "$name $st $s: one-row boxes" "[]" \
                "$(jq -c '[.nodes[] | select(.h != 1) | .name]' "$tmp/slim.json")"
        done
    done

    # 100%/100%: exactly the directly-follows graph report --json gives (a
    # subset when the map left the lightest paths out to stay within budget).
    m="$tmp/map-100-100.json"
    if [ "$(jq .hidden_paths "$m")" != 0 ]; then
        check_eq "$name: 100/100 simplified: edges are DFG edges" "[]" \
            "$(jq -c --slurpfile r "$tmp/report.json" "$ACT_EDGES"' - ($r[0].dfg | map([.from, .to, .count]))' "$m")"
        check_contains "$name: 100/100 simplified: note" "map simplified" "$(jq -r .note "$m")"
    else
    check_eq "$name: 100/100 edges are the DFG's" \
        "$(jq -c '[.dfg[] | [.from, .to, .count]] | sort' "$tmp/report.json")" \
        "$(jq -c "$ACT_EDGES" "$m")"
    check_eq "$name: 100/100 start edges are the start activities" \
        "$(jq -c '.start_activities | to_entries | map([.key, .value]) | sort' "$tmp/report.json")" \
        "$(jq -c '. as $m | [.edges[] | select($m.nodes[.source].kind == "start") | [.to, .count]] | sort' "$m")"
    check_eq "$name: 100/100 end edges are the end activities" \
        "$(jq -c '.end_activities | to_entries | map([.key, .value]) | sort' "$tmp/report.json")" \
        "$(jq -c '. as $m | [.edges[] | select($m.nodes[.target].kind == "end") | [.from, .count]] | sort' "$m")"
    fi

    # 50%/100%: the projected graph: every event of a kept activity is entered
    # (from the start or a kept activity) and left (to one or to the end) once.
    m="$tmp/map-50-100.json"
    [ "$(jq .hidden_paths "$m")" = 0 ] &&
    check_eq "$name: 50/100 flow in = events = flow out" "[]" \
        "$(jq -c '(reduce .edges[] as $e ({}; .in[$e.target | tostring] += $e.count |
              .out[$e.source | tostring] += $e.count)) as $f |
            [.nodes[] | select(.kind == "activity") | select($f.in[.id | tostring] != .count or
              $f.out[.id | tostring] != .count) | .name]' "$m")"

    # 50%/0%: a subset of the 50%/100% paths with the same counts, keeping each
    # activity's heaviest incoming and outgoing path (self-loops aside).
    full="$tmp/map-50-100.json"
    m="$tmp/map-50-0.json"
    [ "$(jq .hidden_paths "$full")" = 0 ] &&
    check_eq "$name: 50/0 paths are 50/100 paths" "[]" \
        "$(jq -c --slurpfile full "$full" '[.edges[] | [.from, .to, .count]] -
            [$full[0].edges[] | [.from, .to, .count]]' "$m")"
    HEAVIEST='(reduce (.edges[] | select(.source != .target)) as $e ({};
          .in[$e.target | tostring] = ([.in[$e.target | tostring], $e.count] | max) |
          .out[$e.source | tostring] = ([.out[$e.source | tostring], $e.count] | max))) as $h |
        [.nodes[] | select(.kind == "activity") |
          [.name, $h.in[.id | tostring], $h.out[.id | tostring]]] | sort_by(.[0])'
    check_eq "$name: 50/0 keeps every activity's heaviest in and out" \
        "$(jq -c "$HEAVIEST" "$full")" "$(jq -c "$HEAVIEST" "$m")"
done
check_eq "real logs found" yes "$([ "$logs" -ge 10 ] && echo yes || echo no)"

# Text: the legend, and --ascii is ASCII only.
ex="$DATA/running-example.csv.gz"
check_contains "legend" "Boxes: activity, events" "$("$CASEFLOW" map "$ex")"
check_eq "--ascii has no byte above 127" 0 \
    "$("$CASEFLOW" map --ascii --paths 100 "$ex" | LC_ALL=C tr -d '\000-\177' | wc -c | tr -d ' ')"
# DOT: one node statement per node, one edge per path.
"$CASEFLOW" map --format dot --paths 100 "$ex" > "$tmp/m.dot"
check_eq "dot header" "digraph caseflow {" "$(head -1 "$tmp/m.dot")"
check_eq "dot edges" 19 "$(grep -c -- '->' "$tmp/m.dot")"
check_eq "dot nodes" 10 "$(grep -c '^  n[0-9]* \[label' "$tmp/m.dot")"
# DOT escapes names by its rules: quotes and backslashes escaped, controls as
# visible escapes (a backslash DOT shows as itself), nothing raw.
printf 'case,activity,timestamp\n1,"a ""q"" \\ b",2024-01-01T00:00:00\n1,"x\ty",2024-01-02T00:00:00\n1,"line\nbreak \\N",2024-01-03T00:00:00\n' > "$tmp/names.csv"
"$CASEFLOW" map --format dot "$tmp/names.csv" > "$tmp/names.dot"
check_contains "dot: quote and backslash" 'label="a \"q\" \\ b\n1"' "$(cat "$tmp/names.dot")"
check_contains "dot: tab as a visible escape" 'label="x\\ty\n1"' "$(cat "$tmp/names.dot")"
check_contains "dot: newline and \\N shown, not obeyed" 'label="line\\nbreak \\N\n1"' "$(cat "$tmp/names.dot")"
check_eq "dot: no raw control characters" 0 "$(tr -d '\n' < "$tmp/names.dot" | LC_ALL=C tr -d '\040-\176\200-\377' | wc -c | tr -d ' ')"
# Filters apply: a map of the cases that were rejected.
check_eq "filter: the cases of the map" 3 \
    "$("$CASEFLOW" map --format json --grep 'reject request' "$ex" | jq .cases)"

# Bad values are usage errors (exit 2) naming the option.
for bad in "--activities 0" "--activities 101" "--paths -1" "--paths x" "--metric avg" \
    "--format svg" "--width 3"; do
    # shellcheck disable=SC2086
    "$CASEFLOW" map $bad "$ex" > /dev/null 2> "$tmp/err"
    check_eq "map $bad exits 2" 2 "$?"
    check_contains "map $bad names the option" "${bad%% *}" "$(cat "$tmp/err")"
done
"$CASEFLOW" map "$tmp/missing.csv" > /dev/null 2>&1
check_eq "missing log exits 1" 1 "$?"
done_tests

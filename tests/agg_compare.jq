# Compare a push-down report ($p) with a full report ($f) of the same log: prints one
# line per difference (nothing when they agree). Durations within 1 ms. Rework, self-loops,
# the happy path and parallel pairs come from the variants: exactly the same.
# SPDX-License-Identifier: MIT
def near($x; $y): (($x - $y) | fabs) <= 0.001;
def vset: [.variants[] | {a: .activities, c: .cases}] | sort;
def edges: [.dfg[] | {key: "\(.from)\u0001\(.to)", value: .}] | from_entries;
($p[0]) as $p | ($f[0]) as $f |
[
  (["cases", "events", "activities", "variants_count", "time_range", "activity_counts",
    "start_activities", "end_activities", "rework_cases", "self_loop_cases", "happy_path",
    "parallel"][] as $k
   | select($p[$k] != $f[$k]) | "\($k): \($p[$k]) != \($f[$k])"),
  (if ($p | vset) != ($f | vset) then "variants differ" else empty end),
  (($p | edges) as $pe | ($f | edges) as $fe
   | (if ($pe | keys) != ($fe | keys) then "dfg edges differ" else empty end),
     ($fe | keys[] as $k | select($pe[$k] != null) | $fe[$k] as $x | $pe[$k] as $y
      | select($x.count != $y.count or $x.cases != $y.cases
               or (near($x.mean_s; $y.mean_s) | not) or (near($x.median_s; $y.median_s) | not)
               or (near($x.min_s; $y.min_s) | not) or (near($x.max_s; $y.max_s) | not))
      | "edge \($x.from) -> \($x.to): \($y) vs \($x)")),
  (["min", "median", "mean", "max"][] as $k
   | select((near($p.case_duration_s[$k]; $f.case_duration_s[$k])) | not)
   | "case_duration_s.\($k): \($p.case_duration_s[$k]) != \($f.case_duration_s[$k])")
] | .[]

# A random event log for the map's worst case: many activities, nearly every
# pair of them directly following one another somewhere (a dense graph).
# Deterministic: a Park-Miller generator, not awk's rand(), so every awk
# writes the same log. Usage: awk -v acts=300 -v cases=2000 -v len=12 -f genrandom.awk
# SPDX-License-Identifier: MIT
function rnd(n) {
    seed = (seed * 16807) % 2147483647
    return seed % n
}
BEGIN {
    if (acts == "") acts = 300
    if (cases == "") cases = 2000
    if (len == "") len = 12
    seed = 42
    print "case_id,activity,timestamp"
    for (c = 1; c <= cases; c++) {
        t = 1700000000 + c * 600
        n = 2 + rnd(len * 2 - 2)
        for (k = 0; k < n; k++) {
            t += 1 + rnd(7200)
            printf "c%d,A%03d,%d\n", c, rnd(acts), t
        }
    }
}

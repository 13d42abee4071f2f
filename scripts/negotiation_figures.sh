#!/usr/bin/env bash
# Negotiation figures of a run folder (docs/model.md §4.4): first deals in rounds 0–1, the
# November threat, first deals in force a year later, tariff quantiles, soybean purchases after
# an early deal, the deal rate. Reads runs.csv, rounds.csv, events.csv and trajectories.csv by
# column name, so it needs every replicate's paths:
#   tradewar run --replicates 1000 --sample-paths all --no-charts --out output/baseline
#   bash scripts/negotiation_figures.sh output/baseline
# Optional second argument: the threat's event name (default "extra 100% US tariff").
set -euo pipefail
dir=${1:?usage: negotiation_figures.sh RUN_DIR [THREAT_NAME]}
threat=${2:-extra 100% US tariff}
for f in runs.csv rounds.csv events.csv trajectories.csv; do
    [[ -f "$dir/$f" ]] || { echo "negotiation_figures.sh: $dir/$f is missing" >&2; exit 1; }
done

# Per replicate: first deal round (runs.csv), deal reached.
awk -F, '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{
    n++
    f = $col["first_deal_round"]
    if (f != "" && f <= 1) early++
    if ($col["deal_reached"] == 1) reached++
}
END {
    printf "replicates                                   %d\n", n
    printf "first deal in rounds 0-1 (share of runs)     %.3f\n", early / n
    printf "deal within the horizon (share of runs)      %.3f\n", reached / n
}' "$dir/runs.csv"

# The November threat: implemented in round 1, or at any round (after a postponement).
awk -F, -v threat="$threat" -v runs="$(($(wc -l < "$dir/runs.csv") - 1))" '
NR > 1 && $4 == "threat_implemented" && index($5, threat) == 1 {
    ever[$1] = 1
    if ($2 == 1) nov[$1] = 1
}
END {
    for (r in nov) a++
    for (r in ever) b++
    printf "November threat implemented in Nov (share)   %.3f\n", a / runs
    printf "November threat implemented ever (share)     %.3f\n", b / runs
}' "$dir/events.csv"

# First deals still in force 12 months later (first deals struck by round horizon-13), from
# the events: a first deal at round f is in force at f+12 if no deal_end falls in [f, f+12].
rounds=$(awk -F, 'NR > 1 && $1 + 1 > m { m = $1 + 1 } END { print m }' "$dir/rounds.csv")
awk -F, -v last="$((rounds - 13))" '
NR > 1 && $4 == "deal" && !($1 in first) { first[$1] = $2 }
NR > 1 && $4 == "deal_end" { ends[$1] = ends[$1] " " $2 }
END {
    for (r in first) {
        f = first[r]
        if (f > last) continue
        n++
        alive = 1
        k = split(ends[r], e, " ")
        for (i = 1; i <= k; i++) if (e[i] >= f && e[i] <= f + 12) alive = 0
        held += alive
    }
    if (n > 0) printf "first deals in force 12 months later         %.3f (of %d first deals by round %d)\n", held / n, n, last
}' "$dir/events.csv"

# Tariff quantiles at rounds 3, 6, 12 and the last (rounds.csv: p05, p50, p95 by name).
awk -F, -v last="$((rounds - 1))" '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
($col["metric"] == "us_tariff" || $col["metric"] == "cn_tariff") &&
($col["round"] == 3 || $col["round"] == 6 || $col["round"] == 12 || $col["round"] == last) {
    printf "%-9s round %2d (%s): median %.3f, 90%% interval [%.3f, %.3f]\n",
        $col["metric"], $col["round"], $col["month"], $col["p50"], $col["p05"], $col["p95"]
}' "$dir/rounds.csv"

# Soybean purchases in the three months after a round-0-1 first deal, as a share of its
# near-term commitment: soy_commitment_fulfilled_share (purchases since the deal / near-term
# tonnage) at round f+3, for runs whose first deal is at f <= 1 and still in force then.
awk -F, '
FNR == 1 { file++ }
file == 1 && FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
file == 1 { f = $col["first_deal_round"]; if (f != "" && f <= 1) early[$col["replicate"]] = f; next }
file == 2 && FNR > 1 && $4 == "soy_commitment_fulfilled_share" && ($1 in early) && $2 == early[$1] + 3 {
    v[++n] = $5
}
END {
    if (n == 0) { print "no round-0-1 deals"; exit }
    # insertion sort (n is at most the number of replicates)
    for (i = 2; i <= n; i++) { x = v[i]; j = i - 1; while (j > 0 && v[j] > x) { v[j + 1] = v[j]; j-- } v[j + 1] = x }
    med = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    printf "soy purchases 3 months after an early deal  median %.3f of the near-term commitment (p10 %.3f, p90 %.3f; %d runs)\n",
        med, v[int(0.1 * (n - 1)) + 1], v[int(0.9 * (n - 1)) + 1], n
}' "$dir/runs.csv" "$dir/trajectories.csv"

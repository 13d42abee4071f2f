#!/usr/bin/env bash
# Regenerates the small example charts in docs/gallery/ from the shipped configs: the
# baseline's run charts (fan charts, a histogram, the deal survival curve, the share of runs
# under a deal), the 2-D sweep's heatmap and line charts, a comparison's paired differences
# a deliberately small Sobol design (its charts carry a caution), and the history scenarios'
# US tariff fan charts with the observed path drawn over them, and the PRIM charts of
# configs/uncertainty.toml for us_tariff_final > 0.8.
#   bash docs/gallery/regenerate.sh            # all of them
#   bash docs/gallery/regenerate.sh history    # only the history charts
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
size=(--set charts.width_px=800 --set charts.height_px=500 --set 'charts.formats=["png"]')
tw() { cargo run --release --quiet -- "$@"; }
copy() { # folder, chart stems...
  local dir=$1; shift
  for c in "$@"; do
    if [ -f "$dir/charts/$c.png" ]; then cp "$dir/charts/$c.png" docs/gallery/; fi
  done
}
for s in trade_war_2018 escalation_2025; do
  tw run "configs/history/$s.toml" --replicates 500 --quiet --out "$out/$s" "${size[@]}" \
    --set 'charts.metrics=["us_tariff"]' > /dev/null
  tw plot "$out/$s" --observed data/observed/tariffs.csv > /dev/null
  cp "$out/$s/charts/observed_us_tariff.png" "docs/gallery/observed_us_tariff_$s.png"
done
if [ "${1:-}" = history ]; then rm -rf "$out"; ls docs/gallery; exit 0; fi
tw run --replicates 500 --quiet --out "$out/base" "${size[@]}"
copy "$out/base" fan_us_tariff hist_us_welfare_usd_bn survival_first_deal \
  fan_cn_soy_imports_from_us_mt fan_magnet_deliveries_share fan_deal_active welfare_us
tw run configs/freeze.toml --replicates 500 --quiet --out "$out/freeze" "${size[@]}"
tw compare "$out/base" "$out/freeze" --out "$out/cmp" > /dev/null
for f in "$out"/cmp/charts/compare_diff_*.png; do cp "$f" docs/gallery/; break; done
tw sweep configs/sweep_threat_vs_rare_earths.toml --replicates 20 --quiet --out "$out/grid" "${size[@]}"
copy "$out/grid" heatmap_deal_reached heatmap_us_welfare_usd_bn
tw sweep configs/sweep_threat_vs_rare_earths.toml --replicates 20 --quiet --out "$out/line" "${size[@]}" \
  --set 'sweep.parameters=[{ path = "events.2.rate", values = [0.0, 0.5, 1.0, 1.5] }]'
copy "$out/line" sweep_deal_reached
tw sweep configs/sensitivity.toml --set sweep.samples=8 --set sweep.bootstrap=200 \
  --replicates 5 --quiet --out "$out/sobol" "${size[@]}" 2> /dev/null
copy "$out/sobol" sensitivity_us_welfare_usd_bn
tw run configs/uncertainty.toml --quiet --no-charts --out "$out/unc" "${size[@]}"
tw discover "$out/unc" --case 'us_tariff_final > 0.8' --quiet
for c in prim_box prim_tradeoff; do
  cp "$out/unc/discover/charts/$c.png" "docs/gallery/${c}_uncertainty.png"
done
rm -rf "$out"
ls docs/gallery

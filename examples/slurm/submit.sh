#!/usr/bin/env bash
# Submit a sharded tradewar sweep to Slurm: a job array of SHARDS tasks, then a merge job
# that starts only if every task succeeded (--dependency=afterok).
#
#   examples/slurm/submit.sh CONFIG OUTDIR [SHARDS [sweep options...]]
#   TRADEWAR=$PWD/target/release/tradewar examples/slurm/submit.sh \
#       configs/sensitivity.toml output/sensitivity 8 --keep-runs
#
# Prints "<array job id> <merge job id>". Logs go to OUTDIR/logs/. Run it from the folder
# the config paths are relative to (jobs start in the submission folder).
set -euo pipefail

usage="usage: submit.sh CONFIG OUTDIR [SHARDS [sweep options...]]"
here=$(cd "$(dirname "$0")" && pwd)
config=${1:?$usage}
out=${2:?$usage}
shards=${3:-3}
shift $(( $# < 3 ? $# : 3 ))
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "$usage (SHARDS must be a positive number)" >&2; exit 2; }
export TRADEWAR=${TRADEWAR:-tradewar}

mkdir -p "$out/logs"
array=$(sbatch --parsable --array=0-$((shards - 1)) \
  --output="$out/logs/sweep-%A_%a.out" \
  "$here/sweep.sbatch" "$config" "$out" "$@")
array=${array%%;*}          # "<id>;<cluster>" on multi-cluster sites
merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
  --output="$out/logs/merge-%j.out" \
  "$here/merge.sbatch" "$out")
merge=${merge%%;*}
echo "$array $merge"

#!/usr/bin/env bash
# Proves the shipped Slurm scripts on a real single-node Slurm (acceptance 5 of issue 6):
# builds the release binary, starts Slurm (shared/slurm/single-node.sh, as root), submits
# examples/slurm/submit.sh — a job array of 3 shards plus the dependent merge job — waits,
# checks that the three array tasks and the merge job completed (scontrol and the job logs),
# compares the merged files byte for byte with a one-machine run, and stops Slurm.
#
# The Slurm helper is found as shared/slurm/single-node.sh in the repository's parent (or a
# parent of that, for git worktrees), or at $TRADEWAR_SLURM_SCRIPT.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

log() { echo "[ci/slurm] $*"; }
die() { echo "[ci/slurm] FAIL: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (it starts a single-node Slurm)"
slurm=${TRADEWAR_SLURM_SCRIPT:-}
if [ -z "$slurm" ]; then
  d=$repo
  while [ "$d" != / ]; do
    d=$(dirname "$d")
    if [ -f "$d/shared/slurm/single-node.sh" ]; then slurm=$d/shared/slurm/single-node.sh; break; fi
  done
fi
[ -n "$slurm" ] && [ -f "$slurm" ] || die "shared/slurm/single-node.sh not found above $repo (set TRADEWAR_SLURM_SCRIPT)"

log "building the release binary"
cargo build --release --quiet
bin=$repo/target/release/tradewar
config=configs/sweep_threat_vs_rare_earths.toml
shards=3
work=$(mktemp -d /tmp/tradewar-ci-slurm.XXXXXX)

slurm_started=0
finish() {
  local rc=$?
  if [ $slurm_started = 1 ]; then bash "$slurm" stop || true; fi
  if [ $rc = 0 ]; then rm -rf "$work"; else echo "[ci/slurm] outputs kept in $work" >&2; fi
}
trap finish EXIT

log "one-machine run"
"$bin" sweep "$config" --keep-runs --quiet --out "$work/one"

log "starting Slurm ($slurm)"
bash "$slurm" start
slurm_started=1
sinfo

log "submitting $shards shards + the dependent merge (examples/slurm/submit.sh)"
ids=$(TRADEWAR=$bin examples/slurm/submit.sh "$config" "$work/cluster" "$shards" --keep-runs)
read -r array merge <<<"$ids"
[[ "$array" =~ ^[0-9]+$ && "$merge" =~ ^[0-9]+$ ]] || die "unexpected job ids: '$ids'"
log "array job $array, merge job $merge"

deadline=$((SECONDS + ${TRADEWAR_SLURM_TIMEOUT_S:-600}))
while [ -n "$(squeue -h -j "$array,$merge" -o '%i %T' 2>/dev/null)" ]; do
  [ $SECONDS -lt $deadline ] || { squeue; die "jobs still queued or running after the timeout"; }
  sleep 2
done

log "job states (scontrol; completed jobs stay listed for MinJobAge = 300 s)"
tasks=$(scontrol -o show job "$array")
echo "$tasks" | grep -o 'JobId=[0-9]* ArrayJobId=[0-9]* ArrayTaskId=[0-9]*\|JobState=[A-Z_]*\|ExitCode=[0-9:]*' | paste - - - || true
for k in $(seq 0 $((shards - 1))); do
  line=$(echo "$tasks" | grep " ArrayTaskId=$k " || true)
  [ -n "$line" ] || die "array task $k not found"
  [[ "$line" == *"JobState=COMPLETED "* && "$line" == *" ExitCode=0:0 "* ]] || die "array task $k did not complete: $line"
done
[ "$(echo "$tasks" | grep -c ' ArrayTaskId=')" = "$shards" ] || die "expected $shards array tasks"
mline=$(scontrol -o show job "$merge")
echo "$mline" | grep -o 'JobId=[0-9]*\|JobName=[^ ]*\|JobState=[A-Z_]*\|ExitCode=[0-9:]*\|Dependency=[^ ]*' | paste -s -d' '
[[ "$mline" == *"JobState=COMPLETED "* && "$mline" == *" ExitCode=0:0 "* ]] || die "merge job did not complete: $mline"

log "job logs"
for k in $(seq 0 $((shards - 1))); do
  f=$work/cluster/logs/sweep-${array}_$k.out
  [ -f "$f" ] || die "missing log $f"
  echo "--- $f"; cat "$f"
  grep -q "shard $((k + 1))/$shards" "$f" || die "log of task $k does not show shard $((k + 1))/$shards"
  grep -q "array task $k done" "$f" || die "task $k did not finish"
done
f=$work/cluster/logs/merge-$merge.out
[ -f "$f" ] || die "missing log $f"
echo "--- $f"; cat "$f"
grep -q "merged $shards shard(s)" "$f" || die "merge log does not show the merge"

log "comparing the merged files with the one-machine run"
for f in points.csv runs.csv manifest.json; do
  cmp "$work/one/$f" "$work/cluster/$f" || die "$f differs"
  echo "identical: $f ($(wc -l <"$work/one/$f") lines)"
done
log "ok: the Slurm job array and merge reproduce the one-machine sweep byte for byte"

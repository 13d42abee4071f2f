#!/usr/bin/env bash
# Checks that two builds of tradewar write byte-identical CSVs for the reference set of runs:
# the baseline (1,000 replicates), freeze, re_squeeze, the tournament (20 replicates) and the
# shipped 2-D sweep (10 replicates per point). `manifest.json` is compared by its values
# (the resolved config may be serialised differently; config keys the old build did not have
# are listed, not counted), charts are skipped.
#
#   bash scripts/check_outputs_unchanged.sh OLD_BINARY NEW_BINARY [WORKDIR]
#
# Build the old binary from an earlier commit, e.g.
#   git worktree add /tmp/old <commit> && (cd /tmp/old && cargo build --release)
# The old binary reads the configs of OLD_REF (default: the commit this branch left `main`
# at, `git merge-base HEAD main`), so that keys added to configs/ since then do not stop it;
# set OLD_REF to the commit the old binary was built from when that differs.
# Exit 0 when every CSV matches, 1 otherwise (the differing files are listed).
#
# With ALLOW_NEW_COLUMNS=1 a CSV that differs only by added columns (every column of the old
# file present in the new one with exactly the same cells, row for row) and a manifest that
# differs only by added keys pass, with the added columns and keys listed; for a change that
# adds outputs without touching the existing ones. New CSV files are listed, not failed.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1")
new=$(realpath "$2")
work=${3:-$(mktemp -d)}
threads=${THREADS:-2}
old_ref=${OLD_REF:-$(git merge-base HEAD main)}
repo=$(pwd)
mkdir -p "$work/old-src"
git archive "$old_ref" configs | tar -x -C "$work/old-src"
allow_new=${ALLOW_NEW_COLUMNS:-0}

runs=(
  "baseline|run --replicates 1000"
  "freeze|run configs/freeze.toml"
  "re_squeeze|run configs/re_squeeze.toml"
  "tournament|tournament configs/tournament.toml --replicates 20"
  "sweep|sweep configs/sweep_threat_vs_rare_earths.toml --set sweep.replicates=10"
)

for side in old new; do
  bin=${!side}
  if [ "$side" = old ]; then cd "$work/old-src"; else cd "$repo"; fi
  for entry in "${runs[@]}"; do
    name=${entry%%|*}
    args=${entry#*|}
    out="$work/$side/$name"
    # shellcheck disable=SC2086
    "$bin" $args --quiet --no-charts --threads "$threads" --out "$out"
  done
done
cd "$repo"

status=0
for entry in "${runs[@]}"; do
  name=${entry%%|*}
  files=$(cd "$work/old/$name" && find . -name '*.csv' | sort)
  new_files=$(cd "$work/new/$name" && find . -name '*.csv' | sort)
  if [ "$files" != "$new_files" ]; then
    missing=$(comm -23 <(echo "$files") <(echo "$new_files"))
    if [ "$allow_new" = 1 ] && [ -z "$missing" ]; then
      echo "added  $name: $(comm -13 <(echo "$files") <(echo "$new_files") | tr '\n' ' ')"
    else
      echo "DIFFER $name: the set of CSV files"
      status=1
    fi
  fi
  for f in $files; do
    if cmp -s "$work/old/$name/$f" "$work/new/$name/$f"; then
      echo "same   $name/${f#./}"
    elif [ "$allow_new" = 1 ] && added=$(python3 - "$work/old/$name/$f" "$work/new/$name/$f" <<'PY'
import csv, sys
old, new = (list(csv.reader(open(p, newline=""))) for p in sys.argv[1:3])
if len(old) != len(new) or not old:
    sys.exit(1)
cols = {c: i for i, c in enumerate(new[0])}
if any(c not in cols for c in old[0]):
    sys.exit(1)
for a, b in zip(old[1:], new[1:]):
    if any(a[i] != b[cols[c]] for i, c in enumerate(old[0])):
        sys.exit(1)
print(" ".join(c for c in new[0] if c not in old[0]))
PY
); then
      echo "same   $name/${f#./} (old columns identical; added: $added)"
    else
      echo "DIFFER $name/${f#./}"
      status=1
    fi
  done
  if [ -f "$work/old/$name/manifest.json" ]; then
    if ALLOW_NEW="$allow_new" python3 - "$work/old/$name/manifest.json" "$work/new/$name/manifest.json" <<'PY'
import json, os, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
# The tool's build identity and the config hash follow the serialisation; values must agree.
for m in (a, b):
    for k in ("config_hash", "tool_version", "git_commit", "build"):
        m.pop(k, None)
# A config key the old build did not have (a new key whose baseline value keeps the old
# behaviour) is listed, not counted as a difference: the CSVs above show the behaviour.
added = []
def prune(old, new, path):
    if isinstance(old, dict) and isinstance(new, dict):
        for k in list(new):
            if k not in old:
                added.append(path + k)
                del new[k]
            else:
                prune(old[k], new[k], path + k + ".")
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (o, n) in enumerate(zip(old, new)):
            prune(o, n, f"{path}{i}.")
if isinstance(a.get("config"), dict) and isinstance(b.get("config"), dict):
    prune(a["config"], b["config"], "")
if added:
    print("       config keys only in the new build: " + ", ".join(added))
def drop_added(old, new, at, added):
    """`new` without the keys `old` lacks, at any depth; the dropped keys go to `added`."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return new
    out = {}
    for k, v in new.items():
        if k in old:
            out[k] = drop_added(old[k], v, f"{at}{k}.", added)
        else:
            added.append(at + k)
    return out
if os.environ.get("ALLOW_NEW") == "1":
    added = []
    b = drop_added(a, b, "", added)
    if added:
        print("manifest keys added:", " ".join(added))
sys.exit(0 if a == b else 1)
PY
    then
      echo "same   $name/manifest.json (values)"
    else
      echo "DIFFER $name/manifest.json (values)"
      status=1
    fi
  fi
done
[ "$status" = 0 ] && echo "all outputs identical"
exit "$status"

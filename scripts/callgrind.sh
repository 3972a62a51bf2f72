#!/usr/bin/env bash
# Instructions per render (callgrind, stable on a shared machine where wall time is not): the
# difference between REPS renders and none, divided by REPS.
#
#   scripts/callgrind.sh GROUP DATASET CONTENDER...    e.g. detail-json-compact n1024 osimages serde_json
#
# Builds benches/profile.rs first (cargo bench --bench profile --no-run). REPS defaults to 5.
# FEATURES=small counts the small build (the core's feature `small`, what firmware links).
set -euo pipefail
cd "$(dirname "$0")/.."
group=$1 dataset=$2
shift 2
reps=${REPS:-5}
bin=$(cargo bench --bench profile --no-run ${FEATURES:+--features "$FEATURES"} --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "profile" and m.get("executable"):
        print(m["executable"])')
count() {
  local out
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" "$group" "$dataset" "$1" "$2" >/dev/null 2>&1
  awk '/^summary:/ { print $2 }' "$out"
  rm -f "$out"
}
for contender in "$@"; do
  zero=$(count "$contender" 0)
  many=$(count "$contender" "$reps")
  printf '%s/%s/%s\t%d\n' "$group" "$dataset" "$contender" $(( (many - zero) / reps ))
done

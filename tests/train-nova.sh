#!/bin/sh
# archc train on the published NOvA population (../shared/data next to the
# source tree; skipped when it is absent): the cross-validated balanced
# accuracy of the healthy/broken random forest and the held-out R^2 of the
# accuracy regression land in the ranges doc/models.md reports, runs are
# deterministic for a seed, a training list works, and bad options are
# usage errors.
#
# Environment: ARCHC, the program (default ./archc); srcdir, the top of the
# source tree (default .).
set -u

archc=${ARCHC:-./archc}
top=${srcdir:-.}
data=$top/../shared/data/nova-simple-00001-05000.csv

if [ ! -x "$archc" ] || [ -d "$archc" ]; then
  echo "train-nova: $archc is not an executable program; skipped"
  exit 77
fi
if [ ! -r "$data" ]; then
  echo "train-nova: $data not found; skipped"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/archc-train.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

status=0
fail() {
  echo "FAIL: $*"
  status=1
}

# The value of metric $1 in output file $2.
value() {
  awk -v k="$1" '$1 == k { print $2; found = 1 } END { exit !found }' "$2"
}

# Checks lo <= metric $1 of file $2 <= hi.
in_range() {
  v=$(value "$1" "$2") || { fail "$2: no $1"; return; }
  if awk -v v="$v" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v >= lo && v <= hi) }'; then
    echo "ok: $1 = $v (expected $3 to $4)"
  else
    fail "$1 = $v, expected $3 to $4"
  fi
}

common="--features $data --target final_accuracy --threshold 0.35 --seed 1"

# The classifier: 249 healthy and 261 broken networks; the paper reports
# 66-71 % on its populations, this sample gives 0.55-0.60 (doc/models.md).
if "$archc" train $common --task classify --model forest --trees 100 --min-leaf 5 \
    --out "$tmp/forest.txt" >"$tmp/forest.out" 2>"$tmp/err"; then
  in_range cv.balanced_accuracy "$tmp/forest.out" 0.52 0.64
  in_range cv.auc "$tmp/forest.out" 0.52 0.68
  [ "$(value networks.healthy "$tmp/forest.out")" = 249 ] || fail "healthy networks: not 249"
  [ "$(value heldout "$tmp/forest.out")" = 102 ] || fail "held-out networks: not 102"
  head -1 "$tmp/forest.txt" | grep -qx 'archc-model 1' || fail "no model file written"
else
  fail "archc train (forest) failed"
  sed 's/^/    /' "$tmp/err"
fi

# Same seed, same output and model; another seed, another model.
"$archc" train $common --task classify --model forest --trees 100 --min-leaf 5 \
  --out "$tmp/again.txt" >"$tmp/again.out" 2>/dev/null
cmp -s "$tmp/forest.out" "$tmp/again.out" || fail "two runs with seed 1 print different results"
cmp -s "$tmp/forest.txt" "$tmp/again.txt" || fail "two runs with seed 1 save different models"
"$archc" train --features "$data" --target final_accuracy --threshold 0.35 --seed 2 \
  --task classify --model forest --trees 100 --min-leaf 5 --folds 0 \
  --out "$tmp/seed2.txt" >/dev/null 2>&1
cmp -s "$tmp/forest.txt" "$tmp/seed2.txt" && fail "seeds 1 and 2 save the same model"

# The accuracy of the healthy networks by least squares.
if "$archc" train $common --task regress --model ols >"$tmp/ols.out" 2>"$tmp/err"; then
  in_range heldout.r2 "$tmp/ols.out" 0.25 0.55
  in_range heldout.kendall_tau_b "$tmp/ols.out" 0.3 0.6
  in_range heldout.coverage90 "$tmp/ols.out" 0.8 1
  [ "$(value networks.used "$tmp/ols.out")" = 249 ] || fail "regression networks: not 249"
else
  fail "archc train (ols) failed"
  sed 's/^/    /' "$tmp/err"
fi

# A training list: everything else is held out.
awk -F, 'NR > 1 && NR <= 301 { print $1 ".prototxt" }' "$data" >"$tmp/list"
if "$archc" train $common --task classify --model extratrees --trees 20 --folds 0 \
    --train-list "$tmp/list" --predictions "$tmp/pred.csv" >"$tmp/list.out" 2>"$tmp/err"; then
  trained=$(value training "$tmp/list.out")
  held=$(value heldout "$tmp/list.out")
  [ $((trained + held)) -eq 510 ] || fail "training list: $trained + $held networks, not 510"
  [ "$trained" -gt 200 ] && [ "$trained" -lt 300 ] || fail "training list: $trained trained"
  rows=$(grep -c ',heldout,' "$tmp/pred.csv")
  [ "$rows" -eq "$held" ] || fail "predictions: $rows held-out rows, not $held"
else
  fail "archc train --train-list failed"
  sed 's/^/    /' "$tmp/err"
fi

# Usage errors exit 2; data errors exit 1.
"$archc" train --target final_accuracy >/dev/null 2>&1
[ $? -eq 2 ] || fail "no --features: not a usage error"
"$archc" train $common --model ols --task classify >/dev/null 2>&1
[ $? -eq 2 ] || fail "ols to classify: not a usage error"
"$archc" train --features "$data" --target no_such_column >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || fail "missing column: not exit 1"
grep -q "no column 'no_such_column'" "$tmp/err" || fail "missing column: no message"
"$archc" train --help | grep -q -- '--max-features' || fail "train --help lacks --max-features"

exit "$status"

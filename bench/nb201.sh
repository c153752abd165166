#!/bin/sh
# NAS-Bench-201: the figures of doc/models.md, section 9. Writes the 15,625
# networks of ../shared/data/nats-bench-tss.csv for each data set with
# tools/nb201-arch, computes their features with archc and joins them with
# the accuracies as `make models` does, then runs bench/nb201.py: the
# baselines (parameter counts), the learning curves of the shipped forest
# (100, 1,000 and 10,000 training networks) and the same forest in
# scikit-learn, side by side.
#
# Usage: bench/nb201.sh [ARCHC]    (default: ./archc, or $ARCHC)
# Environment: PYTHON (default /usr/bin/python3, Debian's, which has
# python3-sklearn); SIZES (default 100,1000,10000); SKLEARN_SIZES (training
# sizes scikit-learn is run at, default 1000; empty: none). Runs under
# nice; about two minutes on one core (more with 10,000 in SKLEARN_SIZES).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$here/..
archc=${1:-${ARCHC:-./archc}}
python=${PYTHON:-/usr/bin/python3}
nats=$top/../shared/data/nats-bench-tss.csv

if [ ! -x "$archc" ]; then
  echo "nb201: $archc is not an executable program" >&2
  exit 1
fi
if [ ! -r "$nats" ]; then
  echo "nb201: no $nats" >&2
  exit 1
fi
if ! "$python" -c 'import sklearn, scipy' 2>/dev/null; then
  echo "nb201: $python cannot import sklearn and scipy (apt-get install python3-sklearn)" >&2
  exit 1
fi
archc=$(cd "$(dirname "$archc")" && pwd)/$(basename "$archc")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/archc-nb201.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "archc: $("$archc" --version)"
echo "scikit-learn: $("$python" -c 'import sklearn; print(sklearn.__version__)')"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')"

# The data, as `make models` makes it (Makefile.am).
start=$(date +%s)
for set in cifar10:CIFAR10TestAccuracy200Epochs cifar100:CIFAR100TestAccuracy200Epochs \
    imagenet16-120:ImageNetTestAccuracy200Epochs; do
  d=${set%%:*}
  mkdir "$tmp/$d"
  awk -F, 'NR > 1 { print $4 }' "$nats" |
    sh "$top/tools/nb201-arch" --batch "$tmp/$d" --dataset "$d" >"$tmp/$d.list"
  nice "$archc" --features --columns all --files-from "$tmp/$d.list" >"$tmp/$d.features"
  awk -v column="${set#*:}" -v name="$(echo "$d" | tr - _)_accuracy" \
    -f "$top/src/models/nb201-join.awk" "$nats" "$tmp/$d.features" >"$tmp/nb201-$d.csv"
  rm -rf "${tmp:?}/$d" "$tmp/$d.features"
done
echo "data: 3 x 15,625 networks written and their features computed in $(($(date +%s) - start)) s"
echo

nice "$python" "$here/nb201.py" --archc "$archc" --data "$tmp" --nats "$nats" \
  --train-list "$top/src/models/nb201-train.txt" --sizes "${SIZES:-100,1000,10000}" \
  --sklearn-sizes "${SKLEARN_SIZES-1000}"

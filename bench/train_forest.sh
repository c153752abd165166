#!/bin/sh
# Benchmark: training a 200-tree random forest in archc and in
# scikit-learn with the same settings on the same networks, side by side
# (held-out quality, training CPU time, prediction CPU time per network).
# The figures in doc/models.md and bench/README.md come from this script.
#
# Usage: bench/train_forest.sh [ARCHC]    (default: ./archc, or $ARCHC)
# Environment: PYTHON (default /usr/bin/python3, Debian's, which has
# python3-sklearn), SPLITS (splits of the NOvA problems, default 20),
# SYNTHETIC (rows of the synthetic timing problem, default 5000; 0 skips
# it), SYNTHETIC_SPLITS (default 3), NB201 (the CIFAR-10 table
# nb201-cifar10.csv that `make models` leaves in the build tree; unset: it
# is made here from ../shared/data/nats-bench-tss.csv as `make models`
# makes it, about a minute; 0 skips the problem), NB201_SEEDS (default 3).
# Runs under nice: it takes minutes.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
archc=${1:-${ARCHC:-./archc}}
python=${PYTHON:-/usr/bin/python3}
data=$here/../../shared/data

if [ ! -x "$archc" ]; then
  echo "train_forest: $archc is not an executable program" >&2
  exit 1
fi
if [ ! -r "$data/nova-simple-00001-05000.csv" ]; then
  echo "train_forest: no $data/nova-simple-00001-05000.csv" >&2
  exit 1
fi
if ! "$python" -c 'import sklearn' 2>/dev/null; then
  echo "train_forest: $python cannot import sklearn (apt-get install python3-sklearn)" >&2
  exit 1
fi
archc=$(cd "$(dirname "$archc")" && pwd)/$(basename "$archc")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/archc-train-forest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# NAS-Bench-201 on CIFAR-10: the networks, their features and the accuracy
# joined by architecture string, as in Makefile.am (models-nb201-data).
nb201=${NB201-}
if [ -z "$nb201" ] && [ -r "$data/nats-bench-tss.csv" ]; then
  mkdir "$tmp/cifar10"
  awk -F, 'NR > 1 { print $4 }' "$data/nats-bench-tss.csv" |
    sh "$here/../tools/nb201-arch" --batch "$tmp/cifar10" --dataset cifar10 >"$tmp/cifar10.list"
  nice "$archc" --features --columns all --files-from "$tmp/cifar10.list" >"$tmp/cifar10.features"
  awk -v column=CIFAR10TestAccuracy200Epochs -v name=cifar10_accuracy \
    -f "$here/../src/models/nb201-join.awk" "$data/nats-bench-tss.csv" "$tmp/cifar10.features" \
    >"$tmp/nb201-cifar10.csv"
  rm -rf "$tmp/cifar10" "$tmp/cifar10.features"
  nb201=$tmp/nb201-cifar10.csv
fi
if [ "$nb201" = 0 ]; then
  nb201=
elif [ -n "$nb201" ] && [ ! -r "$nb201" ]; then
  echo "train_forest: no $nb201" >&2
  exit 1
fi

echo "archc: $("$archc" --version)"
echo "scikit-learn: $("$python" -c 'import sklearn; print(sklearn.__version__)')"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')"
echo
nice "$python" "$here/train_forest.py" --archc "$archc" --data "$data" \
  --splits "${SPLITS:-20}" --synthetic "${SYNTHETIC:-5000}" \
  --synthetic-splits "${SYNTHETIC_SPLITS:-3}" \
  ${nb201:+--nb201 "$nb201" --nb201-train "$here/../src/models/nb201-train.txt"} \
  --nb201-seeds "${NB201_SEEDS:-3}"

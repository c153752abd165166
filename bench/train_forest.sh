#!/bin/sh
# Benchmark: training a 200-tree random forest in archc and in
# scikit-learn with the same settings on the same networks, side by side
# (held-out quality, training time, prediction time per network). The
# figures in doc/models.md come from this script.
#
# Usage: bench/train_forest.sh [ARCHC]    (default: ./archc, or $ARCHC)
# Environment: PYTHON (default /usr/bin/python3, Debian's, which has
# python3-sklearn), SPLITS (splits of the NOvA problems, default 20),
# SYNTHETIC (rows of the synthetic timing problem, default 5000; 0 skips
# it), SYNTHETIC_SPLITS (default 3). Runs under nice: it takes minutes.
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
echo "archc: $("$archc" --version)"
echo "scikit-learn: $("$python" -c 'import sklearn; print(sklearn.__version__)')"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')"
echo
exec nice "$python" "$here/train_forest.py" --archc "$archc" --data "$data" \
  --splits "${SPLITS:-20}" --synthetic "${SYNTHETIC:-5000}" \
  --synthetic-splits "${SYNTHETIC_SPLITS:-3}"

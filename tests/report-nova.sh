#!/bin/sh
# The reference attributes of a hand-written .arch network: the report of
# examples/nova.arch (the NOvA seed written by hand, without its data and
# loss layers) computes them by writing the graph out with the standard
# train/test harness, and they must equal the published row of network
# 00001_00006_00000 in ../shared/data/nova-simple-00001-05000.csv for 85 of
# the 87 columns. num_concats and avg_concat_width differ, and are checked
# to differ: the seed file also adds a noise layer to its data (an Eltwise
# of two bottoms, which the reference counts as a concat) that the
# hand-written network does not have. Skips without ../shared or python3.
set -u
top=${srcdir:-.}
data=$top/../shared/data/nova-simple-00001-05000.csv
archc=${ARCHC:-./archc}
[ -f "$data" ] || { echo "no $data: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
tmp=$(mktemp "${TMPDIR:-/tmp}/archc-report.XXXXXX")
trap 'rm -f "$tmp"' EXIT
"$archc" "$top/examples/nova.arch" --report --format json > "$tmp" || exit 1
python3 - "$data" "$tmp" <<'PY'
import csv, json, math, sys
rows = list(csv.reader(open(sys.argv[1])))
header, row = rows[0], next(r for r in rows if r[0] == "00001_00006_00000")
published = dict(zip(header[4:], row[4:]))
ref = json.load(open(sys.argv[2]))["reference_attributes"]
if ref is None:
    sys.exit("no reference attributes in the report")
names = list(ref)
# the published header names num_conv_features twice: minimum, then maximum
pub_names = header[4:]
bad, same = [], 0
for i, name in enumerate(pub_names):
    key = names[i]
    want = float(row[4 + i]) if row[4 + i] else math.nan
    got = ref[key] if ref[key] is not None else math.nan
    equal = (math.isnan(want) and math.isnan(got)) or abs(want - got) <= 1e-9 * max(1, abs(want))
    if name in ("num_concats", "avg_concat_width"):
        if equal:
            bad.append("%s equals the published value; the test assumes it differs" % name)
        continue
    if equal:
        same += 1
    else:
        bad.append("%s: published %s, report %r" % (name, row[4 + i], got))
print("%d of 85 columns equal the published row" % same)
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY


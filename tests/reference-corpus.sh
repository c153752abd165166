#!/bin/sh
# The reference profile against the paper's extractor: for every MENNDL
# network in ../shared/corpus/menndl, `archc --features --columns paper
# --profile reference` must equal the golden row (golden-nova.csv,
# golden-minerva.csv) within 1e-9 relative, NaN matching NaN. Every
# mismatch is listed by file and column. Also checks the published row of
# network 00001_00006_00000 in ../shared/data/nova-simple-00001-05000.csv.
# Skips when ../shared is absent.
set -u
top=${srcdir:-.}
shared=$top/../shared
corpus=$shared/corpus/menndl
archc=${ARCHC:-./archc}
[ -d "$corpus" ] || { echo "no $corpus: skipped"; exit 77; }
[ -x "$archc" ] || { echo "no $archc: skipped"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/archc-ref.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
status=0

# compare GOLDEN ACTUAL GOLDEN_SKIP: golden rows keyed by the file name in
# column 1 with GOLDEN_SKIP bookkeeping columns after it; actual rows keyed
# by the base name of their first column.
compare() {
  awk -F, -v skip="$3" '
    function num(s) { return s == "" || tolower(s) == "nan" ? "nan" : s + 0 }
    function differ(x, y,   a, b, m) {
      a = num(x); b = num(y)
      if (a == "nan" || b == "nan") return a != b
      m = (a < 0 ? -a : a); if (m < 1) m = 1
      return (a - b > 1e-9 * m || b - a > 1e-9 * m)
    }
    FNR == 1 { if (NR == 1) for (i = 2 + skip; i <= NF; i++) name[i - skip] = $i; next }
    NR == FNR { golden[$1] = $0; next }
    { n = split($1, parts, "/"); key = parts[n]; actual[key] = $0 }
    END {
      bad = 0
      for (key in golden) {
        total++
        if (!(key in actual)) { printf "%s: no row\n", key; bad++; continue }
        ng = split(golden[key], g, ","); na = split(actual[key], a, ",")
        rowbad = 0
        for (i = 2; i <= na; i++)
          if (differ(g[i + skip], a[i])) {
            printf "%s: %s: expected %s, got %s\n", key, name[i], g[i + skip], a[i]
            rowbad = 1
          }
        bad += rowbad
      }
      printf "%d of %d rows match\n", total - bad, total
      exit bad != 0
    }' "$1" "$2"
}

for mode in nova minerva; do
  golden=$corpus/golden-$mode.csv
  files=$(tail -n +2 "$golden" | cut -d, -f1 | sed "s|^|$corpus/|")
  # shellcheck disable=SC2086
  "$archc" --features --columns paper --profile reference --dataset "$mode" $files \
    > "$tmp/$mode.csv" 2> "$tmp/$mode.err" || { cat "$tmp/$mode.err"; status=1; }
  echo "$mode:"
  compare "$golden" "$tmp/$mode.csv" 1 || status=1
done

data=$shared/data/nova-simple-00001-05000.csv
seed=$corpus/seed-nova-00001_00006_00000.prototxt
if [ -f "$data" ] && [ -f "$seed" ]; then
  { head -1 "$data"; grep '^00001_00006_00000,' "$data" | sed 's/^00001_00006_00000,/seed-nova-00001_00006_00000.prototxt,/'; } \
    > "$tmp/published.csv"
  "$archc" --features --columns paper --profile reference --dataset nova "$seed" \
    > "$tmp/seed.csv" || status=1
  echo "published row:"
  compare "$tmp/published.csv" "$tmp/seed.csv" 3 || status=1
fi
exit $status

#!/bin/sh
# Shapes against Caffe's own: for network 00001_00000_01037, the output
# shape of every layer archc computes (`archc --layers --format csv`, with
# the MENNDL input shapes of --dataset minerva) must equal the shape Caffe
# printed in its training log (../shared/corpus/menndl/caffe-shapes-*.csv),
# in the TRAIN and the TEST net. Layers whose shape archc does not know
# (losses and accuracy, kept as opaque layers), the data plumbing that
# --dataset replaces and the *_split layers Caffe inserts itself are not
# compared; every other layer in Caffe's list
# must be in archc's. Skips when ../shared is absent.
set -u
top=${srcdir:-.}
corpus=$top/../shared/corpus/menndl
archc=${ARCHC:-./archc}
shapes=$corpus/caffe-shapes-00001_00000_01037.csv
net=$corpus/seed-minerva-00001_00000_01037.prototxt
[ -f "$shapes" ] && [ -f "$net" ] || { echo "no $corpus: skipped"; exit 77; }
[ -x "$archc" ] || { echo "no $archc: skipped"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/archc-shapes.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
status=0
for phase in TRAIN TEST; do
  lower=$(echo "$phase" | tr 'A-Z' 'a-z')
  "$archc" --layers --format csv --phase "$lower" --dataset minerva "$net" \
    > "$tmp/$phase.csv" 2> "$tmp/$phase.err" || { cat "$tmp/$phase.err"; status=1; }
  awk -F, -v phase="$phase" '
    { sub(/\r$/, "") }
    NR == FNR { if (FNR > 1) archc[$1] = $3; next }
    $2 != phase || $4 != 0 { next }
    $3 ~ /_split$/ { next }                    # Caffe inserts these itself
    {
      if ($6 == "") next                       # a scalar: loss, accuracy
      want = $7 == "" ? $6 : $6 "x" $7 "x" $8  # C, or C x H x W
      if (!($3 in archc)) {
        if ($3 ~ /^(Image_data|target_data|Slice Node|Concatanation Node X views|data)$/) next
        printf "%s %s: not in archc'"'"'s graph (Caffe: %s)\n", phase, $3, want; bad++; next
      }
      got = archc[$3]
      if (got == "?") { unknown++; next }
      n++
      if (got != want) { printf "%s %s: archc %s, Caffe %s\n", phase, $3, got, want; bad++ }
    }
    END {
      printf "%s: %d layers compared, %d unknown to archc, %d mismatches\n", phase, n, unknown, bad
      exit bad != 0
    }' "$tmp/$phase.csv" "$shapes" || status=1
done
exit $status

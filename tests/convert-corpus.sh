#!/bin/sh
# `archc convert` over the corpus: every network in ../shared/corpus/caffe
# and ../shared/corpus/menndl, read with the options tests/caffe-corpus.sh
# uses, must
#   1. convert (only the two NVIDIA DIGITS templates may fail, with exit 1,
#      located errors only, and a located error about a blob no layer
#      writes: their data layers are missing by design; nothing is written);
#   2. pass `archc check` (exit 0, no errors) and `archc fmt --check`;
#   3. give the same per-layer table as the prototxt (`--layers --format
#      csv`: the multiset of op, output shape, params and MACs, and the
#      totals); names are checked apart: every statement of the .arch is
#      named after a layer or input of the prototxt, either as it is or made
#      into an identifier with the original in a `# caffe: "..."` comment;
#   4. be a fixed point of the round trip: `--emit prototxt` of the .arch,
#      converted again (under the same file name), gives the same .arch.
# The differences the converter documents are allowed for: a layer without
# tops becomes one whose output is a network output (its table row shows
# `?` for an empty output), and when the header says "Not kept:" (pooling
# argmax masks, which .arch cannot name) the pooling rows keep their first
# shape and are compared without costs, the totals without the count of
# unknown layers, and the fixed point without that paragraph. A network
# whose emitted prototxt says a layer's parameters were not kept (an opaque
# layer of a type archc models otherwise) is listed as an expected
# difference when its round trip is not a fixed point.
# Every failure is listed by file; counts are printed at the end. Skips (77)
# when ../shared is absent. Structural equality of the graphs (edges and
# parameters) is checked by tests/unit/test_convert.
#
# Environment: ARCHC, the program (default ./archc); srcdir, the top of the
# source tree (default .).
set -u

archc=${ARCHC:-./archc}
top=${srcdir:-.}
corpus=$top/../shared/corpus

if [ ! -d "$corpus/caffe" ] || [ ! -d "$corpus/menndl" ]; then
  echo "convert-corpus: $corpus is absent; skipped"
  exit 77
fi
if [ ! -x "$archc" ] || [ -d "$archc" ]; then
  echo "convert-corpus: $archc is not an executable program; skipped"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/archc-convert-corpus.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir "$tmp/rt" || exit 99

# As in tests/caffe-corpus.sh.
options_for() {
  case $1 in
    nova-* | seed-nova-*) echo "--dataset nova" ;;
    minerva-* | seed-minerva-*) echo "--dataset minerva" ;;
    *alexnet_train_val* | *caffenet_train_val* | forresti-SqueezeNet__*train_val*)
      echo "--input data=3x227x227" ;;
    *googlenet_train_val*) echo "--input data=3x224x224" ;;
    *mnist_lenet_train_test* | *mnist_autoencoder*) echo "--input data=1x28x28" ;;
    *mnist_siamese_train_test*) echo "--input pair_data=2x28x28" ;;
    *cifar10_*train_test*) echo "--input data=3x32x32" ;;
    *hdf5_classification*) echo "--input data=4" ;;
    alexgkendall-SegNet-Tutorial__*) echo "--input data=3x360x480" ;;
    shelhamer-fcn__voc-fcn-alexnet_val*) echo "--input data=3x500x500" ;;
    *) echo "" ;;
  esac
}

# The rows of a layer table as "op,output,params,macs", sorted, then the
# totals as "total,params,macs". $2 = yes: the pooling rows as documented
# for masks that were not kept.
table_rows() {
  awk -F, -v lossy="$2" '
    NR == 1 { next }
    $1 ~ /^\(total/ { total = "total," $4 "," $5; next }
    {
      out = $3
      if (out == "") out = "?"
      if (lossy == "yes" && $2 ~ /pool$/) { sub(/;.*/, "", out); $4 = "*"; $5 = "*" }
      print $2 "," out "," $4 "," $5
    }
    END { print total }' "$1" | LC_ALL=C sort
}

# Layer names of a table (with the import'"'"'s #k suffix for duplicates
# dropped), one per line.
table_names() {
  awk -F, 'NR > 1 && $1 !~ /^\(total/ { n = $1; sub(/#[0-9]+$/, "", n); print n }' "$1"
}

# The names .arch statements and inputs take from the source: the name
# itself, or the one in its `# caffe: "..."` comment (at the end of the
# statement's last line), in the network's body (blocks name their own
# statements). Slices name their further outputs themselves; only the
# first name counts.
arch_names() {
  awk '
    function flush() { if (pending != "") print pending; pending = "" }
    function comment(line) {
      if (!match(line, /  # caffe: ".*"$/)) return
      pending = substr(line, RSTART + 12, RLENGTH - 13)
      gsub(/\\"/, "\"", pending)
      gsub(/\\\\/, "\\", pending)
    }
    /^network / { body = 1; next }
    body && (/^  (output )?[A-Za-z_][A-Za-z0-9_]*(, [A-Za-z_][A-Za-z0-9_]*)* = / ||
             /^  input [A-Za-z_][A-Za-z0-9_]*: /) {
      flush()
      pending = $0
      sub(/^  (output |input )?/, "", pending)
      sub(/[,:= ].*/, "", pending)
      comment($0)
      next
    }
    /^    -> / { comment($0); next }
    { flush() }
    END { flush() }' "$1"
}

# The .arch without the "Not kept:" paragraph of its header.
without_not_kept() {
  awk '/^# Not kept:/ { skip = 1; next } skip && /^#   / { next } { skip = 0; print }' "$1"
}

status=0
files=0 converted=0 checked=0 formatted=0 tables=0 named=0 fixed=0 expected=0 failed=0
failures=

fail() {
  echo "FAIL: $*"
  status=1
  case " $failures " in
    *" $name "*) ;;
    *) failures="$failures $name"; failed=$((failed + 1)) ;;
  esac
}

for f in "$corpus"/caffe/*.prototxt "$corpus"/menndl/*.prototxt; do
  [ -e "$f" ] || continue
  name=${f##*/}
  files=$((files + 1))
  opts=$(options_for "$name")
  out=$tmp/$name.arch
  # shellcheck disable=SC2086
  "$archc" convert --diagnostics-format=gcc $opts "$f" -o "$out" </dev/null 2>"$tmp/err"
  rc=$?
  case $name in
    NVIDIA-DIGITS__*)
      bad=$(grep ': error: ' "$tmp/err" | grep -Ev '^[^:]+:[0-9]+:[0-9]+: error: ')
      if [ "$rc" -ne 1 ] || [ -n "$bad" ] || [ -e "$out" ] ||
        ! grep -Eq "^[^:]+:[0-9]+:[0-9]+: error: .* reads '[^']+', which no layer .*\[undefined-blob\]$" \
          "$tmp/err"; then
        fail "$name: expected exit 1 with located errors, among them a blob no layer writes (exit $rc)"
        sed 's/^/    /' "$tmp/err"
      fi
      continue
      ;;
  esac
  if [ "$rc" -ne 0 ] || [ ! -s "$out" ]; then
    fail "$name${opts:+ ($opts)}: archc convert exited with $rc"
    grep -E ': (error|warning): ' "$tmp/err" | head -5 | sed 's/^/    /'
    continue
  fi
  converted=$((converted + 1))

  # 2. check and fmt.
  "$archc" check --diagnostics-format=gcc "$out" </dev/null >/dev/null 2>"$tmp/err"
  rc=$?
  if [ "$rc" -ne 0 ] || grep -q ': error: ' "$tmp/err"; then
    fail "$name: archc check of the .arch exited with $rc"
    head -5 "$tmp/err" | sed 's/^/    /'
  else
    checked=$((checked + 1))
  fi
  if "$archc" fmt --check "$out" </dev/null >/dev/null 2>&1; then
    formatted=$((formatted + 1))
  else
    fail "$name: the .arch is not formatted"
  fi

  # 3. The layer tables, and the names.
  lossy=no
  grep -q '^# Not kept:' "$out" && lossy=yes
  # shellcheck disable=SC2086
  "$archc" --layers --format csv $opts "$f" </dev/null >"$tmp/a.csv" 2>/dev/null
  "$archc" --layers --format csv "$out" </dev/null >"$tmp/b.csv" 2>/dev/null
  table_rows "$tmp/a.csv" "$lossy" >"$tmp/a.rows"
  table_rows "$tmp/b.csv" "$lossy" >"$tmp/b.rows"
  if cmp -s "$tmp/a.rows" "$tmp/b.rows"; then
    tables=$((tables + 1))
  else
    fail "$name: the layer tables differ (< prototxt, > .arch)"
    diff "$tmp/a.rows" "$tmp/b.rows" | grep '^[<>]' | head -6 | sed 's/^/    /'
  fi
  table_names "$tmp/a.csv" | LC_ALL=C sort -u >"$tmp/names"
  unknown=$(arch_names "$out" | LC_ALL=C sort -u | LC_ALL=C comm -23 - "$tmp/names")
  if [ -z "$unknown" ]; then
    named=$((named + 1))
  else
    fail "$name: statements named after no layer of the prototxt:" $unknown
  fi

  # 4. The fixed point: prototxt -> .arch -> prototxt -> .arch.
  rt=$tmp/rt/$name
  "$archc" --emit prototxt "$out" </dev/null >"$rt" 2>"$tmp/err"
  rc=$?
  if [ "$rc" -ne 0 ]; then
    fail "$name: archc --emit prototxt of the .arch exited with $rc"
    head -5 "$tmp/err" | sed 's/^/    /'
    continue
  fi
  # shellcheck disable=SC2086
  "$archc" convert $opts "$rt" -o "$tmp/again.arch" </dev/null 2>"$tmp/err"
  rc=$?
  without_not_kept "$out" >"$tmp/first.arch"
  if [ "$rc" -eq 0 ] && cmp -s "$tmp/first.arch" "$tmp/again.arch"; then
    fixed=$((fixed + 1))
  elif grep -q '^# The parameters of this layer were not kept' "$rt"; then
    expected=$((expected + 1))
    echo "expected difference: $name: a layer's parameters were not kept in the prototxt"
  else
    fail "$name: prototxt -> .arch -> prototxt -> .arch is not a fixed point (exit $rc)"
    diff "$tmp/first.arch" "$tmp/again.arch" | grep '^[<>]' | head -6 | sed 's/^/    /'
  fi
  rm -f "$tmp/again.arch"
done

echo "convert-corpus: $files files, $converted converted, $checked pass check, $formatted" \
  "formatted, $tables equal layer tables, $named with source names, $fixed fixed points," \
  "$expected expected differences, $failed failed${failures:+:$failures}"
exit "$status"

#!/bin/sh
# tools/nb201-arch: NAS-Bench-201 networks written as .arch pass archc
# check and lint, are formatted as archc fmt would format them, have the
# parameter counts of the published networks (counted by hand below), and
# cells with dead nodes are written as doc/models.md (section 9) says. With
# ../shared/data next to the source tree, a sample of its cells is checked
# too (skipped when it is absent).
#
# Environment: ARCHC, the program (default ./archc); srcdir, the top of the
# source tree (default .).
set -u

archc=${ARCHC:-./archc}
top=${srcdir:-.}
tool=$top/tools/nb201-arch
data=$top/../shared/data/nats-bench-tss.csv

if [ ! -x "$archc" ] || [ -d "$archc" ]; then
  echo "nb201-arch: $archc is not an executable program; skipped"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/archc-nb201.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

status=0
fail() {
  echo "FAIL: $*"
  status=1
}

# The learnable parameters archc counts in a network (--layers total).
params() {
  "$archc" --layers "$1" | awk '$1 == "(total)" { print $2 }'
}

# Writes ARCH for DATASET to $tmp/NAME.arch; checks it compiles without a
# diagnostic, lints clean and is formatted.
gen() {  # gen NAME ARCH DATASET
  f=$tmp/$1.arch
  if ! sh "$tool" "$2" "$3" >"$f" 2>"$tmp/err"; then
    fail "$1: nb201-arch failed"
    sed 's/^/    /' "$tmp/err"
    return
  fi
  "$archc" lint "$f" >"$tmp/diag" 2>&1 || fail "$1: archc lint exit status $?"
  [ -s "$tmp/diag" ] && { fail "$1: diagnostics"; sed 's/^/    /' "$tmp/diag"; }
  "$archc" fmt "$f" | cmp -s - "$f" || fail "$1: not formatted as archc fmt formats it"
}

expect_params() {  # expect_params NAME ARCH DATASET COUNT
  gen "$1" "$2" "$3"
  n=$(params "$tmp/$1.arch")
  if [ "$n" = "$4" ]; then echo "ok: $1 ($3): $n parameters"
  else fail "$1 ($3): $n parameters, expected $4"; fi
}

# By hand. Fixed part on CIFAR-10: stem 3*16*9 + 2*16 = 464; reductions
# 16->32: 9*16*32 + 64 + 9*32*32 + 64 + 16*32 = 14464, 32->64: 57600; last
# batch normalization 128; fc 64*10 + 10 = 650: 73306 (fc 6500 for
# CIFAR-100, 7800 for ImageNet16-120). A 3x3 edge of C channels adds
# 9C^2 + 2C, a 1x1 edge C^2 + 2C, five cells per stage, C = 16, 32, 64.
conv3='|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|'
expect_params all-3x3 "$conv3" cifar10 1531546
expect_params all-3x3 "$conv3" cifar100 1537396
expect_params all-3x3 "$conv3" imagenet16-120 1538696
expect_params all-1x1 \
  '|nor_conv_1x1~0|+|nor_conv_1x1~0|nor_conv_1x1~1|+|nor_conv_1x1~0|nor_conv_1x1~1|nor_conv_1x1~2|' \
  cifar10 241306
# The cell of examples/nb201.arch: three 3x3 edges.
example='|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|'
expect_params example "$example" cifar10 802426
expect_params example-in16 "$example" imagenet16-120 809576
# Cells without parameters: the fixed part only.
expect_params all-none '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|' cifar10 73306
expect_params all-skip \
  '|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|' \
  cifar10 73306
expect_params all-pool \
  '|avg_pool_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|' \
  cifar100 79156
# node1 leads nowhere (node3 is node0): its 3x3 edge is left out, so the
# network has the fixed part only (the published count, 316346, includes it).
expect_params dead-end '|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|' \
  cifar10 73306
# node1 receives only none: it and the 3x3 edge leaving it are left out;
# node2 = 1x1(node0), node3 = node2.
expect_params dead-start '|none~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|none~0|avg_pool_3x3~1|skip_connect~2|' \
  cifar10 $((73306 + 5 * (288 + 1088 + 4224)))

# The example network, layer for layer.
"$archc" --layers "$top/examples/nb201.arch" >"$tmp/want" 2>&1
"$archc" --layers "$tmp/example.arch" >"$tmp/got" 2>&1
cmp -s "$tmp/want" "$tmp/got" || fail "the example cell differs from examples/nb201.arch"

# Dead cells: zero through a power layer; identity cells: no layer at all.
grep -q 'return power(node0, scale: 0)' "$tmp/all-none.arch" || fail "all-none: no zero cell"
grep -q 'return node0$' "$tmp/dead-end.arch" || fail "dead-end: the cell is not node0"
grep -q 'relu_conv_bn(node1' "$tmp/dead-start.arch" && fail "dead-start: an edge from node1"
grep -q 'stage1 = stem -> cell \* 5 : 16x32x32' "$tmp/all-none.arch" ||
  fail "all-none: the cell takes no channel count"
grep -q 'input data: 3x16x16' "$tmp/all-3x3.arch" || fail "imagenet16-120: not 3x16x16"
grep -q 'output classifier = fc(pool, 120)' "$tmp/all-3x3.arch" || fail "imagenet16-120: not 120 classes"
sh "$tool" --imagenet "$conv3" | cmp -s - "$tmp/all-3x3.arch" || fail "--imagenet differs"

# The accuracy goes into the metadata; bad input is a usage error.
sh "$tool" --accuracy 0.9366 "$example" | grep -q '^    accuracy: 0.9366$' || fail "no accuracy"
for bad in '|nor_conv_3x3~0|' '|nor_conv_3x3~1|+|none~0|none~1|+|none~0|none~1|none~2|' \
    '|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|'; do
  sh "$tool" "$bad" >/dev/null 2>&1
  [ $? -eq 2 ] || fail "'$bad' is not refused"
done
sh "$tool" "$example" mnist >/dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown dataset is not refused"
sh "$tool" --accuracy 93.66 "$example" >/dev/null 2>&1
[ $? -eq 2 ] || fail "an accuracy above 1 is not refused"

# Batch mode: one file per line, named by line number.
mkdir "$tmp/batch"
printf '%s 0.9366\n%s\n' "$example" "$conv3" |
  sh "$tool" --batch "$tmp/batch" --dataset cifar100 >"$tmp/list" || fail "--batch failed"
[ "$(cat "$tmp/list")" = "$tmp/batch/nb201-00000.arch
$tmp/batch/nb201-00001.arch" ] || fail "--batch lists $(cat "$tmp/list")"
grep -q 'accuracy: 0.9366' "$tmp/batch/nb201-00000.arch" || fail "--batch: no accuracy"
[ "$(params "$tmp/batch/nb201-00001.arch")" = 1537396 ] || fail "--batch: wrong network"

# A sample of the published cells (every 25th), each data set's skeleton.
if [ -r "$data" ]; then
  for d in cifar10 cifar100 imagenet16-120; do
    mkdir "$tmp/$d"
    awk -F, 'NR > 1 && NR % 25 == 2 { print $4 }' "$data" |
      sh "$tool" --batch "$tmp/$d" --dataset "$d" >"$tmp/$d.list" || fail "$d: --batch failed"
    n=$(wc -l <"$tmp/$d.list")
    # shellcheck disable=SC2046
    "$archc" lint $(cat "$tmp/$d.list") >"$tmp/diag" 2>&1 || fail "$d: archc lint failed"
    [ -s "$tmp/diag" ] && { fail "$d: diagnostics"; head -20 "$tmp/diag" | sed 's/^/    /'; }
    # shellcheck disable=SC2046
    "$archc" fmt --check $(cat "$tmp/$d.list") >"$tmp/unformatted" 2>&1 ||
      fail "$d: not formatted: $(head -3 "$tmp/unformatted")"
    echo "ok: $d: $n published cells compile, lint clean and are formatted"
  done
else
  echo "nb201-arch: $data not found; the sample of published cells is skipped"
fi

exit "$status"

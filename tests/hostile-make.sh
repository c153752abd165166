# shellcheck shell=sh
# Sourced by tests/hostile-inputs.sh and bench/hostile.sh:
# hostile_make DIR TOP writes into DIR the inputs made to break a parser,
# TOP being the top of the source tree (for the files cut off halfway).
# POSIX sh, awk, sed, tr and head only.

# repeat N TEXT: TEXT N times, without a newline.
hostile_repeat() {
  printf "%$1s" '' | sed "s/ /$2/g"
}

# cut_after FILE CHAR: FILE up to its last CHAR before the middle, so that
# the cut always falls inside an open call or message.
hostile_cut_after() {
  awk -v c="$2" 'BEGIN { RS = "\001" }
    { mid = int(length($0) / 2); n = 0
      for (i = mid; i > 0; i--) if (substr($0, i, 1) == c) { n = i; break }
      printf "%s", substr($0, 1, n) }' "$1"
}

hostile_make() {
  dir=$1 top=$2
  n=300000
  {
    printf 'network n {\n  input x: 1x8x8\n  y = '
    hostile_repeat $n 'relu('
    printf 'x'
    hostile_repeat $n ')'
    printf '\n  output y\n}\n'
  } >"$dir/deep-calls.arch" || return 1
  {
    printf 'network n {\n  input x: 1x8x8\n  output y = concat('
    hostile_repeat $n '['
    printf 'x\n}\n'
  } >"$dir/deep-brackets.arch" || return 1
  {
    printf 'name: "n"\n'
    hostile_repeat $n 'layer { '
    hostile_repeat $n '}'
    printf '\n'
  } >"$dir/deep-messages.prototxt" || return 1
  long=$(head -c 10485760 /dev/zero | tr '\0' a) || return 1
  printf 'network n {\n  input %s: 1x8x8\n}\n' "$long" >"$dir/long-identifier.arch" || return 1
  printf 'name: "n"\n%s: 1\n' "$long" >"$dir/long-identifier.prototxt" || return 1
  unset long
  # 1 MiB from awk's generator with a fixed seed: the same bytes on every
  # run of one awk.
  LC_ALL=C awk 'BEGIN { srand(1); for (i = 0; i < 1048576; i++) printf "%c", int(rand() * 256) }' \
    >"$dir/random.arch" || return 1
  cp "$dir/random.arch" "$dir/random.prototxt" || return 1
  # Blocks that call the one before twice, 40 deep, and make no layer: the
  # expansion stops at 2,000,000 applications (bench/hostile.sh only; it
  # takes seconds under the sanitizers).
  {
    echo 'block b0(t) { return t }'
    awk 'BEGIN { for (i = 1; i <= 40; i++) printf "block b%d(t) { return b%d(b%d(t)) }\n", i, i - 1, i - 1 }'
    printf 'network n {\n  input x: 1x8x8\n  output b40(x) -> relu\n}\n'
  } >"$dir/fanout-blocks.arch" || return 1
  hostile_cut_after "$top/examples/googlenet.arch" '(' >"$dir/truncated.arch" || return 1
  hostile_cut_after "$top/fuzz/corpus/proto/example-squeezenet.prototxt" '{' >"$dir/truncated.prototxt" || return 1
}

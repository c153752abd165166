#!/bin/sh
# Reading Caffe prototxt: archc against the C++ protobuf text parser
# (`protoc --encode`, with the schema bench/caffe.proto), in MB/s, on the
# same networks: the 250 of ../shared/corpus/menndl copied again and again
# into a temporary directory until they make at least 50 MB (MB: 10^6
# bytes, counted over the networks' own bytes).
#
# Two ways of running them, each tool the same way:
#
#   one process   the same bytes parsed in one process by each tool.
#                 protoc reads one text file that wraps every network in
#                 a repeated field (`message Corpus { repeated NetParameter
#                 net = 1; }`: "net {", the file, "}"), parses it against
#                 the schema and writes the binary encoding; archc reads
#                 the same networks as separate files in one `archc
#                 check`, which parses, checks the fields against its
#                 schema, imports onto the IR and runs the shape and cost
#                 passes: more than protoc does; and in one `archc convert
#                 --output-dir`, which writes each network's .arch file
#                 too.
#   per network   one process per network, start-up included: `protoc
#                 --encode=caffe.NetParameter` on each file against
#                 `archc convert` (parse, import, shapes, and the .arch
#                 written).
#
# Each is done for the NOvA networks with --dataset nova and then the
# MINERvA ones with --dataset minerva (archc needs the data set for their
# input shapes); the figures cover both. Output goes to /dev/null. Best of
# three runs, wall time and CPU time (user + system) taken apart: the
# machine may be shared, and the wall time grows with the other work
# while the CPU time hardly does.
#
#   bench/convert.sh [ARCHC]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/../../shared/corpus/menndl
archc=${1:-$here/../archc}
target=50000000
runs=3

if ! command -v protoc > /dev/null 2>&1; then
  echo "convert: no protoc; install it (apt-get install protobuf-compiler)" >&2
  exit 2
fi
if [ ! -x "$archc" ]; then
  echo "convert: $archc is not an executable program" >&2
  exit 1
fi
if [ ! -d "$corpus" ]; then
  echo "convert: no corpus at $corpus; skipped"
  exit 0
fi
archc=$(cd "$(dirname "$archc")" && pwd)/$(basename "$archc")
# An uninstalled build made with shared libraries: archc is libtool's
# shell script, which sets the library path and runs .libs/archc. Starting
# that script costs more than converting a network, so run the program
# itself, with the library path the script would set.
libs=$(dirname "$archc")/.libs
if [ -x "$libs/archc" ] && grep -q 'wrapper script' "$archc"; then
  archc=$libs/archc
  LD_LIBRARY_PATH=$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  export LD_LIBRARY_PATH
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/archc-convert.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The input: the corpus again and again (whole rounds) until the target
# size; NOvA and MINERvA networks in directories of their own, and for
# protoc one wrapped text file per family holding the same networks in
# the same order.
one=$(cat "$corpus"/*.prototxt | wc -c)
rounds=$(((target + one - 1) / one))
for mode in nova minerva; do
  mkdir "$tmp/$mode"
  : > "$tmp/$mode.txt"
  r=1
  while [ "$r" -le "$rounds" ]; do
    for f in "$corpus/$mode"-*.prototxt "$corpus/seed-$mode"*.prototxt; do
      copy=$tmp/$mode/$(printf 'r%02d' "$r")-${f##*/}
      cp "$f" "$copy"
      { printf 'net {\n'; cat "$copy"; printf '\n}\n'; } >> "$tmp/$mode.txt"
    done
    r=$((r + 1))
  done
done
files=$(find "$tmp/nova" "$tmp/minerva" -type f | wc -l)
bytes=$(cat "$tmp"/nova/* "$tmp"/minerva/* | wc -c)

# Every network must be read without errors by both tools, once, before
# anything is timed.
for mode in nova minerva; do
  protoc --encode=caffe.Corpus -I"$here" "$here/caffe.proto" < "$tmp/$mode.txt" > /dev/null
  (cd "$tmp/$mode" && "$archc" check --dataset "$mode" ./*.prototxt 2> "$tmp/check.err") || {
    echo "convert: archc check found errors in the corpus:" >&2
    grep ': error:' "$tmp/check.err" | head -5 >&2
    exit 1
  }
done

# The four ways. Each runs in this shell, so that `times` counts the
# processes it starts.
proto() { protoc --encode="caffe.$1" -I"$here" "$here/caffe.proto"; }
one_protoc() {
  for m in nova minerva; do proto Corpus < "$tmp/$m.txt" > /dev/null; done
}
one_archc() {
  for m in nova minerva; do
    (cd "$tmp/$m" && "$archc" check --dataset "$m" ./*.prototxt 2> /dev/null)
  done
}
one_convert() {
  for m in nova minerva; do
    rm -rf "$tmp/arch"
    (cd "$tmp/$m" && "$archc" convert --dataset "$m" --output-dir "$tmp/arch" ./*.prototxt \
      2> /dev/null)
  done
}
each_protoc() {
  for m in nova minerva; do
    for f in "$tmp/$m"/*; do proto NetParameter < "$f" > /dev/null; done
  done
}
each_archc() {
  for m in nova minerva; do
    for f in "$tmp/$m"/*; do "$archc" convert --dataset "$m" "$f" > /dev/null 2>&1; done
  done
}

# Seconds in the second line of `times` (the children of this shell: user,
# then system time, as XmY.YYYs). `times` itself must run in this shell,
# not in a command substitution, whose children are none of these.
children() {
  sed -n 2p "$1" |
    awk '{ for (i = 1; i <= NF; i++) { split($i, t, "m"); s += t[1] * 60 + t[2] } } END { printf "%.3f", s }'
}

# measure LABEL FUNCTION: the best wall time and the best CPU time of the
# runs, and the MB/s they give.
measure() {
  : > "$tmp/best"
  i=0
  while [ "$i" -lt "$runs" ]; do
    times > "$tmp/times0"
    start=$(date +%s.%N)
    "$2"
    end=$(date +%s.%N)
    times > "$tmp/times1"
    echo "$start $end $(children "$tmp/times0") $(children "$tmp/times1")" >> "$tmp/best"
    i=$((i + 1))
  done
  awk -v label="$1" -v bytes="$bytes" -v n="$files" '
    { w = $2 - $1; c = $4 - $3
      if (NR == 1 || w < wall) wall = w
      if (NR == 1 || c < cpu) cpu = c }
    END { printf "  %-34s %7.2f s %7.1f MB/s  %7.2f s %7.1f MB/s  %6.0f us\n",
            label, wall, bytes / wall / 1e6, cpu, bytes / cpu / 1e6, 1e6 * cpu / n }' "$tmp/best"
}

echo "archc: $("$archc" --version)"
echo "protoc: $(protoc --version)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')"
echo "$files $bytes $rounds" | awk '{
  printf "input: %d networks (the corpus %d times), %.1f MB\n\n", $1, $3, $2 / 1e6 }'
echo "best of $runs runs                         wall     (MB/s)      CPU     (MB/s)  CPU/network"
echo "one process per data set"
measure "protoc --encode, wrapped networks" one_protoc
measure "archc check" one_archc
measure "archc convert --output-dir" one_convert
echo "one process per network"
measure "protoc --encode" each_protoc
measure "archc convert" each_archc

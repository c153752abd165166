#!/bin/sh
# Linear time on long networks: a chain of N layers (one statement each,
# every name used before the line that defines it, so that lowering must
# resolve forward references) through `archc check`, which parses, lowers,
# and runs the shape and cost passes. Prints seconds and peak memory for
# N = 50,000, 100,000, 200,000 and 400,000; the time per layer should
# stay flat.
#
#   bench/chain.sh [ARCHC]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
archc=${1:-$here/../archc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/archc-chain.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "layers      seconds   us/layer   peak MB"
for n in 50000 100000 200000 400000; do
  awk -v n="$n" 'BEGIN {
    print "network chain {"
    print "  input x: 8x32x32"
    printf "  output l%d\n", n - 1
    for (i = n - 1; i > 0; i--) printf "  l%d = l%d -> relu\n", i, i - 1
    print "  l0 = conv(x, 8, 3, pad: 1)"
    print "}"
  }' > "$tmp/chain.arch"
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$archc" check "$tmp/chain.arch"
  read -r secs kb < "$tmp/time"
  echo "$n $secs $kb" | awk '{ printf "%7d %11.2f %10.2f %9.0f\n", $1, $2, 1e6 * $2 / $1, $3 / 1024 }'
done

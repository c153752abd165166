#!/bin/sh
# Throughput of `archc --features` over the MENNDL corpus: the 250 networks
# of ../shared/corpus/menndl listed again and again up to N networks (default
# 300,000, the size of a MENNDL population), split into one list per core,
# one archc process per list. Prints networks per second for each profile.
#
#   bench/features.sh [N] [ARCHC]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/../../shared/corpus/menndl
n=${1:-300000}
archc=${2:-$here/../archc}
cores=$(nproc 2>/dev/null || echo 2)
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/archc-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

for mode in nova minerva; do
  ls "$corpus"/*.prototxt | grep -e "/$mode-" -e "/seed-$mode" > "$tmp/$mode.one"
done
# Half the population of each family, round robin over the files.
for mode in nova minerva; do
  awk -v n=$((n / 2)) '{ f[NR] = $0 } END { for (i = 0; i < n; i++) print f[i % NR + 1] }' \
    "$tmp/$mode.one" > "$tmp/$mode.all"
  split -n "l/$cores" "$tmp/$mode.all" "$tmp/$mode.part."
done

run() {  # run PROFILE: all lists, all cores; prints the seconds
  start=$(date +%s.%N)
  for mode in nova minerva; do
    for part in "$tmp/$mode.part."*; do
      out=$tmp/out.$1.$(basename "$part")
      "$archc" --features --profile "$1" --dataset "$mode" --files-from "$part" \
        > "$out.csv" 2> "$out.err" &
    done
    wait
  done
  end=$(date +%s.%N)
  echo "$start $end" | awk '{ printf "%.2f", $2 - $1 }'
}

echo "archc --features over $n networks (MENNDL corpus repeated), $cores processes"
for profile in reference corrected; do
  secs=$(run $profile)
  rows=$(cat "$tmp"/out."$profile".*.csv | grep -vc '^file,')
  errs=$(cat "$tmp"/out."$profile".*.err | grep -c ': error:' || true)
  echo "$profile $secs $rows $errs" | awk '{ printf "  %-10s %8.2f s  %9d rows  %8.0f networks/s  %8.1f us/network  (%d errors)\n", $1, $2, $3, $3 / $2, 1e6 * $2 / $3, $4 }'
done

#!/bin/sh
# Throughput of `archc --features` over the MENNDL corpus: the 250 networks
# of ../shared/corpus/menndl listed again and again up to N networks (default
# 300,000, the size of a MENNDL population), split into one list per core,
# one archc process per list. Prints, for each profile, the wall time and
# networks per second, and the CPU time the archc processes took per
# network (on a machine shared with other work the wall time stretches and
# the CPU time does not), next to the paper's reference extractor.
#
#   bench/features.sh [N] [ARCHC]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/../../shared/corpus/menndl
n=${1:-300000}
archc=${2:-$here/../archc}
cores=$(nproc 2>/dev/null || echo 2)
# The reference extractor (Network.py in the paper authors' repository)
# on this corpus, seconds of CPU per network; how it was measured is in
# bench/README.md. It is not run from here.
reference_cpu=0.0209
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

# Seconds in `times` output (XmY.YYYs) summed over its fields.
seconds() { awk '{ for (i = 1; i <= NF; i++) { split($i, t, "m"); s += t[1] * 60 + t[2] } } END { printf "%.3f", s }'; }

run() {  # run PROFILE: all lists, all cores; prints wall and CPU seconds
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
  # The second line of `times`: user and system time of this shell's
  # children (run in this shell: in a pipe it would count none of them).
  times > "$tmp/times.$1"
  cpu=$(sed -n 2p "$tmp/times.$1" | seconds)
  echo "$start $end $cpu" | awk '{ printf "%.2f %.2f", $2 - $1, $3 }'
}

echo "archc --features over $n networks (MENNDL corpus repeated), $cores processes"
for profile in reference corrected; do
  set -- $(run $profile)
  rows=$(cat "$tmp"/out."$profile".*.csv | grep -vc '^file,')
  errs=$(cat "$tmp"/out."$profile".*.err | grep -c ': error:' || true)
  echo "$profile $1 $2 $rows $errs $cores" | awk '{
    printf "  %-10s %8.2f s  %9d rows  %8.0f networks/s  %8.1f us/network  (%d errors)\n", $1, $2, $4, $4 / $2, 1e6 * $2 / $4, $5
    printf "  %-10s %8.2f s of CPU: %6.1f us/network; %.0f networks/s on %d idle cores; the processes had %.0f%% of the cores\n", "", $3, 1e6 * $3 / $4, $6 * $4 / $3, $6, 100 * $3 / ($2 * $6) }'
  [ "$profile" = reference ] && echo "$reference_cpu $2 $rows" | awk '{
    printf "  %-10s %8.1f ms of CPU per network for the reference extractor: archc is %.0f times faster\n", "", 1e3 * $1, $1 * $3 / $2 }'
done

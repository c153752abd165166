#!/bin/sh
# Input made to break a parser (tests/hostile-make.sh writes it: 300,000
# nested calls, brackets or messages, a 10 MiB identifier, 1 MiB of
# pseudo-random bytes, a file cut off halfway, blocks whose expansion
# makes 2^41 calls), through `archc check`:
# exit status, the best wall time of three runs, peak memory, and the
# first error. The target is a diagnostic and exit 1 within a second.
#
#   bench/hostile.sh [ARCHC]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
archc=${1:-$here/../archc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/archc-hostile.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/hostile-make.sh
. "$here/../tests/hostile-make.sh"
hostile_make "$tmp" "$here/.."
printf '%-26s %9s %6s %8s  %s\n' input bytes status seconds "peak MB, first error"
for f in deep-calls.arch deep-brackets.arch deep-messages.prototxt long-identifier.arch \
    long-identifier.prototxt random.arch random.prototxt truncated.arch truncated.prototxt \
    fanout-blocks.arch; do
  best=
  for _ in 1 2 3; do
    # the status is part of the result, not a reason to stop
    /usr/bin/time -f "%e %M %x" -o "$tmp/time" "$archc" check "$tmp/$f" \
      >/dev/null 2>"$tmp/err" || true
    # time writes "Command exited with non-zero status N" first
    read -r secs kb status <<EOF
$(tail -n 1 "$tmp/time")
EOF
    if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$secs
    fi
  done
  code=$(grep -m1 -o ': error: .*\[[a-z0-9-]*\]$' "$tmp/err" | sed 's/.*\[\(.*\)\]$/\1/')
  printf '%-26s %9d %6d %8.2f  %.0f, %s\n' "$f" "$(wc -c < "$tmp/$f")" "$status" "$best" \
    "$(echo "$kb" | awk '{ print $1 / 1024 }')" "${code:-none}"
done

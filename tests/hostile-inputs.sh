#!/bin/sh
# Input made to break a parser, in both languages: 300,000 nested calls or
# brackets (messages in prototxt), a 10 MiB identifier, 1 MiB of
# pseudo-random bytes (the same on every run) and a file cut off halfway.
# Each must end in an error diagnostic, file:line:col: error: ... [code],
# with the code given where it is known, and exit status 1: no crash, no
# other status. How long they take is measured by bench/hostile.sh; the
# `timeout` here only keeps a hang from stopping the test suite.
#
# Environment: ARCHC, the program (default ./archc); srcdir, the top of the
# source tree (default .).
set -u

archc=${ARCHC:-./archc}
top=${srcdir:-.}

if [ ! -x "$archc" ] || [ -d "$archc" ]; then
  echo "hostile-inputs: $archc is not an executable program; skipped"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/archc-hostile.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=tests/hostile-make.sh
. "$top/tests/hostile-make.sh"
hostile_make "$tmp" "$top" || exit 99

status=0
# check FILE CODE: archc check FILE exits 1, and its first error names
# FILE with a place and has the code CODE ('*': any code).
check() {
  file=$1 code=$2
  timeout 120 "$archc" check "$tmp/$file" </dev/null >"$tmp/out" 2>"$tmp/err"
  got=$?
  first=$(grep -m1 ': error: ' "$tmp/err")
  if [ "$got" -ne 1 ]; then
    echo "FAIL: $file: exit status $got, not 1"
    status=1
  elif ! printf '%s\n' "$first" | grep -q "^$tmp/$file:[0-9][0-9]*:[0-9][0-9]*: error: .* \[[a-z0-9-]*\]\$"; then
    echo "FAIL: $file: no located error: $(head -c 300 "$tmp/err")"
    status=1
  elif [ "$code" != '*' ] && ! printf '%s\n' "$first" | grep -q "\[$code\]\$"; then
    echo "FAIL: $file: first error is not [$code]: $first"
    status=1
  else
    echo "ok: $file: ${first#"$tmp/"}" | cut -c1-150
  fi
}

check deep-calls.arch nesting-too-deep
check deep-brackets.arch nesting-too-deep
check long-identifier.arch token-too-long
check random.arch '*'
check truncated.arch syntax-error
check deep-messages.prototxt nesting-too-deep
check long-identifier.prototxt token-too-long
check random.prototxt '*'
check truncated.prototxt syntax-error
exit "$status"

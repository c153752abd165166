#!/bin/sh
# The example networks in examples/: every file must pass `archc check`
# with no diagnostics at all, be formatted exactly as `archc fmt` prints it,
# and have the layer counts by op kind that examples/COUNTS gives from the
# published architectures. Every mismatch is reported, then the script
# exits 1; it exits 77 (skip) when the program cannot be run.
#
# Environment: ARCHC, the program (default ./archc); srcdir, the top of the
# source tree holding examples/ (default .).
set -u

archc=${ARCHC:-./archc}
top=${srcdir:-.}
exdir=$top/examples
counts=$exdir/COUNTS

if [ ! -x "$archc" ] || [ -d "$archc" ]; then
  echo "examples: $archc is not an executable program; skipped"
  exit 77
fi
if [ ! -r "$counts" ]; then
  echo "examples: cannot read $counts"
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/archc-examples.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

status=0
checked=0

fail() {
  echo "FAIL: $*"
  status=1
}

# Compares the expected counts ($2: "op=n op=n ...") of example $1 with the
# "  layers:  N (op n, op n, ...)" line of its report ($3). Prints one line
# per mismatch and returns 1 if there is any.
compare_counts() {
  awk -v name="$1" -v want_s="$2" -v line="$3" '
    BEGIN {
      bad = 0
      nw = split(want_s, w, " ")
      want_total = 0
      for (i = 1; i <= nw; i++) {
        if (split(w[i], kv, "=") != 2 || kv[1] == "" || kv[2] !~ /^[0-9]+$/) {
          printf "%s: bad entry \"%s\" in COUNTS\n", name, w[i]
          bad = 1
          continue
        }
        wop[i] = kv[1]
        want[kv[1]] = kv[2] + 0
        want_total += kv[2]
      }
      rest = line
      sub(/^  layers:[ \t]*/, "", rest)
      total = rest
      sub(/[^0-9].*$/, "", total)
      if (total == "") {
        printf "%s: cannot read the total in \"%s\"\n", name, line
        exit 1
      }
      inner = ""
      if (match(rest, /\(.*\)/))
        inner = substr(rest, RSTART + 1, RLENGTH - 2)
      ng = split(inner, g, ",")
      for (i = 1; i <= ng; i++) {
        t = g[i]
        gsub(/^[ \t]+|[ \t]+$/, "", t)
        if (t == "")
          continue
        if (split(t, kv, " ") != 2 || kv[2] !~ /^[0-9]+$/) {
          printf "%s: cannot read \"%s\" in \"%s\"\n", name, t, line
          bad = 1
          continue
        }
        gop[i] = kv[1]
        got[kv[1]] = kv[2] + 0
      }
      for (i = 1; i <= nw; i++) {
        op = wop[i]
        if (op == "" || seen_w[op]++)
          continue
        n = (op in got) ? got[op] : 0
        if (n != want[op]) {
          printf "%s: %s: expected %d, got %d\n", name, op, want[op], n
          bad = 1
        }
      }
      for (i = 1; i <= ng; i++) {
        op = gop[i]
        if (op == "" || (op in want) || seen_g[op]++)
          continue
        printf "%s: %s: expected 0, got %d\n", name, op, got[op]
        bad = 1
      }
      if (total + 0 != want_total) {
        printf "%s: total: expected %d, got %d\n", name, want_total, total
        bad = 1
      }
      exit bad
    }'
}

# Every example must have a line in COUNTS.
for f in "$exdir"/*.arch; do
  [ -e "$f" ] || continue
  name=${f##*/}
  name=${name%.arch}
  if ! awk -v n="$name" '$1 == n { found = 1 } END { exit !found }' "$counts"; then
    fail "$name: examples/$name.arch has no line in examples/COUNTS"
  fi
done

while read -r name want; do
  case $name in
    '' | '#'*) continue ;;
  esac
  file=$exdir/$name.arch
  if [ ! -r "$file" ]; then
    fail "$name: examples/COUNTS names examples/$name.arch, which does not exist"
    continue
  fi
  checked=$((checked + 1))

  # check: exit 0 and nothing at all on stderr (warnings would show there)
  "$archc" check "$file" </dev/null >"$tmp/out" 2>"$tmp/err"
  rc=$?
  if [ "$rc" -ne 0 ]; then
    fail "$name: archc check exited with $rc"
    sed 's/^/    /' "$tmp/err"
  elif [ -s "$tmp/err" ]; then
    fail "$name: archc check printed diagnostics"
    sed 's/^/    /' "$tmp/err"
  fi

  # fmt: the file is its own canonical form
  "$archc" fmt "$file" </dev/null >"$tmp/fmt" 2>"$tmp/err"
  rc=$?
  if [ "$rc" -ne 0 ]; then
    fail "$name: archc fmt exited with $rc"
    sed 's/^/    /' "$tmp/err"
  elif ! cmp -s "$file" "$tmp/fmt"; then
    fail "$name: not in canonical format (diff against archc fmt):"
    diff -u "$file" "$tmp/fmt" | sed 's/^/    /'
  fi

  # report: layer counts by op kind
  "$archc" --report "$file" </dev/null >"$tmp/report" 2>"$tmp/err"
  rc=$?
  if [ "$rc" -ne 0 ]; then
    fail "$name: archc --report exited with $rc"
    sed 's/^/    /' "$tmp/err"
  fi
  line=$(grep '^  layers:' "$tmp/report" | sed -n 1p)
  if [ -z "$line" ]; then
    fail "$name: the report has no line starting with \"  layers:\""
    continue
  fi
  if ! compare_counts "$name" "$want" "$line" >"$tmp/cmp"; then
    status=1
    sed 's/^/FAIL: /' "$tmp/cmp"
  fi
done <"$counts"

if [ "$checked" -eq 0 ]; then
  fail "no examples listed in examples/COUNTS"
fi
if [ "$status" -eq 0 ]; then
  echo "examples: $checked networks checked, all good"
fi
exit "$status"

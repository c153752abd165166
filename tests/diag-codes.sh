#!/bin/sh
# Every diagnostic code the sources can emit has a section in
# doc/diagnostics.md (a heading "### CODE", whose anchor is #CODE) and an
# entry in the table of codes in src/diag/diag.c (SARIF rules, suppression
# directives); every entry of the table has a section too.
#
# A code is a kebab-case string literal passed right after a severity
# (DIAG_ERROR, "code") or as the first string argument of a function whose
# name ends in _error, _warning or _warn (lower_error(L, sc, "code", ...)).
# Calls may span lines. Runs with $srcdir set by make check.
set -u

srcdir=${srcdir:-.}
doc=$srcdir/doc/diagnostics.md
table=$srcdir/src/diag/diag.c
for f in "$doc" "$table"; do
  if [ ! -f "$f" ]; then
    echo "diag-codes: $f is missing" >&2
    exit 99
  fi
done

files=$(find "$srcdir/src" "$srcdir/grammar" -type f \
  \( -name '*.c' -o -name '*.h' -o -name '*.l' -o -name '*.y' \) | LC_ALL=C sort)
if [ -z "$files" ]; then
  echo "diag-codes: no sources under $srcdir" >&2
  exit 99
fi

# One line per use: "FILE CODE".
uses=$(for f in $files; do
  tr '\n' ' ' < "$f" |
    grep -oE '(DIAG_(ERROR|WARNING|NOTE)[[:space:]]*,[[:space:]]*|[A-Za-z0-9_]*_(error|warning|warn)[[:space:]]*\([^";]*)"[a-z][a-z0-9]*(-[a-z0-9]+)*"' |
    sed -e 's/.*"\([^"]*\)"$/\1/' -e "s|^|$f |"
done)
codes=$(printf '%s\n' "$uses" | awk 'NF == 2 { print $2 }' | LC_ALL=C sort -u)
if [ -z "$codes" ]; then
  echo "diag-codes: found no codes in the sources; is the pattern out of date?" >&2
  exit 99
fi
table_codes=$(grep -oE '^[[:space:]]*\{"[a-z][a-z0-9-]*", DIAG_(ERROR|WARNING|NOTE),' "$table" |
  sed 's/^[^"]*"\([^"]*\)".*/\1/' | LC_ALL=C sort -u)

fail=0
for code in $codes; do
  where=$(printf '%s\n' "$uses" | awk -v c="$code" '$2 == c { print $1; exit }')
  if ! grep -qx "### $code" "$doc"; then
    echo "diag-codes: '$code' (used in $where) has no section '### $code' in doc/diagnostics.md" >&2
    fail=1
  fi
  if ! printf '%s\n' "$table_codes" | grep -qx "$code"; then
    echo "diag-codes: '$code' (used in $where) is not in the table of codes in src/diag/diag.c" >&2
    fail=1
  fi
done
for code in $table_codes; do
  if ! grep -qx "### $code" "$doc"; then
    echo "diag-codes: '$code' (in src/diag/diag.c) has no section in doc/diagnostics.md" >&2
    fail=1
  fi
done
if [ $fail -eq 0 ]; then
  echo "diag-codes: $(printf '%s\n' "$codes" | wc -l | tr -d ' ') codes, each documented"
fi
exit $fail

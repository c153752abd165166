#!/bin/sh
# Every long option that `archc --help` or `archc train --help` names has
# an entry in the man page (doc/archc.1, where '-' is written '\-'), and
# every line of both helps fits in 80 columns. Runs with $ARCHC and $srcdir
# set by make check.
set -u

srcdir=${srcdir:-.}
man=$srcdir/doc/archc.1
archc=${ARCHC:-./archc}
if [ ! -f "$man" ]; then
  echo "help-options: $man is missing" >&2
  exit 99
fi

helps=$(mktemp) || exit 99
trap 'rm -f "$helps"' EXIT
if ! { "$archc" --help && "$archc" train --help; } >"$helps"; then
  echo "help-options: $archc --help failed" >&2
  exit 99
fi

status=0
options=$(grep -o -e '--[a-z][a-z-]*' "$helps" | LC_ALL=C sort -u)
if [ -z "$options" ]; then
  echo "help-options: no options in the help" >&2
  exit 99
fi
for option in $options; do
  roff=$(printf '%s\n' "$option" | sed 's/-/\\\\-/g')
  if ! grep -q -e "$roff" "$man"; then
    echo "help-options: $option is in --help but not in $man" >&2
    status=1
  fi
done

if awk 'length > 80 { printf "help-options: %d columns: %s\n", length, $0; bad = 1 }
        END { exit bad }' "$helps" >&2; then :; else
  status=1
fi
exit $status

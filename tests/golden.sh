#!/bin/sh
# Golden tests: run archc on the input of a case file and compare its
# standard output, standard error and exit status with the ones the case
# expects, byte for byte.
#
#   tests/golden.sh CASE.test...            run the cases
#   tests/golden.sh --update CASE.test...   rewrite the expected output of
#                                           the cases from what archc does now
#
# A case file:
#
#   # comments and blank lines are allowed in the header
#   args: check %
#   status: 1
#   === input
#   network n {
#   === stdout
#   === stderr
#   n.arch:2:1: error: ... [syntax-error]
#   ...
#
# Header lines (all optional):
#   args:   the arguments of archc, split at blanks (no quoting); every "%"
#           becomes the input file's name. Default: check %
#   status: the expected exit status. Default: 0
#   name:   the input file's name. Default: the case file's name with .arch
#           in place of .test
#   stdin:  yes: feed the input on standard input instead of writing a file
#           ("%" is then left alone; write "-" in args). Default: no
# Sections: "=== input" (required), "=== stdout", "=== stderr". A section
# holds the lines up to the next "=== " line, each with its line end; a
# missing stdout or stderr section means that stream must be empty. Add
# "noeol" ("=== input noeol") when the last line has no line end. A line of
# output that starts with "=== " cannot be expressed.
#
# Each case runs in a new empty directory holding only the input file, with
# standard input from /dev/null unless "stdin: yes". The program is $ARCHC
# (set by make check), else ../archc next to this script, else ./archc.
# Exit status: 0 all passed, 1 some failed, 99 a case file or the setup is
# broken (automake's "hard error").
set -u

me=golden
update=no
if [ "${1-}" = --update ]; then
  update=yes
  shift
fi
if [ $# -eq 0 ]; then
  echo "usage: $0 [--update] CASE.test..." >&2
  exit 99
fi

# --- The program under test ------------------------------------------------

archc=${ARCHC-}
if [ -z "$archc" ]; then
  for c in "$(dirname "$0")/../archc" ./archc; do
    if [ -x "$c" ]; then
      archc=$c
      break
    fi
  done
  if [ -z "$archc" ]; then
    echo "$me: archc not found: build it, or set ARCHC to its path" >&2
    exit 99
  fi
fi
# A plain path is made absolute (cases run in another directory); anything
# else, such as "valgrind -q /abs/archc", is used as written.
archc_is_file=no
if [ -f "$archc" ]; then
  archc_is_file=yes
  case $archc in
    /*) ;;
    *) archc=$(cd "$(dirname "$archc")" && pwd)/$(basename "$archc") ;;
  esac
  if [ ! -x "$archc" ]; then
    echo "$me: $archc is not executable" >&2
    exit 99
  fi
fi

# A case that hangs fails after this many seconds (if timeout(1) exists).
timeout_s=${GOLDEN_TIMEOUT:-120}
if command -v timeout >/dev/null 2>&1; then
  timeout_cmd="timeout $timeout_s"
else
  timeout_cmd=
fi

LC_ALL=C
export LC_ALL

# --- Helpers ----------------------------------------------------------------

trim() {
  printf '%s' "$1" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//'
}

# Replaces every "%" in $1 with $2.
subst() {
  s_in=$1
  s_out=
  while :; do
    case $s_in in
      *%*)
        s_out=$s_out${s_in%%\%*}$2
        s_in=${s_in#*%}
        ;;
      *)
        s_out=$s_out$s_in
        break
        ;;
    esac
  done
  printf '%s' "$s_out"
}

# True if file $1 is non-empty and its last byte is not a line end.
noeol() {
  [ -s "$1" ] && [ "$(tail -c 1 "$1" | wc -l)" -eq 0 ]
}

# Splits case file $1 into $2/header, $2/expected/{input,stdout,stderr}
# and $2/sections (the section names in order).
split_case() {
  awk -v dir="$2" '
    function fail(msg) {
      printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
      bad = 1
      exit 1
    }
    function flush() {
      if (sec != "") {
        if (has) printf "%s%s", pend, (eol ? "\n" : "") > (dir "/expected/" sec)
        close(dir "/expected/" sec)
      }
      has = 0
    }
    BEGIN { printf "" > (dir "/header"); printf "" > (dir "/sections") }
    /^=== / {
      flush()
      if ($2 != "input" && $2 != "stdout" && $2 != "stderr")
        fail("unknown section \"" $2 "\" (expected input, stdout or stderr)")
      if (NF > 3 || (NF == 3 && $3 != "noeol"))
        fail("a section line is \"=== NAME\" or \"=== NAME noeol\"")
      if ($2 in seen) fail("section \"" $2 "\" appears twice")
      seen[$2] = 1
      sec = $2
      eol = (NF < 3)
      printf "" > (dir "/expected/" sec)
      print sec > (dir "/sections")
      next
    }
    sec == "" { print > (dir "/header"); next }
    {
      if (has) printf "%s\n", pend > (dir "/expected/" sec)
      pend = $0
      has = 1
    }
    END {
      if (bad) exit 1
      flush()
      if (!("input" in seen)) { printf "%s: no \"=== input\" section\n", FILENAME > "/dev/stderr"; exit 1 }
    }' "$1"
}

# --- One case ---------------------------------------------------------------

# run_case CASE: sets case_rc to 0 (pass), 1 (fail) or 99 (broken case).
run_case() {
  case_file=$1
  case_rc=99
  if [ ! -f "$case_file" ]; then
    echo "$me: $case_file: no such file" >&2
    return
  fi
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || return
  mkdir "$tmp/expected" "$tmp/actual" "$tmp/work" || return
  split_case "$case_file" "$tmp" || return

  args='check %'
  status=0
  status_line=no
  name=$(basename "$case_file" .test).arch
  use_stdin=no
  lineno=0
  while IFS= read -r line || [ -n "$line" ]; do
    lineno=$((lineno + 1))
    case $(trim "$line") in
      '' | '#'*) continue ;;
    esac
    value=$(trim "${line#*:}")
    case $line in
      args:*) args=$value ;;
      status:*)
        status=$value
        status_line=yes
        case $status in
          '' | *[!0-9]*)
            echo "$case_file:$lineno: status must be a number" >&2
            return
            ;;
        esac
        ;;
      name:*) name=$value ;;
      stdin:*)
        case $value in
          yes) use_stdin=yes ;;
          no) use_stdin=no ;;
          *)
            echo "$case_file:$lineno: stdin must be yes or no" >&2
            return
            ;;
        esac
        ;;
      *)
        echo "$case_file:$lineno: unknown header line (expected args:, status:, name: or stdin:)" >&2
        return
        ;;
    esac
  done <"$tmp/header"
  case $name in
    '' | /* | *[!A-Za-z0-9._/+-]* | .. | ../* | */.. | */../*)
      echo "$case_file: bad input name \"$name\" (letters, digits, . _ - + and /)" >&2
      return
      ;;
  esac

  # The command line: words of args, with % replaced unless stdin is used.
  set -f
  set --
  for word in $args; do
    if [ "$use_stdin" = no ]; then
      word=$(subst "$word" "$name")
    fi
    set -- "$@" "$word"
  done
  set +f

  if [ "$use_stdin" = yes ]; then
    stdin_file=$tmp/expected/input
  else
    case $name in
      */*) mkdir -p "$tmp/work/$(dirname "$name")" ;;
    esac
    cp "$tmp/expected/input" "$tmp/work/$name" || return
    stdin_file=/dev/null
  fi

  if [ "$archc_is_file" = yes ]; then
    (cd "$tmp/work" && exec $timeout_cmd "$archc" "$@") \
      <"$stdin_file" >"$tmp/actual/stdout" 2>"$tmp/actual/stderr"
  else
    set -f
    # shellcheck disable=SC2086 # ARCHC may be a command with arguments
    (cd "$tmp/work" && exec $timeout_cmd $archc "$@") \
      <"$stdin_file" >"$tmp/actual/stdout" 2>"$tmp/actual/stderr"
    set +f
  fi
  actual_status=$?

  if [ "$update" = yes ]; then
    update_case
    return
  fi

  case_rc=0
  for stream in stdout stderr; do
    [ -f "$tmp/expected/$stream" ] || : >"$tmp/expected/$stream"
    if ! cmp -s "$tmp/expected/$stream" "$tmp/actual/$stream"; then
      echo "$case_file: $stream differs:"
      (cd "$tmp" && diff -u "expected/$stream" "actual/$stream")
      case_rc=1
    fi
  done
  if [ "$actual_status" != "$status" ]; then
    echo "$case_file: exit status $actual_status, expected $status"
    case_rc=1
  fi
}

# Rewrites the case file: the header (with the new status) and the input
# section as they were, then stdout and stderr from the actual output.
update_case() {
  for stream in stdout stderr; do
    if grep -q '^=== ' "$tmp/actual/$stream"; then
      echo "$case_file: $stream has a line starting with \"=== \"; cannot write it as a case" >&2
      return
    fi
  done
  new=$case_file.new
  {
    awk -v st="$actual_status" -v had="$status_line" '
      /^=== / { exit }
      /^status:/ { print "status: " st; next }
      { print }
      END { if (had == "no" && st != 0) print "status: " st }' "$case_file"
    awk '
      /^=== / { inside = ($2 == "input") }
      inside { print }' "$case_file"
    for stream in stdout stderr; do
      if [ -s "$tmp/actual/$stream" ] || grep -qx "$stream" "$tmp/sections"; then
        if noeol "$tmp/actual/$stream"; then
          echo "=== $stream noeol"
          cat "$tmp/actual/$stream"
          echo
        else
          echo "=== $stream"
          cat "$tmp/actual/$stream"
        fi
      fi
    done
  } >"$new" || {
    rm -f "$new"
    return
  }
  if cmp -s "$new" "$case_file"; then
    rm -f "$new"
    echo "unchanged: $case_file"
  else
    mv "$new" "$case_file" || return
    echo "updated: $case_file"
  fi
  case_rc=0
}

# --- Main -------------------------------------------------------------------

tmp=
trap 'if [ -n "$tmp" ]; then rm -rf "$tmp"; fi' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rc=0
for f in "$@"; do
  run_case "$f"
  rm -rf "$tmp"
  tmp=
  if [ "$update" = no ] && [ $# -gt 1 ]; then
    case $case_rc in
      0) echo "PASS: $f" ;;
      1) echo "FAIL: $f" ;;
      *) echo "ERROR: $f" ;;
    esac
  fi
  if [ "$case_rc" -gt "$rc" ]; then
    rc=$case_rc
  fi
done
exit "$rc"

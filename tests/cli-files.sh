#!/bin/sh
# What the golden tests cannot see, being one command on one input file:
# `archc fmt -i` rewrites files in place (keeping their mode, leaving the
# formatted and the unparsable ones alone), `--features --files-from` reads
# the list of networks from a file or standard input, and the file names
# that need quoting in the CSV and JSON output get it.
#
# Environment: ARCHC, the program (default ./archc).
set -u

archc=${ARCHC:-./archc}

if [ ! -x "$archc" ] || [ -d "$archc" ]; then
  echo "cli-files: $archc is not an executable program; skipped"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/archc-cli-files.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$tmp" || exit 99

status=0
fail() {
  echo "FAIL: $*"
  status=1
}

# run WANT_STATUS COMMAND...: runs archc, keeping its output in out and err.
run() {
  want=$1
  shift
  "$archc" "$@" </dev/null >out 2>err
  got=$?
  [ "$got" -eq "$want" ] || fail "archc $*: exit status $got, not $want"
}

printf 'network n {\n    input x: 1x4x4\n  output   fc(x, 2)\n}\n' >messy.arch
printf 'network n {\n  input x: 1x4x4\n  output fc(x, 2)\n}\n' >want.arch
cp want.arch tidy.arch
printf 'network n {\n  input x: 1x4x4\n  output fc(x, 2\n}\n' >broken.arch
cp broken.arch broken.orig
chmod 640 messy.arch

# --- fmt -i -----------------------------------------------------------------

tidy_inode=$(ls -i tidy.arch | awk '{ print $1 }')
run 0 fmt -i messy.arch tidy.arch
[ -s out ] && fail "fmt -i printed on standard output"
[ -s err ] && fail "fmt -i printed on standard error: $(cat err)"
cmp -s messy.arch want.arch || fail "fmt -i: messy.arch is not formatted"
[ "$(ls -l messy.arch | cut -c1-10)" = "-rw-r-----" ] ||
  fail "fmt -i: messy.arch lost its mode 640: $(ls -l messy.arch | cut -c1-10)"
[ "$(ls -i tidy.arch | awk '{ print $1 }')" = "$tidy_inode" ] ||
  fail "fmt -i rewrote tidy.arch, which was formatted already"
ls | grep -q 'fmt-' && fail "fmt -i left a temporary file: $(ls | grep 'fmt-')"

# A file that does not parse is reported and left alone; the others are
# still formatted.
printf 'network n {\n    input x: 1x4x4\n  output   fc(x, 2)\n}\n' >messy2.arch
run 1 fmt -i broken.arch messy2.arch
cmp -s broken.arch broken.orig || fail "fmt -i changed broken.arch, which does not parse"
grep -q "^broken.arch:4:1: error: unexpected '}'" err || fail "fmt -i: no syntax error for broken.arch"
cmp -s messy2.arch want.arch || fail "fmt -i: messy2.arch after broken.arch is not formatted"

# --- --features --files-from --------------------------------------------------

run 0 --features --columns paper32 tidy.arch messy.arch
mv out direct.csv
printf 'tidy.arch\n\nmessy.arch\n' >list.txt
run 0 --features --columns paper32 --files-from list.txt
cmp -s out direct.csv || fail "--files-from list.txt: not the rows of the files named directly"
printf 'tidy.arch\nmessy.arch\n' | "$archc" --features --columns paper32 --files-from - >out 2>err ||
  fail "--files-from -: exit status $?"
cmp -s out direct.csv || fail "--files-from -: not the rows of the files named directly"
# Files on the command line come first, then the list.
run 0 --features --columns paper32 --files-from list.txt tidy.arch
[ "$(cut -d, -f1 out | tr '\n' ' ')" = "file tidy.arch tidy.arch messy.arch " ] ||
  fail "files and --files-from: rows $(cut -d, -f1 out | tr '\n' ' ')"
run 1 --features --files-from missing.txt
[ "$(cat err)" = "archc: error: cannot open missing.txt" ] || fail "--files-from missing.txt: $(cat err)"

# --- names that need quoting -------------------------------------------------

cp want.arch 'a,b.arch'
cp want.arch 'say "hi".arch'
run 0 --features --columns paper32 'a,b.arch' 'say "hi".arch'
sed -n 2p out | grep -q '^"a,b.arch",1,0,' || fail "CSV quoting of a comma: $(sed -n 2p out)"
sed -n 3p out | grep -q '^"say ""hi"".arch",1,0,' || fail "CSV quoting of quotes: $(sed -n 3p out)"
run 0 --features --format jsonl --columns paper32 'say "hi".arch'
[ "$(cut -c1-26 out)" = '{"file":"say \"hi\".arch",' ] || fail "JSON quoting of file names: $(cut -c1-30 out)"
# JSON is UTF-8: a name that is not (Latin-1 "é") gets U+FFFD, as a JSON
# parser would otherwise reject the line.
cp want.arch "$(printf 'caf\351.arch')"
run 0 --features --format jsonl --columns paper32 "$(printf 'caf\351.arch')"
[ "$(cut -c1-22 out)" = "$(printf '{"file":"caf\357\277\275.arch",')" ] ||
  fail "JSON file name not UTF-8: $(cut -c1-24 out | od -c | head -2)"

# --- convert --output-dir ------------------------------------------------------

mkdir a b
printf 'name: "one"\ninput: "data"\ninput_shape { dim: 1 dim: 1 dim: 8 dim: 8 }\nlayer { name: "fc" type: "InnerProduct" bottom: "data" top: "fc" inner_product_param { num_output: 2 } }\n' >a/one.prototxt
sed 's/"one"/"two"/' a/one.prototxt >a/two.prototxt
cp a/one.prototxt b/one.prototxt
printf 'name: "bad"\nlayer { name: "fc" type: "InnerProduct" bottom: "nothing" top: "fc" }\n' >a/bad.prototxt
# Each file to DIR/NAME.arch, as a one-file convert writes it; DIR is made.
run 0 convert --output-dir arch a/one.prototxt a/two.prototxt
[ "$(ls arch | tr '\n' ' ')" = "one.arch two.arch " ] || fail "--output-dir wrote: $(ls arch)"
for n in one two; do
  "$archc" convert a/$n.prototxt >want.$n 2>/dev/null
  cmp -s want.$n arch/$n.arch || fail "--output-dir: arch/$n.arch differs from convert a/$n.prototxt"
done
# A network with errors is reported and not written; the others still are.
rm -r arch
run 1 convert --output-dir arch/ a/bad.prototxt a/one.prototxt
[ "$(ls arch | tr '\n' ' ')" = "one.arch " ] || fail "--output-dir after an error wrote: $(ls arch)"
grep -q "a/bad.prototxt:2:.*undefined-blob" err || fail "--output-dir: no diagnostic for bad: $(cat err)"
# Two files with one name: the second is refused, the first kept.
rm -r arch
run 1 convert --output-dir arch a/one.prototxt b/one.prototxt
[ "$(cat err)" = "archc: error: a/one.prototxt and b/one.prototxt both convert to arch/one.arch; b/one.prototxt is not converted" ] ||
  fail "--output-dir name clash: $(cat err)"
cmp -s want.one arch/one.arch || fail "--output-dir name clash: arch/one.arch is not a/one's"
# Usage errors: status 2, nothing written.
rm -r arch
for args in "convert a/one.prototxt a/two.prototxt" "convert -o x.arch --output-dir arch a/one.prototxt" \
    "convert --output-dir arch -" "check --output-dir arch a/one.prototxt"; do
  # shellcheck disable=SC2086
  run 2 $args
  [ ! -e arch ] && [ ! -e x.arch ] || fail "archc $args wrote something"
done

exit "$status"

# Joins archc's features of the NAS-Bench-201 networks with their measured
# accuracies, for `make models` (Makefile.am):
#
#   awk -v column=COLUMN -v name=NAME -f nb201-join.awk nats-bench-tss.csv FEATURES
#
# FEATURES is `archc --features` output for files nb201-NNNNN.arch written
# by tools/nb201-arch --batch, NNNNN being the row of nats-bench-tss.csv
# (0 for the first data row). The output keys each network by its
# architecture string (column "arch", the names src/models/nb201-train.txt
# uses) and adds column NAME: the accuracy in COLUMN, a percentage, as a
# fraction like every accuracy in archc. The decimal point is moved as
# text, so no digit is rounded.

function fraction(s,    k, whole, digits) {
  k = index(s, ".")
  whole = k ? substr(s, 1, k - 1) : s
  digits = k ? substr(s, k + 1) : ""
  while (length(whole) < 2) whole = "0" whole
  digits = substr(whole, length(whole) - 1) digits
  whole = substr(whole, 1, length(whole) - 2)
  sub(/^0+/, "", whole)
  sub(/0+$/, "", digits)
  return (whole == "" ? "0" : whole) (digits == "" ? "" : "." digits)
}

BEGIN { FS = OFS = "," }

NR == FNR && FNR == 1 {
  for (i = 1; i <= NF; i++) {
    if ($i == "ArchitectureString") key = i
    if ($i == column) value = i
  }
  if (!key || !value) {
    print "nb201-join.awk: no column ArchitectureString or " column > "/dev/stderr"
    exit 1
  }
  next
}

NR == FNR {
  arch[FNR - 2] = $key
  accuracy[FNR - 2] = fraction($value)
  next
}

FNR == 1 {
  $1 = "arch"
  print $0, name
  next
}

{
  row = $1
  sub(/^.*nb201-/, "", row)
  sub(/\.arch$/, "", row)
  row += 0
  if (!(row in arch)) {
    print "nb201-join.awk: no row " row " in the accuracy table" > "/dev/stderr"
    exit 1
  }
  $1 = arch[row]
  print $0, accuracy[row]
}

#!/bin/sh
# The language server, driven by a scripted client (tests/lsp-client.py):
# every request and notification of a session, malformed messages, and the
# exit status. Skipped (77) when python3 or the program is missing.
#
# Environment: ARCHC, the program (default ./archc); srcdir, the top of the
# source tree (default .).
set -u

archc=${ARCHC:-./archc}
top=${srcdir:-.}

if [ ! -x "$archc" ] || [ -d "$archc" ]; then
  echo "lsp: $archc is not an executable program; skipped"
  exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "lsp: python3 is not installed; skipped"
  exit 77
fi
ARCHC=$archc exec python3 "$top/tests/lsp-client.py"

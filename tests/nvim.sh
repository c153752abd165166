#!/bin/sh
# Neovim with the configuration in editors/vim (filetype, syntax and the
# Lua LSP setup) opens a file with an error and must show the server's
# diagnostic at the line and column `archc check` gives. The error follows
# non-ASCII text on its line, so that the protocol's UTF-16 columns are
# converted back to the same byte column. Skipped (77) when nvim is missing.
#
# Environment: ARCHC, the program (default ./archc); srcdir, the top of the
# source tree (default .).
set -u

archc=${ARCHC:-./archc}
top=${srcdir:-.}

if [ ! -x "$archc" ] || [ -d "$archc" ]; then
  echo "nvim: $archc is not an executable program; skipped"
  exit 77
fi
if ! command -v nvim >/dev/null 2>&1; then
  echo "nvim: Neovim (nvim) is not installed; skipped"
  exit 77
fi
case $archc in /*) ;; *) archc=$(pwd)/$archc ;; esac
case $top in /*) ;; *) top=$(pwd)/$top ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/archc-nvim.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cat >"$tmp/net.arch" <<'ARCH'
network n {
  input x: 1x28x28
  meta { task: "réseau ①", classes: 10 }; c = conv(x, 0, 5)
  output fc(c, 10)
}
ARCH

# The first error as `archc check` reports it: LINE:COLUMN (1-based bytes).
want=$("$archc" check --diagnostics-format=gcc "$tmp/net.arch" 2>&1 |
  sed -n 's/^[^:]*:\([0-9]*\):\([0-9]*\): error: .*\[\([a-z-]*\)\]$/\1:\2:\3/p' | sed -n 1p)
if [ -z "$want" ]; then
  echo "FAIL: archc check reported no error for the test file"
  exit 1
fi

# Neovim sees only this configuration: no user files, state or plugins.
mkdir -p "$tmp/config" "$tmp/data" "$tmp/state" "$tmp/cache"
cat >"$tmp/init.lua" <<'LUA'
vim.opt.runtimepath:prepend(os.getenv('ARCHC_EDITORS') .. '/vim')
require('archc').setup({ cmd = { os.getenv('ARCHC'), 'lsp' } })
LUA
# Waits for the diagnostics, then writes LINE:COLUMN:CODE of the first one
# (1-based, as archc prints them) and the filetype.
cat >"$tmp/check.lua" <<'LUA'
local out = assert(io.open(os.getenv('RESULT'), 'w'))
local buf = vim.api.nvim_get_current_buf()
vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local diags = vim.diagnostic.get(buf)
table.sort(diags, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
out:write('filetype ', vim.bo[buf].filetype, '\n')
for _, d in ipairs(diags) do
  out:write(string.format('%d:%d:%s\n', d.lnum + 1, d.col + 1, tostring(d.code)))
end
out:close()
vim.cmd('qall!')
LUA

run=
if command -v timeout >/dev/null 2>&1; then run="timeout 60"; fi
ARCHC=$archc ARCHC_EDITORS=$top/editors RESULT=$tmp/result \
XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state \
XDG_CACHE_HOME=$tmp/cache HOME=$tmp \
  $run nvim --headless -i NONE -u "$tmp/init.lua" "$tmp/net.arch" \
  -c "luafile $tmp/check.lua" </dev/null >"$tmp/out" 2>&1
rc=$?
if [ ! -s "$tmp/result" ]; then
  echo "FAIL: nvim wrote no result (exit status $rc)"
  sed 's/^/    /' "$tmp/out"
  exit 1
fi
status=0
if ! grep -qx 'filetype arch' "$tmp/result"; then
  echo "FAIL: the file was not given the filetype arch"
  status=1
fi
got=$(sed -n 2p "$tmp/result")
if [ "$got" != "$want" ]; then
  echo "FAIL: first diagnostic in Neovim: expected $want, got ${got:-none}"
  sed 's/^/    /' "$tmp/result"
  status=1
fi
if [ "$status" -eq 0 ]; then
  echo "nvim: the diagnostic appeared at $want"
fi
exit "$status"

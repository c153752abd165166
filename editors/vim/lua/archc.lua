-- The archc language server in Neovim, for .arch files: diagnostics as you
-- type, hover (K), go to definition, document symbols and formatting.
--
-- With editors/vim on the 'runtimepath' (see editors/README.md):
--
--   require('archc').setup()                                -- archc on $PATH
--   require('archc').setup({ cmd = { '/path/to/archc', 'lsp' } })
--
-- Neovim 0.8 and newer start the server with vim.lsp.start; 0.7 with
-- vim.lsp.start_client and vim.lsp.buf_attach_client. One server runs per
-- directory of .arch files.
local M = {}

local defaults = {
  name = 'archc',
  cmd = { 'archc', 'lsp' },
}

-- 0.7: one client per root directory, started on first use.
local clients = {}

local function attach(bufnr, config)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local root = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.loop.cwd()
  local cfg = vim.tbl_extend('force', config, { root_dir = root })
  if vim.lsp.start then
    vim.api.nvim_buf_call(bufnr, function() vim.lsp.start(cfg) end)
    return
  end
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(cfg)
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

function M.setup(opts)
  local config = vim.tbl_extend('force', defaults, opts or {})
  local group = vim.api.nvim_create_augroup('archc_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'arch',
    callback = function(args) attach(args.buf, config) end,
  })
  -- Buffers already open when setup runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.bo[bufnr].filetype == 'arch' then
      attach(bufnr, config)
    end
  end
end

return M

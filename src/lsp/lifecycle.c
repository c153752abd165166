/* initialize, initialized, shutdown, exit. */
#include <string.h>

#include "archc/archc.h"
#include "lsp/handlers.h"
#include "lsp/json.h"
#include "lsp/rpc.h"

/* What the server offers: full-text sync, diagnostics on open and change,
 * hover, definition, document symbols and whole-document formatting.
 * Positions are in UTF-16 code units, the protocol's default. */
static json_t *capabilities(void) {
  return json_pack("{s:{s:b,s:i,s:{s:b}},s:b,s:b,s:b,s:b}",
                   "textDocumentSync", "openClose", 1, "change", 1 /* Full */,
                   "save", "includeText", 0,
                   "hoverProvider", 1, "definitionProvider", 1, "documentSymbolProvider", 1,
                   "documentFormattingProvider", 1);
}

json_t *lsp_initialize(lsp_server *s, const json_t *params, lsp_error *err) {
  if (s->state != LSP_STARTING) {
    lsp_fail(err, RPC_INVALID_REQUEST, "'initialize' was already received");
    return NULL;
  }
  if (!json_is_object(params)) {
    lsp_fail(err, RPC_INVALID_PARAMS, "'initialize' needs parameters");
    return NULL;
  }
  json_t *text = lsp_jget_obj(lsp_jget_obj(params, "capabilities"), "textDocument");
  s->markdown = lsp_jarray_has(lsp_jget_obj(text, "hover"), "contentFormat", "markdown");
  s->hierarchical =
      lsp_jget_true(lsp_jget_obj(text, "documentSymbol"), "hierarchicalDocumentSymbolSupport");
  s->state = LSP_RUNNING;
  return json_pack("{s:o,s:{s:s,s:s}}", "capabilities", capabilities(), "serverInfo", "name",
                   "archc", "version", archc_version());
}

void lsp_initialized(lsp_server *s, const json_t *params) { (void)s, (void)params; }

json_t *lsp_shutdown(lsp_server *s, const json_t *params, lsp_error *err) {
  (void)params, (void)err;
  s->state = LSP_SHUT_DOWN;
  return json_null();
}

void lsp_exit(lsp_server *s, const json_t *params) {
  (void)params;
  s->exit = true;
}

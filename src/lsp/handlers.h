/* The methods the server implements, one function each. A request returns
 * its result (json_null() for null), or NULL after lsp_fail(). */
#ifndef ARCHC_LSP_HANDLERS_H
#define ARCHC_LSP_HANDLERS_H

#include "lsp/server.h"

typedef json_t *lsp_request_fn(lsp_server *s, const json_t *params, lsp_error *err);
typedef void lsp_notification_fn(lsp_server *s, const json_t *params);

/* lifecycle.c */
lsp_request_fn lsp_initialize, lsp_shutdown;
lsp_notification_fn lsp_initialized, lsp_exit;
/* sync.c */
lsp_notification_fn lsp_did_open, lsp_did_change, lsp_did_close, lsp_did_save;
/* hover.c, definition.c, symbols.c, formatting.c */
lsp_request_fn lsp_hover, lsp_definition, lsp_document_symbol, lsp_formatting;

#endif

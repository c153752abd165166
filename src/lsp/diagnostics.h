/* A document's diagnostics in the protocol's form. */
#ifndef ARCHC_LSP_DIAGNOSTICS_H
#define ARCHC_LSP_DIAGNOSTICS_H

#include <jansson.h>

#include "lsp/documents.h"

/* The params of textDocument/publishDiagnostics for `doc`. */
json_t *lsp_diagnostics_params(const lsp_doc *doc);
/* The same for a document that was closed: no diagnostics. */
json_t *lsp_diagnostics_clear(const char *uri);

#endif

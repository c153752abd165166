/* Hover text: what archc knows about layers, blocks and parameters, in
 * Markdown or plain text. */
#ifndef ARCHC_LSP_DESCRIBE_H
#define ARCHC_LSP_DESCRIBE_H

#include <stdbool.h>

#include "arch/ast.h"
#include "ir/ir.h"
#include "util/buf.h"

typedef struct lsp_text {
  buf *out;
  bool md;             /* Markdown: names in code spans, ops in bold */
} lsp_text;

/* `name` as code. */
void lsp_text_code(lsp_text *t, const char *name, size_t len);
/* `op`'s name in bold and its summary from the op table. */
void lsp_describe_op(lsp_text *t, ir_op op);
/* A layer: its name, parameters, and (when the shape pass ran) its output
 * shapes; its parameter count and MACs too when `costs` is set. */
void lsp_describe_layer(lsp_text *t, const ir_layer *l, bool costs);
/* `block NAME(a, b = 1)` */
void lsp_describe_block(lsp_text *t, const ast_block *b);

#endif

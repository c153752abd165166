/* Backends that print a graph: the per-layer table and Graphviz. */
#ifndef ARCHC_BACKEND_BACKEND_H
#define ARCHC_BACKEND_BACKEND_H

#include <stdio.h>

#include "ir/ir.h"

typedef enum out_format {
  FORMAT_DEFAULT, FORMAT_TEXT, FORMAT_CSV, FORMAT_JSON, FORMAT_JSONL, FORMAT_MARKDOWN
} out_format;

/* The per-layer table (`--layers`): name, op, output shape, params, MACs;
 * text (the default), csv or json. */
void emit_layers(FILE *out, const ir_graph *g, out_format f);
/* Graphviz (`--emit dot`): each layer with its op and shape. */
void emit_dot(FILE *out, const ir_graph *g);

#endif

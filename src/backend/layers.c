/* Placeholder for the per-layer table until the shape and cost passes
 * land: names and ops only. */
#include "backend/backend.h"

void emit_layers(FILE *out, const ir_graph *g, out_format f) {
  (void)f;
  for (uint32_t i = 0; i < g->nlayers; i++)
    fprintf(out, "%s %s\n", g->layers[i].name, ir_op_name(g->layers[i].op));
}

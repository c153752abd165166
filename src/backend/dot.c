/* Placeholder for `--emit dot` until the shape pass lands: the graph
 * without shapes. */
#include "backend/backend.h"

void emit_dot(FILE *out, const ir_graph *g) {
  fprintf(out, "digraph \"%s\" {\n", g->name);
  for (uint32_t i = 0; i < g->nlayers; i++)
    for (uint32_t k = 0; k < g->layers[i].ninputs; k++)
      fprintf(out, "  \"%s\" -> \"%s\";\n", g->layers[g->layers[i].inputs[k].layer].name,
              g->layers[i].name);
  fputs("}\n", out);
}

/* libFuzzer target: the .arch front end and lowering on arbitrary bytes.
 * Anything but a crash, a leak or a sanitizer report is fine; in addition
 * every error must carry a code, and a graph without errors must be in
 * topological order. */
#include <stdint.h>
#include <stdlib.h>

#include "compile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  compilation c;
  compilation_init(&c, 0);
  if (compilation_set_text(&c, "fuzz.arch", (const char *)data, size)) compilation_lower(&c);
  for (const diag *d = c.diags.head; d; d = d->next)
    if (!d->code || !d->message) abort();
  if (c.graph && !diag_has_errors(&c.diags)) {
    const ir_graph *g = c.graph;
    for (uint32_t i = 0; i < g->nlayers; i++)
      for (uint32_t k = 0; k < g->layers[i].ninputs; k++) {
        ir_ref r = g->layers[i].inputs[k];
        if (r.layer >= i || r.output >= g->layers[r.layer].noutputs) abort();
      }
    for (uint32_t i = 0; i < g->noutputs; i++)
      if (g->outputs[i].ref.layer >= g->nlayers) abort();
  }
  compilation_fini(&c);
  return 0;
}

/* Properties the fuzz targets share, as static functions so that each
 * target still defines nothing global but LLVMFuzzerTestOneInput. A
 * broken property aborts, which libFuzzer reports like a crash. */
#ifndef ARCHC_FUZZ_CHECK_H
#define ARCHC_FUZZ_CHECK_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"

static void check_range(const source *src, src_range r) {
  if (src && (r.start > r.end || r.end > src->len)) abort();
}

/* Every diagnostic has a code the table knows, a message, and ranges
 * inside its source; so have its notes and fix-its. */
static void check_diags(const diag_list *l) {
  size_t n[3] = {0, 0, 0};
  for (const diag *d = l->head; d; d = d->next) {
    if (!d->code || !d->message || !diag_code_find(d->code, strlen(d->code))) abort();
    check_range(d->src, d->range);
    for (const diag_note *k = d->notes; k; k = k->next) {
      if (!k->message) abort();
      check_range(k->src, k->range);
    }
    for (const diag_fixit *f = d->fixits; f; f = f->next) {
      if (!f->text) abort();
      check_range(d->src, f->range);
    }
    n[d->severity]++;
  }
  /* Past the hard cap diagnostics are counted, not kept. */
  if (!l->truncated && (n[0] != l->count[0] || n[1] != l->count[1] || n[2] != l->count[2]))
    abort();
}

/* Layers come after their inputs, and every reference names an output
 * that exists; a layer without outputs has no shapes (readers take
 * shapes[0] as a layer's own). */
static void check_graph(const ir_graph *g) {
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    if (!l->name || l->op >= OP__COUNT || (l->noutputs == 0 && l->shapes)) abort();
    for (uint32_t k = 0; k < l->ninputs; k++) {
      ir_ref r = l->inputs[k];
      if (r.layer >= i || r.output >= g->layers[r.layer].noutputs) abort();
    }
  }
  for (uint32_t i = 0; i < g->noutputs; i++) {
    ir_ref r = g->outputs[i].ref;
    if (!g->outputs[i].name || r.layer >= g->nlayers || r.output >= g->layers[r.layer].noutputs)
      abort();
  }
}

#endif

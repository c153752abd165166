/* libFuzzer target: the formatter's properties on every input that
 * parses. fmt(x) must parse, have the same syntax tree as x, lower to the
 * same graph (same layer names, ops and edges) and be a fixed point:
 * fmt(fmt(x)) == fmt(x). A broken property aborts, so the fuzzer reports
 * it like a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch/ast_equal.h"
#include "arch/fmt.h"
#include "compile.h"

static void lower_text(compilation *c, const char *text, size_t len) {
  compilation_init(c, 0);
  compilation_set_text(c, "fuzz.arch", text, len);
  compilation_lower(c);
}

static void same_graph(const ir_graph *a, const ir_graph *b) {
  if (!a || !b) {
    if (a != b) abort();
    return;
  }
  if (a->nlayers != b->nlayers || a->noutputs != b->noutputs) abort();
  for (uint32_t i = 0; i < a->nlayers; i++) {
    const ir_layer *x = &a->layers[i], *y = &b->layers[i];
    if (x->op != y->op || strcmp(x->name, y->name) != 0 || x->ninputs != y->ninputs) abort();
    if (x->ninputs && memcmp(x->inputs, y->inputs, x->ninputs * sizeof *x->inputs) != 0) abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  compilation orig;
  lower_text(&orig, (const char *)data, size);
  if (!orig.ast || orig.diags.count[DIAG_ERROR] > 0) {
    /* Only files that parse and lower cleanly have a canonical form to
     * check against; syntax errors are the other target's business. */
    compilation_fini(&orig);
    return 0;
  }
  buf once = {0};
  arch_format(&once, orig.ast);

  compilation again;
  lower_text(&again, once.data ? once.data : "", once.len);
  if (!again.ast || diag_has_errors(&again.diags)) abort();
  if (!ast_equal(orig.ast, again.ast)) abort();
  same_graph(orig.graph, again.graph);

  buf twice = {0};
  arch_format(&twice, again.ast);
  if (twice.len != once.len || memcmp(twice.data ? twice.data : "", once.data ? once.data : "",
                                      once.len) != 0)
    abort();

  buf_free(&once);
  buf_free(&twice);
  compilation_fini(&again);
  compilation_fini(&orig);
  return 0;
}

/* The lint pass's driver: the facts every rule needs (who consumes each
 * layer, which layers are network outputs), the functions that warn, and the
 * rules in turn. */
#include "passes/lint.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

diag *lint_warn(lint_ctx *cx, const ir_layer *l, const char *code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag *d = diag_vadd(cx->diags, DIAG_WARNING, code, l->src, l->loc, fmt, ap);
  va_end(ap);
  for (const ir_site *s = l->site; s && d; s = s->parent)
    diag_note_add_trailing(cx->diags, d, l->src, s->loc, "in block '%s' called here", s->block);
  return d;
}

void lint_note(lint_ctx *cx, diag *d, const ir_layer *at, const char *fmt, ...) {
  if (!d) return;
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  diag_note_add(cx->diags, d, at->src, at->loc, "%s", msg);
}

const ir_shape *lint_input_shape(const lint_ctx *cx, const ir_layer *l, uint32_t k) {
  if (k >= l->ninputs) return NULL;
  const ir_layer *p = &cx->g->layers[l->inputs[k].layer];
  if (!p->shapes || l->inputs[k].output >= p->noutputs) return NULL;
  const ir_shape *s = &p->shapes[l->inputs[k].output];
  return s->ndims > 0 ? s : NULL;
}

int64_t lint_span(const ir_layer *l, int axis) {
  bool dilated = l->op == OP_CONV || l->op == OP_DECONV;
  int64_t k = l->p.kernel[axis], d = dilated ? l->p.dilation[axis] : 1;
  int64_t span;
  if (k < 1 || d < 1 || __builtin_mul_overflow(d, k - 1, &span) || span == INT64_MAX) return k;
  return span + 1;
}

bool lint_is_weight(ir_op op) { return op == OP_CONV || op == OP_DECONV || op == OP_FC; }

const char *lint_pair(lint_ctx *cx, const int64_t v[2]) {
  return arena_printf(cx->arena, "%" PRId64 "x%" PRId64, v[0], v[1]);
}

void pass_lint(arena *a, const ir_graph *g, diag_list *diags) {
  uint32_t n = g->nlayers;
  uint32_t *start = arena_calloc(a, (size_t)n + 1, sizeof *start);
  size_t nuses = 0;
  for (uint32_t i = 0; i < n; i++) {
    for (uint32_t k = 0; k < g->layers[i].ninputs; k++) {
      uint32_t p = g->layers[i].inputs[k].layer;
      if (p < n) start[p + 1]++;
    }
    nuses += g->layers[i].ninputs;
  }
  for (uint32_t i = 0; i < n; i++) start[i + 1] += start[i];
  lint_use *uses = arena_calloc(a, nuses ? nuses : 1, sizeof *uses);
  uint32_t *fill = arena_calloc(a, (size_t)n + 1, sizeof *fill);
  for (uint32_t i = 0; i <= n; i++) fill[i] = start[i];
  /* Layers are in topological order, so each consumer list comes out in
   * graph order: rules that report the first offender are deterministic. */
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t k = 0; k < g->layers[i].ninputs; k++) {
      uint32_t p = g->layers[i].inputs[k].layer;
      if (p < n) uses[fill[p]++] = (lint_use){i, k};
    }
  bool *is_output = arena_calloc(a, n ? n : 1, sizeof *is_output);
  for (uint32_t i = 0; i < g->noutputs; i++)
    if (g->outputs[i].ref.layer < n) is_output[g->outputs[i].ref.layer] = true;

  lint_ctx cx = {g, diags, a, start, uses, is_output};
  lint_windows(&cx);
  lint_flow(&cx);
  lint_structure(&cx);
}

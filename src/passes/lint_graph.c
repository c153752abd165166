/* Lint rules about the graph's structure: joins that join nothing, and
 * slice outputs nobody uses. */
#include <inttypes.h>

#include "passes/lint.h"

/* How a message names a tensor: 'a', or 'a' output 2 for a piece of a
 * slice. */
static const char *tensor_name(lint_ctx *cx, ir_ref r) {
  const ir_layer *p = &cx->g->layers[r.layer];
  if (p->noutputs > 1)
    return arena_printf(cx->arena, "'%s' output %" PRIu32, p->name, r.output + 1);
  return arena_printf(cx->arena, "'%s'", p->name);
}

static void single_input_concat(lint_ctx *cx, const ir_layer *l) {
  if (l->op != OP_CONCAT || l->ninputs != 1) return;
  diag *d = lint_warn(cx, l, "single-input-concat", "concat of a single input only copies it");
  if (!l->site) lint_fix_unwrap_call(cx, d, l);
}

static void duplicate_operand(lint_ctx *cx, const ir_layer *l) {
  if (l->op != OP_ADD && l->op != OP_MUL && l->op != OP_MAX) return;
  for (uint32_t i = 0; i < l->ninputs; i++)
    for (uint32_t j = i + 1; j < l->ninputs; j++) {
      ir_ref a = l->inputs[i], b = l->inputs[j];
      if (a.layer != b.layer || a.output != b.output) continue;
      const char *t = tensor_name(cx, a);
      if (l->op == OP_ADD)
        lint_warn(cx, l, "duplicate-operand",
                  "%s is added to itself, which only doubles it; a residual connection adds "
                  "a block's input to its output", t);
      else if (l->op == OP_MUL)
        lint_warn(cx, l, "duplicate-operand", "%s is multiplied by itself, which squares it", t);
      else
        lint_warn(cx, l, "duplicate-operand", "the max of %s and itself is %s unchanged", t, t);
      return;
    }
}

/* Outputs of a slice that no layer and no network output use: the slice
 * could cut fewer pieces. A slice nothing uses at all is unused-layer's. */
static void unused_outputs(lint_ctx *cx, uint32_t i) {
  const ir_graph *g = cx->g;
  const ir_layer *l = &g->layers[i];
  if (l->op != OP_SLICE || l->noutputs < 2) return;
  bool *used = arena_calloc(cx->arena, l->noutputs, sizeof *used);
  bool any = false;
  for (uint32_t u = cx->use_start[i]; u < cx->use_start[i + 1]; u++) {
    const lint_use *use = &cx->uses[u];
    uint32_t out = g->layers[use->layer].inputs[use->input].output;
    if (out < l->noutputs) used[out] = any = true;
  }
  for (uint32_t k = 0; k < g->noutputs; k++)
    if (g->outputs[k].ref.layer == i && g->outputs[k].ref.output < l->noutputs)
      used[g->outputs[k].ref.output] = any = true;
  if (!any) return;
  for (uint32_t k = 0; k < l->noutputs; k++)
    if (!used[k])
      lint_warn(cx, l, "unused-output", "output %" PRIu32 " of this slice (of %" PRIu32
                ") is never used", k + 1, l->noutputs);
}

void lint_structure(lint_ctx *cx) {
  for (uint32_t i = 0; i < cx->g->nlayers; i++) {
    const ir_layer *l = &cx->g->layers[i];
    single_input_concat(cx, l);
    duplicate_operand(cx, l);
    unused_outputs(cx, i);
  }
}

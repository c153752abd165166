/* Lint rules about windows (kernels, strides, pooling): cells never read,
 * poolings that do nothing or could be one, kernels on a collapsed grid. */
#include <inttypes.h>

#include "passes/lint.h"

static bool windowed(const ir_layer *l) {
  return l->op == OP_CONV || l->op == OP_DECONV || (ir_op_is_pool(l->op) && !l->p.global);
}

static bool is_1x1_pool(const ir_layer *l) {
  return ir_op_is_pool(l->op) && !l->p.global && l->p.kernel[0] == 1 && l->p.kernel[1] == 1;
}

static const char *axes_word(bool h, bool w) {
  return h && w ? "rows and columns" : h ? "rows" : "columns";
}

/* The kernel as messages show it: "3x3", or "3x3 (spanning 5x5)" when
 * dilated. */
static const char *kernel_desc(lint_ctx *cx, const ir_layer *l) {
  int64_t span[2] = {lint_span(l, 0), lint_span(l, 1)};
  const char *k = lint_pair(cx, l->p.kernel);
  if (span[0] == l->p.kernel[0] && span[1] == l->p.kernel[1]) return k;
  return arena_printf(cx->arena, "%s (spanning %s)", k, lint_pair(cx, span));
}

/* stride-exceeds-kernel: windows that do not touch leave cells between
 * them unread (or, for deconv, unwritten). */
static void stride_vs_kernel(lint_ctx *cx, const ir_layer *l) {
  if (!windowed(l) || is_1x1_pool(l)) return;  /* pool-1x1 says it better */
  bool h = l->p.stride[0] > lint_span(l, 0), w = l->p.stride[1] > lint_span(l, 1);
  if (!h && !w) return;
  const char *stride = lint_pair(cx, l->p.stride), *kernel = kernel_desc(cx, l);
  if (l->op == OP_DECONV)
    lint_warn(cx, l, "stride-exceeds-kernel",
              "stride %s is larger than the %s kernel: output %s between the windows get no "
              "input, only the bias", stride, kernel, axes_word(h, w));
  else
    lint_warn(cx, l, "stride-exceeds-kernel",
              "stride %s is larger than the %s kernel: input %s between the windows are never "
              "read", stride, kernel, axes_word(h, w));
}

/* pool-1x1: the reference attribute extractor drops these layers. */
static void pool_1x1(lint_ctx *cx, const ir_layer *l) {
  if (!is_1x1_pool(l)) return;
  if (l->p.stride[0] == 1 && l->p.stride[1] == 1) {
    diag *d = lint_warn(cx, l, "pool-1x1", "pooling with a 1x1 window and stride 1 does nothing");
    lint_fix_remove_stage(cx, d, l);
  } else {
    lint_warn(cx, l, "pool-1x1",
              "pooling with a 1x1 window only subsamples: stride %s keeps one cell of every %s "
              "and never looks at the others", lint_pair(cx, l->p.stride),
              lint_pair(cx, l->p.stride));
  }
}

static bool pass_through(ir_op op) { return ir_op_is_activation(op) || op == OP_DROPOUT; }

/* pool-after-pool: `from[i]` is the layer whose output reaches layer i
 * through element-wise layers only (activations, dropout). */
static void pool_after_pool(lint_ctx *cx, const uint32_t *from) {
  const ir_graph *g = cx->g;
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    if (!ir_op_is_pool(l->op) || l->p.global || is_1x1_pool(l) || l->ninputs == 0) continue;
    const ir_layer *q = &g->layers[from[l->inputs[0].layer]];
    if (!ir_op_is_pool(q->op) || q->p.global || is_1x1_pool(q)) continue;
    diag *d = lint_warn(cx, l, "pool-after-pool",
                        "pooling straight after pooling: one pooling with a larger window and "
                        "stride would reduce the grid at once");
    lint_note(cx, d, q, "the previous pooling");
  }
}

/* collapsed-grid: a kernel larger than 1 along an axis where the input is
 * a single cell sees that cell and padding. */
static void collapsed_grid(lint_ctx *cx, const ir_layer *l) {
  if (l->op != OP_CONV && !(ir_op_is_pool(l->op) && !l->p.global)) return;
  const ir_shape *in = lint_input_shape(cx, l, 0);
  if (!in || in->ndims != 3) return;
  bool h = in->d[1] == 1 && lint_span(l, 0) > 1, w = in->d[2] == 1 && lint_span(l, 1) > 1;
  if (!h && !w) return;
  const char *what = l->op == OP_CONV ? "kernel" : "window";
  const char *kernel = kernel_desc(cx, l);
  if (h && w)
    lint_warn(cx, l, "collapsed-grid",
              "the grid is 1x1 here: the %s %s sees that one cell and padding", kernel, what);
  else
    lint_warn(cx, l, "collapsed-grid",
              "the grid is 1 cell %s here: the %s %s's other %s see only padding",
              h ? "high" : "wide", kernel, what, h ? "rows" : "columns");
}

void lint_windows(lint_ctx *cx) {
  const ir_graph *g = cx->g;
  uint32_t *from = arena_calloc(cx->arena, g->nlayers ? g->nlayers : 1, sizeof *from);
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    from[i] = pass_through(l->op) && l->ninputs > 0 ? from[l->inputs[0].layer] : i;
    stride_vs_kernel(cx, l);
    pool_1x1(cx, l);
    collapsed_grid(cx, l);
  }
  pool_after_pool(cx, from);
}

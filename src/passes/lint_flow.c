/* Lint rules that follow values through the graph: saturating activations
 * deep in a stack, activations on values that are never negative, dropout
 * away from fc layers, biases that batchnorm cancels, fc layers on huge
 * inputs. */
#include <inttypes.h>

#include "passes/lint.h"

/* ---- saturating-activation ------------------------------------------- */

static bool only_gates(const lint_ctx *cx, uint32_t i) {
  /* sigmoid or tanh feeding only mul is a gate (squeeze-and-excitation,
   * attention), meant to saturate. */
  uint32_t a = cx->use_start[i], b = cx->use_start[i + 1];
  if (a == b) return false;
  for (uint32_t u = a; u < b; u++)
    if (cx->g->layers[cx->uses[u].layer].op != OP_MUL) return false;
  return true;
}

static void saturating(lint_ctx *cx) {
  const ir_graph *g = cx->g;
  uint32_t n = g->nlayers;
  uint32_t *depth = arena_calloc(cx->arena, n ? n : 1, sizeof *depth);
  bool *feeds_weights = arena_calloc(cx->arena, n ? n : 1, sizeof *feeds_weights);
  for (uint32_t i = 0; i < n; i++) {
    const ir_layer *l = &g->layers[i];
    for (uint32_t k = 0; k < l->ninputs; k++)
      if (depth[l->inputs[k].layer] > depth[i]) depth[i] = depth[l->inputs[k].layer];
    depth[i] += lint_is_weight(l->op);
  }
  /* Reverse order: whether some weight layer lies downstream. */
  for (uint32_t i = n; i-- > 0;)
    for (uint32_t u = cx->use_start[i]; u < cx->use_start[i + 1]; u++) {
      uint32_t c = cx->uses[u].layer;
      if (lint_is_weight(g->layers[c].op) || feeds_weights[c]) feeds_weights[i] = true;
    }
  for (uint32_t i = 0; i < n; i++) {
    const ir_layer *l = &g->layers[i];
    if (l->op != OP_SIGMOID && l->op != OP_TANH) continue;
    if (depth[i] <= LINT_SATURATING_DEPTH || !feeds_weights[i] || only_gates(cx, i)) continue;
    /* The depth stays out of the message: a repeated stage is one warning. */
    lint_warn(cx, l, "saturating-activation",
              "%s more than %d weight layers deep: saturating activations this deep make "
              "gradients vanish; relu trains better", ir_op_name(l->op), LINT_SATURATING_DEPTH);
  }
}

/* ---- redundant-activation ---------------------------------------------- */

/* relu, prelu, elu and abs are the identity on non-negative input.
 * `origin[i]` is the layer that made layer i's output non-negative, or
 * UINT32_MAX when it may be negative. */
static void redundant(lint_ctx *cx) {
  const ir_graph *g = cx->g;
  uint32_t n = g->nlayers;
  uint32_t *origin = arena_calloc(cx->arena, n ? n : 1, sizeof *origin);
  for (uint32_t i = 0; i < n; i++) {
    const ir_layer *l = &g->layers[i];
    uint32_t in0 = l->ninputs ? origin[l->inputs[0].layer] : UINT32_MAX;
    origin[i] = UINT32_MAX;
    switch (l->op) {
    case OP_RELU: case OP_PRELU: case OP_ELU: case OP_ABS:
      if (in0 != UINT32_MAX) {
        diag *d = lint_warn(cx, l, "redundant-activation",
                            "this %s does nothing: its input is never negative", ir_op_name(l->op));
        const ir_layer *o = &g->layers[in0];
        lint_note(cx, d, o, "non-negative since this %s", ir_op_name(o->op));
        if (!l->site) lint_fix_remove_stage(cx, d, l);
        origin[i] = in0;
      } else if (l->op == OP_ABS || (l->op == OP_RELU && l->p.negative_slope == 0)) {
        origin[i] = i;
      }
      break;
    case OP_SIGMOID: case OP_BNLL: case OP_SOFTMAX:
      origin[i] = i;
      break;
    /* These keep the sign of what they take: non-negative in, out. */
    case OP_MAXPOOL: case OP_AVGPOOL: case OP_STOCHPOOL: case OP_FLATTEN: case OP_DROPOUT:
    case OP_SLICE: case OP_LRN: case OP_CONCAT: case OP_ADD: case OP_MUL:
      origin[i] = in0;
      for (uint32_t k = 1; k < l->ninputs && origin[i] != UINT32_MAX; k++)
        if (origin[l->inputs[k].layer] == UINT32_MAX) origin[i] = UINT32_MAX;
      break;
    case OP_MAX:  /* at least the largest input */
      for (uint32_t k = 0; k < l->ninputs && origin[i] == UINT32_MAX; k++)
        origin[i] = origin[l->inputs[k].layer];
      break;
    default:
      break;
    }
  }
}

/* ---- misplaced-dropout --------------------------------------------------- */

/* A consumer dropout may feed: fc, or a 1x1 convolution (an fc on each
 * cell, as in SqueezeNet's classifier). */
static bool fc_like(const ir_layer *l) {
  return l->op == OP_FC || (l->op == OP_CONV && l->p.kernel[0] == 1 && l->p.kernel[1] == 1);
}

/* Layers dropout's output may pass through on its way to an fc layer. */
static bool transparent(ir_op op) {
  return ir_op_is_activation(op) || op == OP_FLATTEN || op == OP_DROPOUT;
}

/* Not an enum: an enum constant must fit in int. */
static const uint32_t OFFENDER_OUTPUT = UINT32_MAX - 1, OFFENDER_NONE = UINT32_MAX;

static void dropout(lint_ctx *cx) {
  const ir_graph *g = cx->g;
  uint32_t n = g->nlayers;
  /* bad[i]: the first layer (or the network output) that layer i's value
   * reaches other than through transparent layers into an fc-like one. */
  uint32_t *bad = arena_calloc(cx->arena, n ? n : 1, sizeof *bad);
  for (uint32_t i = n; i-- > 0;) {
    bad[i] = cx->is_output[i] ? OFFENDER_OUTPUT : OFFENDER_NONE;
    for (uint32_t u = cx->use_start[i]; u < cx->use_start[i + 1] && bad[i] == OFFENDER_NONE; u++) {
      uint32_t c = cx->uses[u].layer;
      if (fc_like(&g->layers[c])) continue;
      bad[i] = transparent(g->layers[c].op) ? bad[c] : c;
    }
  }
  for (uint32_t i = 0; i < n; i++) {
    const ir_layer *l = &g->layers[i];
    if (l->op != OP_DROPOUT || bad[i] == OFFENDER_NONE) continue;
    if (bad[i] == OFFENDER_OUTPUT || g->layers[bad[i]].op == OP_SOFTMAX) {
      lint_warn(cx, l, "misplaced-dropout",
                "dropout at the network's output: in training it drops predictions, at test "
                "time it does nothing; put it before the last fc layer");
      continue;
    }
    const ir_layer *c = &g->layers[bad[i]];
    diag *d = lint_warn(cx, l, "misplaced-dropout",
                        "dropout before a %s, not an fc layer: dropping single cells of feature "
                        "maps, whose neighbours are alike, regularises little", ir_op_name(c->op));
    lint_note(cx, d, c, "the %s it feeds", ir_op_name(c->op));
  }
}

/* ---- bias-before-batchnorm ------------------------------------------------ */

static void bias_before_batchnorm(lint_ctx *cx) {
  const ir_graph *g = cx->g;
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    uint32_t a = cx->use_start[i], b = cx->use_start[i + 1];
    if (!lint_is_weight(l->op) || !l->p.bias || a == b || cx->is_output[i]) continue;
    bool all = true;
    for (uint32_t u = a; u < b && all; u++)
      all = g->layers[cx->uses[u].layer].op == OP_BATCHNORM;
    if (!all) continue;
    diag *d = lint_warn(cx, l, "bias-before-batchnorm",
                        "the bias of this %s is wasted: the batchnorm after it subtracts the "
                        "mean; use 'bias: false' and let a scale with 'bias: true' add the shift",
                        ir_op_name(l->op));
    lint_note(cx, d, &g->layers[cx->uses[a].layer], "the batchnorm");
    if (!l->site) lint_fix_add_argument(cx, d, l, "bias: false");
  }
}

/* ---- large-fc-input -------------------------------------------------------- */

static void large_fc(lint_ctx *cx) {
  const ir_graph *g = cx->g;
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    if (l->op != OP_FC) continue;
    const ir_shape *in = lint_input_shape(cx, l, 0);
    if (!in) continue;
    int64_t count = 1, weights;
    bool overflow = false;
    for (int k = 0; k < in->ndims; k++) overflow |= __builtin_mul_overflow(count, in->d[k], &count);
    if (!overflow && count <= LINT_FC_MAX_INPUTS) continue;
    if (overflow || __builtin_mul_overflow(count, l->p.features, &weights))
      lint_warn(cx, l, "large-fc-input",
                "fc on more than 2^63 inputs; reduce the grid first (pooling, strides)");
    else
      lint_warn(cx, l, "large-fc-input",
                "fc on %" PRId64 " inputs (more than 2^20): %" PRId64 " weights; reduce the "
                "grid first (pooling, strides, global pooling)", count, weights);
  }
}

void lint_flow(lint_ctx *cx) {
  saturating(cx);
  redundant(cx);
  dropout(cx);
  bias_before_batchnorm(cx);
  large_fc(cx);
}

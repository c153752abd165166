/* The cost pass: what each layer costs, from the shapes, and the
 * network's totals. Conventions:
 * - params are the learnable weights and biases Caffe stores: conv
 *   features * (C_in / groups) * kh * kw, deconv C_in * (features / groups)
 *   * kh * kw, fc neurons * inputs, each plus one bias per output channel or
 *   neuron; scale C (2C with a bias); prelu C (1 when shared). BatchNorm's
 *   mean, variance and moving-average factor (2C + 1) are statistics, not
 *   learned, and are counted apart as bn_params.
 * - MACs are multiply-accumulates for one input (no batch), not FLOPs:
 *   conv output elements * (C_in / groups) * kh * kw; deconv input elements
 *   * (features / groups) * kh * kw; fc neurons * inputs; scale and
 *   batchnorm one per element. Bias additions, pooling, activations, lrn,
 *   softmax and element-wise ops count no MACs.
 * - activations are a layer's output elements.
 * - rf is the receptive field of one output cell in input cells and jump
 *   the distance in input cells between adjacent output cells; a layer
 *   with several inputs takes the largest. fc and global pooling see the
 *   whole input (through flatten too): their rf and jump are the span of
 *   the input, rf + (size - 1) * jump. A deconv's output cell sees
 *   ceil(extent / stride) input cells, and its jump is rounded up to a
 *   whole cell.
 * A cost that depends on an unknown shape, or does not fit in 64 bits, is
 * -1. */
#include <stdlib.h>
#include <string.h>

#include "passes/passes.h"
#include "util/xalloc.h"

/* a * b * c * d, or -1 on overflow. */
static int64_t mul4(int64_t a, int64_t b, int64_t c, int64_t d) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r) || __builtin_mul_overflow(r, c, &r) ||
      __builtin_mul_overflow(r, d, &r))
    return -1;
  return r;
}

/* a + b of two known counts, or -1. */
static int64_t add_known(int64_t a, int64_t b) {
  int64_t r;
  if (a < 0 || b < 0 || __builtin_add_overflow(a, b, &r)) return -1;
  return r;
}

static void learned(const ir_layer *l, ir_cost *c) {
  const ir_params *p = &l->p;
  const ir_shape *in = &l->in_shape;
  int64_t in_count = 0, out_count = 0;
  shape_count(in, &in_count);
  shape_count(&l->shapes[0], &out_count);
  int64_t ch = in->d[0];
  switch (l->op) {
  case OP_CONV:
    c->params = mul4(p->features, ch / p->groups, p->kernel[0], p->kernel[1]);
    c->macs = mul4(out_count, ch / p->groups, p->kernel[0], p->kernel[1]);
    if (p->bias) c->params = add_known(c->params, p->features);
    break;
  case OP_DECONV:
    c->params = mul4(ch, p->features / p->groups, p->kernel[0], p->kernel[1]);
    c->macs = mul4(in_count, p->features / p->groups, p->kernel[0], p->kernel[1]);
    if (p->bias) c->params = add_known(c->params, p->features);
    break;
  case OP_FC:
    c->params = mul4(p->features, in_count, 1, 1);
    c->macs = c->params;
    if (p->bias) c->params = add_known(c->params, p->features);
    break;
  case OP_SCALE:
    c->params = p->bias ? mul4(ch, 2, 1, 1) : ch;
    c->macs = out_count;
    break;
  case OP_PRELU:
    c->params = p->shared ? 1 : ch;
    break;
  case OP_BATCHNORM:
    c->bn_params = add_known(mul4(ch, 2, 1, 1), 1);
    c->macs = out_count;
    break;
  default:
    break;
  }
}

/* Receptive field growth of a window of `extent` cells moved by `stride`. */
static void grow(ir_cost *c, const int64_t extent[2], const int64_t stride[2]) {
  for (int i = 0; i < 2; i++) {
    int64_t r = -1, j = -1;
    if (c->rf[i] >= 0 && !__builtin_mul_overflow(extent[i] - 1, c->jump[i], &r) &&
        !__builtin_add_overflow(r, c->rf[i], &r) &&
        !__builtin_mul_overflow(c->jump[i], stride[i], &j)) {
      c->rf[i] = r;
      c->jump[i] = j;
    } else {
      c->rf[i] = c->jump[i] = -1;
    }
  }
}

/* The span of a whole tensor: input cells seen by all of its cells
 * together, rf + (size - 1) * jump; -1 if unknown. */
static int64_t whole(int64_t rf, int64_t jump, int64_t size) {
  int64_t r;
  if (rf < 0 || __builtin_mul_overflow(size - 1, jump, &r) || __builtin_add_overflow(r, rf, &r))
    return -1;
  return r;
}

/* rf and jump. `span` holds each layer's whole-output span {h, w}: what
 * fc and global pooling see. Vectors (flatten, fc) carry it along, so an
 * fc after a flatten sees the grid the flatten came from. */
static void field(const ir_graph *g, const ir_layer *l, ir_cost *c, int64_t (*span)[2]) {
  size_t self = (size_t)(l - g->layers);
  int64_t in_span[2] = {1, 1};
  c->rf[0] = c->rf[1] = c->jump[0] = c->jump[1] = 1;
  for (uint32_t k = 0; k < l->ninputs; k++) {
    uint32_t src = l->inputs[k].layer;
    const ir_cost *pc = &g->layers[src].cost;
    for (int i = 0; i < 2; i++) {
      if (k == 0 || pc->rf[i] < 0) {
        c->rf[i] = pc->rf[i];
        c->jump[i] = pc->jump[i];
      } else if (c->rf[i] >= 0) {   /* an unknown field stays unknown */
        if (pc->rf[i] > c->rf[i]) c->rf[i] = pc->rf[i];
        if (pc->jump[i] > c->jump[i]) c->jump[i] = pc->jump[i];
      }
      if (k == 0 || span[src][i] < 0) in_span[i] = span[src][i];
      else if (in_span[i] >= 0 && span[src][i] > in_span[i]) in_span[i] = span[src][i];
    }
  }
  const ir_params *p = &l->p;
  bool sees_all = l->op == OP_FC || (ir_op_is_pool(l->op) && p->global);
  switch (l->op) {
  case OP_CONV:
  case OP_MAXPOOL:
  case OP_AVGPOOL:
  case OP_STOCHPOOL:
    if (!sees_all) {
      int64_t ext[2];
      for (int i = 0; i < 2; i++) ext[i] = p->dilation[i] * (p->kernel[i] - 1) + 1;
      grow(c, ext, p->stride);
    }
    break;
  case OP_DECONV:
    for (int i = 0; i < 2; i++) {
      int64_t ext = p->dilation[i] * (p->kernel[i] - 1) + 1;   /* checked by the shape pass */
      int64_t seen = ext / p->stride[i] + (ext % p->stride[i] != 0), r;
      if (c->rf[i] >= 0 && !__builtin_mul_overflow(seen - 1, c->jump[i], &r) &&
          !__builtin_add_overflow(r, c->rf[i], &r)) {
        c->rf[i] = r;
        c->jump[i] = c->jump[i] / p->stride[i] + (c->jump[i] % p->stride[i] != 0);
      } else {
        c->rf[i] = c->jump[i] = -1;
      }
    }
    break;
  case OP_LRN:
    if (p->within) {
      const int64_t ext[2] = {p->size, p->size}, one[2] = {1, 1};
      grow(c, ext, one);
    }
    break;
  default:
    break;
  }
  /* One output cell that sees everything; the next would be a whole
   * input further on. */
  if (sees_all)
    for (int i = 0; i < 2; i++) c->rf[i] = c->jump[i] = in_span[i];
  const ir_shape *out = &l->shapes[0];
  for (int i = 0; i < 2; i++) {
    if (out->ndims == 3) span[self][i] = whole(c->rf[i], c->jump[i], out->d[i + 1]);
    else if (sees_all || l->ninputs == 0) span[self][i] = c->rf[i];
    else span[self][i] = in_span[i];
  }
}

static void unknown(ir_cost *c) {
  *c = (ir_cost){-1, -1, -1, -1, {-1, -1}, {-1, -1}};
}

void pass_costs(ir_graph *g) {
  int64_t (*span)[2] = xmalloc((g->nlayers ? g->nlayers : 1) * sizeof *span);
  for (uint32_t i = 0; i < g->nlayers; i++) {
    ir_layer *l = &g->layers[i];
    ir_cost *c = &l->cost;
    span[i][0] = span[i][1] = -1;
    bool known = l->shapes && l->noutputs > 0 && l->op != OP_OPAQUE;
    for (uint32_t k = 0; known && k < l->noutputs; k++) known = l->shapes[k].ndims > 0;
    if (!known) {
      unknown(c);
      continue;
    }
    *c = (ir_cost){0, 0, 0, 0, {1, 1}, {1, 1}};
    for (uint32_t k = 0; k < l->noutputs; k++) {
      int64_t n = -1;
      shape_count(&l->shapes[k], &n);
      c->activations = add_known(c->activations, n);
    }
    learned(l, c);
    field(g, l, c, span);
  }
  free(span);
}

/* ---- totals ----------------------------------------------------------------- */

/* The peak: walk the layers in order, adding each layer's output tensors
 * when it runs and freeing each tensor after its last consumer has run. */
static void peak(const ir_graph *g, cost_totals *t) {
  size_t n = g->nlayers, ntensors = 0;
  size_t *first = xmalloc((n + 1) * sizeof *first);   /* tensor index of each layer's output 0 */
  for (size_t i = 0; i < n; i++) {
    first[i] = ntensors;
    ntensors += g->layers[i].noutputs;
  }
  first[n] = ntensors;
  uint32_t *last = xmalloc((ntensors ? ntensors : 1) * sizeof *last);  /* last consumer */
  int64_t *freed = xcalloc(n ? n : 1, sizeof *freed);   /* elements freed after layer i */
  for (size_t i = 0; i < n; i++)
    for (size_t k = first[i]; k < first[i + 1]; k++) last[k] = (uint32_t)i;
  for (size_t i = 0; i < n; i++)
    for (uint32_t k = 0; k < g->layers[i].ninputs; k++) {
      ir_ref r = g->layers[i].inputs[k];
      last[first[r.layer] + r.output] = (uint32_t)i;
    }
  for (uint32_t o = 0; o < g->noutputs; o++) {
    ir_ref r = g->outputs[o].ref;
    last[first[r.layer] + r.output] = UINT32_MAX;   /* network outputs are kept */
  }
  int64_t live = 0, best = 0;
  uint32_t at = 0;
  bool overflow = false;
  for (size_t i = 0; i < n; i++) {
    const ir_layer *l = &g->layers[i];
    for (uint32_t k = 0; k < l->noutputs; k++) {
      int64_t size = 0;
      if (l->shapes) shape_count(&l->shapes[k], &size);   /* unknown: counts nothing */
      uint32_t end = last[first[i] + k];
      overflow |= __builtin_add_overflow(live, size, &live);
      if (end != UINT32_MAX) overflow |= __builtin_add_overflow(freed[end], size, &freed[end]);
    }
    /* The wrapped sums are meaningless, and subtracting from them could
     * overflow again: the peak is unknown. */
    if (overflow) break;
    if (live > best) best = live, at = (uint32_t)i;
    live -= freed[i];
  }
  t->peak_activations = overflow ? -1 : best;
  t->peak_layer = at;
  free(first);
  free(last);
  free(freed);
}

/* Adds a layer's known cost to a total; false if the cost is unknown. */
static bool sum(int64_t *total, int64_t v) {
  if (v < 0) return false;
  if (*total >= 0) *total = add_known(*total, v);
  return true;
}

cost_totals costs_total(const ir_graph *g) {
  cost_totals t = {0, 0, 0, 0, 0, 0, 0};
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_cost *c = &g->layers[i].cost;
    bool known = sum(&t.params, c->params);
    known &= sum(&t.bn_params, c->bn_params);
    known &= sum(&t.macs, c->macs);
    known &= sum(&t.activations, c->activations);
    if (!known) t.unknown++;
  }
  peak(g, &t);
  return t;
}

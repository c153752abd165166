/* The shape pass: every layer's output shapes, following Caffe's own
 * arithmetic (the Reshape of each Caffe layer), and the source's shape
 * assertions. Layers are visited once, in graph order, so the pass is
 * linear in the size of the graph.
 *
 * Diagnostic codes (all errors, at the offending layer, with notes for the
 * block calls it was expanded from):
 *   shape-mismatch          concat inputs differ off the axis, or the inputs
 *                           of add/mul/max differ
 *   kernel-too-large        a (dilated) conv or pooling kernel larger than
 *                           the padded input
 *   non-positive-size       a deconv whose output would be empty
 *   bad-groups              groups that do not divide the input channels or
 *                           the features of a conv or deconv
 *   shape-overflow          a size that does not fit in 64 bits
 *   pad-too-large           pooling with pad >= kernel (Caffe refuses it)
 *   conflicting-parameters  global pooling with a stride or pad, padded
 *                           stochastic pooling (Caffe refuses both)
 *   bad-rank                conv, deconv, pooling or lrn on a tensor that is
 *                           not CxHxW (or an input of more than 3 dimensions)
 *   bad-axis                concat, slice or softmax along an axis the tensor
 *                           lacks
 *   bad-slice-point         a slice point not strictly inside the dimension
 *   shape-assertion         a tensor whose shape is not the one asserted
 *
 * conflicting-parameters is also the code lowering uses for parameters
 * that exclude each other.
 *
 * Where Caffe computes in float (pooling's ceil) the pass uses exact
 * integer arithmetic, which agrees whenever sizes fit in 24 bits. A kernel
 * larger than the padded input is an error for convolution and pooling
 * alike; Caffe's rounding would sometimes still give one clipped window. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "passes/passes.h"

typedef struct shape_ctx {
  ir_graph *g;
  diag_list *diags;
  bool ok;
} shape_ctx;

static const ir_shape unknown_shape = {0, {0, 0, 0}};

const char *shape_format(char buf[SHAPE_BUF], const ir_shape *s) {
  if (s->ndims == 0) return strcpy(buf, "?");
  size_t len = 0;
  for (int i = 0; i < s->ndims; i++)
    len += (size_t)snprintf(buf + len, SHAPE_BUF - len, "%s%" PRId64, i ? "x" : "", s->d[i]);
  return buf;
}

bool shape_count(const ir_shape *s, int64_t *n) {
  if (s->ndims == 0) return false;
  int64_t c = 1;
  for (int i = 0; i < s->ndims; i++)
    if (__builtin_mul_overflow(c, s->d[i], &c)) return false;
  *n = c;
  return true;
}

/* ---- diagnostics --------------------------------------------------------- */

static void layer_error(shape_ctx *c, const ir_layer *l, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void layer_error(shape_ctx *c, const ir_layer *l, const char *code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag *d = diag_vadd(c->diags, DIAG_ERROR, code, l->src, l->loc, fmt, ap);
  va_end(ap);
  for (const ir_site *s = l->site; s && d; s = s->parent)
    diag_note_add(c->diags, d, l->src, s->loc, "in block '%s' called here", s->block);
  c->ok = false;
}

/* How messages name a tensor: 'conv1', or 'p' output 2 for the pieces of
 * a slice (counted from 1). */
static const char *tensor_name(const shape_ctx *c, ir_ref r, char *buf, size_t size) {
  const ir_layer *p = &c->g->layers[r.layer];
  if (p->noutputs > 1) snprintf(buf, size, "'%s' output %" PRIu32, p->name, r.output + 1);
  else snprintf(buf, size, "'%s'", p->name);
  return buf;
}

enum { NAME_BUF = 4200 };

/* "3" or "3x5": a {height, width} pair as .arch writes it. */
static const char *pair_format(char *buf, size_t size, const int64_t v[2]) {
  if (v[0] == v[1]) snprintf(buf, size, "%" PRId64, v[0]);
  else snprintf(buf, size, "%" PRId64 "x%" PRId64, v[0], v[1]);
  return buf;
}

static const char *dim_word(int ndims, int axis) {
  static const char *const words[] = {"channels", "height", "width"};
  return ndims == 1 ? "size" : words[axis];
}

/* ---- checks shared by the ops ----------------------------------------------- */

/* Ops that work on a grid need CxHxW. */
static bool need_image(shape_ctx *c, const ir_layer *l, const ir_shape *in) {
  if (in->ndims == 3) return true;
  char s[SHAPE_BUF], name[NAME_BUF];
  layer_error(c, l, "bad-rank", "%s needs a CxHxW input, not %s (from %s)", ir_op_name(l->op),
              shape_format(s, in), tensor_name(c, l->inputs[0], name, sizeof name));
  return false;
}

static void overflow(shape_ctx *c, const ir_layer *l) {
  layer_error(c, l, "shape-overflow", "size overflows 64 bits");
}

/* Every shape a layer produces must have a countable size. */
static bool fits(shape_ctx *c, const ir_layer *l, const ir_shape *out) {
  int64_t n;
  if (shape_count(out, &n)) return true;
  overflow(c, l);
  return false;
}

/* Padded input in + 2*pad and kernel extent dilation*(k-1)+1, per axis. */
typedef struct window {
  int64_t padded[2], extent[2];
} window;

static bool window_of(shape_ctx *c, const ir_layer *l, const ir_shape *in, const int64_t k[2],
                      const int64_t dil[2], window *w) {
  for (int i = 0; i < 2; i++) {
    if (__builtin_mul_overflow(l->p.pad[i], 2, &w->padded[i]) ||
        __builtin_add_overflow(w->padded[i], in->d[i + 1], &w->padded[i]) ||
        __builtin_mul_overflow(dil[i], k[i] - 1, &w->extent[i]) ||
        __builtin_add_overflow(w->extent[i], 1, &w->extent[i])) {
      overflow(c, l);
      return false;
    }
  }
  return true;
}

static bool kernel_fits(shape_ctx *c, const ir_layer *l, const ir_shape *in, const int64_t k[2],
                        const int64_t dil[2], const window *w) {
  if (w->extent[0] <= w->padded[0] && w->extent[1] <= w->padded[1]) return true;
  char kb[48], db[48], eb[48], pb[48], ib[48], padb[48], name[NAME_BUF];
  const int64_t hw[2] = {in->d[1], in->d[2]};
  snprintf(ib, sizeof ib, "%" PRId64 "x%" PRId64, hw[0], hw[1]);
  snprintf(pb, sizeof pb, "%" PRId64 "x%" PRId64, w->padded[0], w->padded[1]);
  snprintf(kb, sizeof kb, "%" PRId64 "x%" PRId64, k[0], k[1]);
  pair_format(padb, sizeof padb, l->p.pad);
  tensor_name(c, l->inputs[0], name, sizeof name);
  if (dil[0] == 1 && dil[1] == 1) {
    layer_error(c, l, "kernel-too-large",
                "kernel %s is larger than the padded input %s (input %s from %s, pad %s)", kb, pb,
                ib, name, padb);
    return false;
  }
  snprintf(eb, sizeof eb, "%" PRId64 "x%" PRId64, w->extent[0], w->extent[1]);
  layer_error(c, l, "kernel-too-large",
              "kernel %s with dilation %s spans %s, larger than the padded input %s "
              "(input %s from %s, pad %s)",
              kb, pair_format(db, sizeof db, dil), eb, pb, ib, name, padb);
  return false;
}

/* ---- the ops ------------------------------------------------------------------- */

static bool shape_conv(shape_ctx *c, const ir_layer *l, const ir_shape *in, ir_shape *out) {
  if (!need_image(c, l, in)) return false;
  const ir_params *p = &l->p;
  char name[NAME_BUF];
  if (in->d[0] % p->groups != 0) {
    layer_error(c, l, "bad-groups", "groups %" PRId64 " does not divide %" PRId64
                " input channels (from %s)", p->groups, in->d[0],
                tensor_name(c, l->inputs[0], name, sizeof name));
    return false;
  }
  if (p->features % p->groups != 0) {
    layer_error(c, l, "bad-groups", "groups %" PRId64 " does not divide %" PRId64 " features",
                p->groups, p->features);
    return false;
  }
  window w;
  if (!window_of(c, l, in, p->kernel, p->dilation, &w)) return false;
  out->ndims = 3;
  out->d[0] = p->features;
  if (l->op == OP_CONV) {
    if (!kernel_fits(c, l, in, p->kernel, p->dilation, &w)) return false;
    for (int i = 0; i < 2; i++) out->d[i + 1] = (w.padded[i] - w.extent[i]) / p->stride[i] + 1;
    return true;
  }
  /* Deconvolution: stride * (in - 1) + extent - 2 * pad. */
  static const char *const axis[2] = {"height", "width"};
  for (int i = 0; i < 2; i++) {
    int64_t v, twopad;
    if (__builtin_mul_overflow(p->stride[i], in->d[i + 1] - 1, &v) ||
        __builtin_add_overflow(v, w.extent[i], &v) ||
        __builtin_mul_overflow(p->pad[i], 2, &twopad) ||
        __builtin_sub_overflow(v, twopad, &v)) {
      overflow(c, l);
      return false;
    }
    if (v < 1) {
      layer_error(c, l, "non-positive-size",
                  "output %s would be %" PRId64 " (input %s %" PRId64 " from %s, kernel %" PRId64
                  ", stride %" PRId64 ", pad %" PRId64 ")",
                  axis[i], v, axis[i], in->d[i + 1], tensor_name(c, l->inputs[0], name, sizeof name),
                  w.extent[i], p->stride[i], p->pad[i]);
      return false;
    }
    out->d[i + 1] = v;
  }
  return true;
}

/* ceil(a / b) and floor(a / b) for a >= 0, b > 0, without overflow. */
static int64_t div_up(int64_t a, int64_t b) { return a / b + (a % b != 0); }

static bool shape_pool(shape_ctx *c, const ir_layer *l, const ir_shape *in, ir_shape *out) {
  if (!need_image(c, l, in)) return false;
  const ir_params *p = &l->p;
  char kb[48], pb[48];
  bool padded = p->pad[0] || p->pad[1];
  if (p->global && (padded || p->stride[0] != 1 || p->stride[1] != 1)) {
    layer_error(c, l, "conflicting-parameters",
                "global pooling takes no stride or pad (Caffe requires stride 1 and pad 0)");
    return false;
  }
  if (l->op == OP_STOCHPOOL && padded) {
    layer_error(c, l, "conflicting-parameters",
                "stochastic pooling cannot be padded (Caffe pads only max and average pooling)");
    return false;
  }
  const int64_t global_k[2] = {in->d[1], in->d[2]};
  const int64_t *k = p->global ? global_k : p->kernel;
  if (p->pad[0] >= k[0] || p->pad[1] >= k[1]) {
    layer_error(c, l, "pad-too-large", "pad %s is not smaller than the kernel %s (Caffe requires "
                "pad < kernel for pooling)", pair_format(pb, sizeof pb, p->pad),
                pair_format(kb, sizeof kb, k));
    return false;
  }
  static const int64_t no_dilation[2] = {1, 1};
  window w;
  if (!window_of(c, l, in, k, no_dilation, &w) || !kernel_fits(c, l, in, k, no_dilation, &w))
    return false;
  out->ndims = 3;
  out->d[0] = in->d[0];
  for (int i = 0; i < 2; i++) {
    int64_t span = w.padded[i] - k[i], s = p->stride[i];
    int64_t o = (p->ceil ? div_up(span, s) : span / s) + 1;
    /* Caffe drops a last window that would start inside the padding. */
    int64_t start;
    if (p->pad[i] > 0 && (__builtin_mul_overflow(o - 1, s, &start) ||
                          start >= in->d[i + 1] + p->pad[i]))
      o--;
    out->d[i + 1] = o;
  }
  return true;
}

static bool shape_concat(shape_ctx *c, const ir_layer *l, const ir_shape *const *ins,
                         ir_shape *out) {
  int axis = (int)l->p.axis;
  const ir_shape *first = ins[0];
  char s0[SHAPE_BUF], s1[SHAPE_BUF], n0[NAME_BUF], n1[NAME_BUF];
  *out = *first;
  for (uint32_t k = 0; k < l->ninputs; k++) {
    const ir_shape *in = ins[k];
    if (in->ndims <= axis) {
      layer_error(c, l, "bad-axis", "concat along %s needs inputs with at least %d dimensions, "
                  "not %s (from %s)", ir_axis_name(l->p.axis), axis + 1, shape_format(s0, in),
                  tensor_name(c, l->inputs[k], n0, sizeof n0));
      return false;
    }
    if (k == 0) continue;
    if (in->ndims != first->ndims) {
      layer_error(c, l, "shape-mismatch", "concat inputs differ in rank: %s (from %s) vs %s "
                  "(from %s)", shape_format(s0, first), tensor_name(c, l->inputs[0], n0, sizeof n0),
                  shape_format(s1, in), tensor_name(c, l->inputs[k], n1, sizeof n1));
      return false;
    }
    for (int i = 0; i < in->ndims; i++) {
      if (i == axis || in->d[i] == first->d[i]) continue;
      layer_error(c, l, "shape-mismatch", "concat inputs differ in %s: %" PRId64 " (from %s) vs %"
                  PRId64 " (from %s)", dim_word(in->ndims, i), first->d[i],
                  tensor_name(c, l->inputs[0], n0, sizeof n0), in->d[i],
                  tensor_name(c, l->inputs[k], n1, sizeof n1));
      return false;
    }
    if (__builtin_add_overflow(out->d[axis], in->d[axis], &out->d[axis])) {
      overflow(c, l);
      return false;
    }
  }
  return true;
}

static bool shape_eltwise(shape_ctx *c, const ir_layer *l, const ir_shape *const *ins,
                          ir_shape *out) {
  char s0[SHAPE_BUF], s1[SHAPE_BUF], n0[NAME_BUF], n1[NAME_BUF];
  for (uint32_t k = 1; k < l->ninputs; k++) {
    const ir_shape *a = ins[0], *b = ins[k];
    bool same = a->ndims == b->ndims;
    for (int i = 0; same && i < a->ndims; i++) same = a->d[i] == b->d[i];
    if (!same) {
      layer_error(c, l, "shape-mismatch", "%s inputs differ in shape: %s (from %s) vs %s (from %s)",
                  ir_op_name(l->op), shape_format(s0, a), tensor_name(c, l->inputs[0], n0, sizeof n0),
                  shape_format(s1, b), tensor_name(c, l->inputs[k], n1, sizeof n1));
      return false;
    }
  }
  *out = *ins[0];
  return true;
}

static bool shape_slice(shape_ctx *c, const ir_layer *l, const ir_shape *in, ir_shape *outs) {
  int axis = (int)l->p.axis;
  char s[SHAPE_BUF], name[NAME_BUF];
  tensor_name(c, l->inputs[0], name, sizeof name);
  if (in->ndims <= axis) {
    layer_error(c, l, "bad-axis", "slice along %s needs an input with at least %d dimensions, "
                "not %s (from %s)", ir_axis_name(l->p.axis), axis + 1, shape_format(s, in), name);
    return false;
  }
  int64_t dim = in->d[axis], prev = 0;
  for (uint32_t k = 0; k <= l->p.npoints; k++) {
    int64_t at = k < l->p.npoints ? l->p.points[k] : dim;
    if (k < l->p.npoints && (at <= prev || at >= dim)) {
      layer_error(c, l, "bad-slice-point", "slice point %" PRId64 " is not strictly between 0 "
                  "and %" PRId64 ", the %s of %s", at, dim, dim_word(in->ndims, axis), name);
      return false;
    }
    outs[k] = *in;
    outs[k].d[axis] = at - prev;
    prev = at;
  }
  return true;
}

/* One layer: its output shapes from its inputs' shapes. Returns false on
 * an error (reported). */
static bool shape_layer(shape_ctx *c, ir_layer *l, const ir_shape *const *ins) {
  const ir_shape *in = l->ninputs ? ins[0] : &unknown_shape;
  ir_shape *out = l->shapes;
  int64_t n = 0;
  switch (l->op) {
  case OP_INPUT:
    if (l->p.ndims < 1 || l->p.ndims > 3) {   /* the front ends allow 1 to 3 */
      layer_error(c, l, "bad-rank", "an input has 1 to 3 dimensions, not %d", l->p.ndims);
      return false;
    }
    out->ndims = l->p.ndims;
    for (int i = 0; i < l->p.ndims; i++) out->d[i] = l->p.dims[i];
    return fits(c, l, out);
  case OP_CONV:
  case OP_DECONV:
    return shape_conv(c, l, in, out) && fits(c, l, out);
  case OP_MAXPOOL:
  case OP_AVGPOOL:
  case OP_STOCHPOOL:
    return shape_pool(c, l, in, out) && fits(c, l, out);
  case OP_LRN:
    if (!need_image(c, l, in)) return false;
    *out = *in;
    return true;
  case OP_FC:
    *out = (ir_shape){1, {l->p.features, 0, 0}};
    return true;
  case OP_FLATTEN:
    shape_count(in, &n);   /* the input's size was checked where it was made */
    *out = (ir_shape){1, {n, 0, 0}};
    return true;
  case OP_CONCAT:
    return shape_concat(c, l, ins, out) && fits(c, l, out);
  case OP_ADD:
  case OP_MUL:
  case OP_MAX:
    return shape_eltwise(c, l, ins, out);
  case OP_SLICE:
    return shape_slice(c, l, in, out);
  case OP_OPAQUE:
  case OP__COUNT:
    return true;
  case OP_SOFTMAX:
    if (in->ndims <= (int)l->p.axis) {
      char s[SHAPE_BUF], name[NAME_BUF];
      layer_error(c, l, "bad-axis", "softmax along %s needs an input with at least %d "
                  "dimensions, not %s (from %s)", ir_axis_name(l->p.axis), (int)l->p.axis + 1,
                  shape_format(s, in), tensor_name(c, l->inputs[0], name, sizeof name));
      return false;
    }
    *out = *in;
    return true;
  case OP_RELU: case OP_PRELU: case OP_ELU: case OP_SIGMOID: case OP_TANH: case OP_ABS:
  case OP_BNLL: case OP_POWER: case OP_BATCHNORM: case OP_SCALE: case OP_DROPOUT:
    *out = *in;
    return true;
  }
  return true;
}

/* ---- assertions ------------------------------------------------------------- */

/* Whether a block call belongs to the asserted statement itself
 * (`m = blk(...) : 64x?x?`): only blanks, a repeat count and the colon lie
 * between the call and the shape. Those calls get no note; the calls that
 * led to the block body holding the assertion do. */
static bool call_in_statement(const source *src, src_range call, src_range at) {
  if (!src || call.end > at.start || at.start > src->len) return false;
  for (uint32_t i = call.end; i < at.start; i++)
    if (!strchr(" \t*:0123456789", src->text[i])) return false;
  return true;
}

static void shape_assert_format(char buf[SHAPE_BUF], const ir_assert *a) {
  size_t len = 0;
  buf[0] = '\0';
  for (int i = 0; i < a->ndims && i < 4; i++) {
    if (a->dims[i] < 0) len += (size_t)snprintf(buf + len, SHAPE_BUF - len, "%s?", i ? "x" : "");
    else len += (size_t)snprintf(buf + len, SHAPE_BUF - len, "%s%" PRId64, i ? "x" : "", a->dims[i]);
  }
}

static void check_assert(shape_ctx *c, const ir_assert *a) {
  const ir_layer *l = &c->g->layers[a->ref.layer];
  if (!l->shapes || a->ref.output >= l->noutputs) return;
  const ir_shape *s = &l->shapes[a->ref.output];
  if (s->ndims == 0) return;   /* unknown: nothing to check */
  bool same = s->ndims == a->ndims;
  for (int i = 0; same && i < s->ndims; i++) same = a->dims[i] < 0 || a->dims[i] == s->d[i];
  if (same) return;
  char have[SHAPE_BUF], want[SHAPE_BUF], name[NAME_BUF];
  diag *d = diag_add(c->diags, DIAG_ERROR, "shape-assertion", c->g->src, a->loc,
                     "%s has shape %s, not %s as asserted", tensor_name(c, a->ref, name, sizeof name),
                     shape_format(have, s), (shape_assert_format(want, a), want));
  const ir_site *site = l->site;
  while (site && call_in_statement(c->g->src, site->loc, a->loc)) site = site->parent;
  for (; site && d; site = site->parent)
    diag_note_add(c->diags, d, c->g->src, site->loc, "in block '%s' called here", site->block);
  c->ok = false;
}

/* ---- the pass ---------------------------------------------------------------- */

bool pass_shapes(arena *a, ir_graph *g, diag_list *diags) {
  shape_ctx c = {g, diags, true};
  size_t total = 0, maxin = 1;
  for (uint32_t i = 0; i < g->nlayers; i++) {
    total += g->layers[i].noutputs;
    if (g->layers[i].ninputs > maxin) maxin = g->layers[i].ninputs;
  }
  ir_shape *all = arena_calloc(a, total ? total : 1, sizeof *all);
  const ir_shape **ins = arena_calloc(a, maxin, sizeof *ins);
  for (uint32_t i = 0; i < g->nlayers; i++) {
    ir_layer *l = &g->layers[i];
    /* A layer without outputs (Silence) has no shapes: a pointer into the
     * array would be the next layer's, and readers take shapes[0] as the
     * layer's own. */
    l->shapes = l->noutputs ? all : NULL;
    all += l->noutputs;
    bool known = true;
    for (uint32_t k = 0; k < l->ninputs; k++) {
      const ir_layer *p = &g->layers[l->inputs[k].layer];
      ins[k] = &p->shapes[l->inputs[k].output];
      if (ins[k]->ndims == 0) known = false;
    }
    l->in_shape = l->ninputs ? *ins[0] : unknown_shape;
    /* Downstream of an unknown shape, or of an error already reported,
     * shapes stay unknown and nothing more is said. */
    if (!known || l->noutputs == 0) continue;
    /* A depthwise convolution from a Caffe fork has one group per input
     * channel, known only now. */
    if (l->p.depthwise && l->in_shape.ndims == 3) l->p.groups = l->in_shape.d[0];
    if (!shape_layer(&c, l, ins))
      for (uint32_t k = 0; k < l->noutputs; k++) l->shapes[k] = unknown_shape;
  }
  for (uint32_t i = 0; i < g->nasserts; i++) check_assert(&c, &g->asserts[i]);
  return c.ok;
}

/* Caffe layer types onto IR ops: the table of types, the numbers of
 * bottoms and tops Caffe allows, and each type's parameters. A layer whose
 * meaning the IR cannot hold becomes an opaque layer with a warning (its
 * outputs then have unknown shapes); nothing is dropped.
 *
 * Diagnostic codes:
 *   wrong-arity          bottoms or tops Caffe does not allow for the type
 *   missing-field        num_output, a kernel size
 *   out-of-range         a zero kernel or stride, an even LRN size, ...
 *   conflicting-fields   two ways of giving one value (kernel_size and kernel_h)
 *   opaque-layer         (warning) a layer archc does not model
 *   training-layer       (note) losses, accuracy and Silence, kept opaque
 *   eltwise-coefficients (note) Eltwise SUM with coefficients, taken as a sum */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caffe/import.h"
#include "util/xalloc.h"

typedef struct ctype {
  const char *name;
  ckind kind;
  int8_t bmin, bmax, tmin, tmax;   /* Caffe's limits; -1: no limit */
} ctype;

static const ctype types[] = {
  {"Convolution", CK_MAPPED, 1, -1, 1, -1},
  {"Deconvolution", CK_MAPPED, 1, -1, 1, -1},
  {"ConvolutionDepthwise", CK_MAPPED, 1, -1, 1, -1},
  {"DepthwiseConvolution", CK_MAPPED, 1, -1, 1, -1},
  {"Pooling", CK_MAPPED, 1, 1, 1, 2},
  {"InnerProduct", CK_MAPPED, 1, 1, 1, 1},
  {"ReLU", CK_MAPPED, 1, 1, 1, 1},
  {"PReLU", CK_MAPPED, 1, 1, 1, 1},
  {"ELU", CK_MAPPED, 1, 1, 1, 1},
  {"Sigmoid", CK_MAPPED, 1, 1, 1, 1},
  {"TanH", CK_MAPPED, 1, 1, 1, 1},
  {"AbsVal", CK_MAPPED, 1, 1, 1, 1},
  {"BNLL", CK_MAPPED, 1, 1, 1, 1},
  {"Power", CK_MAPPED, 1, 1, 1, 1},
  {"Dropout", CK_MAPPED, 1, 1, 1, 1},
  {"LRN", CK_MAPPED, 1, 1, 1, 1},
  {"BatchNorm", CK_MAPPED, 1, 1, 1, 1},
  {"BN", CK_MAPPED, 1, 1, 1, 1},
  {"Scale", CK_MAPPED, 1, 2, 1, 1},
  {"Softmax", CK_MAPPED, 1, 1, 1, 1},
  {"Flatten", CK_MAPPED, 1, 1, 1, 1},
  {"Concat", CK_MAPPED, 1, -1, 1, 1},
  {"Eltwise", CK_MAPPED, 2, -1, 1, 1},
  {"Slice", CK_MAPPED, 1, 1, 1, -1},
  {"Split", CK_SPLIT, 1, 1, 1, -1},
  {"Data", CK_SOURCE, 0, 0, 1, 2},
  {"ImageData", CK_SOURCE, 0, 0, 1, 2},
  {"WindowData", CK_SOURCE, 0, 0, 1, 2},
  {"MemoryData", CK_SOURCE, 0, 0, 1, 2},
  {"HDF5Data", CK_SOURCE, 0, 0, 1, -1},
  {"DummyData", CK_SOURCE, 0, 0, 1, -1},
  {"Input", CK_SOURCE, 0, 0, 1, -1},
  {"DenseImageData", CK_SOURCE, 0, 0, 1, 2},
  {"AnnotatedData", CK_SOURCE, 0, 0, 1, 2},
  {"SoftmaxWithLoss", CK_TRAINING, -1, -1, -1, -1},
  {"EuclideanLoss", CK_TRAINING, -1, -1, -1, -1},
  {"SigmoidCrossEntropyLoss", CK_TRAINING, -1, -1, -1, -1},
  {"ContrastiveLoss", CK_TRAINING, -1, -1, -1, -1},
  {"HingeLoss", CK_TRAINING, -1, -1, -1, -1},
  {"InfogainLoss", CK_TRAINING, -1, -1, -1, -1},
  {"MultinomialLogisticLoss", CK_TRAINING, -1, -1, -1, -1},
  {"MultiBoxLoss", CK_TRAINING, -1, -1, -1, -1},
  {"SmoothL1Loss", CK_TRAINING, -1, -1, -1, -1},
  {"Accuracy", CK_TRAINING, -1, -1, -1, -1},
  {"Silence", CK_TRAINING, 1, -1, 0, 0},
  {"HDF5Output", CK_TRAINING, -1, -1, -1, -1},
};

static const ctype *type_of(const char *name) {
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (strcmp(types[i].name, name) == 0) return &types[i];
  return NULL;
}

bool caffe_type_is_mapped(const char *type) {
  const ctype *t = type ? type_of(type) : NULL;
  return t && t->kind == CK_MAPPED;
}

/* Unknown types with no bottoms produce data (Python data layers, say). */
ckind imp_kind(const char *type, uint32_t nbottoms, uint32_t ntops) {
  const ctype *t = type_of(type);
  if (t) return t->kind;
  /* Without bottoms, a fork's data layer; without tops either, it makes
   * nothing, and would vanish as a source: an opaque layer. */
  return nbottoms == 0 && ntops > 0 ? CK_SOURCE : CK_OPAQUE;
}

static const char *how_many(int lo, int hi) {
  if (lo == hi) return lo == 0 ? "no" : lo == 1 ? "one" : "two";
  if (hi < 0) return lo == 1 ? "at least one" : lo == 2 ? "at least two" : "any number of";
  return "one or two";
}

bool imp_check_arity(imp *I, const clayer *L) {
  const ctype *t = type_of(L->type);
  if (!t) return true;
  bool ok = true;
  if ((t->bmin >= 0 && L->nbottoms < (uint32_t)t->bmin) ||
      (t->bmax >= 0 && L->nbottoms > (uint32_t)t->bmax)) {
    imp_error(I, "wrong-arity", L->loc, "%s takes %s bottom blob%s, not %" PRIu32,
              imp_layer_desc(I, L), how_many(t->bmin, t->bmax),
              t->bmin == 1 && t->bmax == 1 ? "" : "s", L->nbottoms);
    ok = false;
  }
  if ((t->tmin >= 0 && L->ntops < (uint32_t)t->tmin) ||
      (t->tmax >= 0 && L->ntops > (uint32_t)t->tmax)) {
    imp_error(I, "wrong-arity", L->loc, "%s takes %s top blob%s, not %" PRIu32,
              imp_layer_desc(I, L), how_many(t->tmin, t->tmax),
              t->tmin == 1 && t->tmax == 1 ? "" : "s", L->ntops);
    ok = false;
  }
  return ok;
}

/* ---- building nodes ---------------------------------------------------------------- */

static const char *node_name(const clayer *L) {
  if (*L->name) return L->name;
  return L->ntops ? L->tops[0].s : L->type;
}

static const cblob *in_blob(imp *I, const clayer *L, uint32_t k) {
  if (k >= L->nbottoms || L->in[k] == UINT32_MAX) return NULL;
  const cblob *b = &I->blobs[L->in[k]];
  return b->has_ref ? b : NULL;
}

/* A node reading every resolved bottom of L and writing its tops. */
static uint32_t node(imp *I, const clayer *L, ir_op op, const char *name, uint32_t noutputs) {
  uint32_t idx = imp_ir_add(I, op, name, L->loc, L);
  ir_layer *l = &I->ir[idx];
  l->inputs = arena_calloc(I->arena, L->nbottoms ? L->nbottoms : 1, sizeof *l->inputs);
  for (uint32_t k = 0; k < L->nbottoms; k++) {
    const cblob *b = in_blob(I, L, k);
    if (b) l->inputs[l->ninputs++] = b->ref;
  }
  l->noutputs = noutputs;
  return idx;
}

/* Points L's tops at outputs of node `idx`, with what is known of their
 * channels and rank. */
static void bind_tops(imp *I, const clayer *L, uint32_t idx, int64_t channels, int rank) {
  for (uint32_t t = 0; t < L->ntops; t++) {
    cblob *b = &I->blobs[L->out[t]];
    b->ref = (ir_ref){idx, t < I->ir[idx].noutputs ? t : 0};
    b->has_ref = true;
    b->channels = channels;
    b->rank = rank;
  }
}

static void opaque(imp *I, const clayer *L) {
  uint32_t idx = node(I, L, OP_OPAQUE, node_name(L), L->ntops);
  I->ir[idx].p.type = L->type;
  bind_tops(I, L, idx, -1, 0);
}

/* Opaque layers are remembered, and reported together at the end: one
 * warning per layer type (or per type and reason, when the parameters
 * made a layer opaque), at the first such layer. */
static void opaque_warning(imp *I, const clayer *L, const char *why) {
  char *key = arena_printf(I->arena, "%s|%s", L->type, why ? why : "");
  uint32_t first;
  if (strmap_get(&I->opaque_groups, key, strlen(key), &first)) {
    I->opaque[first].more++;
    return;
  }
  I->opaque = xgrow(I->opaque, &I->cap_opaque, I->nopaque + 1, sizeof *I->opaque);
  strmap_add(&I->opaque_groups, key, strlen(key), I->nopaque);
  I->opaque[I->nopaque++] = (struct opaque_use){(uint32_t)(L - I->layers), why, 0};
}

void imp_opaque_warnings(imp *I) {
  for (uint32_t i = 0; i < I->nopaque; i++) {
    const struct opaque_use *u = &I->opaque[i];
    uint32_t more = u->more;
    const clayer *L = &I->layers[u->layer];
    if (u->why) {
      const char *rest = more ? arena_printf(I->arena, "it and %" PRIu32 " more such layer%s "
                                             "are kept as opaque layers, and shapes after "
                                             "them are", more, more == 1 ? "" : "s")
                              : "it is kept as an opaque layer, and shapes after it are";
      imp_warning(I, "opaque-layer", L->loc, "%s is not modelled: %s; %s unknown",
                  imp_layer_desc(I, L), u->why, rest);
      continue;
    }
    const char *who = *L->name ? arena_printf(I->arena, "'%s'", L->name) : "one";
    const char *rest = more ? arena_printf(I->arena, "%s and %" PRIu32 " more are kept as opaque "
                                           "layers, and shapes after them are", who, more)
                            : arena_printf(I->arena, "%s is kept as an opaque layer, and shapes "
                                           "after it are", who);
    imp_warning(I, "opaque-layer", L->loc, "archc does not model layers of type '%s'; %s unknown",
                L->type, rest);
  }
  free(I->opaque);
}

/* ---- parameters ------------------------------------------------------------------- */

typedef enum mapped { M_OK, M_OPAQUE, M_ERROR } mapped;

typedef struct mapping {
  ir_op op;
  ir_params p;
  uint32_t noutputs;
  const char *why;           /* M_OPAQUE: the reason */
  int64_t channels;          /* of the output(s), -1: unknown */
  int rank;
} mapping;

/* The op, with its defaults in place before the mapping sets parameters. */
static void set_op(mapping *mp, ir_op op) {
  mp->op = op;
  ir_params_default(op, &mp->p);
}

static mapped too_small(imp *I, const clayer *L, pbv m, const char *field, int64_t v,
                        const char *least) {
  imp_error(I, "out-of-range", pbv_loc(m, field), "%s: %s %" PRId64 " must be at least %s",
            imp_layer_desc(I, L), field, v, least);
  return M_ERROR;
}

static mapped conflict(imp *I, const clayer *L, pbv m, const char *a, const char *b) {
  diag *d = imp_error(I, "conflicting-fields", pbv_loc(m, b),
                      "%s gives both %s and %s; Caffe takes one or the other",
                      imp_layer_desc(I, L), a, b);
  imp_note(I, d, pbv_loc(m, a), "%s is here", a);
  return M_ERROR;
}

/* A spatial pair from a repeated field (none: `dflt`; one value: both;
 * two: height and width) or from its _h/_w fields. */
static mapped pair(imp *I, const clayer *L, pbv m, const char *field, int64_t dflt,
                   int64_t least, int64_t out[2], mapping *mp) {
  char h[32], w[32];
  snprintf(h, sizeof h, "%s_h", strcmp(field, "kernel_size") == 0 ? "kernel" : field);
  snprintf(w, sizeof w, "%s_w", strcmp(field, "kernel_size") == 0 ? "kernel" : field);
  uint32_t n = pbv_count(m, field);
  if (pbv_has(m, h) || pbv_has(m, w)) {
    if (n) return conflict(I, L, m, field, pbv_has(m, h) ? h : w);
    if (!pbv_has(m, h) || !pbv_has(m, w)) {
      imp_error(I, "missing-field", pbv_loc(m, pbv_has(m, h) ? h : w),
                "%s: %s needs %s too", imp_layer_desc(I, L), pbv_has(m, h) ? h : w,
                pbv_has(m, h) ? w : h);
      return M_ERROR;
    }
    out[0] = pbv_int(m, h), out[1] = pbv_int(m, w);
    if (out[0] < least) return too_small(I, L, m, h, out[0], least ? "1" : "0");
    if (out[1] < least) return too_small(I, L, m, w, out[1], least ? "1" : "0");
    return M_OK;
  }
  if (n > 2) {
    mp->why = arena_printf(I->arena, "%s has %" PRIu32 " values: a convolution over %" PRIu32
                           " spatial axes", field, n, n);
    return M_OPAQUE;
  }
  if (n == 0) {
    out[0] = out[1] = dflt;
    return M_OK;
  }
  out[0] = pbv_int_nth(m, field, 0);
  out[1] = pbv_int_nth(m, field, n - 1);
  for (uint32_t k = 0; k < n; k++) {
    int64_t v = pbv_int_nth(m, field, k);
    if (v < least) {
      imp_error(I, "out-of-range", pbv_nth(m, field, k)->value.loc,
                "%s: %s %" PRId64 " must be at least %" PRId64, imp_layer_desc(I, L), field, v,
                least);
      return M_ERROR;
    }
  }
  return M_OK;
}

static mapped map_conv(imp *I, const clayer *L, mapping *mp) {
  pbv c = pbv_msg(L->msg, "convolution_param");
  bool depthwise = strcmp(L->type, "ConvolutionDepthwise") == 0 ||
                   strcmp(L->type, "DepthwiseConvolution") == 0;
  set_op(mp, strcmp(L->type, "Deconvolution") == 0 ? OP_DECONV : OP_CONV);
  if (!pbv_has(c, "num_output")) {
    imp_error(I, "missing-field", c.fields ? c.loc : L->loc,
              "%s needs convolution_param.num_output", imp_layer_desc(I, L));
    return M_ERROR;
  }
  mp->p.features = pbv_int(c, "num_output");
  if (mp->p.features < 1) return too_small(I, L, c, "num_output", mp->p.features, "1");
  if (L->nbottoms != 1 || L->ntops != 1) {
    mp->why = "it applies its filters to several bottoms";
    return M_OPAQUE;
  }
  if (pbv_int(c, "axis") != 1) {
    mp->why = arena_printf(I->arena, "its channel axis is %" PRId64, pbv_int(c, "axis"));
    return M_OPAQUE;
  }
  if (pbv_count(c, "kernel_size") == 0 && !pbv_has(c, "kernel_h") && !pbv_has(c, "kernel_w")) {
    imp_error(I, "missing-field", c.fields ? c.loc : L->loc,
              "%s needs a kernel size (kernel_size, or kernel_h and kernel_w)",
              imp_layer_desc(I, L));
    return M_ERROR;
  }
  mapped r;
  if ((r = pair(I, L, c, "kernel_size", 1, 1, mp->p.kernel, mp)) != M_OK) return r;
  if ((r = pair(I, L, c, "stride", 1, 1, mp->p.stride, mp)) != M_OK) return r;
  if ((r = pair(I, L, c, "pad", 0, 0, mp->p.pad, mp)) != M_OK) return r;
  uint32_t nd = pbv_count(c, "dilation");
  if (nd > 2) {
    mp->why = "dilation has more than two values";
    return M_OPAQUE;
  }
  for (uint32_t k = 0; k < 2; k++) {
    mp->p.dilation[k] = nd ? pbv_int_nth(c, "dilation", nd == 1 ? 0 : k) : 1;
    if (mp->p.dilation[k] < 1) return too_small(I, L, c, "dilation", mp->p.dilation[k], "1");
  }
  mp->p.groups = pbv_int(c, "group");
  if (mp->p.groups < 1) return too_small(I, L, c, "group", mp->p.groups, "1");
  mp->p.bias = pbv_bool(c, "bias_term");
  if (depthwise) {
    const cblob *in = in_blob(I, L, 0);
    mp->p.depthwise = true;
    mp->p.groups = in && in->channels > 0 ? in->channels : 1;
  }
  mp->channels = mp->p.features;
  mp->rank = 3;
  return M_OK;
}

static mapped map_pool(imp *I, const clayer *L, mapping *mp) {
  pbv p = pbv_msg(L->msg, "pooling_param");
  const char *pool = pbv_enum(p, "pool");
  set_op(mp, !strcmp(pool, "AVE")          ? OP_AVGPOOL
             : !strcmp(pool, "STOCHASTIC") ? OP_STOCHPOOL
                                           : OP_MAXPOOL);
  if (L->ntops == 2 && mp->op != OP_MAXPOOL) {
    imp_error(I, "wrong-arity", L->loc,
              "%s has two tops, but only MAX pooling writes a second one (the argmax mask)",
              imp_layer_desc(I, L));
    return M_ERROR;
  }
  mp->noutputs = L->ntops;
  mp->p.global = pbv_bool(p, "global_pooling");
  bool ks = pbv_has(p, "kernel_size"), kh = pbv_has(p, "kernel_h"), kw = pbv_has(p, "kernel_w");
  if (mp->p.global) {
    if (ks || kh || kw) {
      imp_error(I, "conflicting-fields", pbv_loc(p, ks ? "kernel_size" : kh ? "kernel_h" : "kernel_w"),
                "%s pools globally, so it takes no kernel size", imp_layer_desc(I, L));
      return M_ERROR;
    }
  } else if (ks && (kh || kw)) {
    return conflict(I, L, p, "kernel_size", kh ? "kernel_h" : "kernel_w");
  } else if (ks) {
    mp->p.kernel[0] = mp->p.kernel[1] = pbv_int(p, "kernel_size");
    if (mp->p.kernel[0] < 1) return too_small(I, L, p, "kernel_size", mp->p.kernel[0], "1");
  } else if (kh && kw) {
    mp->p.kernel[0] = pbv_int(p, "kernel_h"), mp->p.kernel[1] = pbv_int(p, "kernel_w");
    if (mp->p.kernel[0] < 1) return too_small(I, L, p, "kernel_h", mp->p.kernel[0], "1");
    if (mp->p.kernel[1] < 1) return too_small(I, L, p, "kernel_w", mp->p.kernel[1], "1");
  } else {
    imp_error(I, "missing-field", kh || kw ? pbv_loc(p, kh ? "kernel_h" : "kernel_w")
                                           : p.fields ? p.loc : L->loc,
              "%s needs a kernel size (kernel_size, or kernel_h and kernel_w)%s",
              imp_layer_desc(I, L), kh || kw ? "" : ", or global_pooling: true");
    return M_ERROR;
  }
  /* Caffe: pad (or stride) alone, or both of pad_h and pad_w. */
  static const char *const names[2][3] = {{"pad", "pad_h", "pad_w"},
                                          {"stride", "stride_h", "stride_w"}};
  for (int k = 0; k < 2; k++) {
    const char *one = names[k][0], *h = names[k][1], *w = names[k][2];
    int64_t *out = k ? mp->p.stride : mp->p.pad;
    bool has1 = pbv_has(p, one), hash = pbv_has(p, h), hasw = pbv_has(p, w);
    if (has1 && (hash || hasw)) return conflict(I, L, p, one, hash ? h : w);
    if (hash != hasw) {
      imp_error(I, "missing-field", pbv_loc(p, hash ? h : w), "%s: %s needs %s too",
                imp_layer_desc(I, L), hash ? h : w, hash ? w : h);
      return M_ERROR;
    }
    if (hash) out[0] = pbv_int(p, h), out[1] = pbv_int(p, w);
    else out[0] = out[1] = pbv_int(p, one);
    if (k == 1 && (out[0] < 1 || out[1] < 1))
      return too_small(I, L, p, hash ? (out[0] < 1 ? h : w) : one, out[0] < 1 ? out[0] : out[1],
                       "1");
  }
  bool ceil = strcmp(pbv_enum(p, "round_mode"), "CEIL") == 0;
  if (pbv_has(p, "ceil_mode")) {
    if (pbv_has(p, "round_mode") && pbv_bool(p, "ceil_mode") != ceil)
      return conflict(I, L, p, "round_mode", "ceil_mode");
    ceil = pbv_bool(p, "ceil_mode");
  }
  mp->p.ceil = ceil;
  const cblob *in = in_blob(I, L, 0);
  mp->channels = in ? in->channels : -1;
  mp->rank = 3;
  return M_OK;
}

static mapped map_fc(imp *I, const clayer *L, mapping *mp) {
  pbv c = pbv_msg(L->msg, "inner_product_param");
  set_op(mp, OP_FC);
  if (!pbv_has(c, "num_output")) {
    imp_error(I, "missing-field", c.fields ? c.loc : L->loc,
              "%s needs inner_product_param.num_output", imp_layer_desc(I, L));
    return M_ERROR;
  }
  mp->p.features = pbv_int(c, "num_output");
  if (mp->p.features < 1) return too_small(I, L, c, "num_output", mp->p.features, "1");
  if (pbv_int(c, "axis") != 1) {
    mp->why = arena_printf(I->arena, "it keeps the axes before axis %" PRId64,
                           pbv_int(c, "axis"));
    return M_OPAQUE;
  }
  mp->p.bias = pbv_bool(c, "bias_term");
  mp->channels = mp->p.features;
  mp->rank = 1;
  return M_OK;
}

/* Caffe's axis (the batch is axis 0; negative counts from the end) as an
 * IR axis; false with a reason when the IR has no such axis. */
static bool caffe_axis(imp *I, const clayer *L, int64_t axis, ir_axis *out, mapping *mp) {
  const cblob *in = in_blob(I, L, 0);
  int rank = in ? in->rank : 0;
  if (axis < 0) {
    if (!rank) {
      mp->why = arena_printf(I->arena, "axis %" PRId64 " counts from the end of a tensor of "
                             "unknown rank", axis);
      return false;
    }
    axis += rank + 1;
  }
  if (axis == 0) {
    mp->why = "it works along the batch axis";
    return false;
  }
  if (axis > 3 || (rank && axis > rank)) {
    mp->why = arena_printf(I->arena, "axis %" PRId64 " is not an axis of %s", axis,
                           rank ? "its input" : "a CxHxW tensor");
    return false;
  }
  *out = (ir_axis)(axis - 1);
  return true;
}

/* axis or its legacy name; both at once is what Caffe refuses. */
static mapped axis_field(imp *I, const clayer *L, pbv m, const char *legacy, ir_axis *out,
                         mapping *mp) {
  if (pbv_has(m, "axis") && pbv_has(m, legacy)) return conflict(I, L, m, legacy, "axis");
  int64_t axis = pbv_has(m, "axis") ? pbv_int(m, "axis") : pbv_int(m, legacy);
  return caffe_axis(I, L, axis, out, mp) ? M_OK : M_OPAQUE;
}

static mapped map_concat(imp *I, const clayer *L, mapping *mp) {
  pbv c = pbv_msg(L->msg, "concat_param");
  set_op(mp, OP_CONCAT);
  mapped r = axis_field(I, L, c, "concat_dim", &mp->p.axis, mp);
  if (r != M_OK) return r;
  const cblob *in0 = in_blob(I, L, 0);
  mp->rank = in0 ? in0->rank : 0;
  mp->channels = in0 ? in0->channels : -1;
  if (mp->p.axis == AXIS_C) {
    int64_t sum = 0;
    for (uint32_t k = 0; k < L->nbottoms && sum >= 0; k++) {
      const cblob *b = in_blob(I, L, k);
      if (!b || b->channels < 0 || __builtin_add_overflow(sum, b->channels, &sum)) sum = -1;
    }
    mp->channels = sum;
  }
  return M_OK;
}

static mapped map_slice(imp *I, const clayer *L, mapping *mp) {
  pbv s = pbv_msg(L->msg, "slice_param");
  set_op(mp, OP_SLICE);
  mp->noutputs = L->ntops;
  mapped r = axis_field(I, L, s, "slice_dim", &mp->p.axis, mp);
  if (r != M_OK) return r;
  uint32_t n = pbv_count(s, "slice_point");
  const cblob *in = in_blob(I, L, 0);
  if (n == 0) {
    /* Equal parts: the size along the axis must be known here. */
    if (L->ntops < 2) {
      mp->why = "it cuts its input into one piece";
      return M_OPAQUE;
    }
    if (mp->p.axis != AXIS_C || !in || in->channels < 0) {
      mp->why = "it cuts its input into equal parts of a size known only from the shapes";
      return M_OPAQUE;
    }
    if (in->channels % L->ntops != 0) {
      imp_error(I, "out-of-range", L->loc,
                "%s cuts %" PRId64 " channels into %" PRIu32 " equal parts", imp_layer_desc(I, L),
                in->channels, L->ntops);
      return M_ERROR;
    }
    n = L->ntops - 1;
    mp->p.points = arena_calloc(I->arena, n, sizeof *mp->p.points);
    for (uint32_t k = 0; k < n; k++) mp->p.points[k] = (int64_t)(k + 1) * (in->channels / L->ntops);
  } else {
    if (n + 1 != L->ntops) {
      imp_error(I, "wrong-arity", L->loc, "%s has %" PRIu32 " slice points, so %" PRIu32
                " tops, not %" PRIu32, imp_layer_desc(I, L), n, n + 1, L->ntops);
      return M_ERROR;
    }
    mp->p.points = arena_calloc(I->arena, n, sizeof *mp->p.points);
    for (uint32_t k = 0; k < n; k++) {
      int64_t v = pbv_int_nth(s, "slice_point", k);
      if (v < 1 || (k && v <= mp->p.points[k - 1])) {
        imp_error(I, "out-of-range", pbv_nth(s, "slice_point", k)->value.loc,
                  "%s: slice points must be at least 1 and increase", imp_layer_desc(I, L));
        return M_ERROR;
      }
      mp->p.points[k] = v;
    }
  }
  mp->p.npoints = n;
  mp->rank = in ? in->rank : 0;
  mp->channels = -1;   /* per piece; not tracked */
  if (mp->p.axis != AXIS_C && in) mp->channels = in->channels;
  return M_OK;
}

static mapped map_eltwise(imp *I, const clayer *L, mapping *mp) {
  pbv e = pbv_msg(L->msg, "eltwise_param");
  const char *op = pbv_enum(e, "operation");
  set_op(mp, !strcmp(op, "PROD") ? OP_MUL : !strcmp(op, "MAX") ? OP_MAX : OP_ADD);
  uint32_t n = pbv_count(e, "coeff");
  if (n && mp->op != OP_ADD) {
    imp_error(I, "conflicting-fields", pbv_loc(e, "coeff"),
              "%s: coefficients apply only to operation SUM, not %s", imp_layer_desc(I, L), op);
    return M_ERROR;
  }
  if (n && n != L->nbottoms) {
    imp_error(I, "wrong-arity", pbv_loc(e, "coeff"),
              "%s has %" PRIu32 " coefficients for %" PRIu32 " bottoms; give one per bottom",
              imp_layer_desc(I, L), n, L->nbottoms);
    return M_ERROR;
  }
  bool plain = true;
  for (uint32_t k = 0; k < n; k++) plain &= pbv_float_nth(e, "coeff", k) == 1.0;
  if (!plain && I->ncoeff++ == 0) I->first_coeff = (uint32_t)(L - I->layers);
  const cblob *in = in_blob(I, L, 0);
  mp->channels = in ? in->channels : -1;
  mp->rank = in ? in->rank : 0;
  return M_OK;
}

/* Layers that keep their input's shape. */
static mapped map_same(imp *I, const clayer *L, mapping *mp) {
  const char *t = L->type;
  pbv m = L->msg;
  if (!strcmp(t, "ReLU")) {
    set_op(mp, OP_RELU);
    mp->p.negative_slope = pbv_float(pbv_msg(m, "relu_param"), "negative_slope");
  } else if (!strcmp(t, "PReLU")) {
    set_op(mp, OP_PRELU);
    mp->p.shared = pbv_bool(pbv_msg(m, "prelu_param"), "channel_shared");
  } else if (!strcmp(t, "ELU")) {
    set_op(mp, OP_ELU);
    mp->p.alpha = pbv_float(pbv_msg(m, "elu_param"), "alpha");
  } else if (!strcmp(t, "Sigmoid")) {
    set_op(mp, OP_SIGMOID);
  } else if (!strcmp(t, "TanH")) {
    set_op(mp, OP_TANH);
  } else if (!strcmp(t, "AbsVal")) {
    set_op(mp, OP_ABS);
  } else if (!strcmp(t, "BNLL")) {
    set_op(mp, OP_BNLL);
  } else if (!strcmp(t, "Power")) {
    pbv p = pbv_msg(m, "power_param");
    set_op(mp, OP_POWER);
    mp->p.power = pbv_float(p, "power");
    mp->p.scale = pbv_float(p, "scale");
    mp->p.shift = pbv_float(p, "shift");
  } else if (!strcmp(t, "Dropout")) {
    pbv d = pbv_msg(m, "dropout_param");
    set_op(mp, OP_DROPOUT);
    mp->p.ratio = pbv_float(d, "dropout_ratio");
    if (!(mp->p.ratio >= 0 && mp->p.ratio < 1)) {
      imp_error(I, "out-of-range", pbv_loc(d, "dropout_ratio"),
                "%s: dropout_ratio must be at least 0 and less than 1", imp_layer_desc(I, L));
      return M_ERROR;
    }
  } else if (!strcmp(t, "LRN")) {
    pbv p = pbv_msg(m, "lrn_param");
    set_op(mp, OP_LRN);
    mp->p.size = pbv_int(p, "local_size");
    if (mp->p.size < 1 || mp->p.size % 2 == 0) {
      imp_error(I, "out-of-range", pbv_loc(p, "local_size"),
                "%s: local_size %" PRId64 " must be odd", imp_layer_desc(I, L), mp->p.size);
      return M_ERROR;
    }
    mp->p.alpha = pbv_float(p, "alpha");
    mp->p.beta = pbv_float(p, "beta");
    mp->p.k = pbv_float(p, "k");
    mp->p.within = strcmp(pbv_enum(p, "norm_region"), "WITHIN_CHANNEL") == 0;
  } else if (!strcmp(t, "BatchNorm")) {
    pbv p = pbv_msg(m, "batch_norm_param");
    set_op(mp, OP_BATCHNORM);
    mp->p.eps = pbv_float(p, "eps");
    if (!(mp->p.eps >= 0)) {
      imp_error(I, "out-of-range", pbv_loc(p, "eps"), "%s: eps must not be negative",
                imp_layer_desc(I, L));
      return M_ERROR;
    }
  } else if (!strcmp(t, "Scale")) {
    pbv p = pbv_msg(m, "scale_param");
    set_op(mp, OP_SCALE);
    if (L->nbottoms != 1) {
      mp->why = "its second bottom gives the scale (a product with broadcasting)";
      return M_OPAQUE;
    }
    if (pbv_int(p, "axis") != 1 || pbv_int(p, "num_axes") != 1) {
      mp->why = arena_printf(I->arena, "it scales axes %" PRId64 " to %" PRId64
                             ", not the channels", pbv_int(p, "axis"),
                             pbv_int(p, "axis") + pbv_int(p, "num_axes") - 1);
      return M_OPAQUE;
    }
    mp->p.bias = pbv_bool(p, "bias_term");
  } else if (!strcmp(t, "Softmax")) {
    /* axis defaults to 1, the channels; SSD's heads normalize along 2. */
    set_op(mp, OP_SOFTMAX);
    if (!caffe_axis(I, L, pbv_int(pbv_msg(m, "softmax_param"), "axis"), &mp->p.axis, mp))
      return M_OPAQUE;
  }
  const cblob *in = in_blob(I, L, 0);
  mp->channels = in ? in->channels : -1;
  mp->rank = in ? in->rank : 0;
  return M_OK;
}

static mapped map_flatten(imp *I, const clayer *L, mapping *mp) {
  pbv f = pbv_msg(L->msg, "flatten_param");
  set_op(mp, OP_FLATTEN);
  int64_t axis = pbv_int(f, "axis"), end = pbv_int(f, "end_axis");
  const cblob *in = in_blob(I, L, 0);
  int rank = in ? in->rank : 0;
  if (axis != 1 || (end != -1 && !(rank && end == rank))) {
    mp->why = arena_printf(I->arena, "it flattens axes %" PRId64 " to %" PRId64
                           ", not everything after the batch", axis, end);
    return M_OPAQUE;
  }
  mp->rank = 1;
  mp->channels = -1;
  return M_OK;
}

static mapped map(imp *I, const clayer *L, mapping *mp) {
  const char *t = L->type;
  if (strstr(t, "onvolution")) return map_conv(I, L, mp);
  if (!strcmp(t, "Pooling")) return map_pool(I, L, mp);
  if (!strcmp(t, "InnerProduct")) return map_fc(I, L, mp);
  if (!strcmp(t, "Concat")) return map_concat(I, L, mp);
  if (!strcmp(t, "Slice")) return map_slice(I, L, mp);
  if (!strcmp(t, "Eltwise")) return map_eltwise(I, L, mp);
  if (!strcmp(t, "Flatten")) return map_flatten(I, L, mp);
  return map_same(I, L, mp);
}

/* SegNet's and ENet's BN normalizes and then scales and shifts each
 * channel: batchnorm followed by scale with a bias, named NAME and
 * NAME.scale. */
static void bn_pair(imp *I, const clayer *L) {
  uint32_t bn = node(I, L, OP_BATCHNORM, node_name(L), 1);
  uint32_t sc = imp_ir_add(I, OP_SCALE, arena_printf(I->arena, "%s.scale", node_name(L)),
                           L->loc, L);
  I->ir[sc].inputs = arena_alloc(I->arena, sizeof(ir_ref));
  I->ir[sc].inputs[0] = (ir_ref){bn, 0};
  I->ir[sc].ninputs = 1;
  I->ir[sc].p.bias = true;
  const cblob *in = in_blob(I, L, 0);
  bind_tops(I, L, sc, in ? in->channels : -1, in ? in->rank : 0);
}

void imp_layer_nodes(imp *I, uint32_t li) {
  const clayer *L = &I->layers[li];
  switch (L->kind) {
  case CK_SPLIT: {
    const cblob *in = in_blob(I, L, 0);
    for (uint32_t t = 0; t < L->ntops && in; t++) {
      cblob *b = &I->blobs[L->out[t]];
      b->ref = in->ref;
      b->has_ref = true;
      b->channels = in->channels;
      b->rank = in->rank;
    }
    return;
  }
  case CK_TRAINING:
    if (I->ntraining++ == 0) I->first_training = li;
    opaque(I, L);
    return;
  case CK_OPAQUE:
    opaque_warning(I, L, NULL);
    opaque(I, L);
    return;
  case CK_SOURCE:
    return;
  case CK_MAPPED:
    break;
  }
  if (!strcmp(L->type, "BN")) {
    bn_pair(I, L);
    return;
  }
  mapping mp = {.noutputs = 1, .channels = -1};
  mapped r = map(I, L, &mp);
  if (r == M_OPAQUE) opaque_warning(I, L, mp.why);
  if (r != M_OK) {
    /* After an error the layer still stands, so that its readers do not
     * report a missing blob too. */
    opaque(I, L);
    return;
  }
  uint32_t idx = node(I, L, mp.op, node_name(L), mp.noutputs);
  I->ir[idx].p = mp.p;
  bind_tops(I, L, idx, mp.channels, mp.rank);
}

/* The corrected profile: the paper's 87 columns as its descriptions
 * intend them, computed on the graph IR after the shape and cost passes,
 * so that it works on any network. Every departure from the reference
 * (spec §9) is listed in doc/attributes.md; the comments below name the
 * quirk each rule fixes. */
#include "attr/corrected.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "passes/passes.h"
#include "util/xalloc.h"

/* ---- statistics ---------------------------------------------------------- */

typedef struct stat {
  double *v;
  size_t n, cap;
} stat;

static void push(stat *s, double x) {
  s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
  s->v[s->n++] = x;
}

static void put3(double *out, int avg, stat *s) {
  double lo = NAN, hi = NAN, sum = 0;
  for (size_t i = 0; i < s->n; i++) {
    if (i == 0 || s->v[i] < lo) lo = s->v[i];
    if (i == 0 || s->v[i] > hi) hi = s->v[i];
    sum += s->v[i];
  }
  out[avg - 2 - 4] = lo;
  out[avg - 1 - 4] = hi;
  out[avg - 4] = s->n ? sum / (double)s->n : NAN;
  free(s->v);
  *s = (stat){0};
}

static double prop(size_t num, size_t den) { return den ? (double)num / (double)den : 0.0; }

/* ---- the graph ------------------------------------------------------------- */

typedef struct view {
  const ir_graph *g;
  size_t *start;               /* consumers of layer i: users[start[i] .. start[i+1]) */
  uint32_t *users;
  bool *is_output;
} view;

static void view_init(view *v, const ir_graph *g) {
  size_t n = g->nlayers, m = 0;
  v->g = g;
  v->start = xcalloc(n + 1, sizeof *v->start);
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t k = 0; k < g->layers[i].ninputs; k++) v->start[g->layers[i].inputs[k].layer + 1]++;
  for (size_t i = 0; i < n; i++) v->start[i + 1] += v->start[i];
  m = v->start[n];
  v->users = xmalloc((m ? m : 1) * sizeof *v->users);
  size_t *fill = xmalloc((n + 1) * sizeof *fill);
  memcpy(fill, v->start, (n + 1) * sizeof *fill);
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t k = 0; k < g->layers[i].ninputs; k++)
      v->users[fill[g->layers[i].inputs[k].layer]++] = i;
  free(fill);
  v->is_output = xcalloc(n ? n : 1, sizeof *v->is_output);
  for (uint32_t i = 0; i < g->noutputs; i++) v->is_output[g->outputs[i].ref.layer] = true;
}

static void view_fini(view *v) {
  free(v->start);
  free(v->users);
  free(v->is_output);
}

static bool is_weight(ir_op op) { return op == OP_CONV || op == OP_DECONV || op == OP_FC; }
static bool is_conv(ir_op op) { return op == OP_CONV || op == OP_DECONV; }

/* Layers that keep the grid and the features: what a convolution "into" a
 * pooling may pass through. */
static bool is_passthrough(ir_op op) {
  return ir_op_is_activation(op) || op == OP_BATCHNORM || op == OP_SCALE || op == OP_DROPOUT ||
         op == OP_LRN;
}

static bool spatial(const ir_shape *s) { return s->ndims == 3; }

/* The window of a convolution or pooling; global pooling covers its input. */
static void window(const ir_layer *l, int64_t k[2], int64_t s[2]) {
  k[0] = l->p.kernel[0], k[1] = l->p.kernel[1];
  s[0] = l->p.stride[0], s[1] = l->p.stride[1];
  if (ir_op_is_pool(l->op) && l->p.global && spatial(&l->in_shape)) {
    k[0] = l->in_shape.d[1], k[1] = l->in_shape.d[2];
  }
}

/* Is any consumer of `i`, looking through pass-through layers, one for
 * which `want(op)` holds? */
static bool feeds(const view *v, uint32_t i, bool (*want)(ir_op), int depth) {
  if (depth > 64) return false;
  for (size_t e = v->start[i]; e < v->start[i + 1]; e++) {
    ir_op op = v->g->layers[v->users[e]].op;
    if (want(op)) return true;
    if (is_passthrough(op) && feeds(v, v->users[e], want, depth + 1)) return true;
  }
  return false;
}

/* Is input `k` of layer i, looking back through pass-through layers, made
 * by a layer for which want(op) holds? */
static bool fed_by(const ir_graph *g, uint32_t i, bool (*want)(ir_op)) {
  const ir_layer *l = &g->layers[i];
  for (int steps = 0; l->ninputs && steps < 64; steps++) {
    const ir_layer *p = &g->layers[l->inputs[0].layer];
    if (want(p->op)) return true;
    if (!is_passthrough(p->op)) return false;
    l = p;
  }
  return false;
}

static bool is_pool_op(ir_op op) { return ir_op_is_pool(op); }

/* ---- net depth: weight layers on input-to-output paths (quirk 16) ---------- */

static void net_depth(const view *v, double *out) {
  const ir_graph *g = v->g;
  size_t n = g->nlayers;
  double *cnt = xcalloc(n ? n : 1, sizeof *cnt), *sum = xcalloc(n ? n : 1, sizeof *sum);
  double *lo = xmalloc((n ? n : 1) * sizeof *lo), *hi = xmalloc((n ? n : 1) * sizeof *hi);
  /* Backwards over the topological order: paths from each layer to an
   * output, their count, the sum of their depths, and the extremes. */
  for (size_t i = n; i-- > 0;) {
    double w = is_weight(g->layers[i].op) ? 1 : 0;
    cnt[i] = v->is_output[i] ? 1 : 0;
    sum[i] = 0;
    lo[i] = v->is_output[i] ? 0 : INFINITY;
    hi[i] = v->is_output[i] ? 0 : -INFINITY;
    for (size_t e = v->start[i]; e < v->start[i + 1]; e++) {
      uint32_t u = v->users[e];
      cnt[i] += cnt[u];
      sum[i] += sum[u];
      if (lo[u] < lo[i]) lo[i] = lo[u];
      if (hi[u] > hi[i]) hi[i] = hi[u];
    }
    sum[i] += w * cnt[i];
    lo[i] += w;
    hi[i] += w;
  }
  /* Per input, then the reference's aggregation: the least minimum, the
   * greatest maximum, the mean of the means. */
  double least = INFINITY, most = -INFINITY, means = 0;
  size_t ninputs = 0;
  for (uint32_t i = 0; i < n; i++) {
    /* An input whose every path is free of weight layers (a label going
     * into a loss) has no depth to speak of. */
    if (g->layers[i].op != OP_INPUT || cnt[i] == 0 || hi[i] == 0) continue;
    if (lo[i] < least) least = lo[i];
    if (hi[i] > most) most = hi[i];
    means += sum[i] / cnt[i];
    ninputs++;
  }
  out[4 - 4] = ninputs ? least : NAN;
  out[5 - 4] = ninputs ? most : NAN;
  out[6 - 4] = ninputs ? means / (double)ninputs : NAN;
  free(cnt), free(sum), free(lo), free(hi);
}

/* ---- depth to the nearest input, in weight layers (quirks 18, 20) ---------- */

static int64_t *backward_depth(const ir_graph *g) {
  int64_t *d = xmalloc((g->nlayers ? g->nlayers : 1) * sizeof *d);
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    int64_t best = l->op == OP_INPUT ? 0 : -1;
    for (uint32_t k = 0; k < l->ninputs; k++) {
      int64_t b = d[l->inputs[k].layer];
      if (b >= 0 && (best < 0 || b < best)) best = b;
    }
    d[i] = best < 0 ? -1 : best + (is_weight(l->op) ? 1 : 0);
  }
  return d;
}

/* ---- grid reductions (quirks 5, 6, 17, 19) ------------------------------------- */

static void consecutive(const ir_graph *g, double *out) {
  stat area = {0}, height = {0}, width = {0};
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    if (!is_conv(l->op) && !ir_op_is_pool(l->op)) continue;
    if (!l->shapes || !spatial(&l->in_shape) || !spatial(&l->shapes[0])) continue;
    int64_t k[2], s[2];
    window(l, k, s);
    if (is_conv(l->op) && k[0] == 1 && k[1] == 1 && s[0] == 1 && s[1] == 1) continue;
    double hi = (double)l->in_shape.d[1], wi = (double)l->in_shape.d[2];
    double ho = (double)l->shapes[0].d[1], wo = (double)l->shapes[0].d[2];
    push(&area, 1 - ho * wo / (hi * wi));
    push(&height, 1 - ho / hi);
    push(&width, 1 - wo / wi);
  }
  put3(out, 47, &area);
  put3(out, 50, &height);
  put3(out, 53, &width);
}

static bool is_flat_op(ir_op op) { return op == OP_FC || op == OP_FLATTEN; }

/* Total reduction: from each input to the last spatial layers before the
 * classifier (those whose output goes into an fc or flatten layer, or is a
 * network output), per (input, layer) pair. */
static void total(const view *v, double *out) {
  const ir_graph *g = v->g;
  size_t n = g->nlayers;
  stat area = {0}, height = {0}, width = {0};
  bool *reach = xmalloc(n ? n : 1);
  for (uint32_t e = 0; e < n; e++) {
    const ir_layer *in = &g->layers[e];
    if (in->op != OP_INPUT || !in->shapes || !spatial(&in->shapes[0])) continue;
    memset(reach, 0, n);
    reach[e] = true;
    for (uint32_t i = e + 1; i < n; i++)
      for (uint32_t k = 0; k < g->layers[i].ninputs && !reach[i]; k++)
        reach[i] = reach[g->layers[i].inputs[k].layer];
    double h = (double)in->shapes[0].d[1], w = (double)in->shapes[0].d[2];
    for (uint32_t i = e + 1; i < n; i++) {
      const ir_layer *l = &g->layers[i];
      if (!reach[i] || !l->shapes || !spatial(&l->shapes[0])) continue;
      if (!(v->is_output[i] || feeds(v, i, is_flat_op, 0)) || is_passthrough(l->op)) continue;
      double ho = (double)l->shapes[0].d[1], wo = (double)l->shapes[0].d[2];
      push(&area, 1 - ho * wo / (h * w));
      push(&height, 1 - ho / h);
      push(&width, 1 - wo / w);
    }
  }
  free(reach);
  put3(out, 56, &area);
  put3(out, 59, &height);
  put3(out, 62, &width);
}

/* ---- everything else --------------------------------------------------------------- */

static bool inception_like(const ir_graph *g, const ir_layer *l) {
  /* A channel concatenation of two or more branches, one with a
   * convolution: an inception or fire module (quirk 23: not a name test). */
  if (l->op != OP_CONCAT || l->p.axis != AXIS_C || l->ninputs < 2) return false;
  for (uint32_t k = 0; k < l->ninputs; k++) {
    const ir_layer *p = &g->layers[l->inputs[k].layer];
    while (is_passthrough(p->op) && p->ninputs) p = &g->layers[p->inputs[0].layer];
    if (is_conv(p->op) || ir_op_is_pool(p->op)) return true;
  }
  return false;
}

static void counts(const view *v, const int64_t *depth, double *out) {
  const ir_graph *g = v->g;
  size_t nconv = 0, npool = 0, nfc = 0, ninc = 0, nsplit = 0, nmerge = 0, padded = 0, same = 0;
  size_t one = 0, nker = 0, square = 0, horiz = 0, vert = 0, relu = 0, sigm = 0, tanh_ = 0;
  size_t pools[3] = {0}, conv_pool = 0, pool_pool = 0, nk1 = 0, nonover = 0;
  stat neurons = {0}, weights = {0}, split_w = {0}, merge_w = {0}, area = {0}, feat = {0};
  stat sh = {0}, sw = {0}, f_depth = {0}, fa = {0}, fw = {0}, fh = {0}, ad = {0}, wd = {0};
  stat hd = {0};
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    size_t consumers = v->start[i + 1] - v->start[i];
    if (consumers > 1) {
      nsplit++;
      push(&split_w, (double)consumers);
    }
    if (l->ninputs > 1) {
      nmerge++;
      push(&merge_w, (double)l->ninputs);
    }
    if (l->op == OP_RELU) relu++;          /* activation layers (quirk 9) */
    if (l->op == OP_SIGMOID) sigm++;
    if (l->op == OP_TANH) tanh_++;
    if (inception_like(g, l)) ninc++;
    if (is_weight(l->op) && depth[i] > 0) push(&f_depth, (double)l->p.features / (double)depth[i]);
    if (l->op == OP_FC) {
      nfc++;
      int64_t in = 0;
      push(&neurons, (double)l->p.features);
      /* the real fan-in, C*H*W (quirk 8) */
      push(&weights, shape_count(&l->in_shape, &in) ? (double)in * (double)l->p.features : NAN);
    }
    if (!is_conv(l->op) && !ir_op_is_pool(l->op)) continue;
    int64_t k[2], s[2];
    window(l, k, s);
    nker++;
    double q = k[1] ? (double)k[0] / (double)k[1] : NAN;
    if (fabs(q - 1) <= 0.01) square++;
    if (k[0] && (double)k[1] / (double)k[0] > 16.0 / 9.0) horiz++;
    if (q > 16.0 / 9.0) vert++;
    bool one_by_one = k[0] == 1 && k[1] == 1;
    if (!one_by_one) {
      nk1++;
      if (k[0] <= s[0] && k[1] <= s[1]) nonover++;
      push(&sh, (double)s[0]);
      push(&sw, (double)s[1]);
    }
    if (ir_op_is_pool(l->op)) {
      npool++;
      pools[l->op == OP_MAXPOOL ? 0 : l->op == OP_AVGPOOL ? 1 : 2]++;
      if (fed_by(g, i, is_pool_op)) pool_pool++;
      continue;
    }
    nconv++;
    double a = (double)k[0] * (double)k[1], f = (double)l->p.features;
    push(&area, a);
    push(&feat, f);
    if (l->p.pad[0] || l->p.pad[1]) {
      padded++;
      /* "same" padding: the output grid equals the input grid (quirk 15) */
      if (l->shapes && spatial(&l->shapes[0]) && spatial(&l->in_shape) &&
          l->shapes[0].d[1] == l->in_shape.d[1] && l->shapes[0].d[2] == l->in_shape.d[2])
        same++;
    }
    if (one_by_one) one++;
    if (feeds(v, i, is_pool_op, 0)) conv_pool++;  /* convolutions, not poolings (quirk 14) */
    push(&fa, a ? f / a : 0);
    push(&fw, k[1] ? f / (double)k[1] : 0);
    push(&fh, k[0] ? f / (double)k[0] : 0);
    if (depth[i] > 0) {
      push(&ad, a / (double)depth[i]);
      push(&wd, (double)k[1] / (double)depth[i]);
      push(&hd, (double)k[0] / (double)depth[i]);
    }
  }
  out[7 - 4] = (double)nconv;
  out[8 - 4] = (double)ninc;
  out[9 - 4] = (double)npool;
  out[10 - 4] = (double)nfc;                 /* every fc layer (quirk 2) */
  put3(out, 13, &neurons);
  put3(out, 16, &weights);
  out[17 - 4] = (double)nsplit;              /* real branch points (quirks 10, 11) */
  put3(out, 20, &split_w);
  out[21 - 4] = (double)nmerge;
  put3(out, 24, &merge_w);
  put3(out, 27, &area);                      /* min, max and the real mean area (quirk 1) */
  put3(out, 30, &feat);
  out[31 - 4] = prop(conv_pool, nconv);
  out[32 - 4] = prop(pool_pool, npool);
  out[33 - 4] = prop(padded, nconv);
  out[34 - 4] = prop(same, padded);
  out[35 - 4] = prop(one, nconv);
  out[36 - 4] = prop(square, nker);
  out[37 - 4] = prop(horiz, nker);
  out[38 - 4] = prop(vert, nker);
  out[39 - 4] = (double)relu;
  out[40 - 4] = (double)sigm;
  out[41 - 4] = (double)tanh_;
  out[42 - 4] = (double)pools[0];
  out[43 - 4] = (double)pools[1];
  out[44 - 4] = (double)pools[2];
  out[63 - 4] = prop(nonover, nk1);          /* 0 when every kernel is 1x1 (quirk 24) */
  put3(out, 66, &sh);
  put3(out, 69, &sw);
  put3(out, 72, &f_depth);
  put3(out, 75, &fa);
  put3(out, 78, &fw);
  put3(out, 81, &fh);
  put3(out, 84, &ad);
  put3(out, 87, &wd);
  put3(out, 90, &hd);
}

void attr_corrected(const ir_graph *g, double out[ATTR_NCOLS]) {
  for (int i = 0; i < ATTR_NCOLS; i++) out[i] = NAN;
  view v;
  view_init(&v, g);
  int64_t *depth = backward_depth(g);
  counts(&v, depth, out);
  net_depth(&v, out);
  consecutive(g, out);
  total(&v, out);
  free(depth);
  view_fini(&v);
}

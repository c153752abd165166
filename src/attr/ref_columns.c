/* The 87 attribute columns of the reference profile (spec §7), from the
 * record graph of ref_build.c. Column numbers in comments are the spec's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/ref_paths.h"
#include "util/xalloc.h"

/* ---- statistics (§6.1) ------------------------------------------------------ */

typedef struct stat {
  double *v;
  size_t n, cap;
} stat;

static void push(stat *s, double x) {
  s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
  s->v[s->n++] = x;
}

/* MIN and MAX start from the first value and replace it only when a later
 * one is strictly smaller (larger): a NaN counts only in first place. */
static double smin(const stat *s) {
  if (!s->n) return NAN;
  double r = s->v[0];
  for (size_t i = 1; i < s->n; i++)
    if (s->v[i] < r) r = s->v[i];
  return r;
}

static double smax(const stat *s) {
  if (!s->n) return NAN;
  double r = s->v[0];
  for (size_t i = 1; i < s->n; i++)
    if (s->v[i] > r) r = s->v[i];
  return r;
}

static double savg(const stat *s) {
  if (!s->n) return NAN;
  double sum = 0;
  for (size_t i = 0; i < s->n; i++) sum += s->v[i];
  return sum / (double)s->n;
}

/* MIN, MAX, AVG into the spec's columns avg-2, avg-1 and avg. */
static void put3(double *out, int avg, const stat *s) {
  out[avg - 2 - 4] = smin(s);
  out[avg - 1 - 4] = smax(s);
  out[avg - 4] = savg(s);
}

static double prop(size_t num, size_t den) { return den ? (double)num / (double)den : 0.0; }

/* ---- helpers ------------------------------------------------------------------ */

static const char *key_at(const avec *v, size_t i) { return ((const char **)v->data)[i]; }

static bool live(const rec *r) { return !r->deleted; }

static bool is_1x1(const rec *r) { return r->kh == 1 && r->kw == 1; }

static void column_error(refg *g, const char *what, int first, int last, double *out) {
  diag_add(g->diags, DIAG_WARNING, "reference-column", g->net->src, (src_range){0, 0},
           "the reference cannot compute %s; those columns are NaN", what);
  for (int c = first; c <= last; c++) out[c - 4] = NAN;
}

static bool keep_depth(const rec *r) {
  if ((r)->kind == RK_CONCAT) return ref_is_inception_concat(r);
  return !((r)->kind == RK_FLATTEN || (r)->kind == RK_SPLIT || (r)->kind == RK_SLICE ||
           (r)->kind == RK_PLACEHOLDER || (r)->kind == RK_LRN);
}

/* ---- net depth (§7.1) --------------------------------------------------------- */

typedef struct depth_ctx {
  arena *arena;
  strmap seen;
  stat lengths;
} depth_ctx;

/* Each path without its last element, once per distinct sequence (the
 * record indexes themselves are the key). */
static void depth_path(void *p, const uint32_t *path, size_t len) {
  depth_ctx *c = p;
  size_t n = len ? len - 1 : 0;
  char *key = arena_alloc(c->arena, n * sizeof *path + 1);
  if (n) memcpy(key, path, n * sizeof *path);
  if (strmap_add(&c->seen, key, n * sizeof *path, 0)) push(&c->lengths, (double)n);
}

static void net_depth(refg *g, double *out) {
  stat mins = {0}, maxs = {0}, avgs = {0};
  bool failed = false;
  for (size_t i = 0; i < g->inputs.n && !failed; i++) {
    uint32_t e = ref_lookup(g, key_at(&g->inputs, i));
    depth_ctx c = {.arena = g->arena};
    strmap_init(&c.seen, g->arena);
    ref_walk_status st = e == NO_REC ? REF_WALK_OK : ref_paths(g, e, keep_depth, depth_path, &c);
    if (st == REF_WALK_CYCLE) {
      column_error(g, "net depth (a cycle is reachable from an input)", 4, 6, out);
      failed = true;
    } else if (st == REF_WALK_TOO_MANY) {
      column_error(g, "net depth (too many forward paths to enumerate)", 4, 6, out);
      failed = true;
    } else {
      push(&mins, smin(&c.lengths));
      push(&maxs, smax(&c.lengths));
      push(&avgs, savg(&c.lengths));
    }
    free(c.lengths.v);
  }
  if (!failed) {
    if (g->inputs.n == 0) {
      column_error(g, "net depth (no input: no top named data0...)", 4, 5, out);
      out[6 - 4] = NAN;
    } else {
      out[4 - 4] = smin(&mins);
      out[5 - 4] = smax(&maxs);
      out[6 - 4] = savg(&avgs);
    }
  }
  free(mins.v);
  free(maxs.v);
  free(avgs.v);
}

/* ---- grid reductions (§7.8, §7.9) ---------------------------------------------- */

static void consecutive_reduction(refg *g, const uint32_t *inputs, size_t ninputs, double *out) {
  bool *on_path = xcalloc(g->nrecs ? g->nrecs : 1, sizeof *on_path);
  ref_on_complete_paths(g, inputs, ninputs, on_path);
  stat area = {0}, height = {0}, width = {0};
  for (size_t i = 0; i < g->nrecs; i++) {
    const rec *r = &g->recs[i];
    if (!live(r) || !on_path[i]) continue;
    bool conv = (r)->kind == RK_CONV;
    if (!(conv || (r)->kind == RK_POOL) || (conv && is_1x1(r))) continue;
    double hi = (double)(r->in_grid[1] - r->ph), wi = (double)(r->in_grid[2] - r->pw);
    double ho = (double)r->grid[1], wo = (double)r->grid[2];
    push(&area, 1 - ho * wo / (hi * wi));
    push(&height, 1 - ho / hi);
    push(&width, 1 - wo / wi);
  }
  put3(out, 47, &area);
  put3(out, 50, &height);
  put3(out, 53, &width);
  free(on_path);
  free(area.v);
  free(height.v);
  free(width.v);
}

static void total_reduction(refg *g, const uint32_t *inputs, size_t ninputs, double *out) {
  stat area = {0}, height = {0}, width = {0};
  uint32_t *last = xmalloc((g->nrecs ? g->nrecs : 1) * sizeof *last);
  bool stuck = false;
  for (size_t i = 0; i < ninputs && !stuck; i++) {
    const rec *e = &g->recs[inputs[i]];
    size_t n = ref_last_qualifying(g, inputs[i], last, g->nrecs, &stuck);
    for (size_t k = 0; k < n && !stuck; k++) {
      const rec *x = &g->recs[last[k]];
      double h = (double)e->grid[1], w = (double)e->grid[2];
      double ho = x->has_grid ? (double)x->grid[1] : NAN;
      double wo = x->has_grid ? (double)x->grid[2] : NAN;
      push(&area, 1 - ho * wo / (h * w));
      push(&height, 1 - ho / h);
      push(&width, 1 - wo / w);
    }
  }
  if (stuck) {
    column_error(g, "total grid reduction (the inception jump finds no successor)", 54, 62, out);
  } else {
    put3(out, 56, &area);
    put3(out, 59, &height);
    put3(out, 62, &width);
  }
  free(last);
  free(area.v);
  free(height.v);
  free(width.v);
}

/* ---- ratios to depth (§7.11–§7.13) --------------------------------------------- */

static void depth_ratios(refg *g, double *out) {
  int64_t *unit = xmalloc((g->nrecs ? g->nrecs : 1) * sizeof *unit);
  int64_t *plain = xmalloc((g->nrecs ? g->nrecs : 1) * sizeof *plain);
  ref_depths(g, true, unit);
  ref_depths(g, false, plain);
  stat f = {0}, fa = {0}, fw = {0}, fh = {0}, ad = {0}, wd = {0}, hd = {0};
  bool f_failed = false, k_failed = false;
  for (size_t i = 0; i < g->nrecs; i++) {
    const rec *r = &g->recs[i];
    if (!live(r) || !ref_in_phase(r)) continue;
    bool conv = (r)->kind == RK_CONV;
    bool concat = (r)->kind == RK_CONCAT;
    bool member = r->inception;
    if ((conv || (r)->kind == RK_IP || concat) &&
        (concat ? ref_is_inception_concat(r) : !member)) {
      if (unit[i] < 0) f_failed = true;
      else push(&f, unit[i] ? (double)r->num / (double)unit[i] : 0.0);
    }
    if (!conv) continue;
    double area = (double)r->kh * (double)r->kw, kw = (double)r->kw, kh = (double)r->kh;
    double num = (double)r->num;
    push(&fa, area ? num / area : 0.0);
    push(&fw, kw ? num / kw : 0.0);
    push(&fh, kh ? num / kh : 0.0);
    if (plain[i] < 0) {
      k_failed = true;
      continue;
    }
    double d = (double)plain[i];
    push(&ad, d ? area / d : 0.0);
    push(&wd, d ? kw / d : 0.0);
    push(&hd, d ? kh / d : 0.0);
  }
  if (f_failed) column_error(g, "features to depth (no route to an input)", 70, 72, out);
  else put3(out, 72, &f);
  put3(out, 75, &fa);
  put3(out, 78, &fw);
  put3(out, 81, &fh);
  if (k_failed) {
    column_error(g, "kernel to depth (no route to an input)", 82, 90, out);
  } else {
    put3(out, 84, &ad);
    put3(out, 87, &wd);
    put3(out, 90, &hd);
  }
  free(unit);
  free(plain);
  free(f.v), free(fa.v), free(fw.v), free(fh.v), free(ad.v), free(wd.v), free(hd.v);
}

/* ---- everything else (§7.2–§7.7, §7.10) ------------------------------------------ */

static const rec *bottom_rec(refg *g, const rec *r, size_t k) {
  uint32_t b = r->bottom_ids[k];
  return b == NO_REC ? NULL : &g->recs[b];
}

static void counts(refg *g, double *out) {
  size_t nconv = 0, nconv_any = 0, ninc = 0, npool = 0, nip_test = 0, nsplit = 0, nconcat = 0;
  size_t padded = 0, one = 0, nker = 0, square = 0, horiz = 0, vert = 0, zero_kernel = 0;
  size_t relu = 0, sigm = 0, tanh_ = 0, pools[3] = {0}, q_into = 0, nq = 0, pool_pool = 0;
  size_t nk1 = 0, nonover = 0;
  stat neurons = {0}, weights = {0}, split_w = {0}, concat_w = {0}, area = {0}, feat = {0};
  stat sh = {0}, sw = {0};
  for (size_t i = 0; i < g->nrecs; i++) {
    const rec *r = &g->recs[i];
    if (!live(r)) continue;
    bool conv = (r)->kind == RK_CONV, pool = (r)->kind == RK_POOL;
    bool ip = (r)->kind == RK_IP;
    if (conv) nconv_any++;
    if (ip && r->phase == REF_TEST) nip_test++;
    if (!ref_in_phase(r)) continue;
    if (ref_is_inception_concat(r)) ninc++;
    size_t real_tops = 0;
    for (size_t k = 0; k < r->tops.n; k++) {
      uint32_t t = r->top_ids[k];
      if (t != NO_REC && !ref_is_passthrough(&g->recs[t])) real_tops++;
    }
    if (real_tops > 1) {
      nsplit++;
      push(&split_w, (double)r->tops.n);
    }
    if (r->bottoms.n > 1) {
      nconcat++;
      push(&concat_w, (double)r->bottoms.n);
    }
    if (ip) {
      push(&neurons, (double)r->num);
      push(&weights, (double)r->num_input * (double)r->num);
      if (r->tag && !strcmp(r->tag, "ReLU")) relu++;
      if (r->tag && !strcmp(r->tag, "Sigmoid")) sigm++;
      if (r->tag && !strcmp(r->tag, "TanH")) tanh_++;
    }
    if (conv) {
      nconv++;
      push(&area, (double)r->kh * (double)r->kw);
      push(&feat, (double)r->num);
      if (r->ph || r->pw) padded++;
      if (is_1x1(r)) one++;
      if (r->tag && !strcmp(r->tag, "ReLU")) relu++;
      if (r->tag && !strcmp(r->tag, "Sigmoid")) sigm++;
      if (r->tag && !strcmp(r->tag, "TanH")) tanh_++;
    }
    if (pool) {
      npool++;
      if (r->pool >= 0 && r->pool < 3) pools[r->pool]++;
      bool after_pool_any = false, after_pool_in = false, after_feature = false;
      for (size_t k = 0; k < r->bottoms.n; k++) {
        const rec *b = bottom_rec(g, r, k);
        if (!b) continue;
        if ((b)->kind == RK_POOL) {
          after_pool_any = true;
          if (ref_in_phase(b)) after_pool_in = true;
        }
        if ((b)->kind == RK_LRN || (b)->kind == RK_CONCAT || (b)->kind == RK_CONV)
          after_feature = true;
      }
      if (after_pool_in) pool_pool++;
      if (!after_pool_any) {
        nq++;
        if (after_feature) q_into++;
      }
    }
    if (conv || pool) {
      nker++;
      if (r->kh == 0 || r->kw == 0) {
        zero_kernel++;
      } else {
        double q = (double)r->kh / (double)r->kw;
        if (fabs(q - 1) <= 0.01) square++;
        if ((double)r->kw / (double)r->kh > 16.0 / 9.0) horiz++;
        if (q > 16.0 / 9.0) vert++;
      }
      if (!is_1x1(r)) {
        nk1++;
        if (r->kh <= r->sh && r->kw <= r->sw) nonover++;
        push(&sh, (double)r->sh);
        push(&sw, (double)r->sw);
      }
    }
  }
  out[7 - 4] = (double)nconv;
  out[8 - 4] = (double)ninc;
  out[9 - 4] = (double)npool;
  out[10 - 4] = (double)nip_test;
  put3(out, 13, &neurons);
  put3(out, 16, &weights);
  out[17 - 4] = (double)nsplit;
  put3(out, 20, &split_w);
  out[21 - 4] = (double)nconcat;
  put3(out, 24, &concat_w);
  out[25 - 4] = smin(&area);
  out[26 - 4] = smax(&area);
  out[27 - 4] = savg(&feat);
  out[28 - 4] = smin(&feat);
  out[29 - 4] = smax(&feat);
  out[30 - 4] = savg(&feat);
  out[31 - 4] = nconv_any && nq ? (double)q_into / (double)nconv_any : 0.0;
  out[32 - 4] = prop(pool_pool, npool);
  out[33 - 4] = prop(padded, nconv);
  out[34 - 4] = 0.0;
  out[35 - 4] = prop(one, nconv);
  if (zero_kernel) {
    column_error(g, "kernel shapes (a kernel dimension is 0)", 36, 38, out);
  } else {
    out[36 - 4] = prop(square, nker);
    out[37 - 4] = prop(horiz, nker);
    out[38 - 4] = prop(vert, nker);
  }
  out[39 - 4] = (double)relu;
  out[40 - 4] = (double)sigm;
  out[41 - 4] = (double)tanh_;
  out[42 - 4] = (double)pools[0];
  out[43 - 4] = (double)pools[1];
  out[44 - 4] = (double)pools[2];
  if (nker && !nk1) column_error(g, "overlap (every kernel is 1x1)", 63, 63, out);
  else out[63 - 4] = prop(nonover, nk1);
  put3(out, 66, &sh);
  put3(out, 69, &sw);
  free(neurons.v), free(weights.v), free(split_w.v), free(concat_w.v), free(area.v);
  free(feat.v), free(sh.v), free(sw.v);
}

bool ref_attributes(arena *a, diag_list *diags, const ref_net *net, ref_mode mode,
                    double out[ATTR_NCOLS]) {
  for (int i = 0; i < ATTR_NCOLS; i++) out[i] = NAN;
  refg g = {.arena = a, .diags = diags, .net = net, .mode = mode};
  strmap_init(&g.keys, a);
  bool ok = ref_build(&g);
  if (ok) {
    uint32_t *inputs = xmalloc((g.nrecs ? g.nrecs : 1) * sizeof *inputs);
    size_t ninputs = 0;
    for (size_t i = 0; i < g.nrecs; i++)
      if (live(&g.recs[i]) && (&g.recs[i])->kind == RK_INPUT) inputs[ninputs++] = (uint32_t)i;
    counts(&g, out);
    net_depth(&g, out);
    consecutive_reduction(&g, inputs, ninputs, out);
    total_reduction(&g, inputs, ninputs, out);
    depth_ratios(&g, out);
    free(inputs);
  }
  free(g.recs);
  return ok;
}

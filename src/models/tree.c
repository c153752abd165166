#include "models/tree.h"

#include <stdlib.h>

#include "models/sort.h"
#include "util/xalloc.h"

/* A node waiting to be grown: its rows are idx[start .. end). */
typedef struct pending {
  size_t start, end, depth;
  size_t parent;  /* index of the parent node within the tree */
  bool is_right;
} pending;

/* Sums over a set of rows, weighted by how often each row was drawn. */
typedef struct sums {
  double w, s;  /* total weight; weighted sum of y */
  size_t count; /* distinct rows */
} sums;

typedef struct split {
  int feature;
  double threshold;
  double score;  /* larger is better; see score() */
} split;

typedef struct grower {
  const tree_data *d;
  const double *w;
  const train_params *tp;
  size_t max_features;
  gsl_rng *rng;
  uint32_t *idx;     /* rows with w > 0, partitioned node by node */
  sort_pair *pairs;  /* scratch for sorting one feature */
  int *order;        /* features, shuffled as they are drawn */
} grower;

/* The children's total impurity is a constant minus this score, for both
 * criteria: Gini (w * gini = w - (s^2 + (w-s)^2) / w) and squared error
 * (w * variance = sum w y^2 - s^2 / w). So a split maximises it. */
static double part_score(model_task task, double w, double s) {
  if (task == TASK_CLASSIFY) return (s * s + (w - s) * (w - s)) / w;
  return s * s / w;
}

static double score(model_task task, const sums *l, const sums *all) {
  double wr = all->w - l->w, sr = all->s - l->s;
  return part_score(task, l->w, l->s) + part_score(task, wr, sr);
}

static void add_row(sums *a, const grower *g, uint32_t r) {
  a->w += g->w[r];
  a->s += g->w[r] * g->d->y[r];
  a->count++;
}

/* Best threshold of feature f over the node's rows: the midpoint between
 * consecutive distinct values that scores best. Returns false if f is
 * constant in the node. */
static bool best_threshold(grower *g, int f, size_t start, size_t end, const sums *all,
                           split *best) {
  const double *col = g->d->x + (size_t)f * g->d->n;
  size_t m = end - start;
  for (size_t k = 0; k < m; k++) {
    uint32_t r = g->idx[start + k];
    g->pairs[k] = (sort_pair){col[r], r};
  }
  sort_pairs(g->pairs, m);
  if (g->pairs[0].key == g->pairs[m - 1].key) return false;
  sums l = {0};
  size_t min_leaf = g->tp->min_leaf;
  for (size_t k = 0; k + 1 < m; k++) {
    add_row(&l, g, g->pairs[k].index);
    double a = g->pairs[k].key, b = g->pairs[k + 1].key;
    if (a == b || l.count < min_leaf || m - l.count < min_leaf) continue;
    double sc = score(g->d->task, &l, all);
    if (sc > best->score) {
      double t = a + (b - a) / 2;
      best->feature = f;
      best->threshold = t < b ? t : a;
      best->score = sc;
    }
  }
  return true;
}

/* A threshold drawn uniformly between the feature's extremes in the node. */
static bool random_threshold(grower *g, int f, size_t start, size_t end, const sums *all,
                             split *best) {
  const double *col = g->d->x + (size_t)f * g->d->n;
  double lo = col[g->idx[start]], hi = lo;
  for (size_t k = start + 1; k < end; k++) {
    double v = col[g->idx[k]];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo == hi) return false;
  double t = lo + gsl_rng_uniform(g->rng) * (hi - lo);
  if (!(t < hi)) t = lo;  /* rounding must leave a row on the right */
  sums l = {0};
  for (size_t k = start; k < end; k++)
    if (col[g->idx[k]] <= t) add_row(&l, g, g->idx[k]);
  size_t m = end - start;
  if (l.count < g->tp->min_leaf || m - l.count < g->tp->min_leaf) return true;
  double sc = score(g->d->task, &l, all);
  if (sc > best->score) *best = (split){f, t, sc};
  return true;
}

/* Tries features in random order until max_features of them vary in the
 * node (constant ones do not count), as in Breiman's forests. */
static split find_split(grower *g, size_t start, size_t end, const sums *all) {
  split best = {-1, 0, -1};
  size_t p = g->d->p, tried = 0;
  for (size_t i = 0; i < p; i++) g->order[i] = (int)i;
  for (size_t i = 0; i < p && tried < g->max_features; i++) {
    size_t j = i + gsl_rng_uniform_int(g->rng, p - i);
    int f = g->order[j];
    g->order[j] = g->order[i];
    g->order[i] = f;
    bool varies = g->d->random_thresholds ? random_threshold(g, f, start, end, all, &best)
                                          : best_threshold(g, f, start, end, all, &best);
    if (varies) tried++;
  }
  return best;
}

static bool is_pure(const grower *g, size_t start, size_t end, const sums *all) {
  if (g->d->task == TASK_CLASSIFY) return all->s == 0 || all->s == all->w;
  double y0 = g->d->y[g->idx[start]];
  for (size_t k = start + 1; k < end; k++)
    if (g->d->y[g->idx[k]] != y0) return false;
  return true;
}

/* Moves the rows going left to the front; returns how many there are. */
static size_t partition(grower *g, size_t start, size_t end, const split *sp) {
  const double *col = g->d->x + (size_t)sp->feature * g->d->n;
  size_t i = start, j = end;
  while (i < j) {
    if (col[g->idx[i]] <= sp->threshold) {
      i++;
    } else {
      uint32_t t = g->idx[i];
      g->idx[i] = g->idx[--j];
      g->idx[j] = t;
    }
  }
  return i - start;
}

void tree_grow(tree_buf *out, const tree_data *d, const double *w, const train_params *tp,
               size_t max_features, gsl_rng *rng, double *importance) {
  grower g = {.d = d, .w = w, .tp = tp, .max_features = max_features, .rng = rng};
  g.idx = xmalloc((d->n ? d->n : 1) * sizeof *g.idx);
  g.pairs = xmalloc((d->n ? d->n : 1) * sizeof *g.pairs);
  g.order = xmalloc((d->p ? d->p : 1) * sizeof *g.order);
  size_t m = 0;
  for (size_t i = 0; i < d->n; i++)
    if (w[i] > 0) g.idx[m++] = (uint32_t)i;

  size_t base = out->len;
  pending *stack = NULL;
  size_t depth_cap = 0, top = 0;
  stack = xgrow(stack, &depth_cap, 1, sizeof *stack);
  stack[top++] = (pending){0, m, 0, 0, false};
  size_t min_split = tp->min_split < 2 ? 2 : tp->min_split;
  size_t min_leaf = tp->min_leaf < 1 ? 1 : tp->min_leaf;

  while (top > 0) {
    pending nd = stack[--top];
    size_t self = out->len - base;
    out->nodes = xgrow(out->nodes, &out->cap, out->len + 1, sizeof *out->nodes);
    tree_node *node = &out->nodes[out->len++];
    if (nd.is_right) out->nodes[base + nd.parent].right = (uint32_t)self;

    sums all = {0};
    for (size_t k = nd.start; k < nd.end; k++) add_row(&all, &g, g.idx[k]);
    *node = (tree_node){-1, 0, all.w > 0 ? all.s / all.w : 0};
    size_t count = nd.end - nd.start;
    if (count == 0 || count < min_split || count < 2 * min_leaf ||
        (tp->max_depth && nd.depth >= tp->max_depth) || is_pure(&g, nd.start, nd.end, &all))
      continue;
    split sp = find_split(&g, nd.start, nd.end, &all);
    if (sp.feature < 0) continue;
    size_t nl = partition(&g, nd.start, nd.end, &sp);
    node = &out->nodes[out->len - 1];
    node->feature = sp.feature;
    node->value = sp.threshold;
    if (importance)
      importance[sp.feature] += sp.score - part_score(d->task, all.w, all.s);
    stack = xgrow(stack, &depth_cap, top + 2, sizeof *stack);
    stack[top++] = (pending){nd.start + nl, nd.end, nd.depth + 1, self, true};
    stack[top++] = (pending){nd.start, nd.start + nl, nd.depth + 1, self, false};
  }
  free(stack);
  free(g.idx);
  free(g.pairs);
  free(g.order);
}

double tree_predict(const tree_node *nodes, const double *x) {
  size_t i = 0;
  while (nodes[i].feature >= 0)
    i = x[nodes[i].feature] <= nodes[i].value ? i + 1 : nodes[i].right;
  return nodes[i].value;
}

#include "models/tree.h"

#include <stdlib.h>

#include "models/presort.h"
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
  size_t min_split, min_leaf;  /* at least 2 and 1 */
  uint32_t *idx;     /* rows with w > 0, partitioned node by node */
  int *order;        /* features, shuffled as they are drawn */
  /* Best thresholds only: feature f's rows with w > 0 in sorted order,
   * sorted[f * m ..], partitioned like idx; and per row, w * y and the
   * side of the split being made. */
  size_t m;
  uint32_t *sorted, *scratch;
  double *wy;
  unsigned char *left;
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
 * constant in the node. The rows come in increasing order of value, ties
 * by row number, and the sums grow in that order: the order fixes the
 * rounding, hence which of two nearly equal splits wins. */
static bool best_threshold(grower *g, int f, size_t start, size_t end, const sums *all,
                           split *best) {
  const double *col = g->d->x + (size_t)f * g->d->n;
  const uint32_t *rows = g->sorted + (size_t)f * g->m + start;
  size_t m = end - start;
  if (col[rows[0]] == col[rows[m - 1]]) return false;
  sums l = {0};
  size_t min_leaf = g->tp->min_leaf;
  double b = col[rows[0]];
  for (size_t k = 0; k + 1 < m; k++) {
    uint32_t r = rows[k];
    l.w += g->w[r];
    l.s += g->wy[r];
    l.count++;
    double a = b;
    b = col[rows[k + 1]];
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

/* Whether a node of `count` rows at `depth` may be split (if not pure). */
static bool may_split(const grower *g, size_t count, size_t depth) {
  return count > 0 && count >= g->min_split && count >= 2 * g->min_leaf &&
         !(g->tp->max_depth && depth >= g->tp->max_depth);
}

/* Partitions each feature's sorted rows of the node as idx was, keeping
 * their order. A feature constant in the node is left alone: it stays
 * constant below, and only its first and last values are ever read. */
static void partition_sorted(grower *g, size_t start, size_t end, const split *sp) {
  const tree_data *d = g->d;
  const double *col = d->x + (size_t)sp->feature * d->n;
  for (size_t k = start; k < end; k++) g->left[g->idx[k]] = col[g->idx[k]] <= sp->threshold;
  size_t m = end - start;
  for (size_t f = 0; f < d->p; f++) {
    const double *c = d->x + f * d->n;
    uint32_t *rows = g->sorted + f * g->m + start;
    if (c[rows[0]] != c[rows[m - 1]]) presort_partition(rows, m, g->left, g->scratch);
  }
}

/* The sorted rows of the tree's sample (rows with w > 0). */
static void sort_sample(grower *g) {
  const tree_data *d = g->d;
  uint32_t *own = NULL;
  const uint32_t *order = d->order;
  if (!order) {
    own = xmalloc((d->n * d->p + 1) * sizeof *own);
    presort_columns(d->x, d->n, d->p, own);
    order = own;
  }
  g->sorted = xmalloc((d->n * d->p + 1) * sizeof *g->sorted);
  g->m = presort_select(order, d->n, d->p, g->w, g->sorted);
  free(own);
  g->scratch = xmalloc((d->n ? d->n : 1) * sizeof *g->scratch);
  g->wy = xmalloc((d->n ? d->n : 1) * sizeof *g->wy);
  g->left = xmalloc(d->n ? d->n : 1);
  /* The same product add_row forms, so the sums round the same way. */
  for (size_t i = 0; i < d->n; i++) g->wy[i] = g->w[i] * d->y[i];
}

void tree_grow(tree_buf *out, const tree_data *d, const double *w, const train_params *tp,
               size_t max_features, gsl_rng *rng, double *importance) {
  grower g = {.d = d, .w = w, .tp = tp, .max_features = max_features, .rng = rng,
              .min_split = tp->min_split < 2 ? 2 : tp->min_split,
              .min_leaf = tp->min_leaf < 1 ? 1 : tp->min_leaf};
  g.idx = xmalloc((d->n ? d->n : 1) * sizeof *g.idx);
  g.order = xmalloc((d->p ? d->p : 1) * sizeof *g.order);
  if (!d->random_thresholds) sort_sample(&g);
  size_t m = 0;
  for (size_t i = 0; i < d->n; i++)
    if (w[i] > 0) g.idx[m++] = (uint32_t)i;

  size_t base = out->len;
  pending *stack = NULL;
  size_t depth_cap = 0, top = 0;
  stack = xgrow(stack, &depth_cap, 1, sizeof *stack);
  stack[top++] = (pending){0, m, 0, 0, false};

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
    if (!may_split(&g, count, nd.depth) || is_pure(&g, nd.start, nd.end, &all)) continue;
    split sp = find_split(&g, nd.start, nd.end, &all);
    if (sp.feature < 0) continue;
    size_t nl = partition(&g, nd.start, nd.end, &sp);
    /* Children that are leaves whatever their rows need no sorted rows. */
    if (!d->random_thresholds &&
        (may_split(&g, nl, nd.depth + 1) || may_split(&g, count - nl, nd.depth + 1)))
      partition_sorted(&g, nd.start, nd.end, &sp);
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
  free(g.order);
  free(g.sorted);
  free(g.scratch);
  free(g.wy);
  free(g.left);
}

double tree_predict(const tree_node *nodes, const double *x) {
  size_t i = 0;
  while (nodes[i].feature >= 0)
    i = x[nodes[i].feature] <= nodes[i].value ? i + 1 : nodes[i].right;
  return nodes[i].value;
}

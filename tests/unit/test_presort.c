/* Unit tests for the presorted rows of the tree builder
 * (src/models/presort.c) and for what they must not change: the trees are
 * the ones sorting every node's rows gives, split for split and bit for
 * bit, so that retrained models stay identical. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_rng.h>

#include "models/presort.h"
#include "models/tree.h"

static void columns_rank_ties_by_row(void **state) {
  (void)state;
  const double x[] = {3, 1, 3, 2, 1,   /* feature 0 */
                      0, 0, 0, 0, 0,   /* constant */
                      -1, 5, -2, 5, 0.5};
  uint32_t order[15];
  presort_columns(x, 5, 3, order);
  const uint32_t want[] = {1, 4, 3, 0, 2, 0, 1, 2, 3, 4, 2, 0, 4, 1, 3};
  assert_memory_equal(order, want, sizeof want);
}

static void select_keeps_drawn_rows_in_order(void **state) {
  (void)state;
  const uint32_t order[] = {1, 4, 3, 0, 2, 0, 1, 2, 3, 4};
  const double w[] = {0, 2, 1, 0, 1};
  uint32_t *out = malloc(10 * sizeof *out);  /* n * p, no more */
  assert_int_equal(presort_select(order, 5, 2, w, out), 3);
  const uint32_t want[] = {1, 4, 2, 1, 2, 4};
  assert_memory_equal(out, want, sizeof want);
  /* The last row drawn, the first not. */
  const double last[] = {0, 0, 0, 0, 1};
  assert_int_equal(presort_select(order, 5, 2, last, out), 1);
  assert_true(out[0] == 4 && out[1] == 4);
  const double all[] = {1, 1, 1, 1, 1}, none[] = {0, 0, 0, 0, 0};
  assert_int_equal(presort_select(order, 5, 2, all, out), 5);
  assert_memory_equal(out, order, sizeof order);
  assert_int_equal(presort_select(order, 5, 2, none, out), 0);
  free(out);
}

static void partition_is_stable(void **state) {
  (void)state;
  uint32_t a[] = {5, 2, 7, 0, 3, 6}, tmp[6];
  unsigned char odd[8] = {0, 1, 0, 1, 0, 1, 0, 1};
  assert_int_equal(presort_partition(a, 6, odd, tmp), 3);
  const uint32_t want[] = {5, 7, 3, 2, 0, 6};
  assert_memory_equal(a, want, sizeof want);
  unsigned char all[8] = {1, 1, 1, 1, 1, 1, 1, 1}, none[8] = {0};
  assert_int_equal(presort_partition(a, 6, all, tmp), 6);
  assert_memory_equal(a, want, sizeof want);
  assert_int_equal(presort_partition(a, 6, none, tmp), 0);
  assert_memory_equal(a, want, sizeof want);
  assert_int_equal(presort_partition(a, 0, all, tmp), 0);
}

/* --- the trees: a reference that sorts each node ------------------------- */

/* tree.c's tree builder as it was before presorting, written plainly: the
 * same feature draws, scores, sums and partition of the rows, but every
 * node sorts its rows by each feature it tries. */
typedef struct ref {
  const tree_data *d;
  const double *w;
  const train_params *tp;
  size_t mf;
  gsl_rng *rng;
  uint32_t *idx;
  int *feat;
  tree_buf *out;
} ref;

typedef struct keyed {
  double key;
  uint32_t row;
} keyed;

static int by_key_then_row(const void *pa, const void *pb) {
  const keyed *a = pa, *b = pb;
  if (a->key != b->key) return a->key < b->key ? -1 : 1;
  return (a->row > b->row) - (a->row < b->row);
}

static double part(const ref *g, double w, double s) {
  if (g->d->task == TASK_CLASSIFY) return (s * s + (w - s) * (w - s)) / w;
  return s * s / w;
}

/* Grows the node of rows idx[start .. end); returns its index. */
static size_t ref_node(ref *g, size_t start, size_t end, size_t depth) {
  const tree_data *d = g->d;
  size_t self = g->out->len;
  g->out->nodes = realloc(g->out->nodes, (self + 1) * sizeof *g->out->nodes);
  g->out->len++;
  double aw = 0, as = 0;
  for (size_t k = start; k < end; k++) {
    aw += g->w[g->idx[k]];
    as += g->w[g->idx[k]] * d->y[g->idx[k]];
  }
  g->out->nodes[self] = (tree_node){-1, 0, aw > 0 ? as / aw : 0};
  size_t m = end - start;
  size_t min_split = g->tp->min_split < 2 ? 2 : g->tp->min_split;
  size_t min_leaf = g->tp->min_leaf < 1 ? 1 : g->tp->min_leaf;
  bool pure = true;
  for (size_t k = start + 1; k < end; k++) pure &= d->y[g->idx[k]] == d->y[g->idx[start]];
  if (m == 0 || m < min_split || m < 2 * min_leaf ||
      (g->tp->max_depth && depth >= g->tp->max_depth) || pure)
    return self;

  int best_f = -1;
  double best_t = 0, best_sc = -1;
  keyed *kv = malloc(m * sizeof *kv);
  for (size_t i = 0; i < d->p; i++) g->feat[i] = (int)i;
  for (size_t i = 0, tried = 0; i < d->p && tried < g->mf; i++) {
    size_t j = i + gsl_rng_uniform_int(g->rng, d->p - i);
    int f = g->feat[j];
    g->feat[j] = g->feat[i];
    g->feat[i] = f;
    for (size_t k = 0; k < m; k++)
      kv[k] = (keyed){d->x[(size_t)f * d->n + g->idx[start + k]], g->idx[start + k]};
    qsort(kv, m, sizeof *kv, by_key_then_row);
    if (kv[0].key == kv[m - 1].key) continue;
    tried++;
    double lw = 0, ls = 0;
    for (size_t k = 0; k + 1 < m; k++) {
      lw += g->w[kv[k].row];
      ls += g->w[kv[k].row] * d->y[kv[k].row];
      double a = kv[k].key, b = kv[k + 1].key;
      if (a == b || k + 1 < g->tp->min_leaf || m - (k + 1) < g->tp->min_leaf) continue;
      double sc = part(g, lw, ls) + part(g, aw - lw, as - ls);
      if (sc > best_sc) {
        double t = a + (b - a) / 2;
        best_f = f;
        best_t = t < b ? t : a;
        best_sc = sc;
      }
    }
  }
  free(kv);
  if (best_f < 0) return self;
  /* The same unstable partition: the children's sums add in its order. */
  const double *col = d->x + (size_t)best_f * d->n;
  size_t i = start, j = end;
  while (i < j) {
    if (col[g->idx[i]] <= best_t) {
      i++;
    } else {
      uint32_t t = g->idx[i];
      g->idx[i] = g->idx[--j];
      g->idx[j] = t;
    }
  }
  ref_node(g, start, i, depth + 1);
  size_t right = ref_node(g, i, end, depth + 1);
  g->out->nodes[self].feature = best_f;
  g->out->nodes[self].value = best_t;
  g->out->nodes[self].right = (uint32_t)right;
  return self;
}

static void ref_grow(tree_buf *out, const tree_data *d, const double *w, const train_params *tp,
                     size_t mf, gsl_rng *rng) {
  ref g = {d, w, tp, mf, rng, malloc((d->n + 1) * sizeof(uint32_t)),
           malloc((d->p + 1) * sizeof(int)), out};
  size_t m = 0;
  for (size_t i = 0; i < d->n; i++)
    if (w[i] > 0) g.idx[m++] = (uint32_t)i;
  ref_node(&g, 0, m, 0);
  free(g.idx);
  free(g.feat);
}

/* Bootstrap samples of rows with few distinct values (many ties, features
 * that become constant) and of continuous rows, both tasks, several
 * limits: every tree equals the reference's, bit for bit. */
static void trees_equal_sorting_each_node(void **state) {
  (void)state;
  enum { N = 300, P = 6 };
  static double x[N * P], y[N], w[N];
  gsl_rng *data = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng *a = gsl_rng_alloc(gsl_rng_mt19937), *b = gsl_rng_alloc(gsl_rng_mt19937);
  for (unsigned trial = 0; trial < 24; trial++) {
    gsl_rng_set(data, trial + 1);
    bool ties = trial % 2 == 0, classify = trial % 3 == 0;
    for (size_t f = 0; f < P; f++)
      for (size_t i = 0; i < N; i++)
        x[f * N + i] = ties ? (double)gsl_rng_uniform_int(data, 2 + f) : gsl_rng_uniform(data);
    for (size_t i = 0; i < N; i++) {
      double t = x[i] + 0.5 * x[N + i] + 0.1 * gsl_rng_uniform(data);
      y[i] = classify ? (double)(t > 1) : t;
      w[i] = 0;
    }
    for (size_t k = 0; k < N; k++) w[gsl_rng_uniform_int(data, N)] += 1;
    uint32_t order[N * P];
    presort_columns(x, N, P, order);
    tree_data d = {N, P, x, y, classify ? TASK_CLASSIFY : TASK_REGRESS, false,
                   trial % 4 == 1 ? NULL : order};
    train_params tp = {.kind = MODEL_FOREST, .task = d.task, .min_split = 2 + trial % 5,
                       .min_leaf = 1 + trial % 3, .max_depth = trial % 7 == 3 ? 4 : 0};
    size_t mf = 1 + trial % P;
    tree_buf got = {0}, want = {0};
    gsl_rng_set(a, 100 + trial);
    gsl_rng_set(b, 100 + trial);
    tree_grow(&got, &d, w, &tp, mf, a, NULL);
    ref_grow(&want, &d, w, &tp, mf, b);
    assert_int_equal(got.len, want.len);
    assert_true(got.len > 1);
    for (size_t i = 0; i < got.len; i++) {
      assert_int_equal(got.nodes[i].feature, want.nodes[i].feature);
      assert_int_equal(got.nodes[i].right, want.nodes[i].right);
      assert_memory_equal(&got.nodes[i].value, &want.nodes[i].value, sizeof(double));
    }
    /* Both drew the same random numbers. */
    assert_int_equal(gsl_rng_get(a), gsl_rng_get(b));
    free(got.nodes);
    free(want.nodes);
  }
  gsl_rng_free(data);
  gsl_rng_free(a);
  gsl_rng_free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(columns_rank_ties_by_row),
    cmocka_unit_test(select_keeps_drawn_rows_in_order),
    cmocka_unit_test(partition_is_stable),
    cmocka_unit_test(trees_equal_sorting_each_node),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

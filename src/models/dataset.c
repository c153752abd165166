#include "models/dataset.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/csv.h"
#include "util/strmap.h"
#include "util/xalloc.h"

const char *const dataset_paper32[32] = {
  "net_depth_avg", "num_conv_layers", "num_pooling_layers", "avg_IP_neurons",
  "avg_IP_weights", "avg_split_width", "avg_concat_width", "avg_num_conv_features",
  "prop_conv_into_pool", "prop_pool_into_pool", "prop_1x1_conv", "prop_square_kernels",
  "prop_horiz_kernels", "prop_vert_kernels", "num_relu", "num_sigmoid",
  "avg_grid_reduction_area_consecutive", "avg_grid_reduction_height_consecutive",
  "avg_grid_reduction_width_consecutive", "avg_grid_reduction_area_total",
  "avg_grid_reduction_height_total", "avg_grid_reduction_width_total",
  "prop_nonoverlapping", "avg_stride_h", "avg_stride_w", "avg_ratio_features_to_depth",
  "avg_ratio_features_to_kerArea", "avg_ratio_features_to_kerWidth",
  "avg_ratio_features_to_kerHeight", "avg_ratio_kerArea_to_depth",
  "avg_ratio_kerWidth_to_depth", "avg_ratio_kerHeight_to_depth",
};

const char *dataset_key(const char *s, char *buf, size_t len) {
  const char *base = strrchr(s, '/');
  base = base ? base + 1 : s;
  size_t n = strlen(base);
  static const char *const exts[] = {".arch", ".prototxt"};
  for (int i = 0; i < 2; i++) {
    size_t e = strlen(exts[i]);
    if (n > e && strcmp(base + n - e, exts[i]) == 0) n -= e;
  }
  if (n >= len) n = len - 1;
  memcpy(buf, base, n);
  buf[n] = '\0';
  return buf;
}

/* A key matched against row numbers: the last run of digits in it. */
static const char *row_number_key(const char *key, char *buf, size_t len) {
  const char *end = key + strlen(key), *p = end;
  while (p > key && !isdigit((unsigned char)p[-1])) p--;
  end = p;
  while (p > key && isdigit((unsigned char)p[-1])) p--;
  if (p == end) return "";
  snprintf(buf, len, "%lld", strtoll(p, NULL, 10));
  return buf;
}

static int find_column(const csv_table *t, const char *name, const char *file, char *err,
                       size_t errlen) {
  int c = csv_column(t, name);
  if (c == -1) snprintf(err, errlen, "%s: no column '%s'", file, name);
  if (c == -2) snprintf(err, errlen, "%s: column '%s' appears more than once", file, name);
  return c;
}

/* The feature columns asked for, by index in t. */
static int pick_columns(dataset *d, const csv_table *t, const dataset_spec *s, int **idx,
                        char *err, size_t errlen) {
  const char **names = NULL;
  size_t n = 0, cap = 0;
  if (!s->columns || strcmp(s->columns, "paper32") == 0) {
    names = xmalloc(32 * sizeof *names);
    for (n = 0; n < 32; n++) names[n] = dataset_paper32[n];
  } else {
    const char *p = s->columns;
    for (;;) {
      const char *comma = strchr(p, ',');
      size_t len = comma ? (size_t)(comma - p) : strlen(p);
      names = xgrow(names, &cap, n + 1, sizeof *names);
      names[n++] = arena_strndup(&d->mem, p, len);
      if (!comma) break;
      p = comma + 1;
    }
  }
  *idx = xmalloc(n * sizeof **idx);
  d->columns = arena_calloc(&d->mem, n, sizeof *d->columns);
  d->p = n;
  for (size_t j = 0; j < n; j++) {
    if (names[j][0] == '\0') {
      snprintf(err, errlen, "--columns: empty column name");
      free(names);
      return -1;
    }
    (*idx)[j] = find_column(t, names[j], s->features, err, errlen);
    if ((*idx)[j] < 0) {
      free(names);
      return -1;
    }
    d->columns[j] = arena_strdup(&d->mem, names[j]);
  }
  free(names);
  return 0;
}

static int number(const csv_table *t, size_t row, int col, const char *file, double *out,
                  char *err, size_t errlen) {
  if (csv_number(csv_cell(t, row, (size_t)col), out) == 0) return 0;
  /* +2: the header is line 1 */
  snprintf(err, errlen, "%s:%zu: column '%s': '%s' is not a number", file, row + 2,
           t->header[col], csv_cell(t, row, (size_t)col));
  return -1;
}

/* Fills d->y from the target file, matching rows by key. */
static int join_target(dataset *d, const dataset_spec *s, char *err, size_t errlen) {
  csv_table t;
  if (csv_read(&t, s->target_file, err, errlen)) return -1;
  bool by_row = s->target_key && strcmp(s->target_key, "#") == 0;
  int key = by_row ? 0 : s->target_key ? find_column(&t, s->target_key, s->target_file, err, errlen) : 0;
  int col = key < 0 ? -1 : find_column(&t, s->target, s->target_file, err, errlen);
  int status = col < 0 ? -1 : 0;
  arena a;
  arena_init(&a);
  strmap rows;
  strmap_init(&rows, &a);
  char kb[4096], nb[32];
  for (size_t i = 0; status == 0 && i < t.nrows; i++) {
    const char *k = by_row ? (snprintf(nb, sizeof nb, "%zu", i), nb)
                           : dataset_key(csv_cell(&t, i, (size_t)key), kb, sizeof kb);
    k = arena_strdup(&a, k);
    if (!strmap_add(&rows, k, strlen(k), (uint32_t)i)) {
      snprintf(err, errlen, "%s:%zu: key '%s' appears more than once", s->target_file, i + 2, k);
      status = -1;
    }
  }
  for (size_t i = 0; status == 0 && i < d->n; i++) {
    const char *k = by_row ? row_number_key(d->keys[i], nb, sizeof nb) : d->keys[i];
    uint32_t r;
    d->y[i] = NAN;
    if (!strmap_get(&rows, k, strlen(k), &r)) {
      d->unmatched++;
      continue;
    }
    status = number(&t, r, col, s->target_file, &d->y[i], err, errlen);
  }
  arena_free(&a);
  csv_free(&t);
  return status;
}

int dataset_load(dataset *d, const dataset_spec *s, char *err, size_t errlen) {
  *d = (dataset){0};
  arena_init(&d->mem);
  csv_table t;
  if (csv_read(&t, s->features, err, errlen)) return -1;
  int *idx = NULL;
  int key = s->key ? find_column(&t, s->key, s->features, err, errlen) : 0;
  int status = key < 0 ? -1 : pick_columns(d, &t, s, &idx, err, errlen);
  int target = -1;
  if (status == 0 && !s->target_file) {
    target = find_column(&t, s->target, s->features, err, errlen);
    if (target < 0) status = -1;
  }
  if (status == 0) {
    d->n = t.nrows;
    d->target = arena_strdup(&d->mem, s->target);
    d->keys = arena_calloc(&d->mem, d->n + 1, sizeof *d->keys);
    d->x = arena_calloc(&d->mem, d->n * d->p + 1, sizeof *d->x);
    d->y = arena_calloc(&d->mem, d->n + 1, sizeof *d->y);
    char kb[4096];
    for (size_t i = 0; i < d->n && status == 0; i++) {
      d->keys[i] = arena_strdup(&d->mem, dataset_key(csv_cell(&t, i, (size_t)key), kb, sizeof kb));
      for (size_t j = 0; j < d->p && status == 0; j++)
        status = number(&t, i, idx[j], s->features, &d->x[i * d->p + j], err, errlen);
      if (status == 0 && target >= 0)
        status = number(&t, i, target, s->features, &d->y[i], err, errlen);
    }
  }
  free(idx);
  csv_free(&t);
  if (status == 0 && s->target_file) status = join_target(d, s, err, errlen);
  if (status) dataset_free(d);
  return status;
}

void dataset_free(dataset *d) {
  arena_free(&d->mem);
  *d = (dataset){0};
}

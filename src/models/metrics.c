#include "models/metrics.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/sort.h"
#include "util/xalloc.h"

double metric_accuracy(const double *truth, const double *prob, size_t n) {
  if (n == 0) return NAN;
  size_t right = 0;
  for (size_t i = 0; i < n; i++) right += (prob[i] > 0.5) == (truth[i] > 0.5);
  return (double)right / (double)n;
}

double metric_balanced_accuracy(const double *truth, const double *prob, size_t n) {
  size_t total[2] = {0, 0}, right[2] = {0, 0};
  for (size_t i = 0; i < n; i++) {
    int c = truth[i] > 0.5;
    total[c]++;
    right[c] += (prob[i] > 0.5) == c;
  }
  double sum = 0;
  int classes = 0;
  for (int c = 0; c < 2; c++)
    if (total[c]) sum += (double)right[c] / (double)total[c], classes++;
  return classes ? sum / classes : NAN;
}

double metric_auc(const double *truth, const double *score, size_t n) {
  double *r = xmalloc((n ? n : 1) * sizeof *r);
  sort_ranks(score, n, r);
  double pos = 0, neg = 0, rank_sum = 0;
  for (size_t i = 0; i < n; i++) {
    if (truth[i] > 0.5) pos++, rank_sum += r[i];
    else neg++;
  }
  free(r);
  if (pos == 0 || neg == 0) return NAN;
  /* Mann-Whitney: U = R_pos - pos (pos + 1) / 2 pairs won, ties halved. */
  return (rank_sum - pos * (pos + 1) / 2) / (pos * neg);
}

double metric_r2(const double *y, const double *pred, size_t n) {
  if (n < 2) return NAN;
  double m = 0;
  for (size_t i = 0; i < n; i++) m += y[i];
  m /= (double)n;
  double res = 0, tot = 0;
  for (size_t i = 0; i < n; i++) {
    res += (y[i] - pred[i]) * (y[i] - pred[i]);
    tot += (y[i] - m) * (y[i] - m);
  }
  return tot > 0 ? 1 - res / tot : NAN;
}

double metric_rmse(const double *y, const double *pred, size_t n) {
  if (n == 0) return NAN;
  double res = 0;
  for (size_t i = 0; i < n; i++) res += (y[i] - pred[i]) * (y[i] - pred[i]);
  return sqrt(res / (double)n);
}

double metric_pearson(const double *a, const double *b, size_t n) {
  if (n < 2) return NAN;
  double ma = 0, mb = 0;
  for (size_t i = 0; i < n; i++) ma += a[i], mb += b[i];
  ma /= (double)n, mb /= (double)n;
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : NAN;
}

double metric_spearman(const double *a, const double *b, size_t n) {
  double *ra = xmalloc((n ? n : 1) * sizeof *ra), *rb = xmalloc((n ? n : 1) * sizeof *rb);
  sort_ranks(a, n, ra);
  sort_ranks(b, n, rb);
  double rho = metric_pearson(ra, rb, n);
  free(ra);
  free(rb);
  return rho;
}

typedef struct xy {
  double x, y;
} xy;

static int by_x_then_y(const void *pa, const void *pb) {
  const xy *a = pa, *b = pb;
  if (a->x != b->x) return a->x < b->x ? -1 : 1;
  return a->y < b->y ? -1 : a->y > b->y;
}

/* Sorts v by merging, returning the number of pairs i < j with v[i] > v[j]. */
static int64_t count_inversions(double *v, double *tmp, size_t n) {
  if (n < 2) return 0;
  size_t mid = n / 2;
  int64_t inv = count_inversions(v, tmp, mid) + count_inversions(v + mid, tmp, n - mid);
  size_t i = 0, j = mid, k = 0;
  while (i < mid && j < n) {
    if (v[i] <= v[j]) {
      tmp[k++] = v[i++];
    } else {
      inv += (int64_t)(mid - i);
      tmp[k++] = v[j++];
    }
  }
  while (i < mid) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
  return inv;
}

/* Pairs tied within runs of equal values of a sorted sequence. */
static int64_t tied_pairs(const double *v, size_t n) {
  int64_t t = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (j < n && v[j] == v[i]) j++;
    t += (int64_t)(j - i) * (int64_t)(j - i - 1) / 2;
    i = j;
  }
  return t;
}

double metric_kendall_tau_b(const double *a, const double *b, size_t n) {
  if (n < 2) return NAN;
  xy *p = xmalloc(n * sizeof *p);
  for (size_t i = 0; i < n; i++) p[i] = (xy){a[i], b[i]};
  qsort(p, n, sizeof *p, by_x_then_y);
  int64_t n0 = (int64_t)n * (int64_t)(n - 1) / 2, n1 = 0, n3 = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i + 1, k = i + 1;
    while (j < n && p[j].x == p[i].x) j++;
    n1 += (int64_t)(j - i) * (int64_t)(j - i - 1) / 2;
    /* Within the run of equal x, runs of equal y are tied in both. */
    for (size_t s = i; s < j; s = k) {
      for (k = s + 1; k < j && p[k].y == p[s].y;) k++;
      n3 += (int64_t)(k - s) * (int64_t)(k - s - 1) / 2;
    }
    i = j;
  }
  double *y = xmalloc(n * sizeof *y), *tmp = xmalloc(n * sizeof *tmp);
  for (size_t i = 0; i < n; i++) y[i] = p[i].y;
  /* With x sorted (and y within ties of x), an inversion of y is a
   * discordant pair. */
  int64_t swaps = count_inversions(y, tmp, n);
  int64_t n2 = tied_pairs(y, n);
  free(p);
  free(y);
  free(tmp);
  double denom = sqrt((double)(n0 - n1) * (double)(n0 - n2));
  if (denom == 0) return NAN;
  return (double)(n0 - n1 - n2 + n3 - 2 * swaps) / denom;
}

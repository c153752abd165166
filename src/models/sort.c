#include "models/sort.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "util/xalloc.h"

static bool before(const sort_pair *a, const sort_pair *b) {
  return a->key < b->key || (a->key == b->key && a->index < b->index);
}

static void swap(sort_pair *a, sort_pair *b) {
  sort_pair t = *a;
  *a = *b;
  *b = t;
}

static void insertion(sort_pair *a, size_t n) {
  for (size_t i = 1; i < n; i++) {
    sort_pair v = a[i];
    size_t j = i;
    for (; j > 0 && before(&v, &a[j - 1]); j--) a[j] = a[j - 1];
    a[j] = v;
  }
}

static void sift_down(sort_pair *a, size_t root, size_t n) {
  for (;;) {
    size_t c = 2 * root + 1;
    if (c >= n) return;
    if (c + 1 < n && before(&a[c], &a[c + 1])) c++;
    if (!before(&a[root], &a[c])) return;
    swap(&a[root], &a[c]);
    root = c;
  }
}

static void heapsort_pairs(sort_pair *a, size_t n) {
  for (size_t i = n / 2; i-- > 0;) sift_down(a, i, n);
  for (size_t end = n; end-- > 1;) {
    swap(&a[0], &a[end]);
    sift_down(a, 0, end);
  }
}

/* Quicksort with a median-of-three pivot; heapsort once the depth budget
 * runs out, so no input is quadratic. Recurses on the smaller side only. */
static void introsort(sort_pair *a, size_t n, int budget) {
  while (n > 16) {
    if (budget-- == 0) {
      heapsort_pairs(a, n);
      return;
    }
    size_t mid = (n - 1) / 2;
    if (before(&a[mid], &a[0])) swap(&a[mid], &a[0]);
    if (before(&a[n - 1], &a[0])) swap(&a[n - 1], &a[0]);
    if (before(&a[n - 1], &a[mid])) swap(&a[n - 1], &a[mid]);
    sort_pair pivot = a[mid];
    size_t i = 0, j = n - 1;
    for (;;) {
      while (before(&a[i], &pivot)) i++;
      while (before(&pivot, &a[j])) j--;
      if (i >= j) break;
      swap(&a[i], &a[j]);
      i++, j--;
    }
    /* a[0..j] <= pivot <= a[j+1..n) */
    size_t left = j + 1, right = n - left;
    if (left < right) {
      introsort(a, left, budget);
      a += left, n = right;
    } else {
      introsort(a + left, right, budget);
      n = left;
    }
  }
  insertion(a, n);
}

void sort_pairs(sort_pair *a, size_t n) {
  int budget = 0;
  for (size_t m = n; m > 1; m >>= 1) budget += 2;
  introsort(a, n, budget);
}

void sort_doubles(double *a, size_t n) {
  sort_pair *p = xmalloc(n * sizeof *p);
  for (size_t i = 0; i < n; i++) p[i] = (sort_pair){a[i], (uint32_t)i};
  sort_pairs(p, n);
  for (size_t i = 0; i < n; i++) a[i] = p[i].key;
  free(p);
}

double sort_quantile(const double *sorted, size_t n, double q) {
  if (n == 0) return NAN;
  double h = q * (double)(n - 1);
  size_t lo = (size_t)floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

void sort_ranks(const double *v, size_t n, double *ranks) {
  sort_pair *p = xmalloc(n * sizeof *p);
  for (size_t i = 0; i < n; i++) p[i] = (sort_pair){v[i], (uint32_t)i};
  sort_pairs(p, n);
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (j < n && p[j].key == p[i].key) j++;
    double r = 0.5 * (double)(i + 1 + j);  /* mean of ranks i+1 .. j */
    for (size_t k = i; k < j; k++) ranks[p[k].index] = r;
    i = j;
  }
  free(p);
}

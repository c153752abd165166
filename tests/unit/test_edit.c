/* Unit tests for the bounded edit distance (src/util/edit.c): known
 * distances, the cut-offs, and agreement with a plain Levenshtein table
 * on random strings for every bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/edit.h"

static size_t dist(const char *a, const char *b, size_t max) {
  return edit_distance(a, strlen(a), b, strlen(b), max);
}

/* The textbook table, unbounded. */
static size_t reference(const char *a, size_t n, const char *b, size_t m) {
  size_t t[65][65];
  for (size_t i = 0; i <= n; i++) t[i][0] = i;
  for (size_t j = 0; j <= m; j++) t[0][j] = j;
  for (size_t i = 1; i <= n; i++)
    for (size_t j = 1; j <= m; j++) {
      size_t best = t[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
      if (t[i - 1][j] + 1 < best) best = t[i - 1][j] + 1;
      if (t[i][j - 1] + 1 < best) best = t[i][j - 1] + 1;
      t[i][j] = best;
    }
  return t[n][m];
}

static void known_distances(void **state) {
  (void)state;
  assert_int_equal(dist("", "", 5), 0);
  assert_int_equal(dist("conv", "conv", 0), 0);
  assert_int_equal(dist("conv", "cnov", 5), 2);
  assert_int_equal(dist("kitten", "sitting", 3), 3);
  assert_int_equal(dist("pool", "", 9), 4);
  assert_int_equal(dist("relu", "rleu", SIZE_MAX), 2);
}

static void cut_offs(void **state) {
  (void)state;
  /* Above the bound: exactly max + 1, whether the lengths or the table
   * rule it out. */
  assert_int_equal(dist("kitten", "sitting", 2), 3);
  assert_int_equal(dist("a", "abcdef", 2), 3);
  assert_int_equal(dist("abcd", "wxyz", 1), 2);
  assert_int_equal(dist("abcd", "wxyz", 0), 1);
  char long_name[66];
  memset(long_name, 'x', 65);
  long_name[65] = '\0';
  assert_int_equal(dist(long_name, "x", 100), SIZE_MAX);
  assert_int_equal(dist("x", long_name, 100), SIZE_MAX);
}

/* A small generator, so that the cases are the same on every run. */
static uint32_t next(uint32_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 17;
  *s ^= *s << 5;
  return *s;
}

static void agrees_with_the_table(void **state) {
  (void)state;
  uint32_t seed = 2463534242u;
  for (int k = 0; k < 20000; k++) {
    char a[17], b[17];
    size_t n = next(&seed) % 17, m = next(&seed) % 17;
    /* Three letters make near misses common. */
    for (size_t i = 0; i < n; i++) a[i] = (char)('a' + next(&seed) % 3);
    for (size_t j = 0; j < m; j++) b[j] = (char)('a' + next(&seed) % 3);
    size_t want = reference(a, n, b, m);
    for (size_t max = 0; max <= 17; max++) {
      size_t got = edit_distance(a, n, b, m, max);
      if (want <= max) assert_int_equal(got, want);
      else assert_int_equal(got, max + 1);
    }
    assert_int_equal(edit_distance(a, n, b, m, SIZE_MAX), want);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(known_distances),
    cmocka_unit_test(cut_offs),
    cmocka_unit_test(agrees_with_the_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

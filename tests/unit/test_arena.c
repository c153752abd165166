/* Unit tests for the memory utilities: the arena (src/util/arena.c), the
 * growable buffer (src/util/buf.c) and the malloc wrappers
 * (src/util/xalloc.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/xalloc.h"

static int all_zero(const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i]) return 0;
  return 1;
}

static int aligned(const void *p) {
  return (uintptr_t)p % alignof(max_align_t) == 0;
}

/* --- arena ---------------------------------------------------------------- */

static void arena_zeroed_and_aligned(void **state) {
  (void)state;
  arena a;
  arena_init(&a);
  assert_null(a.head);
  assert_int_equal(a.total, 0);
  for (size_t n = 0; n < 300; n++) {
    unsigned char *p = arena_alloc(&a, n);
    assert_non_null(p);
    assert_true(aligned(p));
    assert_true(all_zero(p, n));
    memset(p, 0xAB, n);  /* dirty it: the next allocation must still be zero */
  }
  arena_free(&a);
}

static void arena_blocks_do_not_overlap(void **state) {
  (void)state;
  enum { N = 5000 };
  static unsigned char *ptrs[N];
  arena a;
  arena_init(&a);
  for (size_t i = 0; i < N; i++) {
    size_t n = 1 + i % 97;
    ptrs[i] = arena_alloc(&a, n);
    memset(ptrs[i], (int)(i & 0xFF), n);
  }
  for (size_t i = 0; i < N; i++) {
    size_t n = 1 + i % 97;
    for (size_t k = 0; k < n; k++) assert_int_equal(ptrs[i][k], i & 0xFF);
  }
  arena_free(&a);
}

static void arena_total_counts_rounded_sizes(void **state) {
  (void)state;
  arena a;
  arena_init(&a);
  size_t asked = 0;
  for (size_t n = 1; n <= 100; n++) {
    arena_alloc(&a, n);
    asked += n;
  }
  assert_true(a.total >= asked);
  assert_int_equal(a.total % sizeof(max_align_t), 0);
  assert_true(a.total < asked + 100 * sizeof(max_align_t));
  arena_free(&a);
  assert_null(a.head);
  assert_int_equal(a.total, 0);
}

static void arena_large_blocks(void **state) {
  (void)state;
  arena a;
  arena_init(&a);
  /* Larger than a chunk: gets a chunk of its own. */
  size_t big = 1u << 20;
  unsigned char *small1 = arena_alloc(&a, 10);
  unsigned char *p = arena_alloc(&a, big);
  unsigned char *small2 = arena_alloc(&a, 10);
  assert_true(aligned(p));
  assert_true(all_zero(p, big));
  memset(p, 0x5A, big);
  assert_true(all_zero(small1, 10));
  assert_true(all_zero(small2, 10));
  assert_int_equal(p[0], 0x5A);
  assert_int_equal(p[big - 1], 0x5A);
  arena_free(&a);
}

static void arena_reusable_after_free(void **state) {
  (void)state;
  arena a;
  arena_init(&a);
  arena_alloc(&a, 100);
  arena_free(&a);
  char *s = arena_strdup(&a, "again");
  assert_string_equal(s, "again");
  arena_free(&a);
  arena_free(&a);  /* freeing an empty arena is harmless */
}

static void arena_calloc_is_zeroed(void **state) {
  (void)state;
  arena a;
  arena_init(&a);
  uint64_t *v = arena_calloc(&a, 1000, sizeof *v);
  assert_true(all_zero(v, 1000 * sizeof *v));
  v[999] = 1;
  void *none = arena_calloc(&a, 0, 8);
  assert_non_null(none);
  arena_free(&a);
}

static void arena_strings(void **state) {
  (void)state;
  arena a;
  arena_init(&a);
  char *s = arena_strndup(&a, "conv(x, 64, 3)", 4);
  assert_string_equal(s, "conv");
  s = arena_strndup(&a, "a\0b", 3);  /* copies n bytes, NULs included */
  assert_memory_equal(s, "a\0b\0", 4);
  s = arena_strdup(&a, "");
  assert_string_equal(s, "");
  s = arena_printf(&a, "%s:%u:%u: %s", "n.arch", 3u, 14u, "error");
  assert_string_equal(s, "n.arch:3:14: error");
  char big[5000];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  s = arena_printf(&a, "<%s>", big);
  assert_int_equal(strlen(s), sizeof big + 1);
  assert_int_equal(s[0], '<');
  assert_int_equal(s[sizeof big], '>');
  arena_free(&a);
}

/* --- buf ------------------------------------------------------------------ */

static void buf_appends(void **state) {
  (void)state;
  buf b = {0};
  buf_puts(&b, "conv");
  buf_putc(&b, '(');
  buf_put(&b, "x, 64xyz", 5);
  buf_printf(&b, ", %d)", 3);
  assert_string_equal(b.data, "conv(x, 64, 3)");
  assert_int_equal(b.len, strlen("conv(x, 64, 3)"));
  assert_true(b.cap > b.len);
  buf_free(&b);
  assert_null(b.data);
  assert_int_equal(b.len, 0);
  assert_int_equal(b.cap, 0);
}

static void buf_fill_and_growth(void **state) {
  (void)state;
  buf b = {0};
  buf_fill(&b, ' ', 0);
  assert_string_equal(b.data, "");
  for (int i = 0; i < 10000; i++) buf_putc(&b, (char)('a' + i % 26));
  assert_int_equal(b.len, 10000);
  assert_int_equal(b.data[25], 'z');
  assert_int_equal(b.data[9999], 'a' + 9999 % 26);
  assert_int_equal(b.data[10000], '\0');
  buf_fill(&b, '~', 3);
  assert_int_equal(b.len, 10003);
  assert_string_equal(b.data + 10000, "~~~");
  buf_free(&b);
}

static void buf_printf_long(void **state) {
  (void)state;
  buf b = {0};
  buf_puts(&b, "[");
  buf_printf(&b, "%0*d", 3000, 7);
  buf_puts(&b, "]");
  assert_int_equal(b.len, 3002);
  assert_int_equal(b.data[1], '0');
  assert_int_equal(b.data[3000], '7');
  assert_int_equal(b.data[3001], ']');
  buf_printf(&b, "%s", "");  /* nothing to add */
  assert_int_equal(b.len, 3002);
  buf_free(&b);
}

static void buf_take_leaves_empty(void **state) {
  (void)state;
  buf b = {0};
  char *s = buf_take(&b);  /* an empty buffer gives an empty string */
  assert_string_equal(s, "");
  free(s);
  buf_puts(&b, "relu");
  s = buf_take(&b);
  assert_string_equal(s, "relu");
  assert_null(b.data);
  assert_int_equal(b.len, 0);
  buf_puts(&b, "x");
  assert_string_equal(b.data, "x");
  free(s);
  buf_free(&b);
}

/* --- xalloc --------------------------------------------------------------- */

static void xgrow_doubles(void **state) {
  (void)state;
  size_t cap = 0;
  int *v = xgrow(NULL, &cap, 1, sizeof *v);
  assert_non_null(v);
  assert_int_equal(cap, 8);
  v[7] = 7;
  int *same = xgrow(v, &cap, 8, sizeof *v);
  assert_ptr_equal(same, v);
  assert_int_equal(cap, 8);
  v = xgrow(v, &cap, 9, sizeof *v);
  assert_int_equal(cap, 16);
  assert_int_equal(v[7], 7);  /* contents kept */
  v = xgrow(v, &cap, 1000, sizeof *v);
  assert_int_equal(cap, 1024);
  free(v);
}

static void xstrdup_copies(void **state) {
  (void)state;
  const char *orig = "maxpool";
  char *s = xstrdup(orig);
  assert_ptr_not_equal(s, orig);
  assert_string_equal(s, orig);
  free(s);
  char *z = xcalloc(0, 0);  /* never NULL, even for nothing */
  assert_non_null(z);
  z = xrealloc(z, 4);
  free(z);
  free(xmalloc(0));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(arena_zeroed_and_aligned),
      cmocka_unit_test(arena_blocks_do_not_overlap),
      cmocka_unit_test(arena_total_counts_rounded_sizes),
      cmocka_unit_test(arena_large_blocks),
      cmocka_unit_test(arena_reusable_after_free),
      cmocka_unit_test(arena_calloc_is_zeroed),
      cmocka_unit_test(arena_strings),
      cmocka_unit_test(buf_appends),
      cmocka_unit_test(buf_fill_and_growth),
      cmocka_unit_test(buf_printf_long),
      cmocka_unit_test(buf_take_leaves_empty),
      cmocka_unit_test(xgrow_doubles),
      cmocka_unit_test(xstrdup_copies),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for src/util/source.c: the line table, byte offsets turned
 * into line:column, and the text of a line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/source.h"

static void init(source *s, const char *text) {
  source_init(s, "t.arch", text, (uint32_t)strlen(text));
}

static void assert_pos(const source *s, uint32_t offset, uint32_t line, uint32_t col) {
  src_pos p = source_pos(s, offset);
  assert_int_equal(p.line, line);
  assert_int_equal(p.col, col);
}

static void assert_line(const source *s, uint32_t line, const char *want) {
  uint32_t len = 12345;
  const char *text = source_line(s, line, &len);
  assert_non_null(text);
  assert_int_equal(len, strlen(want));
  assert_memory_equal(text, want, len);
}

static void empty_text(void **state) {
  (void)state;
  source s;
  init(&s, "");
  assert_string_equal(s.name, "t.arch");
  assert_int_equal(s.len, 0);
  assert_int_equal(s.nlines, 1);
  assert_int_equal(s.line_starts[0], 0);
  assert_pos(&s, 0, 1, 1);
  assert_line(&s, 1, "");
  source_fini(&s);
  assert_null(s.line_starts);
}

static void lf_lines(void **state) {
  (void)state;
  source s;
  init(&s, "ab\ncde\n\nf");
  assert_int_equal(s.nlines, 4);
  assert_int_equal(s.line_starts[0], 0);
  assert_int_equal(s.line_starts[1], 3);
  assert_int_equal(s.line_starts[2], 7);
  assert_int_equal(s.line_starts[3], 8);
  assert_pos(&s, 0, 1, 1);
  assert_pos(&s, 1, 1, 2);
  assert_pos(&s, 2, 1, 3);  /* the line end belongs to its line */
  assert_pos(&s, 3, 2, 1);
  assert_pos(&s, 6, 2, 4);
  assert_pos(&s, 7, 3, 1);
  assert_pos(&s, 8, 4, 1);
  assert_line(&s, 1, "ab");
  assert_line(&s, 2, "cde");
  assert_line(&s, 3, "");
  assert_line(&s, 4, "f");
  source_fini(&s);
}

static void trailing_newline(void **state) {
  (void)state;
  source s;
  init(&s, "x\n");
  /* After the last line end there is a (empty) last line. */
  assert_int_equal(s.nlines, 2);
  assert_pos(&s, 1, 1, 2);
  assert_pos(&s, 2, 2, 1);
  assert_line(&s, 2, "");
  source_fini(&s);
}

static void crlf_and_cr(void **state) {
  (void)state;
  source s;
  /* offsets: a0 \n1 b2 c3 \r4 \n5 d6 \r7 e8 */
  init(&s, "a\nbc\r\nd\re");
  assert_int_equal(s.nlines, 4);
  assert_int_equal(s.line_starts[1], 2);
  assert_int_equal(s.line_starts[2], 6);  /* CR LF is one line end */
  assert_int_equal(s.line_starts[3], 8);  /* so is a lone CR */
  assert_pos(&s, 4, 2, 3);
  assert_pos(&s, 5, 2, 4);
  assert_pos(&s, 6, 3, 1);
  assert_pos(&s, 7, 3, 2);
  assert_pos(&s, 8, 4, 1);
  assert_line(&s, 2, "bc");  /* without its terminator */
  assert_line(&s, 3, "d");
  assert_line(&s, 4, "e");
  source_fini(&s);
}

static void cr_cr_lf(void **state) {
  (void)state;
  source s;
  init(&s, "a\r\r\nb");
  /* A lone CR, then CR LF: three lines, the middle one empty. */
  assert_int_equal(s.nlines, 3);
  assert_int_equal(s.line_starts[1], 2);
  assert_int_equal(s.line_starts[2], 4);
  assert_line(&s, 2, "");
  assert_line(&s, 3, "b");
  source_fini(&s);
}

static void end_and_beyond(void **state) {
  (void)state;
  source s;
  init(&s, "ab\ncd");
  assert_pos(&s, 5, 2, 3);    /* the end of the text */
  assert_pos(&s, 999, 2, 3);  /* clamped to the end */
  assert_pos(&s, UINT32_MAX, 2, 3);
  source_fini(&s);
}

static void lines_out_of_range(void **state) {
  (void)state;
  source s;
  init(&s, "ab\ncd");
  assert_line(&s, 0, "");
  assert_line(&s, 3, "");
  assert_line(&s, UINT32_MAX, "");
  source_fini(&s);
}

static void text_with_nul(void **state) {
  (void)state;
  static const char text[] = "a\0b\nc";
  source s;
  source_init(&s, "-", text, sizeof text - 1);
  assert_int_equal(s.len, 5);
  assert_int_equal(s.nlines, 2);
  assert_pos(&s, 2, 1, 3);
  uint32_t len;
  const char *line = source_line(&s, 1, &len);
  assert_int_equal(len, 3);  /* a NUL byte does not end a line */
  assert_memory_equal(line, "a\0b", 3);
  source_fini(&s);
}

/* Enough lines that the table grows many times and the binary search
 * runs deep. */
static void many_lines(void **state) {
  (void)state;
  enum { N = 100000 };
  static char text[3 * N + 1];
  for (size_t i = 0; i < N; i++) memcpy(text + 3 * i, "ab\n", 3);
  source s;
  source_init(&s, "big.arch", text, 3 * N);
  assert_int_equal(s.nlines, N + 1);
  for (uint32_t k = 0; k < N; k += 997) {
    assert_pos(&s, 3 * k, k + 1, 1);
    assert_pos(&s, 3 * k + 1, k + 1, 2);
    assert_pos(&s, 3 * k + 2, k + 1, 3);
  }
  assert_pos(&s, 3 * N - 1, N, 3);
  assert_pos(&s, 3 * N, N + 1, 1);
  assert_line(&s, N, "ab");
  assert_line(&s, N + 1, "");
  source_fini(&s);
}

static void span(void **state) {
  (void)state;
  src_range a = {4, 9}, b = {2, 6}, c = {10, 12};
  src_range r = src_span(a, b);
  assert_int_equal(r.start, 2);
  assert_int_equal(r.end, 9);
  r = src_span(a, c);
  assert_int_equal(r.start, 4);
  assert_int_equal(r.end, 12);
  r = src_span(c, a);
  assert_int_equal(r.start, 4);
  assert_int_equal(r.end, 12);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(empty_text),
      cmocka_unit_test(lf_lines),
      cmocka_unit_test(trailing_newline),
      cmocka_unit_test(crlf_and_cr),
      cmocka_unit_test(cr_cr_lf),
      cmocka_unit_test(end_and_beyond),
      cmocka_unit_test(lines_out_of_range),
      cmocka_unit_test(text_with_nul),
      cmocka_unit_test(many_lines),
      cmocka_unit_test(span),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for the language server's pieces that a client cannot easily
 * reach: UTF-16 positions, the framing of messages (malformed, oversized,
 * truncated), strings that are not UTF-8, and notes without a place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lsp/diagnostics.h"
#include "lsp/json.h"
#include "lsp/lsp.h"
#include "lsp/position.h"
#include "lsp/transport.h"

/* ---- positions ---- */

static void check_both_ways(const source *s, uint32_t offset, uint32_t line, uint32_t ch) {
  lsp_pos p = lsp_pos_of(s, offset);
  assert_int_equal(p.line, line);
  assert_int_equal(p.character, ch);
  assert_int_equal(lsp_offset_of(s, p), offset);
}

static void ascii_positions(void **state) {
  (void)state;
  const char *t = "ab\ncd\r\nef\rg";
  source s;
  source_init(&s, "t", t, (uint32_t)strlen(t));
  check_both_ways(&s, 0, 0, 0);
  check_both_ways(&s, 2, 0, 2);
  check_both_ways(&s, 3, 1, 0);
  check_both_ways(&s, 5, 1, 2);
  check_both_ways(&s, 7, 2, 0);
  check_both_ways(&s, 10, 3, 0);
  check_both_ways(&s, 11, 3, 1);
  /* past the end of a line, past the last line */
  assert_int_equal(lsp_offset_of(&s, (lsp_pos){0, 99}), 2);
  assert_int_equal(lsp_offset_of(&s, (lsp_pos){1, 99}), 5);
  assert_int_equal(lsp_offset_of(&s, (lsp_pos){9, 0}), 11);
  assert_int_equal(lsp_pos_of(&s, 99).line, 3);
  source_fini(&s);
}

static void utf16_positions(void **state) {
  (void)state;
  /* é: 2 bytes, 1 unit; €: 3 bytes, 1 unit; 𝄞: 4 bytes, 2 units */
  const char *t = "# \xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e x\n";
  source s;
  source_init(&s, "t", t, (uint32_t)strlen(t));
  check_both_ways(&s, 2, 0, 2);    /* é */
  check_both_ways(&s, 4, 0, 3);    /* € */
  check_both_ways(&s, 7, 0, 4);    /* 𝄞 */
  check_both_ways(&s, 11, 0, 6);   /* the space */
  check_both_ways(&s, 12, 0, 7);   /* x */
  /* inside the surrogate pair: the start of the character */
  assert_int_equal(lsp_offset_of(&s, (lsp_pos){0, 5}), 7);
  source_fini(&s);
}

static void invalid_utf8_positions(void **state) {
  (void)state;
  /* a stray continuation byte and a truncated sequence: one unit each */
  const char *t = "\x80\xe2\x82x";
  source s;
  source_init(&s, "t", t, (uint32_t)strlen(t));
  check_both_ways(&s, 1, 0, 1);
  assert_int_equal(lsp_pos_of(&s, 3).character, 3);
  source_fini(&s);
}

/* ---- framing ---- */

static FILE *open_text(const char *text) {
  FILE *f = fmemopen((void *)text, strlen(text), "r");
  assert_non_null(f);
  return f;
}

static void expect_body(FILE *f, size_t max, const char *want) {
  lsp_message m;
  assert_int_equal(lsp_read_message(f, max, &m), LSP_READ_OK);
  assert_int_equal(m.len, strlen(want));
  assert_memory_equal(m.body, want, m.len);
  free(m.body);
}

static lsp_read_status read_status(FILE *f, size_t max, lsp_message *m) {
  lsp_read_status st = lsp_read_message(f, max, m);
  free(m->body);
  m->body = NULL;
  return st;
}

static void well_formed(void **state) {
  (void)state;
  FILE *f = open_text("Content-Length: 2\r\n\r\n{}"
                      "\r\n\r\ncontent-length:3\r\nContent-Type: x\r\n\r\n[1]"
                      "Content-Length: 0\n\n");
  expect_body(f, 100, "{}");
  expect_body(f, 100, "[1]");   /* blank lines before, any case, LF only */
  expect_body(f, 100, "");
  lsp_message m;
  assert_int_equal(read_status(f, 100, &m), LSP_READ_EOF);
  fclose(f);
}

static void malformed_headers(void **state) {
  (void)state;
  lsp_message m;
  FILE *f = open_text("Content-Type: x\r\n\r\n"
                      "Content-Length: 1x\r\n\r\n"
                      "Content-Length: 2\r\nContent-Length: 3\r\n\r\n"
                      "garbage\r\nContent-Length: 2\r\n\r\nok");
  assert_int_equal(read_status(f, 100, &m), LSP_READ_BAD_HEADER);
  assert_string_equal(m.why, "no Content-Length header");
  assert_int_equal(read_status(f, 100, &m), LSP_READ_BAD_HEADER);
  assert_string_equal(m.why, "the Content-Length header is not a number");
  assert_int_equal(read_status(f, 100, &m), LSP_READ_BAD_HEADER);
  assert_string_equal(m.why, "two different Content-Length headers");
  expect_body(f, 100, "ok");   /* a stray line is forgiven when the length is clear */
  fclose(f);
}

static void long_header_line(void **state) {
  (void)state;
  char *text = malloc(3000);
  memset(text, 'a', 2000);
  strcpy(text + 2000, "\r\n\r\nContent-Length: 1\r\n\r\n!");
  FILE *f = open_text(text);
  lsp_message m;
  assert_int_equal(read_status(f, 100, &m), LSP_READ_BAD_HEADER);
  assert_string_equal(m.why, "a header line is too long");
  expect_body(f, 100, "!");
  fclose(f);
  free(text);
}

static void oversized_body(void **state) {
  (void)state;
  FILE *f = open_text("Content-Length: 20\r\n\r\n01234567890123456789"
                      "Content-Length: 99999999999999999999999\r\n\r\n"
                      "Content-Length: 2\r\n\r\nok");
  lsp_message m;
  assert_int_equal(read_status(f, 10, &m), LSP_READ_TOO_LARGE);
  assert_int_equal(m.declared, 20);
  assert_int_equal(read_status(f, 10, &m), LSP_READ_BAD_HEADER);
  expect_body(f, 10, "ok");
  fclose(f);
}

static void truncated(void **state) {
  (void)state;
  lsp_message m;
  FILE *f = open_text("Content-Length: 10\r\n\r\n{\"a\"");
  assert_int_equal(read_status(f, 100, &m), LSP_READ_TRUNCATED);
  fclose(f);
  f = open_text("Content-Length: 10\r\n");
  assert_int_equal(read_status(f, 100, &m), LSP_READ_TRUNCATED);
  fclose(f);
  f = open_text("Content-Len");
  assert_int_equal(read_status(f, 100, &m), LSP_READ_TRUNCATED);
  fclose(f);
  f = open_text("Content-Length: 30\r\n\r\nshort");
  assert_int_equal(read_status(f, 10, &m), LSP_READ_TRUNCATED);  /* while skipping */
  fclose(f);
}

static void write_frame(void **state) {
  (void)state;
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  assert_true(lsp_write_message(f, "{}", 2));
  fclose(f);
  assert_string_equal(out, "Content-Length: 2\r\n\r\n{}");
  free(out);
}

/* ---- strings and diagnostics ---- */

static void invalid_utf8_strings(void **state) {
  (void)state;
  json_t *j = lsp_jstrn("a\xff" "b\xe2\x82", 5);
  assert_string_equal(json_string_value(j), "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd");
  json_decref(j);
  j = lsp_jstrn("\xc3\xa9", 2);
  assert_string_equal(json_string_value(j), "\xc3\xa9");
  json_decref(j);
}

static void note_without_place(void **state) {
  (void)state;
  lsp_docs docs = {0};
  const char *text = "# \xf0\x9d\x84\x9e\nnetwork n {\n}\n";
  lsp_doc *doc = lsp_docs_open(&docs, "file:///n.arch", "arch", 3, text, strlen(text));
  diag_list *l = &doc->c.diags;
  /* start afresh: only the diagnostic made here */
  l->head = NULL, l->tail = &l->head, l->truncated = false;
  diag *d = diag_add(l, DIAG_WARNING, "w", &doc->c.src, (src_range){7, 14}, "first line");
  diag_note_add(l, d, NULL, (src_range){0, 0}, "second line");
  json_t *p = lsp_diagnostics_params(doc);
  char *got = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
  assert_string_equal(got,
                      "{\"diagnostics\":[{\"code\":\"w\",\"message\":\"first line\\nsecond line\","
                      "\"range\":{\"end\":{\"character\":7,\"line\":1},\"start\":{\"character\":"
                      "0,\"line\":1}},\"severity\":2,\"source\":\"archc\"}],"
                      "\"uri\":\"file:///n.arch\",\"version\":3}");
  free(got);
  json_decref(p);
  lsp_docs_free(&docs);
}

/* ---- a whole session in memory ---- */

static void session(void **state) {
  (void)state;
  const char *in_text =
      "Content-Length: 58\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}"
      "Content-Length: 44\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}"
      "Content-Length: 33\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}"
      "Content-Length: 2\r\n\r\n{}";   /* not read: the server has exited */
  FILE *in = open_text(in_text);
  char *out = NULL, *log = NULL;
  size_t out_len = 0, log_len = 0;
  FILE *o = open_memstream(&out, &out_len), *lg = open_memstream(&log, &log_len);
  assert_int_equal(lsp_serve(in, o, lg), 0);
  fclose(in);
  fclose(o);
  fclose(lg);
  assert_non_null(strstr(out, "\"id\":1,\"result\":{\"capabilities\""));
  assert_non_null(strstr(out, "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":null}"));
  assert_null(strstr(out, "\"error\""));
  assert_int_equal(log_len, 0);
  free(out);
  free(log);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(ascii_positions),
    cmocka_unit_test(utf16_positions),
    cmocka_unit_test(invalid_utf8_positions),
    cmocka_unit_test(well_formed),
    cmocka_unit_test(malformed_headers),
    cmocka_unit_test(long_header_line),
    cmocka_unit_test(oversized_body),
    cmocka_unit_test(truncated),
    cmocka_unit_test(write_frame),
    cmocka_unit_test(invalid_utf8_strings),
    cmocka_unit_test(note_without_place),
    cmocka_unit_test(session),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

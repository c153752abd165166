/* Unit tests for the protobuf text-format parser (grammar/proto.l,
 * grammar/proto.y, src/caffe/pb_parse.c): every syntax form, every
 * numeric form, string escapes, the ranges kept in the tree, and each
 * error with its code and position. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "caffe/caffe.h"
#include "caffe/pbtext.h"
#include "diag/render.h"

/* One parse at a time; torn down after each test. */
static struct {
  arena a;
  diag_list diags;
  source src;
  char *text;
  const pb_file *file;
} P;

static const pb_file *parse_n(const char *text, size_t len) {
  arena_init(&P.a);
  diag_list_init(&P.diags, &P.a);
  P.text = malloc(len + 1);
  memcpy(P.text, text, len);
  P.text[len] = '\0';
  source_init(&P.src, "t.prototxt", P.text, (uint32_t)len);
  P.file = pb_parse(&P.a, &P.diags, &P.src);
  diag_sort(&P.diags);
  return P.file;
}

static const pb_file *parse(const char *text) { return parse_n(text, strlen(text)); }

/* Parses text that must give no diagnostics. */
static const pb_file *parse_clean(const char *text) {
  const pb_file *f = parse(text);
  if (P.diags.head) diag_render(stderr, &P.diags, DIAG_FORMAT_TEXT, false);
  assert_null(P.diags.head);
  return f;
}

static int teardown(void **state) {
  (void)state;
  source_fini(&P.src);
  free(P.text);
  arena_free(&P.a);
  memset(&P, 0, sizeof P);
  return 0;
}

/* "code@line:col" for each diagnostic, joined by spaces. */
static const char *diags(void) {
  static char out[8192];
  size_t len = 0;
  out[0] = '\0';
  for (const diag *d = P.diags.head; d && len < sizeof out - 64; d = d->next) {
    src_pos p = source_pos(&P.src, d->range.start);
    len += (size_t)snprintf(out + len, sizeof out - len, "%s%s@%u:%u", len ? " " : "", d->code,
                            p.line, p.col);
  }
  return out;
}

static const char *first_message(void) { return P.diags.head ? P.diags.head->message : ""; }

/* The text a range covers. */
static const char *text_of(src_range r) {
  static char out[256];
  size_t n = r.end - r.start < sizeof out - 1 ? r.end - r.start : sizeof out - 1;
  memcpy(out, P.text + r.start, n);
  out[n] = '\0';
  return out;
}

static const pb_field *field(const pb_field *fields, uint32_t n, uint32_t i) {
  assert_true(i < n);
  return &fields[i];
}

/* ---- syntax ------------------------------------------------------------------------ */

static void scalars_and_messages(void **state) {
  (void)state;
  const pb_file *f = parse_clean(
      "name: \"net\"\n"
      "layer { type: \"Convolution\" }\n"
      "layer: { top: 'a' }\n"
      "param < lr_mult: 1 >\n"
      "state: < phase: TEST >\n");
  assert_int_equal(f->nfields, 5);
  assert_string_equal(f->fields[0].name, "name");
  assert_int_equal(f->fields[0].value.kind, PB_STRING);
  assert_string_equal(f->fields[0].value.u.s, "net");
  assert_string_equal(text_of(f->fields[0].name_loc), "name");
  assert_string_equal(text_of(f->fields[0].value.loc), "\"net\"");
  for (int i = 1; i < 5; i++) assert_int_equal(f->fields[i].value.kind, PB_MESSAGE);
  const pb_value *layer = &f->fields[1].value;
  assert_int_equal(layer->len, 1);
  assert_string_equal(layer->u.fields[0].name, "type");
  assert_string_equal(text_of(layer->loc), "{ type: \"Convolution\" }");
  assert_string_equal(f->fields[2].value.u.fields[0].value.u.s, "a");
  assert_string_equal(text_of(f->fields[3].value.loc), "< lr_mult: 1 >");
  const pb_field *phase = &f->fields[4].value.u.fields[0];
  assert_int_equal(phase->value.kind, PB_IDENT);
  assert_string_equal(phase->value.u.s, "TEST");
  assert_string_equal(text_of(pb_field_range(phase)), "phase: TEST");
}

static void separators_and_comments(void **state) {
  (void)state;
  const pb_file *f = parse_clean(
      "# a comment\n"
      "a: 1, b: 2; c: 3 # trailing\n"
      "m { x: 1, y: 2; }\n"
      "\t d:4\r\n");
  assert_int_equal(f->nfields, 5);
  assert_string_equal(f->fields[2].name, "c");
  assert_int_equal(f->fields[3].value.len, 2);
  assert_string_equal(f->fields[4].name, "d");
  assert_int_equal(f->fields[4].value.u.i, 4);
}

static void lists(void **state) {
  (void)state;
  const pb_file *f = parse_clean(
      "dim: [1, 2, 3]\n"
      "empty: []\n"
      "layer [ { name: \"a\" }, { name: \"b\" } ]\n"
      "shape: [ < dim: 5 > ]\n");
  assert_int_equal(f->nfields, 6);
  for (int i = 0; i < 3; i++) {
    assert_string_equal(f->fields[i].name, "dim");
    assert_int_equal(f->fields[i].value.u.i, i + 1);
  }
  assert_string_equal(text_of(f->fields[1].value.loc), "2");
  assert_string_equal(f->fields[3].name, "layer");
  assert_string_equal(f->fields[4].name, "layer");
  assert_string_equal(f->fields[4].value.u.fields[0].value.u.s, "b");
  assert_string_equal(f->fields[5].name, "shape");
  assert_int_equal(f->fields[5].value.kind, PB_MESSAGE);
}

/* Every scalar form inside a list: each element becomes a field of its own
 * with the list's name, of the kind the same value has outside a list. */
static void list_scalars(void **state) {
  (void)state;
  const pb_file *f = parse_clean(
      "v: [\"s\", \"jo\" 'in' \"ed\", 7, -7, 2.5, -2.5, MAX, -inf, nan]\n");
  assert_int_equal(f->nfields, 9);
  for (uint32_t i = 0; i < f->nfields; i++) assert_string_equal(f->fields[i].name, "v");
  assert_int_equal(f->fields[0].value.kind, PB_STRING);
  assert_string_equal(f->fields[0].value.u.s, "s");
  assert_int_equal(f->fields[1].value.kind, PB_STRING);
  assert_string_equal(f->fields[1].value.u.s, "joined");
  assert_string_equal(text_of(f->fields[1].value.loc), "\"jo\" 'in' \"ed\"");
  assert_int_equal(f->fields[2].value.kind, PB_INT);
  assert_true(f->fields[2].value.u.i == 7);
  assert_int_equal(f->fields[3].value.kind, PB_INT);
  assert_true(f->fields[3].value.u.i == -7);
  assert_string_equal(text_of(f->fields[3].value.loc), "-7");
  assert_int_equal(f->fields[4].value.kind, PB_FLOAT);
  assert_true(f->fields[4].value.u.f == 2.5);
  assert_int_equal(f->fields[5].value.kind, PB_FLOAT);
  assert_true(f->fields[5].value.u.f == -2.5);
  assert_int_equal(f->fields[6].value.kind, PB_IDENT);
  assert_string_equal(f->fields[6].value.u.s, "MAX");
  assert_int_equal(f->fields[7].value.kind, PB_FLOAT);
  assert_true(isinf(f->fields[7].value.u.f) && f->fields[7].value.u.f < 0);
  assert_int_equal(f->fields[8].value.kind, PB_FLOAT);
  assert_true(isnan(f->fields[8].value.u.f));
}

/* '-' before a word that is not a number is an error in a list too. */
static void list_negative_word(void **state) {
  (void)state;
  parse("v: [1, -MAX]");
  assert_string_equal(diags(), "bad-number@1:8");
  assert_string_equal(first_message(), "'-' must be followed by a number, not 'MAX'");
}

static void nested_messages(void **state) {
  (void)state;
  const pb_file *f = parse_clean(
      "layer {\n"
      "  convolution_param {\n"
      "    weight_filler { type: \"xavier\" }\n"
      "    num_output: 20\n"
      "  }\n"
      "}\n");
  const pb_value *conv = &f->fields[0].value.u.fields[0].value;
  assert_int_equal(conv->len, 2);
  const pb_field *filler = field(conv->u.fields, conv->len, 0);
  assert_string_equal(filler->value.u.fields[0].value.u.s, "xavier");
  assert_int_equal(field(conv->u.fields, conv->len, 1)->value.u.i, 20);
  src_pos p = source_pos(&P.src, conv->u.fields[1].name_loc.start);
  assert_int_equal(p.line, 4);
  assert_int_equal(p.col, 5);
}

static void identifiers_as_values(void **state) {
  (void)state;
  const pb_file *f = parse_clean("pool: MAX bias_term: false b: True e: _x9");
  assert_int_equal(f->nfields, 4);
  for (int i = 0; i < 4; i++) assert_int_equal(f->fields[i].value.kind, PB_IDENT);
  assert_string_equal(f->fields[0].value.u.s, "MAX");
  assert_string_equal(f->fields[3].value.u.s, "_x9");
}

/* ---- numbers ------------------------------------------------------------------------- */

static void integers(void **state) {
  (void)state;
  const pb_file *f = parse_clean(
      "a: 0 b: 42 c: -7 d: 0x1F e: 0X1f f: 017 g: -017 h: - 5\n"
      "i: 9223372036854775807 j: -9223372036854775808\n"
      "k: 9223372036854775808 l: 18446744073709551616 m: -9223372036854775809\n");
  static const int64_t want[] = {0, 42, -7, 31, 31, 15, -15, -5, INT64_MAX, INT64_MIN};
  for (int i = 0; i < 10; i++) {
    assert_int_equal(f->fields[i].value.kind, PB_INT);
    assert_false(f->fields[i].value.overflow);
    assert_true(f->fields[i].value.u.i == want[i]);
  }
  assert_string_equal(text_of(f->fields[6].value.loc), "-017");
  assert_string_equal(text_of(f->fields[7].value.loc), "- 5");
  for (int i = 10; i < 13; i++) {
    assert_int_equal(f->fields[i].value.kind, PB_INT);
    assert_true(f->fields[i].value.overflow);
  }
  assert_true(f->fields[10].value.u.i == INT64_MAX);
  assert_true(f->fields[12].value.u.i == INT64_MIN);
}

static void floats(void **state) {
  (void)state;
  const pb_file *f = parse_clean(
      "a: 1.5 b: .5 c: 1. d: 1e5 e: 1.5e-3 f: 2E+3 g: 5f h: 1.5F i: -0.25 j: 1e5f\n"
      "k: inf l: -inf m: Infinity n: -INFINITY o: nan p: NaN q: -nan\n");
  static const double want[] = {1.5, 0.5, 1.0, 1e5, 1.5e-3, 2e3, 5.0, 1.5, -0.25, 1e5};
  for (int i = 0; i < 10; i++) {
    assert_int_equal(f->fields[i].value.kind, PB_FLOAT);
    assert_true(f->fields[i].value.u.f == want[i]);
  }
  assert_string_equal(text_of(f->fields[7].value.loc), "1.5F");
  for (int i = 10; i < 14; i++) {
    assert_int_equal(f->fields[i].value.kind, PB_FLOAT);
    assert_true(isinf(f->fields[i].value.u.f));
    assert_true((f->fields[i].value.u.f < 0) == (i == 11 || i == 13));
  }
  for (int i = 14; i < 17; i++) {
    assert_int_equal(f->fields[i].value.kind, PB_FLOAT);
    assert_true(isnan(f->fields[i].value.u.f));
  }
  assert_string_equal(text_of(f->fields[11].value.loc), "-inf");
}

static void number_errors(void **state) {
  (void)state;
  parse("a: 08");
  assert_string_equal(diags(), "bad-number@1:4");
  teardown(NULL);
  parse("a: 12abc");
  assert_string_equal(diags(), "bad-number@1:4");
  assert_string_equal(first_message(), "malformed number '12abc'");
  teardown(NULL);
  parse("a: 0x");
  assert_string_equal(diags(), "bad-number@1:4");
  teardown(NULL);
  parse("a: 1.5e");
  assert_string_equal(diags(), "bad-number@1:4");
  teardown(NULL);
  parse("a: 1e999");
  assert_string_equal(diags(), "number-out-of-range@1:4");
  teardown(NULL);
  parse("a: -MAX");
  assert_string_equal(diags(), "bad-number@1:4");
  assert_string_equal(first_message(), "'-' must be followed by a number, not 'MAX'");
}

/* ---- strings -------------------------------------------------------------------------- */

static void string_escapes(void **state) {
  (void)state;
  const pb_file *f = parse_clean(
      "a: \"t\\tn\\nq\\\"s\\'b\\\\\"\n"
      "b: '\\a\\b\\f\\r\\v\\?'\n"
      "c: \"\\101\\60\\0x\"\n"
      "d: \"\\x41\\x4g\\X7e\"\n"
      "e: \"\\u00e9\\U0001F600\"\n"
      "f: 'it''s' \"joined\"\n"
      "g: \"caf\xc3\xa9\"\n"
      "h: \"\"\n");
  assert_string_equal(f->fields[0].value.u.s, "t\tn\nq\"s'b\\");
  assert_string_equal(f->fields[1].value.u.s, "\a\b\f\r\v?");
  const pb_value *c = &f->fields[2].value;
  assert_int_equal(c->len, 4);
  assert_memory_equal(c->u.s, "A0\0x", 4);
  assert_string_equal(f->fields[3].value.u.s, "A\x04g~");
  assert_string_equal(f->fields[4].value.u.s, "\xc3\xa9\xf0\x9f\x98\x80");
  assert_string_equal(f->fields[5].value.u.s, "itsjoined");
  assert_string_equal(text_of(f->fields[5].value.loc), "'it''s' \"joined\"");
  assert_string_equal(f->fields[6].value.u.s, "caf\xc3\xa9");
  assert_int_equal(f->fields[7].value.len, 0);
}

static void string_errors(void **state) {
  (void)state;
  parse("a: \"x\\qy\"");
  assert_string_equal(diags(), "bad-escape@1:6");
  assert_string_equal(first_message(), "unknown escape sequence '\\q'");
  teardown(NULL);
  parse("a: \"\\777\"");
  assert_string_equal(diags(), "bad-escape@1:5");
  teardown(NULL);
  parse("a: \"\\xg\"");
  assert_string_equal(diags(), "bad-escape@1:5");
  teardown(NULL);
  parse("a: \"\\u12\"");
  assert_string_equal(diags(), "bad-escape@1:5");
  teardown(NULL);
  parse("a: \"\\ud800\"");
  assert_string_equal(diags(), "bad-escape@1:5");
  teardown(NULL);
  parse("a: \"open\nb: 1");
  assert_string_equal(diags(), "unterminated-string@1:4");
  teardown(NULL);
  parse("a: 'open");
  assert_string_equal(diags(), "unterminated-string@1:4");
  assert_string_equal(first_message(), "missing closing ' at the end of the line");
}

/* ---- errors ------------------------------------------------------------------------------ */

static void syntax_errors(void **state) {
  (void)state;
  parse("layer {\n  name \"x\"\n}\n");
  assert_string_equal(diags(), "syntax-error@2:8");
  assert_string_equal(first_message(),
                      "unexpected string \"x\", expected ':', '[', '{' or '<'");
  teardown(NULL);
  parse("a: { b: 1 >");
  assert_string_equal(diags(), "syntax-error@1:11");
  teardown(NULL);
  parse("a: ");
  assert_string_equal(diags(), "syntax-error@1:3");
  assert_string_equal(first_message(),
                      "unexpected end of file, expected identifier, integer, number, string, "
                      "'[', '{', '<' or '-'");
  teardown(NULL);
  parse("a 1");
  assert_string_equal(diags(), "syntax-error@1:3");
  teardown(NULL);
  parse("a: @");
  assert_string_equal(diags(), "unexpected-character@1:4");
  teardown(NULL);
  parse("a: 1 \xc3\xa9");
  assert_string_equal(diags(), "unexpected-character@1:6");
  teardown(NULL);
  parse("a: \x01");
  assert_string_equal(first_message(), "unexpected control character 0x01");
}

/* A bracket left open: the error at the end of the file, just after the
 * last thing written, points back at it. */
static void unclosed_message(void **state) {
  (void)state;
  parse("layer {\n  name: \"x\"\n");
  assert_string_equal(diags(), "syntax-error@2:12");
  const diag *d = P.diags.head;
  assert_non_null(d->notes);
  assert_string_equal(d->notes->message, "to match this '{'");
  src_pos p = source_pos(&P.src, d->notes->range.start);
  assert_int_equal(p.line, 1);
  assert_int_equal(p.col, 7);
}

/* A syntax error inside a message skips to its end; the fields before
 * and after are kept, and one run reports several mistakes. */
static void error_recovery(void **state) {
  (void)state;
  const pb_file *f = parse(
      "a: 1\n"
      "b { c 2 d: 3 }\n"
      "e: 4\n"
      "f { g: }\n"
      "h: 5\n");
  assert_string_equal(diags(), "syntax-error@2:7 syntax-error@4:8");
  assert_int_equal(f->nfields, 5);
  assert_string_equal(f->fields[1].name, "b");
  assert_int_equal(f->fields[1].value.kind, PB_MESSAGE);
  assert_string_equal(f->fields[2].name, "e");
  assert_string_equal(f->fields[4].name, "h");
  teardown(NULL);
  /* Each stray closing brace at the top level. */
  f = parse("a: 1 }\nb: 2 }\nc: 3\n");
  assert_string_equal(diags(), "syntax-error@1:6 syntax-error@2:6");
  assert_string_equal(f->fields[f->nfields - 1].name, "c");
}

/* A list that a syntax error leaves open: no field without a name. */
static void unclosed_list(void **state) {
  (void)state;
  const pb_file *f = parse("a { b: [1, 2 }\nc: [3,\n");
  assert_string_equal(diags(), "syntax-error@1:14 syntax-error@2:7");
  assert_int_equal(f->nfields, 1);
  assert_string_equal(f->fields[0].name, "a");
  assert_int_equal(f->fields[0].value.len, 0);
}

static void truncated_input(void **state) {
  (void)state;
  const pb_file *f = parse("name: \"n\"\nlayer { name: \"x\" convolution_param { num_out");
  assert_string_equal(diags(), "syntax-error@2:46");
  /* The fields of the top level before the open message survive. */
  assert_int_equal(f->nfields, 1);
  assert_string_equal(f->fields[0].name, "name");
}

static void nul_and_binary(void **state) {
  (void)state;
  char text[2100];
  memset(text, ' ', sizeof text);
  memcpy(text, "a: 1", 4);
  text[2000] = '\0';
  parse_n(text, sizeof text);
  assert_string_equal(diags(), "nul-byte@1:2001");
  teardown(NULL);
  static const char model[] = "\x0a\x05" "caffe\x12\x00\x1a\x03\x08\x01\x10";
  const pb_file *f = parse_n(model, sizeof model - 1);
  assert_string_equal(diags(), "binary-file@2:8");  /* 0x0a starts a line */
  assert_int_equal(f->nfields, 0);
}

static void byte_order_mark(void **state) {
  (void)state;
  const pb_file *f = parse_clean("\xef\xbb\xbf" "a: 1");
  assert_int_equal(f->fields[0].name_loc.start, 3);
}

static void empty_inputs(void **state) {
  (void)state;
  const pb_file *f = parse_clean("");
  assert_int_equal(f->nfields, 0);
  teardown(NULL);
  f = parse_clean("# only a comment\n\n");
  assert_int_equal(f->nfields, 0);
}

static void token_too_long(void **state) {
  (void)state;
  size_t n = PB_MAX_NAME + 10;
  char *text = malloc(n + 8);
  memset(text, 'x', n);
  memcpy(text + n, ": 1", 4);
  parse(text);
  free(text);
  assert_string_equal(diags(), "token-too-long@1:1");
}

static void too_many_errors(void **state) {
  (void)state;
  char text[600];
  memset(text, '@', sizeof text - 1);
  text[sizeof text - 1] = '\0';
  parse(text);
  assert_int_equal(P.diags.count[DIAG_ERROR], PB_MAX_LEXICAL_ERRORS + 1);
  const diag *last = P.diags.head;
  while (last->next) last = last->next;
  assert_string_equal(last->code, "too-many-errors");
}

/* Deep nesting stops at the limit, with one diagnostic, and quickly even
 * for absurd depths. */
static void nesting_limit(void **state) {
  (void)state;
  char text[(PB_MAX_NESTING + 1) * 4 + 1];
  size_t len = 0;
  for (int i = 0; i < PB_MAX_NESTING; i++) len += (size_t)sprintf(text + len, "a{");
  parse(text);
  assert_string_equal(diags(), "syntax-error@1:201");  /* the end of file, nothing else */
  teardown(NULL);
  len += (size_t)sprintf(text + len, "a{");
  parse(text);
  assert_string_equal(diags(), "nesting-too-deep@1:202");

  teardown(NULL);
  size_t depth = 300000;
  char *deep = malloc(depth * 2 + 1);
  for (size_t i = 0; i < depth; i++) memcpy(deep + 2 * i, "a<", 2);
  deep[depth * 2] = '\0';
  clock_t t0 = clock();
  parse(deep);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  free(deep);
  assert_string_equal(P.diags.head->code, "nesting-too-deep");
  assert_int_equal(P.diags.count[DIAG_ERROR], 1);
  assert_true(secs < 0.5);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_teardown(scalars_and_messages, teardown),
    cmocka_unit_test_teardown(separators_and_comments, teardown),
    cmocka_unit_test_teardown(lists, teardown),
    cmocka_unit_test_teardown(list_scalars, teardown),
    cmocka_unit_test_teardown(list_negative_word, teardown),
    cmocka_unit_test_teardown(nested_messages, teardown),
    cmocka_unit_test_teardown(identifiers_as_values, teardown),
    cmocka_unit_test_teardown(integers, teardown),
    cmocka_unit_test_teardown(floats, teardown),
    cmocka_unit_test_teardown(number_errors, teardown),
    cmocka_unit_test_teardown(string_escapes, teardown),
    cmocka_unit_test_teardown(string_errors, teardown),
    cmocka_unit_test_teardown(syntax_errors, teardown),
    cmocka_unit_test_teardown(unclosed_message, teardown),
    cmocka_unit_test_teardown(error_recovery, teardown),
    cmocka_unit_test_teardown(unclosed_list, teardown),
    cmocka_unit_test_teardown(truncated_input, teardown),
    cmocka_unit_test_teardown(nul_and_binary, teardown),
    cmocka_unit_test_teardown(byte_order_mark, teardown),
    cmocka_unit_test_teardown(empty_inputs, teardown),
    cmocka_unit_test_teardown(token_too_long, teardown),
    cmocka_unit_test_teardown(too_many_errors, teardown),
    cmocka_unit_test_teardown(nesting_limit, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for suppression directives (src/diag/suppress.c) and the
 * diagnostic-list operations they rest on: fix-its and their notes,
 * filtering, the table of codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compile.h"
#include "diag/suppress.h"
#include "passes/lint.h"

static compilation C;

/* Compiles, lints and filters `text` as `archc lint` does. */
static void run(const char *text) {
  compilation_init(&C, 0);
  compilation_set_text(&C, "t.arch", text, strlen(text));
  compilation_lower(&C);
  bool lowered = C.graph && !diag_has_errors(&C.diags);
  compilation_analyse(&C);
  if (lowered) pass_lint(&C.arena, C.graph, &C.diags);
  suppress_apply(&C.diags, &C.src);
  diag_sort(&C.diags);
}

static int teardown(void **state) {
  (void)state;
  compilation_fini(&C);
  return 0;
}

/* "line:code" of every diagnostic, in order, joined by spaces. */
static const char *found(void) {
  static char out[4096];
  size_t len = 0;
  out[0] = '\0';
  for (const diag *d = C.diags.head; d; d = d->next)
    len += (size_t)snprintf(out + len, sizeof out - len, "%s%u:%s", len ? " " : "",
                            d->src ? source_pos(d->src, d->range.start).line : 0, d->code);
  return out;
}

static void expect(const char *text, const char *want) {
  run(text);
  assert_string_equal(found(), want);
}

/* Line 3 has pool-1x1 and redundant-activation; line 4 pool-1x1. */
#define BODY(l3, l4)                                  \
  "network n {\n"                                     \
  "  input x: 3x8x8\n"                                \
  "  y = x -> relu -> maxpool(1) relu" l3 "\n"        \
  "  output y -> maxpool(1)" l4 "\n"                  \
  "}\n"

static void end_of_line(void **state) {
  (void)state;
  expect(BODY("", ""), "3:pool-1x1 3:redundant-activation 4:pool-1x1");
  compilation_fini(&C);
  expect(BODY("  # archc: disable=pool-1x1", ""), "3:redundant-activation 4:pool-1x1");
  compilation_fini(&C);
  /* Several codes, blanks around commas, a reason after them. */
  expect(BODY(" # archc: disable=pool-1x1 , redundant-activation  reviewed: on purpose", ""),
         "4:pool-1x1");
  assert_int_equal(C.diags.count[DIAG_WARNING], 1);
}

static void next_statement(void **state) {
  (void)state;
  /* Blank and comment lines may stand between; the statement runs on over
   * an open parenthesis, a trailing "->" and a line starting with "->". */
  expect("network n {\n"
         "  input x: 3x8x8\n"
         "  # archc: disable=pool-1x1\n"
         "\n"
         "  # why: the reference drops it anyway\n"
         "  y = x -> relu ->\n"
         "    maxpool(\n"
         "      1)\n"
         "    -> maxpool(1)\n"
         "  output y -> maxpool(1)\n"
         "}\n",
         "10:pool-1x1");
}

static void whole_file(void **state) {
  (void)state;
  expect("# archc: disable-file=pool-1x1\n" BODY("", ""), "4:redundant-activation");
  compilation_fini(&C);
  /* Anywhere in the file, also after the warnings. */
  expect(BODY("", "") "# archc: disable-file=redundant-activation,pool-1x1\n", "");
}

static void unknown_codes(void **state) {
  (void)state;
  expect("# archc: disable-file=unused-locker, no-such-thing\n" BODY("", ""),
         "1:unknown-code 1:unknown-code 4:pool-1x1 4:redundant-activation 5:pool-1x1");
  const diag *d = C.diags.head;
  assert_string_equal(d->message, "unknown diagnostic code 'unused-locker'");
  /* unused-block and unused-layer are as close: no fix-it. */
  assert_null(d->fixits);
  d = d->next;
  assert_null(d->fixits);
  compilation_fini(&C);
  /* Error codes are no candidates: "no-tput" is as close to no-input and
   * no-output, but neither could be disabled. */
  expect("# archc: disable-file=pool-1x2,no-tput\n" BODY("", ""),
         "1:unknown-code 1:unknown-code 4:pool-1x1 4:redundant-activation 5:pool-1x1");
  assert_string_equal(C.diags.head->fixits->text, "pool-1x1");
  assert_null(C.diags.head->next->fixits);
  assert_null(C.diags.head->next->notes);
  compilation_fini(&C);
  expect("# archc: disable-file=redundant-activaton\n" BODY("", ""),
         "1:unknown-code 4:pool-1x1 4:redundant-activation 5:pool-1x1");
  d = C.diags.head;
  assert_non_null(d->fixits);
  assert_string_equal(d->fixits->text, "redundant-activation");
  assert_int_equal(d->fixits->range.start, 22);
  assert_int_equal(d->fixits->range.end, 41);
  assert_string_equal(d->notes->message, "fix: replace with 'redundant-activation'");
  assert_ptr_equal(d->notes->fixit, d->fixits);
  compilation_fini(&C);
  /* The warning about a directive can be disabled like any other. */
  expect("# archc: disable-file=unknown-code\n# archc: disable-file=bogus\nnetwork n {\n"
         "  input x: 1x8x8\n  output relu(x)\n}\n",
         "");
}

static void bad_directives(void **state) {
  (void)state;
  expect("# archc: enable=pool-1x1\n"
         "# archc: disable pool-1x1\n"
         "# archc: disable=\n"
         "# archc: disable=cycle\n"
         "# archc is fine: not a directive\n"
         "#archc:\n"
         "network n {\n  input x: 1x8x8\n  output relu(x)\n}\n",
         "1:bad-directive 2:bad-directive 3:bad-directive 4:bad-directive 6:bad-directive");
  const diag *d = C.diags.head;
  assert_string_equal(d->message, "unknown directive 'enable'");
  assert_string_equal(d->next->message, "expected '=' after 'disable'");
  assert_string_equal(d->next->next->message, "expected a diagnostic code here");
  assert_string_equal(d->next->next->next->message,
                      "'cycle' is an error; errors cannot be disabled");
  assert_string_equal(d->next->next->next->next->message, "expected a directive after 'archc:'");
}

static void errors_stay(void **state) {
  (void)state;
  expect("network n {\n  input x: 1x8x8\n  output relu(x,)) # archc: disable=syntax-error\n}\n",
         "3:syntax-error 3:bad-directive");
  assert_true(diag_has_errors(&C.diags));
}

static void strings_are_not_comments(void **state) {
  (void)state;
  expect("network n {\n"
         "  meta { source: \"a # archc: disable=pool-1x1\" }\n"
         "  input x: 1x8x8\n"
         "  output maxpool(x, 1)\n"
         "}\n",
         "4:pool-1x1");
  compilation_fini(&C);
  expect("network n {\n"
         "  meta { source: \"a \\\" # archc: disable=pool-1x1\" }; input x: 1x8x8; "
         "output maxpool(x, 1)  # archc: disable=pool-1x1\n"
         "}\n",
         "");
}

/* A warning about the file with no place: only disable-file reaches it. */
static void placeless_warnings(void **state) {
  (void)state;
  static const char text[] = "# archc: disable=unused-input\n# archc: disable-file=opaque-layer\n";
  compilation_init(&C, 0);
  compilation_set_text(&C, "t.prototxt", text, sizeof text - 1);
  diag_add(&C.diags, DIAG_WARNING, "unused-input", NULL, (src_range){0, 0}, "a");
  diag_add(&C.diags, DIAG_WARNING, "opaque-layer", NULL, (src_range){0, 0}, "b");
  assert_int_equal(suppress_apply(&C.diags, &C.src), 1);
  assert_string_equal(found(), "0:unused-input");
}

static bool keep_errors(const diag *d, void *ctx) {
  (void)ctx;
  return d->severity == DIAG_ERROR;
}

static void list_operations(void **state) {
  (void)state;
  compilation_init(&C, 0);
  compilation_set_text(&C, "t.arch", "abc def", 7);
  diag_list *l = &C.diags;
  diag *w = diag_add(l, DIAG_WARNING, "pool-1x1", &C.src, (src_range){4, 7}, "w");
  diag_fixit_add(l, w, (src_range){4, 7}, "xyz");
  diag_fixit_add(l, w, (src_range){3, 3}, ",");
  diag_fixit_add(l, w, (src_range){0, 4}, "");
  diag_fixit_add(l, w, (src_range){5, 99}, "out of the text: ignored");
  diag_add(l, DIAG_ERROR, "cycle", &C.src, (src_range){0, 3}, "e");
  diag_add(l, DIAG_WARNING, "pool-1x1", &C.src, (src_range){0, 3}, "w2");
  const diag_note *n = w->notes;
  assert_string_equal(n->message, "fix: replace with 'xyz'");
  assert_null(n->src);  /* at the diagnostic's own place */
  assert_string_equal(n->next->message, "fix: insert ','");
  assert_ptr_equal(n->next->src, &C.src);
  assert_string_equal(n->next->next->message, "fix: remove 'abc '");
  assert_null(n->next->next->next);
  assert_null(w->fixits->next->next->next);

  diag_filter(l, keep_errors, NULL);
  assert_int_equal(l->count[DIAG_WARNING], 0);
  assert_int_equal(l->count[DIAG_ERROR], 1);
  assert_string_equal(l->head->code, "cycle");
  assert_null(l->head->next);
  diag_add(l, DIAG_WARNING, "pool-1x1", &C.src, (src_range){1, 2}, "appended after filtering");
  assert_string_equal(l->head->next->message, "appended after filtering");

  size_t ncodes;
  const diag_code_info *t = diag_code_table(&ncodes);
  for (size_t i = 1; i < ncodes; i++) assert_true(strcmp(t[i - 1].code, t[i].code) < 0);
  assert_string_equal(diag_code_find("pool-1x1", 8)->code, "pool-1x1");
  assert_non_null(diag_code_find("pool-1x1x", 8));
  assert_null(diag_code_find("pool-1", 6));
  assert_null(diag_code_find("zzz", 3));
  assert_int_equal(diag_code_find("cycle", 5)->severity, DIAG_ERROR);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_teardown(end_of_line, teardown),
    cmocka_unit_test_teardown(next_statement, teardown),
    cmocka_unit_test_teardown(whole_file, teardown),
    cmocka_unit_test_teardown(unknown_codes, teardown),
    cmocka_unit_test_teardown(bad_directives, teardown),
    cmocka_unit_test_teardown(errors_stay, teardown),
    cmocka_unit_test_teardown(strings_are_not_comments, teardown),
    cmocka_unit_test_teardown(placeless_warnings, teardown),
    cmocka_unit_test_teardown(list_operations, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

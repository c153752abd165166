/* Unit tests for the lint pass (src/passes/lint*.c): each rule fires where
 * it should and stays quiet on the look-alikes, and its fix-it, applied to
 * the source, gives a network without that warning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compile.h"
#include "diag/render.h"
#include "passes/lint.h"

static compilation C;

/* Compiles and lints `text` the way `archc lint` does. */
static void lint_text(const char *text, bool shapes) {
  compilation_init(&C, 0);
  compilation_set_text(&C, "t.arch", text, strlen(text));
  compilation_lower(&C);
  bool lowered = C.graph && !diag_has_errors(&C.diags);
  if (shapes) compilation_analyse(&C);
  if (lowered) pass_lint(&C.arena, C.graph, &C.diags);
  diag_sort(&C.diags);
}

static int teardown(void **state) {
  (void)state;
  compilation_fini(&C);
  return 0;
}

/* The codes of all diagnostics, in order, joined by spaces. */
static const char *codes(void) {
  static char out[4096];
  size_t len = 0;
  out[0] = '\0';
  for (const diag *d = C.diags.head; d; d = d->next)
    len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", len ? " " : "", d->code);
  return out;
}

static const diag *first(const char *code) {
  for (const diag *d = C.diags.head; d; d = d->next)
    if (strcmp(d->code, code) == 0) return d;
  fail_msg("no diagnostic %s among: %s", code, codes());
  return NULL;
}

static void expect(const char *text, const char *want) {
  lint_text(text, true);
  assert_string_equal(codes(), want);
}

/* The source with every fix-it of every diagnostic applied, in order of
 * place (they do not overlap in these tests); the caller frees it. */
static char *apply_fixes(const char *text) {
  const diag_fixit *fix[16];
  size_t nfix = 0;
  for (const diag *d = C.diags.head; d; d = d->next)
    for (const diag_fixit *f = d->fixits; f; f = f->next) {
      assert_true(nfix < 16);
      size_t k = nfix++;
      for (; k > 0 && fix[k - 1]->range.start > f->range.start; k--) fix[k] = fix[k - 1];
      fix[k] = f;
    }
  size_t n = strlen(text), len = 0;
  char *out = malloc(n + 16 * 64 + 1);
  assert_non_null(out);
  uint32_t at = 0;
  for (size_t i = 0; i < nfix; i++) {
    assert_true(fix[i]->range.start >= at);
    memcpy(out + len, text + at, fix[i]->range.start - at);
    len += fix[i]->range.start - at;
    size_t t = strlen(fix[i]->text);
    assert_true(t < 64);
    memcpy(out + len, fix[i]->text, t);
    len += t;
    at = fix[i]->range.end;
  }
  memcpy(out + len, text + at, n - at);
  out[len + n - at] = '\0';
  return out;
}

/* Applies the fix-its and checks that the result compiles without errors
 * and without `code`. */
static void fixes_clear(const char *text, const char *code, const char *want_text) {
  lint_text(text, true);
  first(code);
  char *fixed = apply_fixes(text);
  if (want_text) assert_string_equal(fixed, want_text);
  compilation_fini(&C);
  lint_text(fixed, true);
  assert_false(diag_has_errors(&C.diags));
  for (const diag *d = C.diags.head; d; d = d->next) assert_string_not_equal(d->code, code);
  free(fixed);
}

#define NET(body) "network n {\n  input x: 3x32x32\n" body "}\n"

static void stride_exceeds_kernel(void **state) {
  (void)state;
  expect(NET("  output conv(x, 8, 3, stride: 4)\n"), "stride-exceeds-kernel");
  assert_string_equal(first("stride-exceeds-kernel")->message,
                      "stride 4x4 is larger than the 3x3 kernel: input rows and columns between "
                      "the windows are never read");
  compilation_fini(&C);
  expect(NET("  output conv(x, 8, 3, stride: 3)\n"), "");
  compilation_fini(&C);
  /* Dilation 2 spreads a 3-wide kernel over 5 cells. */
  expect(NET("  output conv(x, 8, 3, stride: 4, dilation: 2)\n"), "");
  compilation_fini(&C);
  expect(NET("  output conv(x, 8, 1x3, stride: 2x1)\n"), "stride-exceeds-kernel");
  assert_non_null(strstr(first("stride-exceeds-kernel")->message, "input rows between"));
  compilation_fini(&C);
  expect(NET("  output deconv(x, 8, 2, stride: 3)\n"), "stride-exceeds-kernel");
  assert_non_null(strstr(first("stride-exceeds-kernel")->message, "output rows and columns"));
  compilation_fini(&C);
  expect(NET("  output maxpool(x, 2, stride: 3)\n"), "stride-exceeds-kernel");
  compilation_fini(&C);
  expect(NET("  output avgpool(x, global: true)\n"), "");
}

static void pool_1x1(void **state) {
  (void)state;
  expect(NET("  y = conv(x, 8, 3) -> maxpool(1)\n  output y\n"), "pool-1x1");
  compilation_fini(&C);
  /* Subsampling: pool-1x1 says it, not stride-exceeds-kernel as well. */
  expect(NET("  output maxpool(x, 1, stride: 2)\n"), "pool-1x1");
  assert_non_null(strstr(first("pool-1x1")->message, "only subsamples"));
  assert_null(first("pool-1x1")->fixits);
  compilation_fini(&C);
  fixes_clear(NET("  y = conv(x, 8, 3) -> maxpool(1) -> relu\n  output y\n"), "pool-1x1",
              NET("  y = conv(x, 8, 3) -> relu\n  output y\n"));
}

static void pool_after_pool(void **state) {
  (void)state;
  expect(NET("  output maxpool(x, 2, stride: 2) relu -> avgpool(2, stride: 2)\n"),
         "pool-after-pool");
  const diag *d = first("pool-after-pool");
  assert_non_null(d->notes);
  assert_string_equal(d->notes->message, "the previous pooling");
  compilation_fini(&C);
  expect(NET("  output maxpool(x, 2, stride: 2) -> conv(8, 3) -> maxpool(2, stride: 2)\n"), "");
  compilation_fini(&C);
  expect(NET("  output maxpool(x, 2, stride: 2) -> avgpool(global: true)\n"), "");
}

static void collapsed_grid(void **state) {
  (void)state;
  expect("network n {\n  input x: 8x1x1\n  output conv(x, 8, 3, pad: 1)\n}\n", "collapsed-grid");
  assert_string_equal(first("collapsed-grid")->message,
                      "the grid is 1x1 here: the 3x3 kernel sees that one cell and padding");
  compilation_fini(&C);
  expect("network n {\n  input x: 8x1x9\n  output conv(x, 8, 3, pad: 1)\n}\n", "collapsed-grid");
  assert_non_null(strstr(first("collapsed-grid")->message, "1 cell high"));
  compilation_fini(&C);
  /* A 1x1 convolution on a 1x1 grid is an fc layer, and fine. */
  expect("network n {\n  input x: 8x1x1\n  output conv(x, 8, 1)\n}\n", "");
  compilation_fini(&C);
  expect("network n {\n  input x: 8x1x9\n  output conv(x, 8, 1x3, pad: 0x1)\n}\n", "");
  compilation_fini(&C);
  /* Without the shape pass the rule has nothing to go on, and says so by
   * saying nothing. */
  lint_text("network n {\n  input x: 8x1x1\n  output conv(x, 8, 3, pad: 1)\n}\n", false);
  assert_string_equal(codes(), "");
}

static void saturating(void **state) {
  (void)state;
  expect(NET("  output x -> conv(8, 3, pad: 1) relu * 6 -> sigmoid -> fc(10)\n"),
         "saturating-activation");
  compilation_fini(&C);
  expect(NET("  output x -> conv(8, 3, pad: 1) relu * 5 -> sigmoid -> fc(10)\n"), "");
  compilation_fini(&C);
  /* The output non-linearity, and a gate, are meant to saturate. */
  expect(NET("  output x -> conv(8, 3, pad: 1) relu * 6 -> fc(10) sigmoid\n"), "");
  compilation_fini(&C);
  expect(NET("  y = x -> conv(8, 3, pad: 1) relu * 6\n"
             "  g = y -> conv(8, 1) sigmoid\n"
             "  output fc(mul(y, g), 10)\n"),
         "");
  compilation_fini(&C);
  /* A repeated stage is one warning, not one per repetition. */
  expect(NET("  output x -> conv(8, 3, pad: 1) tanh * 9 -> fc(10)\n"), "saturating-activation");
}

static void large_fc(void **state) {
  (void)state;
  expect("network n {\n  input x: 2x1024x1024\n  output fc(x, 10)\n}\n", "large-fc-input");
  assert_string_equal(first("large-fc-input")->message,
                      "fc on 2097152 inputs (more than 2^20): 20971520 weights; reduce the grid "
                      "first (pooling, strides, global pooling)");
  compilation_fini(&C);
  expect("network n {\n  input x: 1x1024x1024\n  output fc(x, 10)\n}\n", "");
}

static void single_input_concat(void **state) {
  (void)state;
  fixes_clear(NET("  c = conv(x, 8, 3)\n  d = concat( c )\n  output fc(d, 10)\n"),
              "single-input-concat", NET("  c = conv(x, 8, 3)\n  d = c\n  output fc(d, 10)\n"));
  compilation_fini(&C);
  /* A named argument: not mechanical. */
  expect(NET("  c = conv(x, 8, 3)\n  output concat(c, axis: h)\n"), "single-input-concat");
  assert_null(first("single-input-concat")->fixits);
}

static void duplicate_operand(void **state) {
  (void)state;
  expect(NET("  c = conv(x, 8, 3)\n  output add(c, c)\n"), "duplicate-operand");
  assert_string_equal(first("duplicate-operand")->message,
                      "'c' is added to itself, which only doubles it; a residual connection adds "
                      "a block's input to its output");
  compilation_fini(&C);
  expect(NET("  c = conv(x, 8, 3)\n  d = conv(x, 8, 3)\n  output max(c, d, c)\n"),
         "duplicate-operand");
  assert_string_equal(first("duplicate-operand")->message,
                      "the max of 'c' and itself is 'c' unchanged");
  compilation_fini(&C);
  expect(NET("  c = conv(x, 8, 3)\n  d = conv(x, 8, 3)\n  output add(c, d)\n"), "");
}

static void unused_output(void **state) {
  (void)state;
  expect(NET("  a, b, c = slice(x, points: [1, 2])\n  output add(a, c)\n"), "unused-output");
  assert_string_equal(first("unused-output")->message,
                      "output 2 of this slice (of 3) is never used");
  compilation_fini(&C);
  expect(NET("  a, b = slice(x, points: [1])\n  output a\n  output b\n"), "");
}

static void misplaced_dropout(void **state) {
  (void)state;
  expect(NET("  output conv(x, 8, 3) dropout -> conv(8, 3)\n"), "misplaced-dropout");
  assert_non_null(strstr(first("misplaced-dropout")->message, "before a conv"));
  compilation_fini(&C);
  expect(NET("  output conv(x, 8, 3) -> fc(64) relu dropout -> fc(10)\n"), "");
  compilation_fini(&C);
  expect(NET("  output conv(x, 8, 3) dropout -> relu -> flatten -> fc(10)\n"), "");
  compilation_fini(&C);
  /* A 1x1 convolution is an fc layer on each cell (SqueezeNet). */
  expect(NET("  output conv(x, 8, 3) dropout -> conv(10, 1)\n"), "");
  compilation_fini(&C);
  expect(NET("  output fc(x, 10) dropout\n"), "misplaced-dropout");
  assert_non_null(strstr(first("misplaced-dropout")->message, "network's output"));
}

static void redundant_activation(void **state) {
  (void)state;
  expect(NET("  output conv(x, 8, 3) relu -> maxpool(2, stride: 2) relu\n"),
         "redundant-activation");
  const diag *d = first("redundant-activation");
  assert_string_equal(d->message, "this relu does nothing: its input is never negative");
  assert_string_equal(d->notes->message, "non-negative since this relu");
  compilation_fini(&C);
  expect(NET("  output conv(x, 8, 3) sigmoid -> prelu\n"), "redundant-activation");
  compilation_fini(&C);
  expect(NET("  output conv(x, 8, 3) relu -> batchnorm -> relu\n"), "");
  compilation_fini(&C);
  expect(NET("  output conv(x, 8, 3) -> relu(negative_slope: 0.1) -> relu\n"), "");
  compilation_fini(&C);
  fixes_clear(NET("  y = conv(x, 8, 3) relu relu\n  output y\n"), "redundant-activation",
              NET("  y = conv(x, 8, 3) relu\n  output y\n"));
  compilation_fini(&C);
  /* A repeated stage cannot lose a part of itself. */
  expect(NET("  output x -> conv(8, 3) relu relu * 2\n"),
         "redundant-activation");
  assert_null(first("redundant-activation")->fixits);
}

static void bias_before_batchnorm(void **state) {
  (void)state;
  fixes_clear(NET("  y = conv(x, 8, 3) batchnorm -> scale(bias: true) relu\n  output y\n"),
              "bias-before-batchnorm",
              NET("  y = conv(x, 8, 3, bias: false) batchnorm -> scale(bias: true) relu\n"
                  "  output y\n"));
  compilation_fini(&C);
  fixes_clear(NET("  y = conv(x, 8,\n    3,\n  ) batchnorm\n  output y\n"), "bias-before-batchnorm",
              NET("  y = conv(x, 8,\n    3, bias: false\n  ) batchnorm\n  output y\n"));
  compilation_fini(&C);
  expect(NET("  output conv(x, 8, 3, bias: false) batchnorm\n"), "");
  compilation_fini(&C);
  /* The bias matters where the value goes elsewhere too. */
  expect(NET("  c = conv(x, 3, 1)\n  output add(batchnorm(c), c)\n"), "");
  compilation_fini(&C);
  /* A parameter given already, with another value: no fix-it. */
  expect("block b(x, hasbias) {\n  return conv(x, 8, 3, bias: hasbias) batchnorm\n}\n"
         "network n {\n  input x: 3x32x32\n  output b(x, true)\n}\n",
         "bias-before-batchnorm");
  assert_null(first("bias-before-batchnorm")->fixits);
}

static void block_expansions_report_once(void **state) {
  (void)state;
  expect("block b(x) {\n  return conv(x, 8, 3, stride: 4)\n}\n"
         "network n {\n  input x: 3x64x64\n  output add(b(x), b(x))\n}\n",
         "stride-exceeds-kernel");
  const diag *d = first("stride-exceeds-kernel");
  assert_non_null(d->notes);
  assert_string_equal(d->notes->message, "in block 'b' called here");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_teardown(stride_exceeds_kernel, teardown),
    cmocka_unit_test_teardown(pool_1x1, teardown),
    cmocka_unit_test_teardown(pool_after_pool, teardown),
    cmocka_unit_test_teardown(collapsed_grid, teardown),
    cmocka_unit_test_teardown(saturating, teardown),
    cmocka_unit_test_teardown(large_fc, teardown),
    cmocka_unit_test_teardown(single_input_concat, teardown),
    cmocka_unit_test_teardown(duplicate_operand, teardown),
    cmocka_unit_test_teardown(unused_output, teardown),
    cmocka_unit_test_teardown(misplaced_dropout, teardown),
    cmocka_unit_test_teardown(redundant_activation, teardown),
    cmocka_unit_test_teardown(bias_before_batchnorm, teardown),
    cmocka_unit_test_teardown(block_expansions_report_once, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for the cost pass (src/passes/costs.c): parameters, batchnorm
 * statistics, MACs, activations, receptive fields and jumps per layer, and
 * the totals, with peak activation memory on branching graphs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "compile.h"
#include "diag/render.h"
#include "passes/passes.h"

static compilation C;

/* Analyses `body` inside `network n { ... }`; it must have no errors. */
static const ir_graph *costs(const char *body) {
  char text[8192];
  snprintf(text, sizeof text, "network n {\n%s}\n", body);
  compilation_init(&C, 0);
  compilation_set_text(&C, "t.arch", text, strlen(text));
  compilation_analyse(&C);
  if (diag_has_errors(&C.diags)) diag_render(stderr, &C.diags, DIAG_FORMAT_TEXT, false);
  assert_false(diag_has_errors(&C.diags));
  return C.graph;
}

static int teardown(void **state) {
  (void)state;
  compilation_fini(&C);
  return 0;
}

static const ir_cost *cost(const char *name) {
  for (uint32_t i = 0; i < C.graph->nlayers; i++)
    if (strcmp(C.graph->layers[i].name, name) == 0) return &C.graph->layers[i].cost;
  fail_msg("no layer named '%s'", name);
  return NULL;
}

/* params, bn_params, macs, activations of one layer. */
static void expect(const char *name, int64_t params, int64_t bn, int64_t macs, int64_t acts) {
  const ir_cost *c = cost(name);
  if (c->params != params || c->bn_params != bn || c->macs != macs || c->activations != acts)
    fail_msg("%s: expected %lld %lld %lld %lld, got %lld %lld %lld %lld", name, (long long)params,
             (long long)bn, (long long)macs, (long long)acts, (long long)c->params,
             (long long)c->bn_params, (long long)c->macs, (long long)c->activations);
}

static void expect_rf(const char *name, int64_t rh, int64_t rw, int64_t jh, int64_t jw) {
  const ir_cost *c = cost(name);
  if (c->rf[0] != rh || c->rf[1] != rw || c->jump[0] != jh || c->jump[1] != jw)
    fail_msg("%s: expected rf %lldx%lld jump %lldx%lld, got rf %lldx%lld jump %lldx%lld", name,
             (long long)rh, (long long)rw, (long long)jh, (long long)jw, (long long)c->rf[0],
             (long long)c->rf[1], (long long)c->jump[0], (long long)c->jump[1]);
}

static void conv_and_deconv(void **state) {
  (void)state;
  costs("  input x: 3x8x8\n  input g: 4x5x5\n"
        "  a = conv(x, 16, 3, pad: 1)\n"
        "  b = conv(x, 16, 3, pad: 1, bias: false)\n"
        "  c = conv(g, 6, 3, groups: 2, pad: 1)\n"
        "  d = conv(g, 4, 3x1, groups: 4)\n"
        "  e = deconv(g, 6, 3, stride: 2, groups: 2)\n"
        "  f = deconv(g, 2, 2, bias: false)\n"
        "  output a\n  output b\n  output c\n  output d\n  output e\n  output f\n");
  /* 16 * 3 * 3 * 3 + 16; MACs 16 * 8 * 8 outputs * 27 */
  expect("a", 448, 0, 27648, 1024);
  expect("b", 432, 0, 27648, 1024);
  /* groups 2: each feature sees 2 channels: 6 * 2 * 9 + 6; 6 * 25 * 18 MACs */
  expect("c", 114, 0, 2700, 150);
  /* depthwise: 4 * 1 * 3 + 4; outputs 4x3x5 = 60, each 3 MACs */
  expect("d", 16, 0, 180, 60);
  /* Caffe's deconv weights are C_in x (features / groups) x kh x kw:
   * 4 * 3 * 9 + 6; MACs per input element: 3 * 9; output 6x11x11 */
  expect("e", 114, 0, 2700, 726);
  expect("f", 32, 0, 800, 72);
}

static void fc_scale_prelu_batchnorm(void **state) {
  (void)state;
  costs("  input x: 8x4x4\n  input v: 100\n"
        "  f = fc(x, 10)\n  f2 = fc(v, 10, bias: false)\n"
        "  s = scale(x)\n  sb = scale(x, bias: true)\n  sv = scale(v, bias: true)\n"
        "  p = prelu(x)\n  ps = prelu(x, shared: true)\n"
        "  b = batchnorm(x)\n  bv = batchnorm(v)\n"
        "  r = relu(x)\n  m = maxpool(x, 2, stride: 2)\n  l = lrn(x)\n  d = dropout(x)\n"
        "  t = softmax(v)\n  a = add(x, x)\n  k = concat(x, x)\n  fl = flatten(x)\n"
        "  output f\n  output f2\n  output s\n  output sb\n  output sv\n  output p\n  output ps\n"
        "  output b\n  output bv\n  output r\n  output m\n  output l\n  output d\n  output t\n"
        "  output a\n  output k\n  output fl\n");
  expect("x", 0, 0, 0, 128);
  expect("f", 1290, 0, 1280, 10);   /* 10 * 128 + 10 */
  expect("f2", 1000, 0, 1000, 10);
  expect("s", 8, 0, 128, 128);      /* one scale per channel, one MAC per element */
  expect("sb", 16, 0, 128, 128);
  expect("sv", 200, 0, 100, 100);
  expect("p", 8, 0, 0, 128);
  expect("ps", 1, 0, 0, 128);
  expect("b", 0, 17, 128, 128);     /* mean, variance: 2 * 8, and the factor */
  expect("bv", 0, 201, 100, 100);
  expect("r", 0, 0, 0, 128);
  expect("m", 0, 0, 0, 32);
  expect("l", 0, 0, 0, 128);
  expect("d", 0, 0, 0, 128);
  expect("t", 0, 0, 0, 100);
  expect("a", 0, 0, 0, 128);
  expect("k", 0, 0, 0, 256);
  expect("fl", 0, 0, 0, 128);
}

static void receptive_fields(void **state) {
  (void)state;
  costs("  input x: 3x32x32\n"
        "  a = conv(x, 8, 3)\n"                      /* rf 3, jump 1 */
        "  b = maxpool(a, 2, stride: 2)\n"           /* 3 + 1 = 4, jump 2 */
        "  c = conv(b, 8, 3, dilation: 2)\n"         /* extent 5: 4 + 4 * 2 = 12 */
        "  d = conv(c, 8, 3x1, stride: 1x2) relu\n"  /* 16 x 12, jump 2 x 4 */
        "  e = lrn(d, size: 3, region: within)\n"   /* 20 x 20 */
        "  f = lrn(d)\n"                             /* across channels: unchanged */
        "  g = avgpool(e, global: true)\n"           /* 9x6 cells: 20 + 8 * 2, 20 + 5 * 4 */
        "  h = flatten(e) -> fc(10)\n"               /* fc sees the grid through flatten */
        "  i = fc(h, 5)\n"                           /* nothing more to see */
        "  j = deconv(b, 4, 3, stride: 2)\n"         /* 4 + (2 - 1) * 2, jump 1 */
        "  k = concat(a, conv(x, 8, 5, pad: 1))\n"   /* the larger of 3 and 5 */
        "  output f\n  output g\n  output i\n  output j\n  output k\n");
  expect_rf("x", 1, 1, 1, 1);
  expect_rf("a", 3, 3, 1, 1);
  expect_rf("b", 4, 4, 2, 2);
  expect_rf("c", 12, 12, 2, 2);
  expect_rf("d", 16, 12, 2, 4);
  expect_rf("e", 20, 20, 2, 4);
  expect_rf("f", 16, 12, 2, 4);
  expect_rf("g", 36, 40, 36, 40);
  expect_rf("h", 36, 40, 36, 40);
  expect_rf("i", 36, 40, 36, 40);
  expect_rf("j", 6, 6, 1, 1);
  expect_rf("k", 5, 5, 1, 1);
}

/* x -> a, b; a -> c; b + c -> d: while d runs, b, c and d are alive,
 * and before that x, a and b, then a, b and c. */
static void peak_on_a_branching_graph(void **state) {
  (void)state;
  costs("  input x: 4x5x5\n"
        "  a = conv(x, 4, 1)\n"
        "  b = conv(x, 8, 1)\n"
        "  c = conv(a, 8, 1)\n"
        "  d = add(b, c)\n"
        "  output d\n");
  cost_totals t = costs_total(C.graph);
  assert_int_equal(t.activations, 100 + 100 + 200 + 200 + 200);
  assert_int_equal(t.peak_activations, 600);   /* b + c + d */
  assert_string_equal(C.graph->layers[t.peak_layer].name, "d");
  assert_int_equal(t.params, (4 * 4 + 4) + (8 * 4 + 8) + (8 * 4 + 8));
  assert_int_equal(t.macs, 25 * (16 + 32 + 32));
  assert_int_equal(t.unknown, 0);
}

static void peak_keeps_network_outputs(void **state) {
  (void)state;
  costs("  input x: 4x5x5\n"
        "  a = conv(x, 4, 1)\n"
        "  b = conv(x, 8, 1)\n"
        "  c = conv(a, 8, 1)\n"
        "  d = add(b, c)\n"
        "  output a\n  output d\n");
  cost_totals t = costs_total(C.graph);
  assert_int_equal(t.peak_activations, 700);   /* a stays to the end */
}

static void peak_frees_each_slice_piece_on_its_own(void **state) {
  (void)state;
  costs("  input x: 10x10x10\n"
        "  p, q = slice(x, points: [2])\n"          /* 200 + 800; x freed */
        "  a = relu(q)\n"                            /* q's last use */
        "  b = relu(a)\n"                            /* p still alive, q gone */
        "  c = concat(p, b)\n"
        "  output c\n");
  cost_totals t = costs_total(C.graph);
  /* x 1000 -> slice: 2000, free x -> 1000 -> a: 1800, free q -> 1000 ->
   * b: 1800, free a -> 1000 -> c: 2000 */
  assert_int_equal(t.peak_activations, 2000);
  assert_string_equal(C.graph->layers[t.peak_layer].name, "p");
}

static void unused_tensors_are_freed_at_once(void **state) {
  (void)state;
  costs("  input x: 1x10x10\n"
        "  big = conv(x, 50, 1)\n"                  /* 5000, never used */
        "  y = conv(x, 2, 1)\n"
        "  z = conv(y, 2, 1)\n"
        "  output z\n");
  cost_totals t = costs_total(C.graph);
  assert_int_equal(t.peak_activations, 5100);
  assert_string_equal(C.graph->layers[t.peak_layer].name, "big");
}

static void unknown_costs_are_left_out(void **state) {
  (void)state;
  costs("  input x: 3x8x8\n"
        "  o = opaque(x, type: \"Custom\")\n"
        "  a = conv(o, 4, 3)\n"
        "  b = conv(x, 4, 3)\n"
        "  output a\n  output b\n");
  expect("o", -1, -1, -1, -1);
  expect("a", -1, -1, -1, -1);
  expect_rf("a", -1, -1, -1, -1);
  expect("b", 112, 0, 3888, 144);
  cost_totals t = costs_total(C.graph);
  assert_int_equal(t.unknown, 2);
  assert_int_equal(t.params, 112);
  assert_int_equal(t.macs, 3888);
  assert_int_equal(t.peak_activations, 192 + 144);
}

static void overflowing_costs_are_unknown(void **state) {
  (void)state;
  costs("  input x: 1x2000000000x2000000000\n"
        "  a = conv(x, 2, 1)\n"                      /* 8e18 outputs fit; MACs too */
        "  b = conv(x, 2, 3, pad: 1)\n"              /* 8e18 * 9 MACs do not */
        "  output a\n  output b\n");
  expect("a", 4, 0, 8000000000000000000, 8000000000000000000);
  expect("b", 20, 0, -1, 8000000000000000000);
  cost_totals t = costs_total(C.graph);
  assert_int_equal(t.params, 24);
  assert_int_equal(t.macs, 8000000000000000000);   /* a's; b's is unknown */
  assert_int_equal(t.unknown, 1);
  assert_int_equal(t.activations, -1);             /* past 2^63 */
  assert_int_equal(t.peak_activations, -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_teardown(conv_and_deconv, teardown),
    cmocka_unit_test_teardown(fc_scale_prelu_batchnorm, teardown),
    cmocka_unit_test_teardown(receptive_fields, teardown),
    cmocka_unit_test_teardown(peak_on_a_branching_graph, teardown),
    cmocka_unit_test_teardown(peak_keeps_network_outputs, teardown),
    cmocka_unit_test_teardown(peak_frees_each_slice_piece_on_its_own, teardown),
    cmocka_unit_test_teardown(unused_tensors_are_freed_at_once, teardown),
    cmocka_unit_test_teardown(unknown_costs_are_left_out, teardown),
    cmocka_unit_test_teardown(overflowing_costs_are_unknown, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

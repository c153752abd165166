/* Unit tests for the shape pass (src/passes/shapes.c): every op's rule as
 * Caffe computes it, including pooling's rounding corner cases, unknown
 * shapes below opaque layers, shape assertions, and the exact message of
 * every diagnostic. */
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
#include "passes/passes.h"

static compilation C;

/* Analyses `body` inside `network n { ... }`, with the blocks in `blocks`
 * before it. */
static const ir_graph *analyse_with(const char *blocks, const char *body) {
  char text[8192];
  snprintf(text, sizeof text, "%snetwork n {\n%s}\n", blocks, body);
  compilation_init(&C, 0);
  compilation_set_text(&C, "t.arch", text, strlen(text));
  compilation_analyse(&C);
  diag_sort(&C.diags);
  return C.graph;
}

static const ir_graph *analyse(const char *body) { return analyse_with("", body); }

/* Analyses a body that must give no errors (warnings about unused layers
 * are allowed: the tests leave tensors unused on purpose). */
static const ir_graph *clean(const char *body) {
  const ir_graph *g = analyse(body);
  if (diag_has_errors(&C.diags)) diag_render(stderr, &C.diags, DIAG_FORMAT_TEXT, false);
  assert_false(diag_has_errors(&C.diags));
  assert_non_null(g);
  return g;
}

static int teardown(void **state) {
  (void)state;
  compilation_fini(&C);
  return 0;
}

static const ir_layer *find(const char *name) {
  for (uint32_t i = 0; i < C.graph->nlayers; i++)
    if (strcmp(C.graph->layers[i].name, name) == 0) return &C.graph->layers[i];
  fail_msg("no layer named '%s'", name);
  return NULL;
}

/* The shape of output k of a layer, as text. */
static const char *out_k(const char *name, uint32_t k) {
  static char buf[SHAPE_BUF];
  const ir_layer *l = find(name);
  assert_non_null(l->shapes);
  assert_true(k < l->noutputs);
  return shape_format(buf, &l->shapes[k]);
}

static const char *out(const char *name) { return out_k(name, 0); }

/* The errors, "code: message" each, joined by newlines; notes follow
 * their error as "  note: message @line". */
static const char *errors(void) {
  static char buf[8192];
  size_t len = 0;
  buf[0] = '\0';
  for (const diag *d = C.diags.head; d; d = d->next) {
    if (d->severity != DIAG_ERROR) continue;
    len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s: %s", len ? "\n" : "", d->code,
                            d->message);
    for (const diag_note *n = d->notes; n; n = n->next)
      len += (size_t)snprintf(buf + len, sizeof buf - len, "\n  note: %s @%u", n->message,
                              n->src ? source_pos(n->src, n->range.start).line : 0);
  }
  return buf;
}

/* One error, exactly. */
static void expect_error(const char *body, const char *want) {
  analyse(body);
  const char *got = errors();
  if (strcmp(got, want) != 0) fail_msg("expected\n%s\ngot\n%s", want, got);
}

/* ---- convolution ------------------------------------------------------------ */

static void conv_rounds_down(void **state) {
  (void)state;
  clean("  input x: 3x224x224\n  input y: 3x227x227\n  input z: 1x10x20\n"
        "  a = conv(x, 64, 7, stride: 2, pad: 3)\n"
        "  b = conv(y, 96, 11, stride: 4)\n"
        "  c = conv(z, 4, 3x5, stride: 1x2, pad: 0x1)\n"
        "  d = conv(x, 8, 2, stride: 3)\n"
        "  output a\n  output b\n  output c\n  output d\n");
  assert_string_equal(out("a"), "64x112x112");
  assert_string_equal(out("b"), "96x55x55");
  assert_string_equal(out("c"), "4x8x9");       /* w: (20 + 2 - 5) / 2 + 1, rounded down */
  assert_string_equal(out("d"), "8x75x75");     /* (224 - 2) / 3 + 1 */
  assert_string_equal(shape_format((char[SHAPE_BUF]){0}, &find("a")->in_shape), "3x224x224");
}

static void conv_dilation_groups_and_whole_input(void **state) {
  (void)state;
  clean("  input x: 4x9x9\n"
        "  a = conv(x, 2, 3, dilation: 2)\n"
        "  b = conv(x, 2, 3, dilation: 4, pad: 2)\n"
        "  c = conv(x, 6, 1, groups: 2)\n"
        "  d = conv(x, 8, 9)\n"
        "  e = conv(x, 4, 3, groups: 4, dilation: 2x1)\n"
        "  output a\n  output b\n  output c\n  output d\n  output e\n");
  assert_string_equal(out("a"), "2x5x5");       /* extent 5 */
  assert_string_equal(out("b"), "2x5x5");       /* extent 9 over 13 */
  assert_string_equal(out("c"), "6x9x9");
  assert_string_equal(out("d"), "8x1x1");       /* kernel equal to the input */
  assert_string_equal(out("e"), "4x5x7");
}

static void deconv_grows(void **state) {
  (void)state;
  clean("  input x: 16x7x7\n"
        "  a = deconv(x, 8, 4, stride: 2, pad: 1)\n"
        "  b = deconv(x, 8, 3, dilation: 2, stride: 2)\n"
        "  c = deconv(x, 8, 2x3, stride: 1x3)\n"
        "  output a\n  output b\n  output c\n");
  assert_string_equal(out("a"), "8x14x14");     /* 2 * 6 + 4 - 2 */
  assert_string_equal(out("b"), "8x17x17");     /* 2 * 6 + 5 */
  assert_string_equal(out("c"), "8x8x21");
}

/* ---- pooling ---------------------------------------------------------------- */

static void pool_rounds_up(void **state) {
  (void)state;
  clean("  input x: 64x112x112\n  input y: 1x10x20\n"
        "  a = maxpool(x, 3, stride: 2)\n"
        "  b = maxpool(x, 3, stride: 2, round: floor)\n"
        "  c = avgpool(y, 3x2, stride: 2x3)\n"
        "  d = maxpool(x, 2, stride: 2)\n"
        "  output a\n  output b\n  output c\n  output d\n");
  assert_string_equal(out("a"), "64x56x56");    /* ceil(109 / 2) + 1 */
  assert_string_equal(out("b"), "64x55x55");
  assert_string_equal(out("c"), "1x5x7");       /* ceil(7 / 2) + 1, ceil(18 / 3) + 1 */
  assert_string_equal(out("d"), "64x56x56");    /* exact: no rounding either way */
}

static void pool_drops_window_in_padding(void **state) {
  (void)state;
  clean("  input x: 1x7x7\n  input y: 1x3x3\n  input z: 1x15x15\n"
        "  a = maxpool(x, 2, stride: 2, pad: 1)\n"
        "  b = maxpool(y, 3, stride: 3, pad: 2)\n"
        "  c = avgpool(z, 3, stride: 3, pad: 1)\n"
        "  d = maxpool(x, 2, stride: 2, pad: 1, round: floor)\n"
        "  e = maxpool(x, 3, stride: 2, pad: 1)\n"
        "  output a\n  output b\n  output c\n  output d\n  output e\n");
  /* ceil(7 / 2) + 1 = 5, but the 5th window would start at 8 >= 7 + 1 */
  assert_string_equal(out("a"), "1x4x4");
  /* ceil(4 / 3) + 1 = 3; the 3rd window would start at 6 >= 3 + 2 */
  assert_string_equal(out("b"), "1x2x2");
  /* ceil(14 / 3) + 1 = 6; the 6th starts at 15 < 15 + 1: kept */
  assert_string_equal(out("c"), "1x6x6");
  assert_string_equal(out("d"), "1x4x4");
  assert_string_equal(out("e"), "1x4x4");       /* ceil(6 / 2) + 1 = 4; starts at 6 < 8 */
}

static void pool_stride_larger_than_kernel(void **state) {
  (void)state;
  clean("  input x: 2x10x10\n"
        "  a = maxpool(x, 2, stride: 3)\n"
        "  b = maxpool(x, 2, stride: 3, round: floor)\n"
        "  c = stochpool(x, 1, stride: 4)\n"
        "  output a\n  output b\n  output c\n");
  assert_string_equal(out("a"), "2x4x4");       /* ceil(8 / 3) + 1: a last partial window */
  assert_string_equal(out("b"), "2x3x3");
  assert_string_equal(out("c"), "2x4x4");       /* ceil(9 / 4) + 1 */
}

static void pool_kernel_equal_to_input_and_global(void **state) {
  (void)state;
  clean("  input x: 1024x7x7\n  input y: 8x3x5\n"
        "  a = avgpool(x, 7)\n"
        "  b = avgpool(x, global: true)\n"
        "  c = maxpool(y, global: true)\n"
        "  d = maxpool(y, 3x5, stride: 2)\n"
        "  output a\n  output b\n  output c\n  output d\n");
  assert_string_equal(out("a"), "1024x1x1");
  assert_string_equal(out("b"), "1024x1x1");
  assert_string_equal(out("c"), "8x1x1");
  assert_string_equal(out("d"), "8x1x1");
}

/* ---- the other ops ------------------------------------------------------------- */

static void vectors_and_same_shape_ops(void **state) {
  (void)state;
  clean("  input x: 3x5x5\n  input m: 4x6\n  input v: 100\n"
        "  f = fc(x, 10)\n  g = fc(v, 7)\n  h = flatten(x)\n  k = flatten(m)\n  w = flatten(v)\n"
        "  a = x -> relu -> prelu -> elu -> sigmoid -> tanh -> abs -> bnll -> power\n"
        "  b = x -> lrn -> lrn(region: within) -> batchnorm -> scale(bias: true) -> dropout\n"
        "  s = softmax(x)\n  t = softmax(v)\n  u = scale(m)\n"
        "  output f\n  output g\n  output h\n  output k\n  output w\n  output a\n  output b\n"
        "  output s\n  output t\n  output u\n");
  assert_string_equal(out("f"), "10");
  assert_string_equal(out("g"), "7");
  assert_string_equal(out("h"), "75");
  assert_string_equal(out("k"), "24");
  assert_string_equal(out("w"), "100");
  assert_string_equal(out("a"), "3x5x5");
  assert_string_equal(out("b"), "3x5x5");
  assert_string_equal(out("s"), "3x5x5");
  assert_string_equal(out("t"), "100");
  assert_string_equal(out("u"), "4x6");
  assert_string_equal(out("x"), "3x5x5");
  assert_string_equal(out("v"), "100");
}

static void concat_along_each_axis(void **state) {
  (void)state;
  clean("  input a: 8x4x4\n  input b: 16x4x4\n  input c: 8x2x4\n  input d: 8x4x1\n"
        "  input u: 10\n  input v: 20\n  input m: 3x5\n  input n: 3x2\n"
        "  ch = concat(a, b, a)\n  hh = concat(a, c, axis: h)\n  ww = concat(a, d, axis: w)\n"
        "  vv = concat(u, v)\n  one = concat(a)\n  mh = concat(m, n, axis: h)\n"
        "  output ch\n  output hh\n  output ww\n  output vv\n  output one\n  output mh\n");
  assert_string_equal(out("ch"), "32x4x4");
  assert_string_equal(out("hh"), "8x6x4");
  assert_string_equal(out("ww"), "8x4x5");
  assert_string_equal(out("vv"), "30");
  assert_string_equal(out("one"), "8x4x4");
  assert_string_equal(out("mh"), "3x7");
}

static void eltwise_and_slice(void **state) {
  (void)state;
  clean("  input a: 8x4x4\n  input b: 8x4x4\n  input v: 12\n"
        "  s = add(a, b, a)\n  p = mul(a, b)\n  q = max(a, b)\n"
        "  c1, c2, c3 = slice(a, points: [2, 7])\n"
        "  w1, w2 = slice(a, points: [1], axis: w)\n"
        "  v1, v2 = slice(v, points: [5])\n"
        "  output s\n  output p\n  output q\n  output c1\n  output c2\n  output c3\n"
        "  output w1\n  output w2\n  output v1\n  output v2\n");
  assert_string_equal(out("s"), "8x4x4");
  assert_string_equal(out("p"), "8x4x4");
  assert_string_equal(out("q"), "8x4x4");
  assert_string_equal(out_k("c1", 0), "2x4x4");
  assert_string_equal(out_k("c1", 1), "5x4x4");
  assert_string_equal(out_k("c1", 2), "1x4x4");
  assert_string_equal(out_k("w1", 0), "8x4x1");
  assert_string_equal(out_k("w1", 1), "8x4x3");
  assert_string_equal(out_k("v1", 0), "5");
  assert_string_equal(out_k("v1", 1), "7");
}

static void unknown_shapes_propagate_quietly(void **state) {
  (void)state;
  const ir_graph *g = clean(
      "  input x: 3x8x8\n"
      "  o = opaque(x, type: \"Custom\")\n"
      "  d = opaque(type: \"Data\")\n"
      "  a = conv(o, 8, 99) relu\n"          /* would be too large; unknown instead */
      "  b = concat(o, x)\n"
      "  c = add(x, d) -> fc(10)\n"
      "  k = conv(x, 4, 3) : 4x6x6\n"
      "  e = relu(o) : 1x2x3\n"             /* unknown: not checked */
      "  output a\n  output b\n  output c\n  output k\n  output e\n");
  assert_string_equal(out("o"), "?");
  assert_string_equal(out("d"), "?");
  assert_string_equal(out("a"), "?");
  assert_string_equal(out("b"), "?");
  assert_string_equal(out("c"), "?");
  assert_string_equal(out("k"), "4x6x6");
  assert_int_equal(find("a")->in_shape.ndims, 0);
  assert_int_equal(g->layers[0].in_shape.ndims, 0);   /* an input has no input */
  assert_null(C.diags.head);
}

static void shape_helpers(void **state) {
  (void)state;
  char buf[SHAPE_BUF];
  int64_t n = 0;
  ir_shape big = {3, {INT64_MAX, INT64_MAX, INT64_MAX}};
  assert_string_equal(shape_format(buf, &big),
                      "9223372036854775807x9223372036854775807x9223372036854775807");
  assert_false(shape_count(&big, &n));
  ir_shape unknown = {0, {0, 0, 0}};
  assert_string_equal(shape_format(buf, &unknown), "?");
  assert_false(shape_count(&unknown, &n));
  ir_shape v = {1, {42, 0, 0}};
  assert_true(shape_count(&v, &n));
  assert_int_equal(n, 42);
}

/* ---- diagnostics ---------------------------------------------------------------- */

static void errors_kernel_too_large(void **state) {
  (void)state;
  expect_error("  input x: 8x3x3\n  output conv(x, 4, 7, pad: 1)\n",
               "kernel-too-large: kernel 7x7 is larger than the padded input 5x5 "
               "(input 3x3 from 'x', pad 1)");
  compilation_fini(&C);
  expect_error("  input x: 8x4x4\n  output conv(x, 4, 3, dilation: 2, pad: 0x1)\n",
               "kernel-too-large: kernel 3x3 with dilation 2 spans 5x5, larger than the padded "
               "input 4x6 (input 4x4 from 'x', pad 0x1)");
  compilation_fini(&C);
  expect_error("  input x: 8x4x9\n  output maxpool(x, 5, stride: 2)\n",
               "kernel-too-large: kernel 5x5 is larger than the padded input 4x9 "
               "(input 4x9 from 'x', pad 0)");
}

static void errors_groups(void **state) {
  (void)state;
  expect_error("  input x: 64x8x8\n  output conv(x, 64, 3, groups: 3)\n",
               "bad-groups: groups 3 does not divide 64 input channels (from 'x')");
  compilation_fini(&C);
  expect_error("  input x: 64x8x8\n  output conv(x, 30, 3, groups: 4)\n",
               "bad-groups: groups 4 does not divide 30 features");
  compilation_fini(&C);
  expect_error("  input x: 6x8x8\n  output deconv(x, 8, 3, groups: 4)\n",
               "bad-groups: groups 4 does not divide 6 input channels (from 'x')");
}

static void errors_sizes(void **state) {
  (void)state;
  expect_error("  input x: 2x1x3\n  output deconv(x, 4, 1, pad: 1)\n",
               "non-positive-size: output height would be -1 (input height 1 from 'x', "
               "kernel 1, stride 1, pad 1)");
  compilation_fini(&C);
  expect_error("  input x: 2x5x1\n  output deconv(x, 4, 2, pad: 1)\n",
               "non-positive-size: output width would be 0 (input width 1 from 'x', "
               "kernel 2, stride 1, pad 1)");
  compilation_fini(&C);
  expect_error("  input x: 4000000000x4000000000x4000000000\n  output relu(x)\n",
               "shape-overflow: size overflows 64 bits");
  compilation_fini(&C);
  expect_error("  input x: 1x3000000000x3000000000\n  output conv(x, 2, 1)\n",
               "shape-overflow: size overflows 64 bits");
  compilation_fini(&C);
  expect_error("  input x: 1x8x8\n  output conv(x, 2, 3, pad: 4611686018427387904)\n",
               "shape-overflow: size overflows 64 bits");
  compilation_fini(&C);
  expect_error("  input x: 4611686018427387904\n  output concat(x, x)\n",
               "shape-overflow: size overflows 64 bits");
}

static void errors_pooling_parameters(void **state) {
  (void)state;
  expect_error("  input x: 8x9x9\n  output maxpool(x, 3, pad: 3)\n",
               "pad-too-large: pad 3 is not smaller than the kernel 3 (Caffe requires "
               "pad < kernel for pooling)");
  compilation_fini(&C);
  expect_error("  input x: 8x9x9\n  output avgpool(x, 3x2, pad: 1x2)\n",
               "pad-too-large: pad 1x2 is not smaller than the kernel 3x2 (Caffe requires "
               "pad < kernel for pooling)");
  compilation_fini(&C);
  expect_error("  input x: 8x9x9\n  output stochpool(x, 3, pad: 1)\n",
               "conflicting-parameters: stochastic pooling cannot be padded (Caffe pads only "
               "max and average pooling)");
  compilation_fini(&C);
  expect_error("  input x: 8x9x9\n  output avgpool(x, global: true, stride: 2)\n",
               "conflicting-parameters: global pooling takes no stride or pad (Caffe requires "
               "stride 1 and pad 0)");
}

static void errors_rank_and_axis(void **state) {
  (void)state;
  expect_error("  input v: 100\n  output conv(v, 3, 1)\n",
               "bad-rank: conv needs a CxHxW input, not 100 (from 'v')");
  compilation_fini(&C);
  expect_error("  input m: 4x6\n  output maxpool(m, 2)\n",
               "bad-rank: maxpool needs a CxHxW input, not 4x6 (from 'm')");
  compilation_fini(&C);
  expect_error("  input v: 100\n  output lrn(v)\n",
               "bad-rank: lrn needs a CxHxW input, not 100 (from 'v')");
  compilation_fini(&C);
  expect_error("  input v: 100\n  output concat(v, v, axis: h)\n",
               "bad-axis: concat along h needs inputs with at least 2 dimensions, "
               "not 100 (from 'v')");
  compilation_fini(&C);
  expect_error("  input m: 4x6\n  a, b = slice(m, points: [1], axis: w)\n  output a\n  output b\n",
               "bad-axis: slice along w needs an input with at least 3 dimensions, "
               "not 4x6 (from 'm')");
  compilation_fini(&C);
  expect_error("  input x: 3x8x8\n  a, b = slice(x, points: [3])\n  output a\n  output b\n",
               "bad-slice-point: slice point 3 is not strictly between 0 and 3, the channels of 'x'");
  compilation_fini(&C);
  expect_error("  input x: 3x8x8\n  a, b, c = slice(x, points: [2, 9], axis: h)\n"
               "  output a\n  output b\n  output c\n",
               "bad-slice-point: slice point 9 is not strictly between 0 and 8, the height of 'x'");
}

static void errors_mismatch(void **state) {
  (void)state;
  expect_error("  input x: 3x127x127\n  input y: 3x64x64\n"
               "  p1 = conv(x, 8, 3, stride: 2)\n  p2 = maxpool(y, 2, stride: 2)\n"
               "  output concat(p1, p2)\n",
               "shape-mismatch: concat inputs differ in height: 63 (from 'p1') vs 32 (from 'p2')");
  compilation_fini(&C);
  expect_error("  input x: 3x8x8\n  input y: 3x8x4\n  output concat(x, y, axis: h)\n",
               "shape-mismatch: concat inputs differ in width: 8 (from 'x') vs 4 (from 'y')");
  compilation_fini(&C);
  expect_error("  input x: 3x8x8\n  input v: 192\n  output concat(v, x)\n",
               "shape-mismatch: concat inputs differ in rank: 192 (from 'v') vs 3x8x8 (from 'x')");
  compilation_fini(&C);
  expect_error("  input x: 3x8x8\n  input y: 3x8x8\n  a, b = slice(x, points: [1])\n"
               "  output add(y, x, a)\n  output b\n",
               "shape-mismatch: add inputs differ in shape: 3x8x8 (from 'y') vs 1x8x8 "
               "(from 'a' output 1)");
  compilation_fini(&C);
  expect_error("  input u: 10\n  input v: 11\n  output max(u, v)\n",
               "shape-mismatch: max inputs differ in shape: 10 (from 'u') vs 11 (from 'v')");
}

static void errors_stop_at_the_first_layer(void **state) {
  (void)state;
  /* Nothing is said about the layers below a broken one. */
  expect_error("  input x: 3x4x4\n  a = conv(x, 8, 5)\n  b = conv(a, 8, 9) -> fc(10)\n"
               "  output add(b, x)\n",
               "kernel-too-large: kernel 5x5 is larger than the padded input 4x4 "
               "(input 4x4 from 'x', pad 0)");
  assert_int_equal(find("b")->shapes[0].ndims, 0);
  assert_false(compilation_analyse(&C));
}

static void errors_in_blocks_have_call_notes(void **state) {
  (void)state;
  analyse_with("block inner(t, k) {\n  return conv(t, 4, k)\n}\n"
               "block outer(t, k) {\n  y = inner(t, k)\n  return y\n}\n",
               "  input x: 3x6x6\n  a = outer(x, 3)\n  b = outer(x, 7)\n  output a\n  output b\n");
  assert_string_equal(errors(),
                      "kernel-too-large: kernel 7x7 is larger than the padded input 6x6 "
                      "(input 6x6 from 'x', pad 0)\n"
                      "  note: in block 'inner' called here @5\n"
                      "  note: in block 'outer' called here @11");
  assert_string_equal(out("a.y"), "4x4x4");
}

static void assertions(void **state) {
  (void)state;
  expect_error("  input x: 3x227x227\n  s = conv(x, 64, 11, stride: 4) : 64x56x56\n  output s\n",
               "shape-assertion: 's' has shape 64x55x55, not 64x56x56 as asserted");
  compilation_fini(&C);
  expect_error("  input x: 3x8x8\n  s = conv(x, 4, 3) : 4x?x7\n  output s\n",
               "shape-assertion: 's' has shape 4x6x6, not 4x?x7 as asserted");
  compilation_fini(&C);
  expect_error("  input x: 3x8x8\n  s = fc(x, 10) : 10x1x1\n  output s\n",
               "shape-assertion: 's' has shape 10, not 10x1x1 as asserted");
  compilation_fini(&C);
  clean("  input x: 3x8x8\n  s = conv(x, 4, 3) : 4x?x?\n  t = fc(s, 10) : 10\n  output t\n");
}

static void assertions_in_blocks(void **state) {
  (void)state;
  /* An assertion in a block body is checked for every call and noted
   * with the call; one on the calling statement gets no note. */
  analyse_with("block b(t, k) {\n  y = conv(t, 4, k) : 4x6x6\n  return y\n}\n",
               "  input x: 3x8x8\n  p = b(x, 3)\n  q = b(x, 1) : 4x8x8\n  r = b(x, 5) : 4x5x5\n"
               "  output p\n  output q\n  output r\n");
  assert_string_equal(errors(),
                      "shape-assertion: 'q.y' has shape 4x8x8, not 4x6x6 as asserted\n"
                      "  note: in block 'b' called here @8\n"
                      "shape-assertion: 'r.y' has shape 4x4x4, not 4x6x6 as asserted\n"
                      "  note: in block 'b' called here @9\n"
                      "shape-assertion: 'r.y' has shape 4x4x4, not 4x5x5 as asserted");
}

/* The pass works on the IR alone: a graph made by hand, here with an
 * input of four dimensions, which no front end lets through. */
static void hand_built_graph(void **state) {
  (void)state;
  arena a;
  arena_init(&a);
  diag_list diags;
  diag_list_init(&diags, &a);
  ir_layer layers[2];
  memset(layers, 0, sizeof layers);
  ir_params_default(OP_INPUT, &layers[0].p);
  layers[0].op = OP_INPUT;
  layers[0].name = "x";
  layers[0].noutputs = 1;
  layers[0].p.ndims = 4;
  for (int i = 0; i < 4; i++) layers[0].p.dims[i] = 2;
  ir_ref in = {0, 0};
  ir_params_default(OP_RELU, &layers[1].p);
  layers[1].op = OP_RELU;
  layers[1].name = "r";
  layers[1].noutputs = 1;
  layers[1].inputs = &in;
  layers[1].ninputs = 1;
  ir_graph g = {.name = "h", .layers = layers, .nlayers = 2};
  assert_false(pass_shapes(&a, &g, &diags));
  assert_non_null(diags.head);
  assert_string_equal(diags.head->code, "bad-rank");
  assert_string_equal(diags.head->message, "an input has 1 to 3 dimensions, not 4");
  assert_null(diags.head->next);
  assert_int_equal(layers[1].shapes[0].ndims, 0);
  pass_costs(&g);
  assert_int_equal(layers[1].cost.params, -1);
  arena_free(&a);
}

static void long_chain_is_linear(void **state) {
  (void)state;
  enum { N = 200000 };
  size_t cap = (size_t)N * 8 + 200, len = 0;
  char *text = malloc(cap);
  len += (size_t)snprintf(text + len, cap - len,
                          "network n {\n  input x: 4x8x8\n  output y = x -> relu * 10000");
  for (int i = 1; i < N / 10000; i++) len += (size_t)snprintf(text + len, cap - len, " -> relu * 10000");
  len += (size_t)snprintf(text + len, cap - len, " : 4x8x8\n}\n");
  compilation_init(&C, 0);
  compilation_set_text(&C, "t.arch", text, len);
  free(text);
  assert_true(compilation_analyse(&C));
  assert_int_equal(C.graph->nlayers, N + 1);
  assert_string_equal(out("y"), "4x8x8");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_teardown(conv_rounds_down, teardown),
    cmocka_unit_test_teardown(conv_dilation_groups_and_whole_input, teardown),
    cmocka_unit_test_teardown(deconv_grows, teardown),
    cmocka_unit_test_teardown(pool_rounds_up, teardown),
    cmocka_unit_test_teardown(pool_drops_window_in_padding, teardown),
    cmocka_unit_test_teardown(pool_stride_larger_than_kernel, teardown),
    cmocka_unit_test_teardown(pool_kernel_equal_to_input_and_global, teardown),
    cmocka_unit_test_teardown(vectors_and_same_shape_ops, teardown),
    cmocka_unit_test_teardown(concat_along_each_axis, teardown),
    cmocka_unit_test_teardown(eltwise_and_slice, teardown),
    cmocka_unit_test_teardown(unknown_shapes_propagate_quietly, teardown),
    cmocka_unit_test(shape_helpers),
    cmocka_unit_test_teardown(errors_kernel_too_large, teardown),
    cmocka_unit_test_teardown(errors_groups, teardown),
    cmocka_unit_test_teardown(errors_sizes, teardown),
    cmocka_unit_test_teardown(errors_pooling_parameters, teardown),
    cmocka_unit_test_teardown(errors_rank_and_axis, teardown),
    cmocka_unit_test_teardown(errors_mismatch, teardown),
    cmocka_unit_test_teardown(errors_stop_at_the_first_layer, teardown),
    cmocka_unit_test_teardown(errors_in_blocks_have_call_notes, teardown),
    cmocka_unit_test_teardown(assertions, teardown),
    cmocka_unit_test_teardown(assertions_in_blocks, teardown),
    cmocka_unit_test(hand_built_graph),
    cmocka_unit_test_teardown(long_chain_is_linear, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

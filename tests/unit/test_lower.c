/* Unit tests for lowering (src/arch/lower*.c): layer names, block and
 * repetition expansion, parameters and Caffe's defaults, forward
 * references and topological order, outputs, assertions, metadata, and the
 * code of each diagnostic. */
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
#include "ir/ir.h"

static compilation C;

static const ir_graph *lower_text(const char *text) {
  compilation_init(&C, 0);
  compilation_set_text(&C, "t.arch", text, strlen(text));
  compilation_lower(&C);
  diag_sort(&C.diags);
  return C.graph;
}

/* Lowers text that must be free of errors and warnings. */
static const ir_graph *lower_clean(const char *text) {
  const ir_graph *g = lower_text(text);
  if (C.diags.head) diag_render(stderr, &C.diags, DIAG_FORMAT_TEXT, false);
  assert_null(C.diags.head);
  assert_non_null(g);
  return g;
}

static int teardown(void **state) {
  (void)state;
  compilation_fini(&C);
  return 0;
}

static const ir_layer *find(const ir_graph *g, const char *name) {
  for (uint32_t i = 0; i < g->nlayers; i++)
    if (strcmp(g->layers[i].name, name) == 0) return &g->layers[i];
  fail_msg("no layer named '%s'", name);
  return NULL;
}

static uint32_t index_of(const ir_graph *g, const char *name) {
  return (uint32_t)(find(g, name) - g->layers);
}

/* The names of all layers, in graph order, joined by spaces. */
static const char *names(const ir_graph *g) {
  static char out[4096];
  size_t len = 0;
  out[0] = '\0';
  for (uint32_t i = 0; i < g->nlayers; i++)
    len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", i ? " " : "", g->layers[i].name);
  return out;
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

static void chain_names(void **state) {
  (void)state;
  const ir_graph *g = lower_clean(
      "network n {\n"
      "  input x: 1x28x28\n"
      "  c1 = conv(x, 20, 5) relu -> conv(10, 3) relu\n"
      "  output c1\n"
      "}\n");
  assert_string_equal(names(g), "x c1.conv1 c1.relu1 c1.conv2 c1");
  assert_int_equal(g->noutputs, 1);
  assert_string_equal(g->outputs[0].name, "c1");
  assert_int_equal(g->outputs[0].ref.layer, index_of(g, "c1"));
}

static void nested_call_names(void **state) {
  (void)state;
  const ir_graph *g = lower_clean(
      "network n {\n"
      "  input x: 1x8x8\n"
      "  output fc(flatten(x), 10)\n"
      "}\n");
  assert_string_equal(names(g), "x output.flatten1 output");
  const ir_layer *fc = find(g, "output");
  assert_int_equal(fc->op, OP_FC);
  assert_int_equal(fc->p.features, 10);
  assert_int_equal(fc->ninputs, 1);
  assert_int_equal(fc->inputs[0].layer, index_of(g, "output.flatten1"));
}

static void several_unnamed_outputs(void **state) {
  (void)state;
  const ir_graph *g = lower_clean(
      "network n {\n"
      "  input x: 1x8x8\n"
      "  output relu(x)\n"
      "  output sigmoid(x)\n"
      "}\n");
  assert_string_equal(names(g), "x output1 output2");
  assert_string_equal(g->outputs[1].name, "output2");
}

static void block_expansion(void **state) {
  (void)state;
  const ir_graph *g = lower_clean(
      "block unit(in, f, k = 3) {\n"
      "  a = conv(in, f, k, pad: 1) relu\n"
      "  return add(in, a)\n"
      "}\n"
      "network n {\n"
      "  input x: 4x8x8\n"
      "  u = unit(x, 4)\n"
      "  v = u -> unit(4, k: 1) * 2 -> relu\n"
      "  output v\n"
      "}\n");
  assert_string_equal(names(g),
                      "x u.a.conv1 u.a u v.unit1.a.conv1 v.unit1.a v.unit1 v.unit2.a.conv1 "
                      "v.unit2.a v.unit2 v");
  const ir_layer *c = find(g, "u.a.conv1");
  assert_int_equal(c->p.kernel[0], 3);
  assert_int_equal(c->p.pad[1], 1);
  assert_non_null(c->site);
  assert_string_equal(c->site->block, "unit");
  assert_null(c->site->parent);
  assert_int_equal(find(g, "v.unit2.a.conv1")->p.kernel[0], 1);
  const ir_layer *add = find(g, "v.unit1");
  assert_int_equal(add->op, OP_ADD);
  assert_int_equal(add->ninputs, 2);
  assert_int_equal(add->inputs[0].layer, index_of(g, "u"));
  assert_int_equal(add->inputs[1].layer, index_of(g, "v.unit1.a"));
}

static void nested_blocks_keep_sites(void **state) {
  (void)state;
  const ir_graph *g = lower_clean(
      "block inner(t) {\n  return relu(t)\n}\n"
      "block outer(t) {\n  h = inner(t)\n  return h\n}\n"
      "network n {\n  input x: 1\n  y = outer(x)\n  output y\n}\n");
  assert_string_equal(names(g), "x y.h");
  const ir_layer *r = find(g, "y.h");
  assert_string_equal(r->site->block, "inner");
  assert_non_null(r->site->parent);
  assert_string_equal(r->site->parent->block, "outer");
  assert_string_equal(g->outputs[0].name, "y");
  assert_int_equal(g->outputs[0].ref.layer, index_of(g, "y.h"));
}

static void repetition_counts(void **state) {
  (void)state;
  const ir_graph *g = lower_clean(
      "network n {\n  input x: 3x32x32\n"
      "  v = x -> conv(64, 3, pad: 1) relu * 3 -> maxpool(2, stride: 2)\n"
      "  output v\n}\n");
  assert_int_equal(g->nlayers, 1 + 6 + 1);
  assert_string_equal(names(g),
                      "x v.conv1 v.relu1 v.conv2 v.relu2 v.conv3 v.relu3 v");
}

static void caffe_defaults(void **state) {
  (void)state;
  const ir_graph *g = lower_clean(
      "network n {\n  input x: 3x32x32\n"
      "  c = conv(x, 8, 5x3)\n"
      "  p = maxpool(c, 3)\n"
      "  q = avgpool(p, global: true)\n"
      "  l = lrn(q)\n"
      "  d = dropout(l)\n"
      "  output d\n}\n");
  const ir_layer *c = find(g, "c");
  assert_int_equal(c->p.kernel[0], 5);
  assert_int_equal(c->p.kernel[1], 3);
  assert_int_equal(c->p.stride[0], 1);
  assert_int_equal(c->p.pad[0], 0);
  assert_int_equal(c->p.dilation[1], 1);
  assert_int_equal(c->p.groups, 1);
  assert_true(c->p.bias);
  const ir_layer *p = find(g, "p");
  assert_int_equal(p->p.stride[1], 1);
  assert_true(p->p.ceil);
  assert_false(p->p.global);
  assert_true(find(g, "q")->p.global);
  const ir_layer *l = find(g, "l");
  assert_int_equal(l->p.size, 5);
  assert_float_equal(l->p.alpha, 1e-4, 0);
  assert_float_equal(l->p.beta, 0.75, 0);
  assert_false(l->p.within);
  assert_float_equal(find(g, "d")->p.ratio, 0.5, 0);
}

static void named_and_word_parameters(void **state) {
  (void)state;
  const ir_graph *g = lower_clean(
      "network n {\n  input x: 4x8x8\n"
      "  c = x -> conv(features: 6, kernel: 3, stride: 2x1, groups: 2, bias: false)\n"
      "  p = maxpool(c, 2, round: floor)\n"
      "  k = concat(c, c, axis: w)\n"
      "  a, b = slice(k, axis: h, points: [1])\n"
      "  output add(a, b)\n  output p\n}\n");
  const ir_layer *c = find(g, "c");
  assert_int_equal(c->p.features, 6);
  assert_int_equal(c->p.stride[0], 2);
  assert_int_equal(c->p.stride[1], 1);
  assert_int_equal(c->p.groups, 2);
  assert_false(c->p.bias);
  assert_false(find(g, "p")->p.ceil);
  assert_int_equal(find(g, "k")->p.axis, AXIS_W);
  const ir_layer *s = find(g, "a");
  assert_int_equal(s->op, OP_SLICE);
  assert_int_equal(s->noutputs, 2);
  assert_int_equal(s->p.axis, AXIS_H);
  assert_int_equal(s->p.npoints, 1);
  const ir_layer *add = find(g, "output1");
  assert_int_equal(add->inputs[0].output, 0);
  assert_int_equal(add->inputs[1].output, 1);
}

static void forward_references_are_ordered(void **state) {
  (void)state;
  const ir_graph *g = lower_clean(
      "network n {\n  output c\n  c = b -> relu\n  b = conv(a, 2, 1)\n"
      "  a = x\n  input x: 1x4x4\n}\n");
  /* Every layer comes after its inputs. */
  for (uint32_t i = 0; i < g->nlayers; i++)
    for (uint32_t k = 0; k < g->layers[i].ninputs; k++)
      assert_true(g->layers[i].inputs[k].layer < i);
  assert_string_equal(names(g), "x b c");
}

static void assertions_and_meta(void **state) {
  (void)state;
  const ir_graph *g = lower_clean(
      "network n {\n"
      "  meta { task: \"vertex finding\", dataset: \"minerva\", classes: 11, accuracy: 0.75 }\n"
      "  input x: 2x127x47\n  y = conv(x, 12, 8x3) : 12x120x?\n  output y\n}\n");
  assert_int_equal(g->nasserts, 1);
  assert_int_equal(g->asserts[0].ref.layer, index_of(g, "y"));
  assert_int_equal(g->asserts[0].ndims, 3);
  assert_int_equal(g->asserts[0].dims[1], 120);
  assert_int_equal(g->asserts[0].dims[2], -1);
  assert_string_equal(g->meta.task, "vertex finding");
  assert_string_equal(g->meta.dataset, "minerva");
  assert_int_equal(g->meta.classes, 11);
  assert_float_equal(g->meta.accuracy, 0.75, 0);
  assert_true(g->meta.initial_accuracy != g->meta.initial_accuracy);  /* NaN: not given */
}

/* Each erroneous program and the codes it must produce, in order. */
static const struct {
  const char *text, *codes;
} bad[] = {
  {"network n {\n input x: 1\n output conv(x, 2, 1) -> foo\n}\n", "unknown-op"},
  {"network n {\n input x: 1\n output y\n}\n", "undefined-name"},
  {"network n {\n input x: 1\n a = relu(x)\n a = relu(x)\n output a\n}\n", "duplicate-name"},
  {"network n {\n input x: 1\n conv = relu(x)\n output conv\n}\n", "reserved-name"},
  {"network n {\n input x: 1\n output add(x)\n}\n", "wrong-arity"},
  {"network n {\n input x: 1\n output conv(x, 2, 1, strde: 2)\n}\n", "unknown-parameter"},
  {"network n {\n input x: 1\n output conv(x, 2, 1, kernel: 2)\n}\n", "duplicate-parameter"},
  {"network n {\n input x: 1\n output conv(x, 2)\n}\n", "missing-parameter"},
  {"network n {\n input x: 1\n output conv(x, \"2\", 1)\n}\n", "wrong-type"},
  {"network n {\n input x: 1\n output dropout(x, 1.5)\n}\n", "out-of-range"},
  {"network n {\n input x: 1\n output lrn(x, size: 4)\n}\n", "out-of-range"},
  {"network n {\n input x: 1\n output relu(2)\n}\n", "not-a-tensor"},
  {"network n {\n input x: 1\n output conv(2, 2, 1)\n}\n", "not-a-tensor"},
  {"network n {\n input x: 1\n output x -> relu * 0\n}\n", "bad-repeat"},
  {"network n {\n input x: 1\n output relu(x) * 2\n}\n", "bad-repeat"},
  {"block b(t) {\n return b(t)\n}\nnetwork n {\n input x: 1\n output b(x)\n}\n", "recursion"},
  {"network n {\n input x: 1\n a = relu(b)\n b = relu(a)\n output a\n}\n", "cycle"},
  {"network n {\n input x: 1\n a = b\n b = a\n output x\n}\n", "cycle"},
  {"block b(t) {\n input y: 1\n return t\n}\nnetwork n {\n input x: 1\n output b(x)\n}\n",
   "misplaced-statement"},
  {"block b(t) {\n u = relu(t)\n}\nnetwork n {\n input x: 1\n output b(x)\n}\n",
   "misplaced-statement"},
  {"network n {\n input x: 1\n return x\n output x\n}\n", "misplaced-statement"},
  {"network n {\n output relu(x)\n}\n", "no-input undefined-name"},
  {"network n {\n input x: 1\n}\n", "no-output"},
  {"", "no-network"},
  {"network a {\n input x: 1\n output x\n}\nnetwork b {\n input x: 1\n output x\n}\n",
   "multiple-networks"},
  {"network n {\n meta { color: \"red\" }\n input x: 1\n output x\n}\n", "bad-meta"},
  {"network n {\n input x: 1\n a = relu(x)\n output x\n}\n", "unused-layer"},
  {"block b(t, u) {\n return relu(t)\n}\nnetwork n {\n input x: 1\n output b(x, 1)\n}\n",
   "unused-parameter"},
  {"block b(t) {\n return relu(t)\n}\nnetwork n {\n input x: 1\n output x\n}\n",
   "unused-block"},
  {"network n {\n input x: 1x0x3\n output x\n}\n", "out-of-range"},
  {"network n {\n input x: 1\n output avgpool(x, 2, global: true)\n}\n",
   "conflicting-parameters"},
  {"network n {\n input x: 1\n a, b = relu(x)\n output a\n}\n", "wrong-arity"},
  /* Three independent mistakes: all three are reported. */
  {"network n {\n input x: 1\n a = conv(x, 0, 1)\n b = relu(a) -> bogus\n"
   " output fc(a, 10, bias: 3)\n}\n", "out-of-range unknown-op wrong-type"},
};

static void diagnostic_codes(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    lower_text(bad[i].text);
    const char *got = codes();
    if (strcmp(got, bad[i].codes) != 0) {
      diag_render(stderr, &C.diags, DIAG_FORMAT_TEXT, false);
      fail_msg("case %zu: expected codes '%s', got '%s'", i, bad[i].codes, got);
    }
    compilation_fini(&C);
  }
  compilation_init(&C, 0);  /* for the teardown */
}

static void block_errors_reported_once(void **state) {
  (void)state;
  lower_text(
      "block b(t) {\n  return conv(t, 0, 1)\n}\n"
      "network n {\n  input x: 1\n  y = b(x) -> b -> b\n  output y\n}\n");
  assert_string_equal(codes(), "out-of-range");
  /* and the note names the first call that led there */
  assert_non_null(C.diags.head->notes);
}

static void long_chain_is_linear(void **state) {
  (void)state;
  /* 100,000 statements, each using the previous one, written in reverse
   * so that every use comes before its definition. */
  enum { N = 100000 };
  size_t cap = (size_t)N * 40 + 100, len = 0;
  char *text = malloc(cap);
  len += (size_t)snprintf(text + len, cap - len, "network n {\n  input x: 1\n  output l%d\n",
                          N - 1);
  for (int i = N - 1; i > 0; i--)
    len += (size_t)snprintf(text + len, cap - len, "  l%d = l%d -> relu\n", i, i - 1);
  len += (size_t)snprintf(text + len, cap - len, "  l0 = relu(x)\n}\n");
  const ir_graph *g = lower_clean(text);
  free(text);
  assert_int_equal(g->nlayers, N + 1);
  for (uint32_t i = 1; i < g->nlayers; i++) assert_int_equal(g->layers[i].inputs[0].layer, i - 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_teardown(chain_names, teardown),
    cmocka_unit_test_teardown(nested_call_names, teardown),
    cmocka_unit_test_teardown(several_unnamed_outputs, teardown),
    cmocka_unit_test_teardown(block_expansion, teardown),
    cmocka_unit_test_teardown(nested_blocks_keep_sites, teardown),
    cmocka_unit_test_teardown(repetition_counts, teardown),
    cmocka_unit_test_teardown(caffe_defaults, teardown),
    cmocka_unit_test_teardown(named_and_word_parameters, teardown),
    cmocka_unit_test_teardown(forward_references_are_ordered, teardown),
    cmocka_unit_test_teardown(assertions_and_meta, teardown),
    cmocka_unit_test_teardown(diagnostic_codes, teardown),
    cmocka_unit_test_teardown(block_errors_reported_once, teardown),
    cmocka_unit_test_teardown(long_chain_is_linear, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

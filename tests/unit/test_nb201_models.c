/* Unit tests for the NAS-Bench-201 models compiled into archc and for the
 * held-out quality every model carries: the three accuracy forests are
 * registered and scored, they predict a network written as
 * tools/nb201-arch writes it from archc's own attributes, and the quality
 * goes through model files (old files without it still load) and
 * generated C. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "attr/corrected.h"
#include "compile.h"
#include "diag/render.h"
#include "models/codegen.h"
#include "models/evaluate.h"
#include "models/modelfile.h"
#include "models/predict.h"
#include "models/registry.h"
#include "models/train.h"

static const char *const nb201_models[] = {
  "nb201_cifar10_accuracy_forest",
  "nb201_cifar100_accuracy_forest",
  "nb201_imagenet16_accuracy_forest",
};

static void registered_and_scored(void **state) {
  (void)state;
  for (size_t k = 0; k < 3; k++) {
    const registry_entry *e = registry_find(nb201_models[k]);
    if (!e) fail_msg("%s is not registered", nb201_models[k]);
    const model *m = e->model;
    assert_true(m->kind == MODEL_FOREST && m->task == TASK_REGRESS);
    assert_non_null(strstr(e->domain, "NAS-Bench-201"));
    assert_string_equal(m->quality_metric, "heldout.kendall_tau_b");
    assert_int_equal(m->quality_n, 14625);
    /* doc/models.md: 0.85 on CIFAR-10, about 0.8 on the others. */
    assert_true(m->quality > (k == 0 ? 0.75 : 0.7) && m->quality < 1);
  }
  /* Every compiled-in model has been scored on networks it did not see. */
  for (size_t i = 0; i < registry_count(); i++) {
    const model *m = registry_get(i)->model;
    assert_non_null(m->quality_metric);
    assert_true(isfinite(m->quality) && m->quality_n > 0);
  }
}

/* The skeleton as tools/nb201-arch writes it, around a cell block. */
static const char skeleton[] =
  "block relu_conv_bn(in, features, kernel, stride = 1, pad = 0) {\n"
  "  return relu(in)\n"
  "    -> conv(features, kernel, stride: stride, pad: pad, bias: false) batchnorm\n"
  "    -> scale(bias: true)\n"
  "}\n"
  "%s"
  "block reduction(in, c) {\n"
  "  conv_a = relu_conv_bn(in, c, 3, stride: 2, pad: 1)\n"
  "  conv_b = relu_conv_bn(conv_a, c, 3, pad: 1)\n"
  "  downsample = avgpool(in, 2, stride: 2) -> conv(c, 1, bias: false)\n"
  "  return add(downsample, conv_b)\n"
  "}\n"
  "network nb201 {\n"
  "  input data: 3x32x32\n"
  "  stem = conv(data, 16, 3, pad: 1, bias: false) batchnorm -> scale(bias: true)\n"
  "  stage1 = stem -> %s\n"
  "  reduce1 = reduction(stage1, 32)\n"
  "  stage2 = reduce1 -> %s\n"
  "  reduce2 = reduction(stage2, 64)\n"
  "  stage3 = reduce2 -> %s\n"
  "  lastact = batchnorm(stage3) -> scale(bias: true) relu\n"
  "  pool = avgpool(lastact, global: true)\n"
  "  output classifier = fc(pool, 10)\n"
  "}\n";

/* Predicts with the CIFAR-10 forest from the attributes of the network
 * with this cell; calls are "cell(16) * 5" and the like. */
static void predict_cell(const char *cell, const char *c1, const char *c2, const char *c3,
                         prediction *out) {
  char text[4096];
  snprintf(text, sizeof text, skeleton, cell, c1, c2, c3);
  compilation C;
  compilation_init(&C, 0);
  compilation_set_text(&C, "nb201.arch", text, strlen(text));
  bool ok = compilation_analyse(&C);
  if (!ok) diag_render(stderr, &C.diags, DIAG_FORMAT_TEXT, false);
  assert_true(ok);
  double v[ATTR_NCOLS + ATTR_NEXTENDED];
  attr_corrected(C.graph, v);
  attr_extended(C.graph, v + ATTR_NCOLS);
  const model *m = registry_find(nb201_models[0])->model;
  double *x = calloc(m->nfeatures, sizeof *x);
  for (size_t j = 0; j < m->nfeatures; j++) {
    int at = -1;
    for (int i = 0; i < ATTR_NCOLS + ATTR_NEXTENDED && at < 0; i++) {
      const char *name = i < ATTR_NCOLS ? attr_column_names[i]
                                        : attr_extended_names[i - ATTR_NCOLS];
      if (strcmp(name, m->features[j]) == 0) at = i;
    }
    if (at < 0) fail_msg("no column '%s'", m->features[j]);
    x[j] = v[at];
  }
  model_predict(m, x, out);
  free(x);
  compilation_fini(&C);
}

/* The cell of examples/nb201.arch: 93.66 % after 200 epochs. */
static void predicts_a_good_cell(void **state) {
  (void)state;
  prediction pr;
  predict_cell("block cell(node0, c) {\n"
               "  node1 = relu_conv_bn(node0, c, 3, pad: 1)\n"
               "  edge02 = relu_conv_bn(node0, c, 3, pad: 1)\n"
               "  edge12 = avgpool(node1, 3, stride: 1, pad: 1)\n"
               "  node2 = add(edge02, edge12)\n"
               "  edge13 = relu_conv_bn(node1, c, 3, pad: 1)\n"
               "  node3 = add(node0, edge13, node2)\n"
               "  return node3\n"
               "}\n",
               "cell(16) * 5", "cell(32) * 5", "cell(64) * 5", &pr);
  assert_true(pr.in_domain);
  assert_true(fabs(pr.value - 0.9366) < 0.03);
  assert_true(pr.lo <= 0.9366 && 0.9366 <= pr.hi);
}

/* A cell whose output is zero (every edge none): chance, 10 %. */
static void predicts_a_dead_cell(void **state) {
  (void)state;
  prediction pr;
  predict_cell("block cell(node0) {\n  return power(node0, scale: 0)\n}\n", "cell * 5",
               "cell * 5", "cell * 5", &pr);
  assert_true(pr.value < 0.2);
}

static char *save_to_string(const model *m) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  assert_non_null(f);
  assert_int_equal(model_save(m, f), 0);
  fclose(f);
  return text;
}

static int load_from_string(model *m, const char *text, char *err, size_t errlen) {
  FILE *f = fmemopen((void *)text, strlen(text), "r");
  assert_non_null(f);
  int rc = model_load(m, f, err, errlen);
  fclose(f);
  return rc;
}

/* Replaces the first `from` in text by `to`; free the result. */
static char *replaced(const char *text, const char *from, const char *to) {
  const char *at = strstr(text, from);
  assert_non_null(at);
  char *s = malloc(strlen(text) + strlen(to) + 1);
  size_t pre = (size_t)(at - text);
  memcpy(s, text, pre);
  strcpy(s + pre, to);
  strcat(s, at + strlen(from));
  return s;
}

static void quality_in_files_and_c(void **state) {
  (void)state;
  enum { N = 60, P = 2 };
  double x[N * P], y[N];
  for (int i = 0; i < N; i++) {
    x[i * P] = i % 13;
    x[i * P + 1] = (i * 7) % 11;
    y[i] = 0.5 + 0.01 * x[i * P] - 0.02 * x[i * P + 1];
  }
  static const char *const names[P] = {"a", "b"};
  train_params tp = {.kind = MODEL_FOREST, .task = TASK_REGRESS, .trees = 3, .min_split = 2,
                     .min_leaf = 1, .bootstrap = true, .seed = 2};
  model m;
  char err[256];
  assert_int_equal(model_fit(&m, &tp, names, x, y, N, P, NULL, err, sizeof err), 0);
  assert_null(m.quality_metric);
  assert_true(isnan(m.quality));
  char *plain = save_to_string(&m);
  assert_null(strstr(plain, "\nquality "));

  double met[MET_COUNT];
  for (int i = 0; i < MET_COUNT; i++) met[i] = NAN;
  met[MET_KENDALL] = 0.625;
  evaluate_set_quality(&m, met, 17);
  char *text = save_to_string(&m);
  assert_non_null(strstr(text, "\nquality heldout.kendall_tau_b 0.625 17\n"));
  model back;
  assert_int_equal(load_from_string(&back, text, err, sizeof err), 0);
  assert_string_equal(back.quality_metric, "heldout.kendall_tau_b");
  assert_true(back.quality == 0.625 && back.quality_n == 17);
  char *again = save_to_string(&back);
  assert_string_equal(text, again);
  model_free(&back);

  /* A file without the line (as written before it existed) loads. */
  assert_int_equal(load_from_string(&back, plain, err, sizeof err), 0);
  assert_null(back.quality_metric);
  assert_true(isnan(back.quality) && back.quality_n == 0);
  model_free(&back);

  /* A damaged line is refused with its line number. */
  char *bad = replaced(text, "0.625 17", "0.625 many");
  assert_int_equal(load_from_string(&back, bad, err, sizeof err), -1);
  assert_non_null(strstr(err, "line 9: expected a count"));
  free(bad);

  char *c = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&c, &len);
  assert_int_equal(model_emit_c(&m, "q", NULL, f), 0);
  fclose(f);
  assert_non_null(strstr(c, "  .quality_metric = \"heldout.kendall_tau_b\",\n"
                            "  .quality = 0.625,\n  .quality_n = 17,\n"));
  free(c);

  /* Classifiers are scored by balanced accuracy. */
  m.task = TASK_CLASSIFY;
  met[MET_BALANCED_ACCURACY] = 0.5;
  evaluate_set_quality(&m, met, 9);
  assert_string_equal(m.quality_metric, "heldout.balanced_accuracy");
  assert_true(m.quality == 0.5);

  free(plain);
  free(text);
  free(again);
  model_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(registered_and_scored),
    cmocka_unit_test(predicts_a_good_cell),
    cmocka_unit_test(predicts_a_dead_cell),
    cmocka_unit_test(quality_in_files_and_c),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

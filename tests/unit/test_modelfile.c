/* Unit tests for model files (src/models/modelfile.c), the C emitter
 * (codegen.c) and the compiled-in models (registry.c): every kind of
 * model saved, loaded and saved again gives the same text and exactly the
 * same predictions; malformed files are refused with their line. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_rng.h>

#include "models/codegen.h"
#include "models/modelfile.h"
#include "models/predict.h"
#include "models/registry.h"
#include "models/train.h"

enum { N = 120, P = 4 };
static const char *const names[P] = {"net_depth_avg", "num conv", "ratio,x", "w"};

static void make_data(double *x, double *y, bool classify) {
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(r, 5);
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < P; j++) x[i * P + j] = gsl_rng_uniform(r) * (j + 1);
    x[i * P + 3] = i % 7 == 0 ? NAN : x[i * P + 3];  /* missing values */
    double t = 0.2 + x[i * P] * x[i * P + 1] / 2 + 0.1 * gsl_rng_uniform(r);
    y[i] = classify ? t > 0.6 : t;
  }
  gsl_rng_free(r);
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

static void load_from_string(model *m, const char *text) {
  FILE *f = fmemopen((void *)text, strlen(text), "r");
  assert_non_null(f);
  char err[256];
  int rc = model_load(m, f, err, sizeof err);
  fclose(f);
  if (rc) fail_msg("model_load: %s", err);
}

static bool same(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

/* Predictions at fresh points (some with missing values) agree exactly. */
static void same_predictions(const model *a, const model *b) {
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(r, 77);
  for (int i = 0; i < 200; i++) {
    double x[P];
    for (int j = 0; j < P; j++) x[j] = (gsl_rng_uniform(r) - 0.2) * 1.5 * (j + 1);
    if (i % 10 == 0) x[i % P] = NAN;
    prediction pa, pb;
    model_predict(a, x, &pa);
    model_predict(b, x, &pb);
    assert_true(same(pa.value, pb.value) && same(pa.lo, pb.lo) && same(pa.hi, pb.hi));
    assert_true(same(pa.distance, pb.distance) && pa.in_domain == pb.in_domain);
    assert_true(same(pa.spread, pb.spread) && same(pa.votes, pb.votes));
  }
  gsl_rng_free(r);
}

static void round_trip(model_kind kind, model_task task, bool inter, bool box_cox) {
  double x[N * P], y[N];
  make_data(x, y, task == TASK_CLASSIFY);
  train_params tp = {.kind = kind, .task = task, .trees = 20, .min_split = 2, .min_leaf = 1,
                     .bootstrap = kind == MODEL_FOREST, .interactions = inter,
                     .box_cox = box_cox, .seed = 3};
  model m;
  char err[256];
  if (model_fit(&m, &tp, names, x, y, N, P, NULL, err, sizeof err)) fail_msg("%s", err);
  m.name = "round\ntrip";  /* line breaks do not survive; nothing else breaks */
  m.description = "a model, for the test";
  m.target = "final_accuracy";
  m.threshold = task == TASK_CLASSIFY ? 0.35 : NAN;
  m.resid_q90 = task == TASK_REGRESS ? 0.1 / 3 : NAN;

  char *text = save_to_string(&m);
  model back;
  load_from_string(&back, text);
  char *again = save_to_string(&back);
  assert_string_equal(text, again);
  assert_string_equal(back.name, "round trip");
  assert_string_equal(back.features[1], "num conv");
  assert_true(back.kind == kind && back.task == task);
  assert_true(same(back.threshold, m.threshold) && same(back.resid_q90, m.resid_q90));
  assert_true(back.params.seed == 3 && back.params.bootstrap == tp.bootstrap);
  same_predictions(&m, &back);

  /* The C emitter writes the same numbers, by the same formatting. */
  char *c = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&c, &len);
  assert_int_equal(model_emit_c(&m, "test_model", "archc train --x */ y", f), 0);
  fclose(f);
  assert_non_null(strstr(c, "const model model_test_model = {"));
  assert_null(strstr(c, "--x */"));  /* a comment cannot be closed early */
  assert_non_null(strstr(c, "\"num conv\""));
  assert_non_null(strstr(c, kind == MODEL_OLS ? ".ols = {" : ".forest = {20, start, nodes}"));

  free(c);
  free(text);
  free(again);
  model_free(&back);
  model_free(&m);
}

static void forest_classifier(void **state) {
  (void)state;
  round_trip(MODEL_FOREST, TASK_CLASSIFY, false, false);
}

static void extratrees_regressor(void **state) {
  (void)state;
  round_trip(MODEL_EXTRATREES, TASK_REGRESS, false, false);
}

static void ols_plain_and_full(void **state) {
  (void)state;
  round_trip(MODEL_OLS, TASK_REGRESS, false, false);
  round_trip(MODEL_OLS, TASK_REGRESS, true, true);
}

static void refuses_malformed_files(void **state) {
  (void)state;
  double x[N * P], y[N];
  make_data(x, y, true);
  train_params tp = {.kind = MODEL_FOREST, .task = TASK_CLASSIFY, .trees = 2, .min_split = 2,
                     .min_leaf = 1, .seed = 1};
  model m;
  char err[256];
  assert_int_equal(model_fit(&m, &tp, names, x, y, N, P, NULL, err, sizeof err), 0);
  char *text = save_to_string(&m);
  model_free(&m);

  struct { const char *from, *to, *message; } cases[] = {
    {"archc-model 1", "archc-model 9", "line 1: unknown format version"},
    {"kind forest", "kind bush", "line 4: unknown model kind"},
    {"features 4", "features x", "line 10: expected a count"},
    {"\nend\n", "\n", "expected 'end'"},
    {"\ntree ", "\ntree 0 ", "unexpected text at the end of the line"},
    {"forest 2", "forest 3", "expected 'tree'"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char *bad = malloc(strlen(text) + 64);
    const char *at = strstr(text, cases[k].from);
    assert_non_null(at);
    size_t pre = (size_t)(at - text);
    memcpy(bad, text, pre);
    strcpy(bad + pre, cases[k].to);
    strcat(bad, at + strlen(cases[k].from));
    FILE *f = fmemopen(bad, strlen(bad), "r");
    model back;
    assert_int_equal(model_load(&back, f, err, sizeof err), -1);
    fclose(f);
    if (!strstr(err, cases[k].message)) fail_msg("case %zu: '%s'", k, err);
    free(bad);
  }
  /* A child pointing backwards would loop forever. */
  char *bad = strdup(text);
  char *tree = strstr(bad, "\ntree ");
  char *node = strchr(tree + 1, '\n') + 1;  /* the root: "F R V" */
  char *sp = strchr(node, ' ') + 1;
  if (node[0] != '-') {
    sp[0] = '0';
    memmove(sp + 1, strchr(sp, ' '), strlen(strchr(sp, ' ')) + 1);
    FILE *f = fmemopen(bad, strlen(bad), "r");
    model back;
    assert_int_equal(model_load(&back, f, err, sizeof err), -1);
    fclose(f);
    assert_non_null(strstr(err, "bad child index"));
  }
  free(bad);
  free(text);
}

/* The generated models: present, sensible, and exactly representable in
 * a model file. */
static void compiled_in_models(void **state) {
  (void)state;
  assert_true(registry_count() >= 4);
  assert_null(registry_find("no such model"));
  for (size_t i = 0; i < registry_count(); i++) {
    const registry_entry *e = registry_get(i);
    assert_ptr_equal(registry_find(e->name), e);
    const model *m = e->model;
    assert_string_equal(m->name, e->name);
    assert_true(m->nfeatures >= 1);
    /* The MENNDL models use the paper's 32 attributes; others choose theirs. */
    if (strncmp(e->name, "menndl_", 7) == 0) {
      assert_int_equal(m->nfeatures, 32);
      assert_string_equal(m->features[0], "net_depth_avg");
    }
    /* The training population's centre is in the domain. */
    prediction pr;
    model_predict(m, m->domain.center, &pr);
    assert_true(pr.in_domain);
    assert_true(pr.value >= 0 && pr.value <= 1);
    char *text = save_to_string(m);
    model back;
    load_from_string(&back, text);
    char *again = save_to_string(&back);
    assert_string_equal(text, again);
    prediction pb;
    model_predict(&back, m->domain.center, &pb);
    assert_true(pr.value == pb.value && pr.lo == pb.lo && pr.hi == pb.hi);
    free(text);
    free(again);
    model_free(&back);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(forest_classifier),
    cmocka_unit_test(extratrees_regressor),
    cmocka_unit_test(ols_plain_and_full),
    cmocka_unit_test(refuses_malformed_files),
    cmocka_unit_test(compiled_in_models),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

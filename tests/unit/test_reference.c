/* Unit tests for the reference profile (src/attr/ref*.c): the check values
 * of spec §11 for the two sample networks, the grid rule of §5 with its
 * worked examples, and construction errors of §10. The sample networks are
 * read from ../shared/corpus/menndl; those tests skip when it is absent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "attr/ref.h"
#include "attr/ref_read.h"
#include "compile.h"
#include "diag/render.h"

#ifndef ARCHC_SRCDIR
#define ARCHC_SRCDIR "."
#endif

/* Spec §11, columns 4-90, six significant digits. */
static const double nova_row[ATTR_NCOLS] = {
  12, 14, 13.5, 28, 3, 5, 0, 8, 8, 8, 2048, 2048, 2048, 6, 2, 4, 3.33333, 8, 2, 4, 2.75, 1, 49,
  56.5, 7, 128, 56.5, 0.178571, 0, 0.428571, 0, 0.571429, 0.818182, 0.121212, 0.0606061, 24, 0,
  0, 5, 0, 0, 0.0512821, 0.766055, 0.256163, 0, 0.72, 0.190831, 0.0263158, 0.518072, 0.102681,
  0.93525, 0.93525, 0.93525, 0.86, 0.86, 0.86, 0.5375, 0.5375, 0.5375, 0, 1, 2, 1.11765, 1, 2,
  1.11765, 1, 42.6667, 21.1265, 0.653061, 96, 32.3088, 1.75, 96, 36.1849, 4.57143, 96, 42.6551,
  0.125, 49, 4.389, 0.125, 7, 1.02052, 0.125, 7, 0.770522,
};

static const double minerva_row[ATTR_NCOLS] = {
  9, 9, 9, 9, 0, 6, 0, 64, 173, 100.333, 4096, 8780800, 2931989.33, 5, 2, 3, 2.4, 7, 2, 3,
  2.14286, 11, 540, 20, 12, 28, 20, 0.666667, 0, 0, 0, 0, 0, 0.2, 0.8, 11, 0, 0, 6, 0, 0,
  0.00917431, 0.979815, 0.205834, 0.00917431, 0.0925926, 0.0517512, 0, 0.977778, 0.169347,
  0.605964, 0.983582, 0.857709, 0.228346, 0.228346, 0.228346, 0.489362, 0.978723, 0.815603, 0,
  1, 1, 1, 1, 1, 1, 9.33333, 28.8333, 12.6361, 0.037037, 2.54545, 1.0275, 0.444444, 28, 10.8148,
  1.5, 2.54545, 1.90404, 3.66667, 270, 99.2222, 0.333333, 22.5, 8.61111, 3.66667, 8, 5.88889,
};

static compilation C;

/* Attributes of a prototxt given as text, in `mode`; false on errors. */
static bool attributes_of_text(const char *name, const char *text, ref_mode mode, double *v) {
  compilation_init(&C, 0);
  compilation_set_text(&C, name, text, strlen(text));
  compilation_parse(&C);
  if (!C.pb || diag_has_errors(&C.diags)) return false;
  ref_net net;
  ref_read(&C.arena, C.pb, &net);
  return ref_attributes(&C.arena, &C.diags, &net, mode, v);
}

static int teardown(void **state) {
  (void)state;
  compilation_fini(&C);
  return 0;
}

static void check_sample(const char *file, ref_mode mode, const double *want) {
  char path[4096];
  snprintf(path, sizeof path, "%s/../shared/corpus/menndl/%s", ARCHC_SRCDIR, file);
  if (access(path, R_OK) != 0) {
    compilation_init(&C, 0);
    skip();
  }
  compilation_init(&C, 0);
  assert_true(compilation_read(&C, path));
  compilation_parse(&C);
  assert_non_null(C.pb);
  ref_net net;
  ref_read(&C.arena, C.pb, &net);
  double v[ATTR_NCOLS];
  bool ok = ref_attributes(&C.arena, &C.diags, &net, mode, v);
  if (C.diags.head) diag_render(stderr, &C.diags, DIAG_FORMAT_TEXT, false);
  assert_true(ok);
  for (int i = 0; i < ATTR_NCOLS; i++) {
    double tol = fabs(want[i]) * 5e-6 + 1e-12;
    if (fabs(v[i] - want[i]) > tol)
      fail_msg("%s: column %d (%s): expected %g, got %.17g", file, i + 4, attr_column_names[i],
               want[i], v[i]);
  }
}

static void nova_sample(void **state) {
  (void)state;
  check_sample("seed-nova-00001_00006_00000.prototxt", REF_NOVA, nova_row);
}

static void minerva_sample(void **state) {
  (void)state;
  check_sample("seed-minerva-test_net.prototxt", REF_MINERVA, minerva_row);
}

/* A nova input, one convolution, and a pooling written with stride_h and
 * stride_w (read as stride 1, quirk 3), then an inner product. */
static const char *tiny(const char *conv, const char *pool) {
  static char text[2048];
  snprintf(text, sizeof text,
           "layer { name: \"data\" type: \"Data\" top: \"data0_0\" top: \"label\" }\n"
           "layer { name: \"c\" type: \"Convolution\" bottom: \"data0_0\" top: \"c\"\n"
           "  convolution_param { num_output: 4 %s } }\n"
           "layer { name: \"r\" type: \"ReLU\" bottom: \"c\" top: \"c\" }\n"
           "layer { name: \"p\" type: \"Pooling\" bottom: \"c\" top: \"p\"\n"
           "  pooling_param { pool: MAX %s } }\n"
           "layer { name: \"ip\" type: \"InnerProduct\" bottom: \"p\" top: \"ip\"\n"
           "  inner_product_param { num_output: 3 } }\n"
           "layer { name: \"loss\" type: \"SoftmaxWithLoss\" bottom: \"ip\" bottom: \"label\" }\n",
           conv, pool);
  return text;
}

static void grid_rule_and_quirks(void **state) {
  (void)state;
  double v[ATTR_NCOLS];
  /* H = 100, k = 7, s = 2, p = 3 -> 50 (§5); the pooling stride_h/w of 2
   * are ignored: stride 1, so 2x2 pooling gives 49x39 of 50x40. */
  assert_true(attributes_of_text("t.prototxt",
                                 tiny("kernel_size: 7 stride: 2 pad: 3",
                                      "kernel_size: 2 stride_h: 2 stride_w: 2"),
                                 REF_NOVA, v));
  assert_float_equal(v[3], 1, 0);                     /* num_conv_layers */
  assert_float_equal(v[5], 1, 0);                     /* num_pooling_layers */
  /* consecutive area reductions: the pooling 1 - 49*39/(50*40) is the
   * minimum, the convolution 1 - 50*40/(103*83) (one pad, quirk 6) the
   * maximum */
  assert_float_equal(v[41], 1 - 49.0 * 39 / (50 * 40), 1e-12);
  assert_float_equal(v[42], 1 - 50.0 * 40 / (103 * 83), 1e-12);
  assert_float_equal(v[35], 1, 0);                    /* num_relu: the tagged conv */
  assert_float_equal(v[9], 3, 0);                     /* avg_IP_neurons */
  assert_float_equal(v[12], 4 * 3, 0);                /* avg_IP_weights: channels only */
  assert_float_equal(v[60], 1, 0);                    /* min_stride_h: the pooling reads 1 */
  assert_float_equal(v[61], 2, 0);                    /* max_stride_h: the convolution's */
}

static void removed_1x1_pooling(void **state) {
  (void)state;
  double v[ATTR_NCOLS];
  assert_true(attributes_of_text("t.prototxt",
                                 tiny("kernel_size: 3", "kernel_size: 1 stride: 2"), REF_NOVA, v));
  assert_float_equal(v[5], 0, 0);                     /* the 1x1 pooling is gone */
  assert_float_equal(v[9], 3, 0);                     /* and the IP reads the conv */
}

static void construction_errors(void **state) {
  (void)state;
  double v[ATTR_NCOLS];
  const char *dangling =
      "layer { name: \"data\" type: \"Data\" top: \"data0_0\" }\n"
      "layer { name: \"c\" type: \"Convolution\" bottom: \"nothing\" top: \"c\"\n"
      "  convolution_param { num_output: 4 kernel_size: 3 } }\n";
  assert_false(attributes_of_text("t.prototxt", dangling, REF_NOVA, v));
  assert_non_null(C.diags.head);
  assert_string_equal(C.diags.head->code, "reference-construction");
  compilation_fini(&C);
  const char *stride0 =
      "layer { name: \"data\" type: \"Data\" top: \"data0_0\" }\n"
      "layer { name: \"c\" type: \"Convolution\" bottom: \"data0_0\" top: \"c\"\n"
      "  convolution_param { num_output: 4 kernel_size: 3 } }\n"
      "layer { name: \"p\" type: \"Pooling\" bottom: \"c\" top: \"p\"\n"
      "  pooling_param { kernel_size: 2 stride: 0 } }\n";
  assert_false(attributes_of_text("t.prototxt", stride0, REF_NOVA, v));
}

static void no_input_is_a_column_warning(void **state) {
  (void)state;
  double v[ATTR_NCOLS];
  /* No top named data0...: nothing is an input, so net depth is NaN. */
  const char *noinput =
      "layer { name: \"d\" type: \"Data\" top: \"label\" }\n"
      "layer { name: \"s\" type: \"Silence\" bottom: \"label\" }\n";
  assert_true(attributes_of_text("t.prototxt", noinput, REF_NOVA, v));
  assert_true(isnan(v[0]) && isnan(v[1]) && isnan(v[2]));
  assert_float_equal(v[3], 0, 0);
  assert_int_equal(C.diags.count[DIAG_WARNING], 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_teardown(nova_sample, teardown),
    cmocka_unit_test_teardown(minerva_sample, teardown),
    cmocka_unit_test_teardown(grid_rule_and_quirks, teardown),
    cmocka_unit_test_teardown(removed_1x1_pooling, teardown),
    cmocka_unit_test_teardown(construction_errors, teardown),
    cmocka_unit_test_teardown(no_input_is_a_column_warning, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

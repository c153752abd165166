/* Unit tests for the public API, include/archc/archc.h (src/lib.c), used
 * only through that header: compiling text and files, the diagnostics and
 * their counts, and the graph's layers and their inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "archc/archc.h"

static const char tiny[] =
    "network tiny {\n"
    "  input x: 3x32x32\n"
    "  input mask: 1x32x32\n"
    "  h = conv(x, 8, 3, pad: 1) relu\n"
    "  output fc(h, 2) softmax\n"
    "}\n";

static const char broken[] =
    "network broken {\n"
    "  input x: 3x8x8\n"
    "  y = conv(x, 0, 3)\n"
    "  output fc(z, 2)\n"
    "}\n";

/* What archc_print_diagnostics writes, as a string to free. */
static char *diagnostics_of(const archc_unit *u, int color) {
  FILE *f = tmpfile();
  assert_non_null(f);
  archc_print_diagnostics(u, f, color);
  long n = ftell(f);
  assert_true(n >= 0);
  rewind(f);
  char *text = malloc((size_t)n + 1);
  assert_non_null(text);
  assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
  text[n] = '\0';
  fclose(f);
  return text;
}

/* The graph of `tiny`, in topological order, with each layer's inputs. */
static void check_tiny_graph(const archc_unit *u) {
  static const struct {
    const char *name, *op;
    size_t ninputs, input;
  } want[] = {
      {"x", "input", 0, 0},
      {"mask", "input", 0, 0},
      {"h.conv1", "conv", 1, 0},
      {"h", "relu", 1, 2},
      {"output.fc1", "fc", 1, 3},
      {"output", "softmax", 1, 4},
  };
  size_t n = sizeof want / sizeof want[0];
  assert_string_equal(archc_network_name(u), "tiny");
  assert_int_equal(archc_layer_count(u), n);
  for (size_t i = 0; i < n; i++) {
    assert_string_equal(archc_layer_name(u, i), want[i].name);
    assert_string_equal(archc_layer_op(u, i), want[i].op);
    assert_int_equal(archc_layer_input_count(u, i), want[i].ninputs);
    if (want[i].ninputs) assert_int_equal(archc_layer_input(u, i, 0), want[i].input);
    /* an input past the last one */
    assert_int_equal(archc_layer_input(u, i, want[i].ninputs), (size_t)-1);
  }
  /* a layer past the last one */
  assert_null(archc_layer_name(u, n));
  assert_null(archc_layer_op(u, n));
  assert_int_equal(archc_layer_input_count(u, n), 0);
  assert_int_equal(archc_layer_input(u, n, 0), (size_t)-1);
}

static void version(void **state) {
  (void)state;
  assert_string_equal(archc_version(), ARCHC_VERSION_STRING);
}

static void compile_text_clean(void **state) {
  (void)state;
  archc_unit *u = archc_compile_text("tiny.arch", tiny, strlen(tiny));
  assert_non_null(u);
  assert_int_equal(archc_error_count(u), 0);
  assert_int_equal(archc_warning_count(u), 1);
  check_tiny_graph(u);
  char *d = diagnostics_of(u, 0);
  assert_string_equal(d, "tiny.arch:3:9: warning: input 'mask' is never used [unused-input]\n"
                         "    3 |   input mask: 1x32x32\n"
                         "      |         ^~~~\n");
  free(d);
  archc_unit_free(u);
}

/* Only `len` bytes are read: what follows them is not part of the source. */
static void compile_text_length(void **state) {
  (void)state;
  char text[sizeof tiny + 16];
  memcpy(text, tiny, strlen(tiny));
  memcpy(text + strlen(tiny), "garbage }}} ((", 15);
  archc_unit *u = archc_compile_text("tiny.arch", text, strlen(tiny));
  assert_int_equal(archc_error_count(u), 0);
  assert_int_equal(archc_warning_count(u), 1);
  check_tiny_graph(u);
  archc_unit_free(u);
}

static void compile_text_errors(void **state) {
  (void)state;
  archc_unit *u = archc_compile_text("broken.arch", broken, strlen(broken));
  assert_int_equal(archc_error_count(u), 2);
  assert_int_equal(archc_warning_count(u), 0);
  char *d = diagnostics_of(u, 0);
  assert_string_equal(d,
                      "broken.arch:3:15: error: 'features' of 'conv' must be at least 1, not 0 "
                      "[out-of-range]\n"
                      "    3 |   y = conv(x, 0, 3)\n"
                      "      |               ^\n"
                      "broken.arch:4:13: error: undefined name 'z' [undefined-name]\n"
                      "    4 |   output fc(z, 2)\n"
                      "      |             ^\n");
  free(d);
  /* with colour: the same text with ANSI escapes around its parts */
  d = diagnostics_of(u, 1);
  assert_non_null(strstr(d, "\033["));
  assert_non_null(strstr(d, "undefined name 'z'"));
  free(d);
  archc_unit_free(u);
}

static void compile_text_syntax_error(void **state) {
  (void)state;
  static const char text[] = "network n {\n  input x: 1x2x2\n  output fc(x, 2\n}\n";
  archc_unit *u = archc_compile_text("n.arch", text, strlen(text));
  assert_int_equal(archc_error_count(u), 2);
  char *d = diagnostics_of(u, 0);
  assert_string_equal(d,
                      "n.arch:4:1: error: unexpected '}', expected ')' or ',' [syntax-error]\n"
                      "    4 | }\n"
                      "      | ^\n"
                      "n.arch:3:12: note: to match this '('\n"
                      "    3 |   output fc(x, 2\n"
                      "      |            ^\n"
                      "n.arch:4:2: error: unexpected end of file, expected 'block', 'input', "
                      "'output', 'return', 'meta', end of line, identifier or '}' [syntax-error]\n"
                      "    4 | }\n"
                      "      |  ^\n");
  free(d);
  /* no graph: the queries answer as for an empty one */
  assert_null(archc_network_name(u));
  assert_int_equal(archc_layer_count(u), 0);
  assert_null(archc_layer_name(u, 0));
  assert_null(archc_layer_op(u, 0));
  assert_int_equal(archc_layer_input_count(u, 0), 0);
  assert_int_equal(archc_layer_input(u, 0, 0), (size_t)-1);
  archc_unit_free(u);
}

static void compile_file(void **state) {
  (void)state;
  char path[] = "archc-test-lib-XXXXXX";   /* in the working directory */
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, tiny, strlen(tiny)), (ssize_t)strlen(tiny));
  assert_int_equal(close(fd), 0);
  archc_unit *u = archc_compile_file(path);
  remove(path);
  assert_int_equal(archc_error_count(u), 0);
  check_tiny_graph(u);
  archc_unit_free(u);
}

static void compile_missing_file(void **state) {
  (void)state;
  archc_unit *u = archc_compile_file("/nonexistent/dir/net.arch");
  assert_int_equal(archc_error_count(u), 1);
  assert_int_equal(archc_warning_count(u), 0);
  assert_null(archc_network_name(u));
  assert_int_equal(archc_layer_count(u), 0);
  char *d = diagnostics_of(u, 0);
  assert_string_equal(d, "archc: error: cannot open /nonexistent/dir/net.arch: "
                         "No such file or directory [cannot-read]\n");
  free(d);
  archc_unit_free(u);
}

static void free_null(void **state) {
  (void)state;
  archc_unit_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(version),
      cmocka_unit_test(compile_text_clean),
      cmocka_unit_test(compile_text_length),
      cmocka_unit_test(compile_text_errors),
      cmocka_unit_test(compile_text_syntax_error),
      cmocka_unit_test(compile_file),
      cmocka_unit_test(compile_missing_file),
      cmocka_unit_test(free_null),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

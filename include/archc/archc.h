/* archc: static analysis of convolutional network architectures.
 *
 * The library compiles one network description (.arch source) at a time
 * into a graph of layers, with diagnostics. Every function is reentrant:
 * the library has no global mutable state, and units are independent. */
#ifndef ARCHC_ARCHC_H
#define ARCHC_ARCHC_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ARCHC_VERSION_STRING "0.1.0"

/* The version of the library in use. */
const char *archc_version(void);

/* One compiled network: source, diagnostics and graph. */
typedef struct archc_unit archc_unit;

/* Compiles `len` bytes of .arch source; `name` is used in diagnostics.
 * Never returns NULL (out of memory aborts). */
archc_unit *archc_compile_text(const char *name, const char *text, size_t len);
/* Compiles a file; "-" reads standard input. A file that cannot be read
 * gives a unit with one error. */
archc_unit *archc_compile_file(const char *path);
void archc_unit_free(archc_unit *u);

size_t archc_error_count(const archc_unit *u);
size_t archc_warning_count(const archc_unit *u);
/* Prints the diagnostics as `file:line:col: severity: message [code]`,
 * each followed by its source line and a caret; `color` adds ANSI colour. */
void archc_print_diagnostics(const archc_unit *u, FILE *out, int color);

/* The graph; meaningful only when archc_error_count() is 0. Layers are in
 * topological order (every layer after its inputs). */
const char *archc_network_name(const archc_unit *u);
size_t archc_layer_count(const archc_unit *u);
const char *archc_layer_name(const archc_unit *u, size_t layer);
/* The op as written in .arch: "conv", "maxpool", "input", ... */
const char *archc_layer_op(const archc_unit *u, size_t layer);
size_t archc_layer_input_count(const archc_unit *u, size_t layer);
/* The layer that produces input `k` of `layer`. */
size_t archc_layer_input(const archc_unit *u, size_t layer, size_t k);

#ifdef __cplusplus
}
#endif

#endif

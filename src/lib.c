/* The public API (include/archc/archc.h) over the internal compilation. */
#include "archc/archc.h"

#include "compile.h"
#include "diag/render.h"
#include <stdlib.h>

#include "util/xalloc.h"

struct archc_unit {
  compilation c;
};

const char *archc_version(void) { return ARCHC_VERSION_STRING; }

static archc_unit *finish(archc_unit *u, bool ok) {
  if (ok) compilation_lower(&u->c);
  diag_sort(&u->c.diags);
  return u;
}

archc_unit *archc_compile_text(const char *name, const char *text, size_t len) {
  archc_unit *u = xmalloc(sizeof *u);
  compilation_init(&u->c, 0);
  return finish(u, compilation_set_text(&u->c, name, text, len));
}

archc_unit *archc_compile_file(const char *path) {
  archc_unit *u = xmalloc(sizeof *u);
  compilation_init(&u->c, 0);
  return finish(u, compilation_read(&u->c, path));
}

void archc_unit_free(archc_unit *u) {
  if (!u) return;
  compilation_fini(&u->c);
  free(u);
}

size_t archc_error_count(const archc_unit *u) { return u->c.diags.count[DIAG_ERROR]; }
size_t archc_warning_count(const archc_unit *u) { return u->c.diags.count[DIAG_WARNING]; }

void archc_print_diagnostics(const archc_unit *u, FILE *out, int color) {
  diag_render(out, &u->c.diags, DIAG_FORMAT_TEXT, color != 0);
}

const char *archc_network_name(const archc_unit *u) {
  return u->c.graph ? u->c.graph->name : NULL;
}

size_t archc_layer_count(const archc_unit *u) { return u->c.graph ? u->c.graph->nlayers : 0; }

const char *archc_layer_name(const archc_unit *u, size_t layer) {
  return layer < archc_layer_count(u) ? u->c.graph->layers[layer].name : NULL;
}

const char *archc_layer_op(const archc_unit *u, size_t layer) {
  return layer < archc_layer_count(u) ? ir_op_name(u->c.graph->layers[layer].op) : NULL;
}

size_t archc_layer_input_count(const archc_unit *u, size_t layer) {
  return layer < archc_layer_count(u) ? u->c.graph->layers[layer].ninputs : 0;
}

size_t archc_layer_input(const archc_unit *u, size_t layer, size_t k) {
  if (k >= archc_layer_input_count(u, layer)) return (size_t)-1;
  return u->c.graph->layers[layer].inputs[k].layer;
}

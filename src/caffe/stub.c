/* Placeholder until the Caffe front end lands: every entry point reports
 * that prototxt is not supported yet. */
#include "caffe/caffe.h"

struct pb_file {
  int unused;
};

struct pb_file *pb_parse(arena *a, diag_list *diags, const source *src) {
  diag_add(diags, DIAG_ERROR, "unsupported", src, (src_range){0, 0},
           "Caffe prototxt input is not supported yet");
  return arena_alloc(a, sizeof(struct pb_file));
}

ir_graph *caffe_lower(arena *a, diag_list *diags, const struct pb_file *pb,
                      const compile_options *opts) {
  (void)a, (void)diags, (void)pb, (void)opts;
  return NULL;
}

void caffe_emit(buf *out, const ir_graph *g) {
  (void)g;
  buf_puts(out, "# prototxt output is not supported yet\n");
}

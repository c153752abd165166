/* The Caffe front end: protobuf text format parsed into a generic tree
 * (grammar/proto.y), and Caffe's NetParameter mapped onto the graph IR. */
#ifndef ARCHC_CAFFE_CAFFE_H
#define ARCHC_CAFFE_CAFFE_H

#include "compile.h"
#include "diag/diag.h"
#include "ir/ir.h"
#include "util/buf.h"

/* Parses protobuf text format. Always returns a tree (possibly partial);
 * errors go to `diags`. */
struct pb_file *pb_parse(arena *a, diag_list *diags, const source *src);

/* Maps a parsed NetParameter onto the IR; NULL when nothing usable is
 * there. Layers of the other phase are left out; data layers become
 * inputs when a shape is known (opts->inputs, opts->dataset). */
ir_graph *caffe_lower(arena *a, diag_list *diags, const struct pb_file *pb,
                      const compile_options *opts);

/* Writes the graph as Caffe prototxt (`archc --emit prototxt`). */
void caffe_emit(buf *out, const ir_graph *g);

#endif

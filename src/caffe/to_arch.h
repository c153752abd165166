/* Between the graph IR and .arch text: `archc convert` writes a graph
 * (usually imported from Caffe) as idiomatic .arch, and `--emit prototxt`
 * needs the layer names a converted file keeps in its comments.
 *
 * The converter writes one statement per layer, with activations, dropout,
 * batchnorm and scale folded onto the layer they follow; blocks for
 * repeated fork-join units (inception modules, residual units); and
 * parameters only where they differ from the defaults. Names are the
 * source's, made into identifiers; a statement whose name had to change
 * carries the original in a comment at the end of its line:
 *
 *   conv1_7x7_s2 = conv(data, 64, 7, stride: 2, pad: 3) relu  # caffe: "conv1/7x7_s2"
 *
 * The network's own name is kept the same way, after `network NAME {`.
 * `--emit prototxt` reads these comments back, so a converted network keeps
 * its Caffe layer names through .arch. */
#ifndef ARCHC_CAFFE_TO_ARCH_H
#define ARCHC_CAFFE_TO_ARCH_H

#include <stdbool.h>

#include "compile.h"
#include "diag/diag.h"
#include "ir/ir.h"
#include "util/buf.h"

typedef struct to_arch_opts {
  const char *source_name;          /* named in the header comment */
  const compile_options *compile;   /* the phase, dataset and shapes used; may be NULL */
} to_arch_opts;

/* Appends `g` as canonical .arch text (printed by arch_format) to `out`.
 * The graph must have been built without errors. Returns false, with an
 * error in `diags`, when it holds a value .arch cannot write (a number that
 * is not finite, say); nothing is appended then. */
bool caffe_to_arch(buf *out, const ir_graph *g, const to_arch_opts *o, diag_list *diags);

/* The Caffe layer name of every layer of `g`, for `--emit prototxt`: for a
 * graph imported from Caffe, its IR names; for a graph lowered from .arch,
 * each statement's first layer takes the statement's name (or the name in
 * its `# caffe:` comment) and the others stay unique. Also the network's
 * name, in `*net_name`. Everything is allocated in `a`. */
const char **caffe_layer_names(arena *a, const ir_graph *g, const char **net_name);

#endif

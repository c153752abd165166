/* The Caffe front end: protobuf text format parsed into a generic tree
 * (grammar/proto.y, src/caffe/pbtext.h), checked against Caffe's schema
 * (src/caffe/schema.h), and Caffe's NetParameter mapped onto the graph IR
 * (src/caffe/import*.c).
 *
 * How the import reads a network:
 * - Layers are `layer` or legacy V1 `layers` (never both); V1 types are
 *   upgraded to their current names (CONVOLUTION -> Convolution), which
 *   become ir_layer.caffe_type. The V0 format is refused.
 * - Include/exclude rules follow Caffe's NetState: the phase comes from
 *   compile_options.phase_train (TEST by default), the level and stages
 *   from the file's `state`. Layers of the other phase are left out.
 * - Blobs connect layers by name in file order; a top named like the
 *   bottom at the same position is in place, and later readers see its
 *   output. Split layers are no IR layers: their tops are their bottom.
 * - IR layers carry the Caffe layer's name (made unique with #2, #3, ...;
 *   an unnamed layer takes its first top's name) and its location (its
 *   `name:` value, else the `layer` keyword). Inputs are named after their
 *   blobs.
 * - Inputs: `input:` with `input_shape` or `input_dim` (an `input:` without
 *   either is dropped, as Caffe does), Input and DummyData layers, and data
 *   layers whose shape the file gives (MemoryData, ImageData, WindowData,
 *   Data with force_color or force_gray and a crop). Shapes drop the batch
 *   axis. --input NAME=CxHxW gives a blob a shape (and declares it if no
 *   layer writes it); --dataset nova|minerva gives every blob whose name
 *   contains "data0" MENNDL's shape. Layers that only compute such blobs
 *   are left out, with one note. A data layer's top that a modelled layer
 *   reads and that has no shape is an error (missing-input-shape); a label
 *   read only by losses stays an opaque layer.
 * - Losses, accuracy and Silence stay in the graph as opaque layers, with
 *   one note (training-layer); their tops are the network's outputs when
 *   nothing reads them, as in Caffe. Any other layer the IR cannot hold
 *   (an unknown type, or parameters the IR has no form for) becomes an
 *   opaque layer with ir_params.type set, and a warning (opaque-layer).
 * - Forks: ConvolutionDepthwise and DepthwiseConvolution are convolutions
 *   with ir_params.depthwise set (groups = the input's channels when the
 *   import knows them); SegNet's and ENet's BN is a batchnorm layer
 *   followed by a scale layer with a bias, named NAME and NAME.scale;
 *   PoolingParameter.ceil_mode sets the rounding.
 * - Outputs are the blobs nothing in the phase reads, in the order they
 *   are written. */
#ifndef ARCHC_CAFFE_CAFFE_H
#define ARCHC_CAFFE_CAFFE_H

#include "compile.h"
#include "diag/diag.h"
#include "ir/ir.h"
#include "util/buf.h"

/* Parses protobuf text format. Always returns a tree (possibly partial);
 * errors go to `diags`. */
struct pb_file *pb_parse(arena *a, diag_list *diags, const source *src);

/* Maps a parsed NetParameter onto the IR; NULL when the file is not a
 * network or breaks the schema. The graph is meaningful only when no
 * error was reported. */
ir_graph *caffe_lower(arena *a, diag_list *diags, const struct pb_file *pb,
                      const compile_options *opts);

/* Whether the import maps layers of this type onto an op (forks' types
 * and V1's upgraded names included): it then checks their parameters. */
bool caffe_type_is_mapped(const char *type);

/* Writes the graph as Caffe prototxt (`archc --emit prototxt`). */
void caffe_emit(buf *out, const ir_graph *g);

#endif

/* Writing a graph as Caffe prototxt (`archc --emit prototxt`): not yet
 * written; the converter's work builds on the import. */
#include "caffe/caffe.h"

void caffe_emit(buf *out, const ir_graph *g) {
  (void)g;
  buf_puts(out, "# prototxt output is not supported yet\n");
}

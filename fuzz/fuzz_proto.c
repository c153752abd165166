/* libFuzzer target: the Caffe front end on arbitrary bytes, read as a
 * .prototxt file: the protobuf text-format scanner and parser, the schema
 * check and the import onto the IR. Anything but a crash, a leak or a
 * sanitizer report is fine; in addition every diagnostic must carry a
 * known code and a message, and a graph without errors must be in
 * topological order (fuzz/check.h).
 *
 * A tree that parses is imported twice: with the command line's defaults
 * (phase TEST, no options), and with phase TRAIN, --dataset nova and
 * --input data=3x32x32, so that the other phase's include/exclude rules
 * and the shapes the options give are reached from the same input. */
#include <stdint.h>
#include <stdlib.h>

#include "caffe/caffe.h"
#include "check.h"

static const input_shape data_shape = {"data", 3, {3, 32, 32}};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  compilation c;
  compilation_init(&c, 0);
  if (compilation_set_text(&c, "fuzz.prototxt", (const char *)data, size)) compilation_lower(&c);
  if (c.front != FRONT_PROTOTXT) abort();
  check_diags(&c.diags);
  if (c.graph && !diag_has_errors(&c.diags)) check_graph(c.graph);

  if (c.pb && c.diags.count[DIAG_ERROR] == 0) {
    compile_options train = {.phase_train = true, .dataset = "nova", .inputs = &data_shape,
                             .ninputs = 1};
    diag_list diags;
    diag_list_init(&diags, &c.arena);
    ir_graph *g = caffe_lower(&c.arena, &diags, c.pb, &train);
    check_diags(&diags);
    if (g && !diag_has_errors(&diags)) check_graph(g);
  }
  compilation_fini(&c);
  return 0;
}

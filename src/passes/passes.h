/* Analysis passes over the graph IR. Each is a function of the graph that
 * adds facts to it and diagnostics to the list; a pass that fails stops
 * only what depends on it. */
#ifndef ARCHC_PASSES_PASSES_H
#define ARCHC_PASSES_PASSES_H

#include "diag/diag.h"
#include "ir/ir.h"

/* Output shapes of every layer, following Caffe exactly; checks the
 * source's shape assertions. Returns false if any shape is in error. */
bool pass_shapes(arena *a, ir_graph *g, diag_list *diags);

/* Parameters, multiply-accumulates, activations and receptive fields,
 * from the shapes. */
void pass_costs(ir_graph *g);

#endif

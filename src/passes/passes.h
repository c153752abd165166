/* Analysis passes over the graph IR. Each is a function of the graph that
 * adds facts to it and diagnostics to the list; a pass that fails stops
 * only what depends on it. */
#ifndef ARCHC_PASSES_PASSES_H
#define ARCHC_PASSES_PASSES_H

#include <stdbool.h>
#include <stdint.h>

#include "diag/diag.h"
#include "ir/ir.h"

/* Output shapes of every layer, following Caffe exactly; checks the
 * source's shape assertions. Returns false if any shape is in error.
 * Shapes downstream of an unknown shape (an opaque layer) stay unknown. */
bool pass_shapes(arena *a, ir_graph *g, diag_list *diags);

/* Parameters, multiply-accumulates, activations and receptive fields,
 * from the shapes. A cost that cannot be known (an unknown shape) or that
 * does not fit in 64 bits is -1. */
void pass_costs(ir_graph *g);

/* The network's totals. The sums cover the layers whose costs are known;
 * `unknown` counts the others. A sum that would pass 2^63 - 1 is -1. */
typedef struct cost_totals {
  int64_t params;              /* learnable weights and biases */
  int64_t bn_params;           /* BatchNorm statistics */
  int64_t macs;                /* multiply-accumulates for one input */
  int64_t activations;         /* every layer's output elements, summed */
  /* The most output elements alive at once when the layers run in graph
   * order and each tensor is freed after its last consumer (network
   * outputs are kept); `peak_layer` is the layer running then. */
  int64_t peak_activations;
  uint32_t peak_layer;
  uint32_t unknown;            /* layers whose costs are unknown */
} cost_totals;

/* Totals of a graph the cost pass has run on. */
cost_totals costs_total(const ir_graph *g);

/* "64x56x56", "1000" or "?" (unknown), for messages and tables. */
enum { SHAPE_BUF = 72 };
const char *shape_format(char buf[SHAPE_BUF], const ir_shape *s);
/* The number of elements; false if the shape is unknown. Shapes the pass
 * computed never overflow. */
bool shape_count(const ir_shape *s, int64_t *n);

#endif

/* The corrected profile and the extended columns, on the graph IR. */
#ifndef ARCHC_ATTR_CORRECTED_H
#define ARCHC_ATTR_CORRECTED_H

#include "attr/columns.h"
#include "ir/ir.h"

/* The 87 columns as the paper describes them (see doc/attributes.md).
 * The graph must have been through the shape and cost passes. */
void attr_corrected(const ir_graph *g, double out[ATTR_NCOLS]);

/* Columns beyond the paper's, in this order (doc/attributes.md). */
enum { ATTR_NEXTENDED = 12 };
extern const char *const attr_extended_names[ATTR_NEXTENDED];
void attr_extended(const ir_graph *g, double out[ATTR_NEXTENDED]);

#endif

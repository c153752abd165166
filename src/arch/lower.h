/* Lowering: the .arch AST to the graph IR. Expands blocks and repetitions,
 * resolves names, checks every call against the op table, and reports
 * undefined and duplicate names, arity, parameters, types, ranges,
 * recursion, cycles and unused layers. */
#ifndef ARCHC_ARCH_LOWER_H
#define ARCHC_ARCH_LOWER_H

#include "arch/ast.h"
#include "diag/diag.h"
#include "ir/ir.h"

enum {
  LOWER_MAX_DEPTH = 64,          /* nested block calls */
  LOWER_MAX_LAYERS = 1000000,    /* layers in one network */
  LOWER_MAX_REPEAT = 10000,      /* `* N` */
  LOWER_MAX_STEPS = 2000000,     /* op and block applications while expanding */
  LOWER_MAX_NAME_BYTES = 64 << 20, /* all layer names together: long names in
                                      deep expansions grow with every layer */
};

/* Returns the graph, or NULL when the file has no usable network. A graph
 * is returned even when errors were reported, as far as it could be built;
 * callers check diag_has_errors before trusting it. After syntax errors,
 * names that nothing defines are not reported: the statements that were
 * dropped may have defined them. */
ir_graph *arch_lower(arena *a, diag_list *diags, const ast_file *file, bool after_syntax_errors);

#endif

/* Parsing .arch source into an AST. */
#ifndef ARCHC_ARCH_PARSE_H
#define ARCHC_ARCH_PARSE_H

#include "arch/ast.h"
#include "diag/diag.h"

/* Always returns a file (possibly with fewer items than written, when
 * statements had syntax errors); errors go to `diags`. */
ast_file *arch_parse(arena *a, diag_list *diags, const source *src);

#endif

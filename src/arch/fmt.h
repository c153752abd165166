/* The canonical formatter for .arch files (`archc fmt`). The style it
 * prints is described at the top of fmt.c. */
#ifndef ARCHC_ARCH_FMT_H
#define ARCHC_ARCH_FMT_H

#include "arch/ast.h"
#include "util/buf.h"

/* Prints `file` in canonical style. The file must have parsed without errors.
 * The text is appended to `out`. */
void arch_format(buf *out, const ast_file *file);

#endif

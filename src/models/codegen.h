/* Compiling a model into the binary: C source with the model as constant
 * tables, defining `const model model_IDENT`, which the registry
 * (registry.c) lists. */
#ifndef ARCHC_MODELS_CODEGEN_H
#define ARCHC_MODELS_CODEGEN_H

#include <stdio.h>

#include "models/model.h"

/* True if ident is a C identifier (letters, digits, underscores; not
 * starting with a digit). */
bool codegen_ident_ok(const char *ident);

/* The `archc train` command line argv (argv[0] being "train") as a shell
 * would read it back, with the files of --features, --target and
 * --train-list reduced to their base names and the options that only
 * name outputs left out: the generated file records how it was made,
 * without the paths of the machine that made it. Free the result. */
char *codegen_provenance(int argc, char *const *argv);

/* Writes the C file. `provenance` (may be NULL) goes into its header
 * comment: how to regenerate it. Returns 0, or -1 if writing failed. */
int model_emit_c(const model *m, const char *ident, const char *provenance, FILE *out);

#endif

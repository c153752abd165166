/* Placeholder for `archc lint` until the lint rules land: the same
 * diagnostics as `archc check`. */
#include "cli/cli.h"

int cmd_lint(const cli_opts *o, char **files, int nfiles) { return cmd_check(o, files, nfiles); }

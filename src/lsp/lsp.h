/* The language server behind `archc lsp`. */
#ifndef ARCHC_LSP_LSP_H
#define ARCHC_LSP_LSP_H

#include <stdio.h>

/* Serves one client: requests on `in`, replies and notifications on `out`,
 * a line on `log` for each problem worth a look in the client's server log.
 * Returns the exit status the protocol asks for: 0 after `shutdown` then
 * `exit`, 1 when the client exits (or goes away) without `shutdown`. */
int lsp_serve(FILE *in, FILE *out, FILE *log);

#endif

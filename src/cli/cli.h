/* The command-line driver's shared options and commands. */
#ifndef ARCHC_CLI_CLI_H
#define ARCHC_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "compile.h"
#include "diag/render.h"

enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };

typedef struct cli_opts {
  bool color;
  diag_format diag_format;
  size_t max_errors;
  bool report;
  bool in_place;      /* fmt -i */
  bool check_only;    /* fmt --check */
} cli_opts;

/* Prints the compilation's diagnostics to stderr; returns true if any of
 * them is an error. */
bool cli_flush_diagnostics(compilation *c, const cli_opts *o);

int cmd_check(const cli_opts *o, char **files, int nfiles);
int cmd_analyse(const cli_opts *o, char **files, int nfiles);
int cmd_fmt(const cli_opts *o, char **files, int nfiles);

void report_text(FILE *out, const compilation *c);

#endif

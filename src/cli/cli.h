/* The command-line driver's shared options and commands. */
#ifndef ARCHC_CLI_CLI_H
#define ARCHC_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "backend/backend.h"
#include "compile.h"
#include "diag/render.h"

enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };

typedef enum emit_kind { EMIT_NONE, EMIT_DOT, EMIT_PROTOTXT, EMIT_ARCH } emit_kind;

typedef struct cli_opts {
  /* diagnostics */
  bool color;
  diag_format diag_format;
  size_t max_errors;
  /* how inputs are read */
  compile_options compile;
  /* what to print (analysis mode) */
  bool report, layers, features;
  emit_kind emit;
  out_format format;
  const char *columns;     /* --columns: paper, paper32, extended, all */
  const char *profile;     /* --profile: reference, corrected */
  const char *files_from;  /* --files-from LIST ('-': standard input) */
  const char *model;       /* --model NAME: a built-in model or family */
  bool predict;            /* --predict NAME: prediction columns in --features */
  /* fmt and convert */
  bool in_place;           /* fmt -i */
  bool check_only;         /* fmt --check */
  const char *output;      /* convert -o */
  const char *output_dir;  /* convert --output-dir */
} cli_opts;

/* Reads, parses and lowers one file with the options' settings. */
void cli_compile(compilation *c, const cli_opts *o, const char *path);
/* Prints the compilation's diagnostics to stderr; returns true if any of
 * them is an error. */
bool cli_flush_diagnostics(compilation *c, const cli_opts *o);

int cmd_check(const cli_opts *o, char **files, int nfiles);
/* check and lint: every file's diagnostics, in the chosen format (json and
 * sarif: one document for the run, on standard output). */
int cli_diagnose(const cli_opts *o, char **files, int nfiles, bool lint);
int cmd_analyse(const cli_opts *o, char **files, int nfiles);
int cmd_fmt(const cli_opts *o, char **files, int nfiles);
int cmd_convert(const cli_opts *o, char **files, int nfiles);
int cmd_features(const cli_opts *o, char **files, int nfiles);
int cmd_lint(const cli_opts *o, char **files, int nfiles);
/* argv[0] is the subcommand's name. */
int cmd_train(int argc, char **argv);
int cmd_lsp(int argc, char **argv);

/* The report of an analysed compilation, in o->format (text by default). */
void report_print(FILE *out, compilation *c, const cli_opts *o);

#endif

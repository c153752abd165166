/* One compilation: a source, its arena, diagnostics, AST and graph. The
 * CLI, the library API, the fuzz targets and the language server all go
 * through this. */
#ifndef ARCHC_COMPILE_H
#define ARCHC_COMPILE_H

#include <stdbool.h>
#include <stddef.h>

#include "arch/ast.h"
#include "diag/diag.h"
#include "ir/ir.h"
#include "util/arena.h"

/* Offsets are 32-bit; keep well clear of that. */
#define COMPILE_MAX_SOURCE (256u * 1024 * 1024)

typedef enum front_kind { FRONT_AUTO, FRONT_ARCH, FRONT_PROTOTXT } front_kind;

/* A shape given on the command line for a Caffe input or data layer. */
typedef struct input_shape {
  const char *name;
  int ndims;
  int64_t dims[3];
} input_shape;

typedef struct compile_options {
  front_kind from;             /* AUTO: by extension (.prototxt, .pbtxt: Caffe) */
  bool phase_train;            /* Caffe include/exclude rules: TRAIN; default TEST */
  const char *dataset;         /* "nova", "minerva" or NULL: MENNDL input conventions */
  const input_shape *inputs;   /* --input NAME=CxHxW */
  size_t ninputs;
} compile_options;

struct pb_file;

typedef struct compilation {
  arena arena;
  diag_list diags;
  source src;
  char *text;           /* owned; NUL-terminated */
  bool loaded;
  compile_options opts;
  front_kind front;     /* decided when the source is loaded */
  ast_file *ast;        /* .arch */
  struct pb_file *pb;   /* .prototxt: the parsed text-format tree */
  ir_graph *graph;
} compilation;

void compilation_init(compilation *c, size_t max_diagnostics);
void compilation_fini(compilation *c);

/* Reads a file ("-": standard input). On failure records an error (with no
 * source position) and returns false. */
bool compilation_read(compilation *c, const char *path);
/* Uses a copy of `text`. */
bool compilation_set_text(compilation *c, const char *name, const char *text, size_t len);

void compilation_parse(compilation *c);
/* Parses if needed, then lowers. The graph is meaningful only when there
 * are no errors. */
void compilation_lower(compilation *c);
/* Lowers if needed, then runs the shape and cost passes; returns true when
 * the graph has no errors and every shape is known. */
bool compilation_analyse(compilation *c);
/* Everything `archc check` (or `archc lint`, with `lint`) reports: the
 * analysis, the lint rules when the graph lowered cleanly, then the
 * suppression comments of the source. The command line and the language
 * server both call this, so they cannot disagree. Returns what
 * compilation_analyse returned. */
bool compilation_diagnose(compilation *c, bool lint);

#endif

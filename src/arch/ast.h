/* The .arch syntax tree. It mirrors the source: nothing is resolved or
 * expanded here, and every node keeps its byte range. Nodes live in the
 * compilation's arena; lists are arrays with a count. */
#ifndef ARCHC_ARCH_AST_H
#define ARCHC_ARCH_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/source.h"

typedef struct ast_str {
  const char *s;   /* NUL-terminated copy in the arena */
  uint32_t len;
} ast_str;

enum { AST_MAX_DIMS = 4 };
/* A wildcard dimension in a shape literal (`?`), allowed in assertions. */
#define AST_DIM_ANY (-1)

typedef enum ast_expr_kind {
  EXPR_INT,     /* 64 */
  EXPR_FLOAT,   /* 0.5, 1e-4 */
  EXPR_SHAPE,   /* 5x5, 2x127x47, 64x?x? */
  EXPR_STRING,  /* "text" */
  EXPR_BOOL,    /* true, false */
  EXPR_NAME,    /* an identifier: a tensor, a block parameter or a word */
  EXPR_LIST,    /* [a, b, ...] */
  EXPR_CHAIN,   /* a call or a pipeline used as a value */
} ast_expr_kind;

typedef struct ast_expr ast_expr;
typedef struct ast_chain ast_chain;

typedef struct ast_shape {
  int ndims;
  int64_t dims[AST_MAX_DIMS];  /* AST_DIM_ANY for `?` */
} ast_shape;

struct ast_expr {
  ast_expr_kind kind;
  src_range loc;
  ast_str text;                /* the lexeme as written (numbers keep it) */
  union {
    int64_t i;                 /* EXPR_INT */
    double f;                  /* EXPR_FLOAT */
    bool b;                    /* EXPR_BOOL */
    ast_shape shape;           /* EXPR_SHAPE */
    ast_str str;               /* EXPR_STRING (unescaped), EXPR_NAME */
    struct { ast_expr **items; size_t n; } list;  /* EXPR_LIST */
    ast_chain *chain;          /* EXPR_CHAIN */
  } u;
};

typedef struct ast_arg {
  ast_str name;                /* empty (len 0) for a positional argument */
  src_range name_loc;
  ast_expr *value;
  src_range loc;               /* the whole argument */
} ast_arg;

/* One application: `conv(64, 3x3)` or a bare word `relu` / `x`. */
typedef struct ast_app {
  ast_str name;
  src_range name_loc;
  bool call;                   /* written with parentheses */
  ast_arg *args;
  size_t nargs;
  src_range loc;
} ast_app;

/* A stage: an application with the bare words written after it, repeated
 * `repeat` times (0: not written). `-> conv(64, 3x3) relu * 2` is one stage
 * of two applications repeated twice. */
typedef struct ast_stage {
  ast_app *apps;
  size_t napps;
  bool has_repeat;             /* `* N` was written (N may be out of range) */
  int64_t repeat;
  src_range repeat_loc;
  src_range loc;
} ast_stage;

/* head -> stage -> stage ...; the head's first application takes its inputs
 * from its arguments, every later application from the previous output. */
struct ast_chain {
  ast_stage *stages;
  size_t nstages;
  src_range loc;
};

typedef enum ast_stmt_kind {
  STMT_INPUT,    /* input x: 1x28x28 */
  STMT_ASSIGN,   /* a = chain [: shape]   or   a, b = slice(...) */
  STMT_OUTPUT,   /* output chain   or   output a = chain */
  STMT_RETURN,   /* return chain (block bodies only) */
  STMT_META,     /* meta { key: value ... } */
  STMT_BLOCK,    /* block definition nested in a network */
} ast_stmt_kind;

typedef struct ast_block ast_block;

typedef struct ast_name {
  ast_str name;
  src_range loc;
} ast_name;

typedef struct ast_stmt {
  ast_stmt_kind kind;
  src_range loc;
  ast_name *names;             /* INPUT: 1; ASSIGN: 1 or more; OUTPUT: 0 or 1 */
  size_t nnames;
  ast_chain *chain;            /* ASSIGN, OUTPUT, RETURN */
  bool has_shape;              /* INPUT: its shape; ASSIGN/OUTPUT: an assertion */
  ast_shape shape;
  src_range shape_loc;
  ast_arg *meta;               /* META: key/value entries */
  size_t nmeta;
  ast_block *block;            /* BLOCK */
} ast_stmt;

typedef struct ast_param {
  ast_name name;
  ast_expr *deflt;             /* NULL: required */
} ast_param;

struct ast_block {
  ast_name name;
  ast_param *params;
  size_t nparams;
  ast_stmt **body;
  size_t nbody;
  src_range loc;
  src_range close_loc;         /* the closing brace */
};

typedef struct ast_network {
  ast_name name;
  ast_stmt **body;
  size_t nbody;
  src_range loc;
  src_range close_loc;
} ast_network;

typedef struct ast_comment {
  src_range loc;               /* from '#' to the end of the line */
} ast_comment;

/* A top-level item: a network or a block shared by the file. */
typedef struct ast_item {
  ast_network *network;        /* exactly one of these is set */
  ast_block *block;
} ast_item;

typedef struct ast_file {
  const source *src;
  ast_item *items;
  size_t nitems;
  ast_comment *comments;       /* in source order; the formatter keeps them */
  size_t ncomments;
  /* Every name a statement or block header defines, as scanned, whether or
   * not the statement survived a syntax error (see arch/lower.h). */
  const struct strmap *lexical_names, *lexical_blocks;
} ast_file;

#endif

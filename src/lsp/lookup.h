/* From a place in the source to the name written there, and from a name to
 * what defines it, following the language's scoping: a block body sees its
 * parameters, its own names and every block; the network body sees its
 * names and every block. */
#ifndef ARCHC_LSP_LOOKUP_H
#define ARCHC_LSP_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/ast.h"
#include "ir/ir.h"

typedef enum lsp_ref_kind {
  REF_NONE,
  REF_TENSOR,     /* a name an input, assignment or output statement defines */
  REF_PARAM,      /* a block parameter */
  REF_BLOCK,
  REF_NETWORK,
  REF_OP,
} lsp_ref_kind;

/* The identifier at a place: a use or a definition. */
typedef struct lsp_ident {
  ast_str name;
  src_range loc;
  const ast_network *network;  /* the network whose body holds it, if any */
  const ast_block *block;      /* the innermost block holding it, if any */
  const ast_app *app;          /* set when it names an application */
  bool takes_args;             /* the app is a chain's first: a bare one names a tensor */
  lsp_ref_kind def;            /* set when it is the defining occurrence */
  const ast_stmt *def_stmt;    /* ... of a tensor */
  size_t def_index;            /* ... which of the statement's names */
  const ast_param *def_param;  /* ... of a parameter */
} lsp_ident;

/* What a name refers to. */
typedef struct lsp_target {
  lsp_ref_kind kind;
  const ast_stmt *stmt;        /* TENSOR: the statement, and which of its names */
  size_t index;
  const ast_block *block;      /* BLOCK: the block; TENSOR, PARAM: the body's block or NULL */
  const ast_param *param;      /* PARAM */
  const ast_network *network;  /* NETWORK; TENSOR in the network body */
  ir_op op;                    /* OP */
  src_range name_loc;          /* where the name is defined (not for OP) */
} lsp_target;

/* The identifier covering byte `offset` (its end included, so that a cursor
 * just after a name finds it); false if there is none. */
bool lsp_ident_at(const ast_file *f, uint32_t offset, lsp_ident *id);
/* What `id` refers to; false for a word that names nothing (`ceil`, `c`). */
bool lsp_resolve(const ast_file *f, const lsp_ident *id, lsp_target *t);

#endif

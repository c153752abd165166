/* Internal interface between the .arch scanner, the grammar and the parse
 * driver. Only grammar/arch.l, grammar/arch.y and src/arch/parse.c include it. */
#ifndef ARCHC_ARCH_PARSER_H
#define ARCHC_ARCH_PARSER_H

#include <stdbool.h>
#include <stddef.h>

#include "arch/ast.h"
#include "diag/diag.h"
#include "util/arena.h"
#include "util/avec.h"
#include "util/strmap.h"

/* Limits that turn absurd input into a diagnostic instead of exhausting
 * the stack or memory. */
enum {
  ARCH_MAX_NESTING = 200,        /* open ( and [ at once */
  ARCH_MAX_TOKEN = 4096,         /* bytes in one identifier, number or string */
};


/* Token values: numbers and shapes keep the lexeme they were written as. */
typedef struct tok_int { int64_t value; ast_str text; } tok_int;
typedef struct tok_float { double value; ast_str text; } tok_float;
typedef struct tok_shape { ast_shape value; ast_str text; } tok_shape;
typedef struct tok_string { ast_str value; ast_str text; } tok_string;

typedef struct arch_parser {
  arena *arena;
  diag_list *diags;
  const source *src;
  ast_file *file;
  avec items;              /* ast_item */
  avec comments;           /* ast_comment */
  uint32_t offset;         /* scanner position: byte offset of the next token */
  int nesting;             /* open ( and [ */
  uint32_t open_at[ARCH_MAX_NESTING];  /* where each open one is */
  int last_token;          /* to let a newline after "->" or "," continue a line */
  bool nesting_reported;
  /* Names that statements and blocks define, as the scanner saw them: after
   * a syntax error drops a statement, lowering stays quiet about its names
   * but still reports every other undefined name. */
  strmap lexical_names, lexical_blocks;
  int name_state;          /* where the scanner is in `a, b =` / `block b` */
  int brace_depth;
  uint32_t brace_at[ARCH_MAX_NESTING];
  bool abandoned;          /* a hard limit was hit: read no further */
} arch_parser;

#endif

/* AST construction for the grammar's actions: small functions so that the
 * actions in grammar/arch.y stay one line each. */
#ifndef ARCHC_ARCH_BUILD_H
#define ARCHC_ARCH_BUILD_H

#include "arch/parser.h"
#include "util/buf.h"

void build_item(arch_parser *p, ast_network *net, ast_block *blk);
ast_network *build_network(arch_parser *p, ast_str name, src_range name_loc, avec *body,
                           src_range loc, src_range close_loc);
ast_block *build_block(arch_parser *p, ast_str name, src_range name_loc, avec *params,
                       avec *body, src_range loc, src_range close_loc);
ast_stmt *build_input(arch_parser *p, ast_str name, src_range name_loc, const tok_shape *shape,
                      src_range shape_loc, src_range loc);
ast_stmt *build_assign(arch_parser *p, ast_stmt_kind kind, avec *names, ast_chain *chain,
                       const tok_shape *shape, src_range shape_loc, src_range loc);
ast_stmt *build_return(arch_parser *p, ast_chain *chain, src_range loc);
ast_stmt *build_meta(arch_parser *p, avec *entries, src_range loc);
ast_stmt *build_block_stmt(arch_parser *p, ast_block *blk);
void build_name(arch_parser *p, avec *names, ast_str name, src_range loc);
tok_shape shape_of_int(const tok_int *t);

ast_chain *build_chain(arch_parser *p, avec *stages, src_range loc);
ast_stage build_stage(arch_parser *p, ast_app *head, avec *postfix, const tok_int *repeat,
                      src_range repeat_loc, src_range loc);
void build_word(arch_parser *p, avec *words, ast_str name, src_range loc);
ast_app build_app(ast_str name, src_range name_loc, bool call, avec *args, src_range loc);
ast_arg build_arg(ast_str name, src_range name_loc, ast_expr *value, src_range loc);

ast_expr *build_word_expr(arch_parser *p, ast_str word, src_range loc);
ast_expr *build_chain_expr(arch_parser *p, ast_chain *chain, src_range loc);
ast_expr *build_int(arch_parser *p, const tok_int *t, bool negative, src_range loc);
ast_expr *build_float(arch_parser *p, const tok_float *t, bool negative, src_range loc);
ast_expr *build_shape(arch_parser *p, const tok_shape *t, src_range loc);
ast_expr *build_string(arch_parser *p, const tok_string *t, src_range loc);
ast_expr *build_bool(arch_parser *p, bool b, src_range loc);
ast_expr *build_list(arch_parser *p, avec *items, src_range loc);

/* "unexpected identifier 'foo'" for a syntax error. */
void build_describe_token(buf *out, arch_parser *p, int symbol_kind, src_range loc);
/* The grammar's display name of a token kind. */
const char *arch_token_name(int symbol_kind);

#endif

#include "arch/parse.h"

#include "arch/parser.h"
#include "arch-parse.h"

/* Declared by the Flex scanner (its header is not used, so that the
 * scanner's internals stay in grammar/). */
int arch_yylex_init_extra(arch_parser *extra, yyscan_t *scanner);
int arch_yylex_destroy(yyscan_t scanner);
struct yy_buffer_state *arch_yy_scan_bytes(const char *bytes, int len, yyscan_t scanner);

ast_file *arch_parse(arena *a, diag_list *diags, const source *src) {
  ast_file *file = arena_alloc(a, sizeof *file);
  file->src = src;
  arch_parser p = {.arena = a, .diags = diags, .src = src, .file = file};
  strmap_init(&p.lexical_names, a);
  strmap_init(&p.lexical_blocks, a);
  yyscan_t scanner;
  if (arch_yylex_init_extra(&p, &scanner) != 0) return file;
  arch_yy_scan_bytes(src->text, (int)src->len, scanner);
  arch_yyparse(scanner, &p);
  arch_yylex_destroy(scanner);
  file->items = p.items.data;
  file->nitems = p.items.n;
  file->comments = p.comments.data;
  file->ncomments = p.comments.n;
  strmap *names = arena_alloc(a, sizeof *names), *blocks = arena_alloc(a, sizeof *blocks);
  *names = p.lexical_names;
  *blocks = p.lexical_blocks;
  file->lexical_names = names;
  file->lexical_blocks = blocks;
  return file;
}

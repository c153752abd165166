#include "arch/build.h"

#include <string.h>

#include "util/xalloc.h"

void build_item(arch_parser *p, ast_network *net, ast_block *blk) {
  ast_item *it = avec_push(p->arena, &p->items, sizeof *it);
  it->network = net;
  it->block = blk;
}

ast_network *build_network(arch_parser *p, ast_str name, src_range name_loc, avec *body,
                           src_range loc, src_range close_loc) {
  ast_network *n = arena_alloc(p->arena, sizeof *n);
  n->name = (ast_name){name, name_loc};
  n->body = body->data;
  n->nbody = body->n;
  n->loc = loc;
  n->close_loc = close_loc;
  return n;
}

ast_block *build_block(arch_parser *p, ast_str name, src_range name_loc, avec *params,
                       avec *body, src_range loc, src_range close_loc) {
  ast_block *b = arena_alloc(p->arena, sizeof *b);
  b->name = (ast_name){name, name_loc};
  b->params = params->data;
  b->nparams = params->n;
  b->body = body->data;
  b->nbody = body->n;
  b->loc = loc;
  b->close_loc = close_loc;
  return b;
}

static ast_stmt *new_stmt(arch_parser *p, ast_stmt_kind kind, src_range loc) {
  ast_stmt *s = arena_alloc(p->arena, sizeof *s);
  s->kind = kind;
  s->loc = loc;
  return s;
}

ast_stmt *build_input(arch_parser *p, ast_str name, src_range name_loc, const tok_shape *shape,
                      src_range shape_loc, src_range loc) {
  ast_stmt *s = new_stmt(p, STMT_INPUT, loc);
  s->names = arena_alloc(p->arena, sizeof *s->names);
  s->names[0] = (ast_name){name, name_loc};
  s->nnames = 1;
  s->has_shape = true;
  s->shape = shape->value;
  s->shape_loc = shape_loc;
  return s;
}

ast_stmt *build_assign(arch_parser *p, ast_stmt_kind kind, avec *names, ast_chain *chain,
                       const tok_shape *shape, src_range shape_loc, src_range loc) {
  ast_stmt *s = new_stmt(p, kind, loc);
  if (names) {
    s->names = names->data;
    s->nnames = names->n;
  }
  s->chain = chain;
  if (shape) {
    s->has_shape = true;
    s->shape = shape->value;
    s->shape_loc = shape_loc;
  }
  return s;
}

ast_stmt *build_return(arch_parser *p, ast_chain *chain, src_range loc) {
  ast_stmt *s = new_stmt(p, STMT_RETURN, loc);
  s->chain = chain;
  return s;
}

ast_stmt *build_meta(arch_parser *p, avec *entries, src_range loc) {
  ast_stmt *s = new_stmt(p, STMT_META, loc);
  s->meta = entries->data;
  s->nmeta = entries->n;
  return s;
}

ast_stmt *build_block_stmt(arch_parser *p, ast_block *blk) {
  ast_stmt *s = new_stmt(p, STMT_BLOCK, blk->loc);
  s->block = blk;
  return s;
}

void build_name(arch_parser *p, avec *names, ast_str name, src_range loc) {
  ast_name *n = avec_push(p->arena, names, sizeof *n);
  n->name = name;
  n->loc = loc;
}

tok_shape shape_of_int(const tok_int *t) {
  tok_shape s = {0};
  s.value.ndims = 1;
  s.value.dims[0] = t->value;
  s.text = t->text;
  return s;
}

ast_chain *build_chain(arch_parser *p, avec *stages, src_range loc) {
  ast_chain *chain = arena_alloc(p->arena, sizeof *chain);
  chain->stages = stages->data;
  chain->nstages = stages->n;
  chain->loc = loc;
  return chain;
}

ast_stage build_stage(arch_parser *p, ast_app *head, avec *postfix, const tok_int *repeat,
                      src_range repeat_loc, src_range loc) {
  ast_stage s = {0};
  avec v = {0};
  *(ast_app *)avec_push(p->arena, &v, sizeof(ast_app)) = *head;
  for (size_t i = 0; i < postfix->n; i++)
    *(ast_app *)avec_push(p->arena, &v, sizeof(ast_app)) = ((ast_app *)postfix->data)[i];
  s.apps = v.data;
  s.napps = v.n;
  if (repeat) {
    s.has_repeat = true;
    s.repeat = repeat->value;
    s.repeat_loc = repeat_loc;
  }
  s.loc = loc;
  return s;
}

void build_word(arch_parser *p, avec *words, ast_str name, src_range loc) {
  ast_app *a = avec_push(p->arena, words, sizeof *a);
  a->name = name;
  a->name_loc = loc;
  a->loc = loc;
}

ast_app build_app(ast_str name, src_range name_loc, bool call, avec *args, src_range loc) {
  ast_app a = {0};
  a.name = name;
  a.name_loc = name_loc;
  a.call = call;
  if (args) {
    a.args = args->data;
    a.nargs = args->n;
  }
  a.loc = loc;
  return a;
}

ast_arg build_arg(ast_str name, src_range name_loc, ast_expr *value, src_range loc) {
  ast_arg a = {name, name_loc, value, loc};
  return a;
}

static ast_expr *new_expr(arch_parser *p, ast_expr_kind kind, src_range loc) {
  ast_expr *e = arena_alloc(p->arena, sizeof *e);
  e->kind = kind;
  e->loc = loc;
  return e;
}

/* The text of a literal as written, sign included. */
static ast_str signed_text(arch_parser *p, ast_str text, bool negative) {
  if (!negative) return text;
  ast_str s = {arena_printf(p->arena, "-%s", text.s), text.len + 1};
  return s;
}

ast_expr *build_word_expr(arch_parser *p, ast_str word, src_range loc) {
  ast_expr *e = new_expr(p, EXPR_NAME, loc);
  e->u.str = word;
  e->text = word;
  return e;
}

ast_expr *build_chain_expr(arch_parser *p, ast_chain *chain, src_range loc) {
  /* A lone bare word is a name, not a pipeline. */
  if (chain->nstages == 1 && chain->stages[0].napps == 1 && !chain->stages[0].apps[0].call &&
      chain->stages[0].repeat == 0) {
    ast_expr *e = new_expr(p, EXPR_NAME, loc);
    e->u.str = chain->stages[0].apps[0].name;
    e->text = e->u.str;
    return e;
  }
  ast_expr *e = new_expr(p, EXPR_CHAIN, loc);
  e->u.chain = chain;
  return e;
}

ast_expr *build_int(arch_parser *p, const tok_int *t, bool negative, src_range loc) {
  ast_expr *e = new_expr(p, EXPR_INT, loc);
  e->u.i = negative ? -t->value : t->value;
  e->text = signed_text(p, t->text, negative);
  return e;
}

ast_expr *build_float(arch_parser *p, const tok_float *t, bool negative, src_range loc) {
  ast_expr *e = new_expr(p, EXPR_FLOAT, loc);
  e->u.f = negative ? -t->value : t->value;
  e->text = signed_text(p, t->text, negative);
  return e;
}

ast_expr *build_shape(arch_parser *p, const tok_shape *t, src_range loc) {
  ast_expr *e = new_expr(p, EXPR_SHAPE, loc);
  e->u.shape = t->value;
  e->text = t->text;
  return e;
}

ast_expr *build_string(arch_parser *p, const tok_string *t, src_range loc) {
  ast_expr *e = new_expr(p, EXPR_STRING, loc);
  e->u.str = t->value;
  e->text = t->text;
  return e;
}

ast_expr *build_bool(arch_parser *p, bool b, src_range loc) {
  ast_expr *e = new_expr(p, EXPR_BOOL, loc);
  e->u.b = b;
  e->text.s = b ? "true" : "false";
  e->text.len = b ? 4 : 5;
  return e;
}

ast_expr *build_list(arch_parser *p, avec *items, src_range loc) {
  ast_expr *e = new_expr(p, EXPR_LIST, loc);
  if (items) {
    e->u.list.items = items->data;
    e->u.list.n = items->n;
  }
  return e;
}

void build_describe_token(buf *out, arch_parser *p, int symbol_kind, src_range loc) {
  const char *name = arch_token_name(symbol_kind);
  uint32_t n = loc.end > loc.start ? loc.end - loc.start : 0;
  const char *text = p->src->text + loc.start;
  if (loc.start >= p->src->len) {
    buf_puts(out, "unexpected end of file");
    return;
  }
  buf_printf(out, "unexpected %s", name);
  /* Quote the token when its name does not already say what it is. */
  if (name[0] != '\'' && n > 0 && text[0] != '\n' && text[0] != '\r' && text[0] != ';') {
    if (n > 40) buf_printf(out, " '%.37s...'", text);
    else buf_printf(out, " '%.*s'", (int)n, text);
  }
}

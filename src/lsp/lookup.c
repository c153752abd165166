#include "lsp/lookup.h"

#include <string.h>

typedef struct walk {
  uint32_t offset;
  const ast_network *network;
  const ast_block *block;
  lsp_ident *id;
  bool found;
} walk;

static bool covers(src_range r, uint32_t off) {
  return r.end > r.start && r.start <= off && off <= r.end;
}

static bool take(walk *w, ast_str name, src_range loc) {
  if (w->found || !covers(loc, w->offset)) return false;
  memset(w->id, 0, sizeof *w->id);
  w->id->name = name;
  w->id->loc = loc;
  w->id->network = w->network;
  w->id->block = w->block;
  w->found = true;
  return true;
}

static void walk_chain(walk *w, const ast_chain *ch);

static void walk_expr(walk *w, const ast_expr *e) {
  if (!e || w->found) return;
  switch (e->kind) {
  case EXPR_NAME: take(w, e->u.str, e->loc); break;
  case EXPR_LIST:
    for (size_t i = 0; i < e->u.list.n; i++) walk_expr(w, e->u.list.items[i]);
    break;
  case EXPR_CHAIN: walk_chain(w, e->u.chain); break;
  default: break;
  }
}

static void walk_chain(walk *w, const ast_chain *ch) {
  if (!ch) return;
  for (size_t i = 0; i < ch->nstages && !w->found; i++) {
    const ast_stage *st = &ch->stages[i];
    for (size_t j = 0; j < st->napps && !w->found; j++) {
      const ast_app *app = &st->apps[j];
      if (take(w, app->name, app->name_loc)) {
        w->id->app = app;
        w->id->takes_args = i == 0 && j == 0;
        return;
      }
      for (size_t k = 0; k < app->nargs && !w->found; k++) walk_expr(w, app->args[k].value);
    }
  }
}

static void walk_block(walk *w, const ast_block *b);

static void walk_body(walk *w, ast_stmt *const *body, size_t n) {
  for (size_t i = 0; i < n && !w->found; i++) {
    const ast_stmt *st = body[i];
    if (st->kind == STMT_BLOCK) {
      walk_block(w, st->block);
      continue;
    }
    for (size_t k = 0; k < st->nnames; k++) {
      if (take(w, st->names[k].name, st->names[k].loc)) {
        w->id->def = REF_TENSOR;
        w->id->def_stmt = st;
        w->id->def_index = k;
        return;
      }
    }
    walk_chain(w, st->chain);
  }
}

static void walk_block(walk *w, const ast_block *b) {
  const ast_block *outer = w->block;
  w->block = b;
  if (take(w, b->name.name, b->name.loc)) {
    w->id->def = REF_BLOCK;
  } else {
    for (size_t k = 0; k < b->nparams && !w->found; k++) {
      if (take(w, b->params[k].name.name, b->params[k].name.loc)) {
        w->id->def = REF_PARAM;
        w->id->def_param = &b->params[k];
      }
    }
    /* A parameter's default is a literal or a word, never a reference. */
    walk_body(w, b->body, b->nbody);
  }
  w->block = outer;
}

bool lsp_ident_at(const ast_file *f, uint32_t offset, lsp_ident *id) {
  walk w = {.offset = offset, .id = id};
  for (size_t i = 0; i < f->nitems && !w.found; i++) {
    const ast_item *it = &f->items[i];
    if (it->block) {
      walk_block(&w, it->block);
    } else if (it->network) {
      w.network = it->network;
      if (take(&w, it->network->name.name, it->network->name.loc)) id->def = REF_NETWORK;
      else walk_body(&w, it->network->body, it->network->nbody);
      w.network = NULL;
    }
  }
  return w.found;
}

static bool same(ast_str a, ast_str b) { return a.len == b.len && memcmp(a.s, b.s, a.len) == 0; }

/* The block named `name`, wherever it is defined; the first in source order. */
static const ast_block *find_block_in(ast_stmt *const *body, size_t n, ast_str name) {
  for (size_t i = 0; i < n; i++) {
    if (body[i]->kind != STMT_BLOCK) continue;
    const ast_block *b = body[i]->block;
    if (same(b->name.name, name)) return b;
    if ((b = find_block_in(b->body, b->nbody, name))) return b;
  }
  return NULL;
}

static const ast_block *find_block(const ast_file *f, ast_str name) {
  for (size_t i = 0; i < f->nitems; i++) {
    const ast_item *it = &f->items[i];
    const ast_block *b = NULL;
    if (it->block) {
      b = same(it->block->name.name, name)
              ? it->block
              : find_block_in(it->block->body, it->block->nbody, name);
    } else if (it->network) {
      b = find_block_in(it->network->body, it->network->nbody, name);
    }
    if (b) return b;
  }
  return NULL;
}

static bool find_tensor(ast_stmt *const *body, size_t n, ast_str name, lsp_target *t) {
  for (size_t i = 0; i < n; i++) {
    const ast_stmt *st = body[i];
    if (st->kind != STMT_INPUT && st->kind != STMT_ASSIGN && st->kind != STMT_OUTPUT) continue;
    for (size_t k = 0; k < st->nnames; k++) {
      if (!same(st->names[k].name, name)) continue;
      t->kind = REF_TENSOR;
      t->stmt = st;
      t->index = k;
      t->name_loc = st->names[k].loc;
      return true;
    }
  }
  return false;
}

/* A name in value position: a parameter, then a name of the body. */
static bool resolve_value(const lsp_ident *id, lsp_target *t) {
  t->block = id->block;
  t->network = id->block ? NULL : id->network;
  if (id->block) {
    for (size_t k = 0; k < id->block->nparams; k++) {
      const ast_param *p = &id->block->params[k];
      if (!same(p->name.name, id->name)) continue;
      t->kind = REF_PARAM;
      t->param = p;
      t->name_loc = p->name.loc;
      return true;
    }
    return find_tensor(id->block->body, id->block->nbody, id->name, t);
  }
  return id->network && find_tensor(id->network->body, id->network->nbody, id->name, t);
}

bool lsp_resolve(const ast_file *f, const lsp_ident *id, lsp_target *t) {
  memset(t, 0, sizeof *t);
  switch (id->def) {
  case REF_TENSOR:
    t->kind = REF_TENSOR;
    t->stmt = id->def_stmt;
    t->index = id->def_index;
    t->block = id->block;
    t->network = id->block ? NULL : id->network;
    t->name_loc = id->loc;
    return true;
  case REF_PARAM:
    t->kind = REF_PARAM;
    t->param = id->def_param;
    t->block = id->block;
    t->name_loc = id->loc;
    return true;
  case REF_BLOCK:
    t->kind = REF_BLOCK;
    t->block = id->block;
    t->name_loc = id->loc;
    return true;
  case REF_NETWORK:
    t->kind = REF_NETWORK;
    t->network = id->network;
    t->name_loc = id->loc;
    return true;
  default: break;
  }
  /* A bare first word names a tensor when one is in scope (as lowering
   * reads it); anything else in call position is an op or a block. */
  if ((!id->app || (id->takes_args && !id->app->call)) && resolve_value(id, t)) return true;
  memset(t, 0, sizeof *t);
  if (!id->app) return false;
  if (ir_op_lookup(id->name.s, id->name.len, &t->op)) {
    t->kind = REF_OP;
    return true;
  }
  const ast_block *b = find_block(f, id->name);
  if (!b) return false;
  t->kind = REF_BLOCK;
  t->block = b;
  t->name_loc = b->name.loc;
  return true;
}

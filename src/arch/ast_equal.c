#include "arch/ast_equal.h"

#include <string.h>

static bool str_eq(ast_str a, ast_str b) {
  return a.len == b.len && (a.len == 0 || memcmp(a.s, b.s, a.len) == 0);
}

static bool shape_eq(const ast_shape *a, const ast_shape *b) {
  if (a->ndims != b->ndims) return false;
  for (int i = 0; i < a->ndims; i++)
    if (a->dims[i] != b->dims[i]) return false;
  return true;
}

static bool chain_eq(const ast_chain *a, const ast_chain *b);

static bool expr_eq(const ast_expr *a, const ast_expr *b) {
  if (!a || !b) return a == b;
  if (a->kind != b->kind) return false;
  switch (a->kind) {
  case EXPR_INT: return a->u.i == b->u.i && str_eq(a->text, b->text);
  case EXPR_FLOAT: return a->u.f == b->u.f && str_eq(a->text, b->text);
  case EXPR_SHAPE: return shape_eq(&a->u.shape, &b->u.shape);
  case EXPR_STRING:
  case EXPR_NAME: return str_eq(a->u.str, b->u.str);
  case EXPR_BOOL: return a->u.b == b->u.b;
  case EXPR_LIST:
    if (a->u.list.n != b->u.list.n) return false;
    for (size_t i = 0; i < a->u.list.n; i++)
      if (!expr_eq(a->u.list.items[i], b->u.list.items[i])) return false;
    return true;
  case EXPR_CHAIN: return chain_eq(a->u.chain, b->u.chain);
  }
  return false;
}

static bool arg_eq(const ast_arg *a, const ast_arg *b) {
  return str_eq(a->name, b->name) && expr_eq(a->value, b->value);
}

static bool app_eq(const ast_app *a, const ast_app *b) {
  if (!str_eq(a->name, b->name) || a->call != b->call || a->nargs != b->nargs) return false;
  for (size_t i = 0; i < a->nargs; i++)
    if (!arg_eq(&a->args[i], &b->args[i])) return false;
  return true;
}

/* `* 0` is written but has the same count as no repetition at all; only
 * its location tells them apart. */
static bool repeat_written(const ast_stage *s) {
  return s->has_repeat;
}

static bool stage_eq(const ast_stage *a, const ast_stage *b) {
  if (a->napps != b->napps || a->repeat != b->repeat) return false;
  if (repeat_written(a) != repeat_written(b)) return false;
  for (size_t i = 0; i < a->napps; i++)
    if (!app_eq(&a->apps[i], &b->apps[i])) return false;
  return true;
}

static bool chain_eq(const ast_chain *a, const ast_chain *b) {
  if (!a || !b) return a == b;
  if (a->nstages != b->nstages) return false;
  for (size_t i = 0; i < a->nstages; i++)
    if (!stage_eq(&a->stages[i], &b->stages[i])) return false;
  return true;
}

static bool body_eq(ast_stmt *const *a, size_t na, ast_stmt *const *b, size_t nb);

static bool block_eq(const ast_block *a, const ast_block *b) {
  if (!a || !b) return a == b;
  if (!str_eq(a->name.name, b->name.name) || a->nparams != b->nparams) return false;
  for (size_t i = 0; i < a->nparams; i++) {
    if (!str_eq(a->params[i].name.name, b->params[i].name.name)) return false;
    if (!expr_eq(a->params[i].deflt, b->params[i].deflt)) return false;
  }
  return body_eq(a->body, a->nbody, b->body, b->nbody);
}

static bool stmt_eq(const ast_stmt *a, const ast_stmt *b) {
  if (a->kind != b->kind || a->nnames != b->nnames || a->has_shape != b->has_shape ||
      a->nmeta != b->nmeta)
    return false;
  for (size_t i = 0; i < a->nnames; i++)
    if (!str_eq(a->names[i].name, b->names[i].name)) return false;
  if (a->has_shape && !shape_eq(&a->shape, &b->shape)) return false;
  for (size_t i = 0; i < a->nmeta; i++)
    if (!arg_eq(&a->meta[i], &b->meta[i])) return false;
  return chain_eq(a->chain, b->chain) && block_eq(a->block, b->block);
}

static bool body_eq(ast_stmt *const *a, size_t na, ast_stmt *const *b, size_t nb) {
  if (na != nb) return false;
  for (size_t i = 0; i < na; i++)
    if (!stmt_eq(a[i], b[i])) return false;
  return true;
}

static bool network_eq(const ast_network *a, const ast_network *b) {
  if (!a || !b) return a == b;
  return str_eq(a->name.name, b->name.name) && body_eq(a->body, a->nbody, b->body, b->nbody);
}

bool ast_equal(const ast_file *a, const ast_file *b) {
  if (a->nitems != b->nitems) return false;
  for (size_t i = 0; i < a->nitems; i++) {
    if (!network_eq(a->items[i].network, b->items[i].network)) return false;
    if (!block_eq(a->items[i].block, b->items[i].block)) return false;
  }
  return true;
}

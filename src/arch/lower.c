/* Lowering, part one: the file's network and blocks, scopes, statements,
 * chains and block expansion. Argument checking is in lower_args.c; name
 * resolution, cycles and the final graph in lower_graph.c. */
#include "arch/lower_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/edit.h"
#include "util/xalloc.h"

/* ---- diagnostics ------------------------------------------------------ */

/* Every diagnostic raised inside a block expansion gets notes pointing at
 * the calls that led there, innermost first. */
static void add_site_notes(lower *L, diag *d, const scope *sc) {
  if (!d || !sc) return;
  for (const ir_site *s = sc->site; s; s = s->parent)
    diag_note_add_trailing(L->diags, d, L->src, s->loc, "in block '%s' called here", s->block);
}

/* Blocks and repetitions report the same mistake once per expansion: after
 * the first, a report with the same severity, code and place is dropped
 * before its message is formatted, so a million expansions of one mistake
 * cost a hash lookup each. */
static bool reported_before(lower *L, diag_severity sev, const char *code, src_range r) {
  char key[96];
  int n = snprintf(key, sizeof key, "%d|%s|%u|%u", (int)sev, code, r.start, r.end);
  if (n < 0 || (size_t)n >= sizeof key) return false;
  uint32_t ignored;
  if (strmap_get(&L->reported, key, (size_t)n, &ignored)) return true;
  strmap_add(&L->reported, arena_strndup(L->arena, key, (size_t)n), (size_t)n, 0);
  return false;
}

static diag *vreport(lower *L, const scope *sc, diag_severity sev, const char *code,
                     src_range r, const char *fmt, va_list ap) {
  if (sev == DIAG_ERROR) L->errors++;
  if (reported_before(L, sev, code, r)) return NULL;
  diag *d = diag_vadd(L->diags, sev, code, L->src, r, fmt, ap);
  add_site_notes(L, d, sc);
  return d;
}

diag *lower_error(lower *L, const scope *sc, const char *code, src_range r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag *d = vreport(L, sc, DIAG_ERROR, code, r, fmt, ap);
  va_end(ap);
  return d;
}

diag *lower_warning(lower *L, const scope *sc, const char *code, src_range r, const char *fmt,
                    ...) {
  va_list ap;
  va_start(ap, fmt);
  diag *d = vreport(L, sc, DIAG_WARNING, code, r, fmt, ap);
  va_end(ap);
  return d;
}

const char *lower_value_desc(const val *v) {
  switch (v->kind) {
  case VAL_TENSOR: case VAL_PENDING: return "a tensor";
  case VAL_INT: return "an integer";
  case VAL_FLOAT: return "a number";
  case VAL_BOOL: return "a bool";
  case VAL_SHAPE: return "a shape";
  case VAL_STRING: return "a string";
  case VAL_WORD: return "a word";
  case VAL_LIST: return "a list";
  case VAL_NONE: break;
  }
  return "nothing";
}

/* ---- "did you mean" ----------------------------------------------------- */


typedef struct suggestion {
  const char *want;
  size_t want_len;
  const char *best;
  size_t best_dist;
  bool tie;                    /* another candidate is as near: no fix-it */
} suggestion;

static void suggest_try(suggestion *s, const char *cand, size_t len) {
  /* Among one-letter names every name is a near miss; two-letter names
   * only suggest a same-length name one letter away (c3 -> c1). */
  if (s->want_len < 2 || len < 2 || (s->want_len == 2 && len != 2)) return;
  size_t limit = s->want_len == 2 ? 1 : s->want_len / 3 + 1;
  if (s->best_dist < limit) limit = s->best_dist;
  size_t d = edit_distance(s->want, s->want_len, cand, len, limit);
  if (d > limit) return;
  if (d == s->best_dist) {
    s->tie = true;
    return;
  }
  s->tie = false;
  s->best = cand;
  s->best_dist = d;
}

/* "did you mean 'data'?", and a fix-it when no other name is as near. */
static void suggest_note(lower *L, diag *d, const suggestion *s, src_range r) {
  if (!d || !s->best) return;
  if (s->tie) diag_note_add(L->diags, d, NULL, r, "did you mean '%s'?", s->best);
  else diag_fixit_suggest(L->diags, d, r, s->best);
}

/* ---- scopes -------------------------------------------------------------- */

static bool is_reserved(const char *name, size_t len) {
  ir_op op;
  return ir_op_lookup(name, len, &op);
}

static uint32_t scope_add(lower *L, scope *sc, ast_str name, src_range loc, const ast_stmt *st,
                          uint32_t index, bool is_param) {
  uint32_t existing;
  if (strmap_get(&sc->names, name.s, name.len, &existing)) {
    if (is_param) return existing;  /* check_block_def reports it, once */
    diag *d = lower_error(L, sc, "duplicate-name", loc, "'%s' is defined twice", name.s);
    if (d) diag_note_add(L->diags, d, L->src, binding_at(sc, existing)->loc, "first defined here");
    return existing;
  }
  if (is_reserved(name.s, name.len))
    lower_error(L, sc, "reserved-name", loc, "'%s' is the name of an op; choose another name",
                name.s);
  binding *b = avec_push(L->arena, &sc->bindings, sizeof *b);
  b->name = name;
  b->loc = loc;
  b->stmt = st;
  b->index = index;
  b->is_param = is_param;
  uint32_t idx = (uint32_t)(sc->bindings.n - 1);
  strmap_add(&sc->names, name.s, name.len, idx);
  return idx;
}

/* The names a body defines, before anything is expanded: definitions may
 * follow their uses. */
static void scope_declare(lower *L, scope *sc, ast_stmt *const *body, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const ast_stmt *st = body[i];
    if (st->kind != STMT_INPUT && st->kind != STMT_ASSIGN && st->kind != STMT_OUTPUT) continue;
    if (sc->block && st->kind != STMT_ASSIGN) continue;  /* misplaced: reported once */
    for (size_t k = 0; k < st->nnames; k++)
      scope_add(L, sc, st->names[k].name, st->names[k].loc, st, (uint32_t)k, false);
  }
}

/* Candidates for a misspelt tensor: tensors in scope, but not the names
 * of the statement being lowered (`y = conv(x, ...)` must not suggest y). */
static void suggest_names(suggestion *s, const scope *sc, const ast_stmt *current) {
  for (size_t i = 0; i < sc->bindings.n; i++) {
    const binding *b = binding_at(sc, i);
    if (b->stmt && b->stmt == current) continue;
    if (b->is_param && b->v.kind != VAL_TENSOR && b->v.kind != VAL_PENDING) continue;
    suggest_try(s, b->name.s, b->name.len);
  }
}

/* A name used as a value. Unknown names become words (`c`, `ceil`); they
 * are an error only where a tensor or number is needed. */
static val lookup(lower *L, scope *sc, ast_str name, src_range use) {
  val v = {.kind = VAL_WORD, .loc = use};
  v.u.str = name;
  uint32_t idx;
  if (!strmap_get(&sc->names, name.s, name.len, &idx)) return v;
  binding *b = binding_at(sc, idx);
  if (b->is_param || b->done) {
    v = b->v;
    /* A parameter's value keeps the place of the argument that gave it:
     * a bad value is shown where it was written. */
    if (!b->is_param || v.kind == VAL_TENSOR || v.kind == VAL_PENDING) v.loc = use;
    return v;
  }
  pending *p = (L->pending = xgrow(L->pending, &L->cap_pending, L->npending + 1, sizeof *p),
                &L->pending[L->npending]);
  memset(p, 0, sizeof *p);
  p->sc = sc;
  p->binding = idx;
  p->use = use;
  v.kind = VAL_PENDING;
  v.u.pending = (uint32_t)L->npending++;
  return v;
}

/* Reports a word that stands where a tensor or a number must be: it names
 * nothing in scope. */
static void undefined_word(lower *L, scope *sc, const val *v) {
  /* After a syntax error, a name some statement defined may have been
   * dropped with that statement: say nothing about it. */
  uint32_t ignored;
  if (L->quiet_names && L->file->lexical_names &&
      strmap_get(L->file->lexical_names, v->u.str.s, v->u.str.len, &ignored))
    return;
  diag *d = lower_error(L, sc, "undefined-name", v->loc, "undefined name '%s'", v->u.str.s);
  if (!d) return;  /* a repeat, or past the cap: no search for a suggestion */
  suggestion s = {v->u.str.s, v->u.str.len, NULL, (size_t)-1, false};
  suggest_names(&s, sc, L->current_stmt);
  suggest_note(L, d, &s, v->loc);
}

bool lower_expect_tensor(lower *L, scope *sc, const val *v, const char *what) {
  switch (v->kind) {
  case VAL_TENSOR: case VAL_PENDING: return true;
  case VAL_NONE: return false;
  case VAL_WORD: undefined_word(L, sc, v); return false;
  default:
    lower_error(L, sc, "not-a-tensor", v->loc, "%s must be a tensor, not %s", what,
                lower_value_desc(v));
    return false;
  }
}

/* ---- layers and names ---------------------------------------------------- */

static uint32_t namer_next(lower *L, namer *nm, const char *op) {
  for (size_t i = 0; i < nm->ncounts; i++)
    if (strcmp(nm->counts[i].op, op) == 0) return ++nm->counts[i].n;
  if (nm->ncounts < sizeof nm->counts / sizeof nm->counts[0]) {
    nm->counts[nm->ncounts].op = op;
    nm->counts[nm->ncounts].n = 1;
    nm->ncounts++;
    return 1;
  }
  uint32_t idx;
  if (!nm->more.arena) strmap_init(&nm->more, L->arena);
  if (strmap_get(&nm->more, op, strlen(op), &idx)) return ++nm->more_counts[idx];
  nm->more_counts = xgrow(nm->more_counts, &nm->cap_more, nm->nmore + 1, sizeof(uint32_t));
  nm->more_counts[nm->nmore] = 1;
  strmap_add(&nm->more, op, strlen(op), (uint32_t)nm->nmore++);
  return 1;
}

static void namer_fini(namer *nm) { free(nm->more_counts); }

/* `NAME` for a statement's last application, `NAME.OPk` before it. */
static const char *layer_name(lower *L, namer *nm, const char *op, bool last) {
  if (last) return nm->base;
  uint32_t k = namer_next(L, nm, op);
  return arena_printf(L->arena, "%s.%s%u", nm->base, op, k);
}

/* Layer names are unique in the graph; a generated name that collides with
 * one the user wrote gets a suffix. */
static const char *unique_name(lower *L, const char *name) {
  uint32_t idx = (uint32_t)L->nlayers;
  if (strmap_add(&L->layer_names, name, strlen(name), idx)) return name;
  for (uint32_t k = 2;; k++) {
    char *alt = arena_printf(L->arena, "%s_%u", name, k);
    if (strmap_add(&L->layer_names, alt, strlen(alt), idx)) return alt;
  }
}

static val make_layer(lower *L, scope *sc, ir_op op, const char *name, src_range loc,
                      val *ins, uint32_t nins, const ir_params *p, const char *label) {
  val none = {.kind = VAL_NONE, .loc = loc};
  if (L->nlayers >= LOWER_MAX_LAYERS) {
    if (!L->layer_limit_hit)
      lower_error(L, sc, "expansion-limit", loc, "the network expands to more than %d layers",
                  LOWER_MAX_LAYERS);
    L->layer_limit_hit = true;
    L->failed = true;
    return none;
  }
  L->name_bytes += strlen(name) + 1;
  if (L->name_bytes > LOWER_MAX_NAME_BYTES) {
    lower_error(L, sc, "expansion-limit", loc,
                "the network's layer names take more than %d MiB (long names repeated by "
                "block expansion)", LOWER_MAX_NAME_BYTES >> 20);
    L->failed = true;
    return none;
  }
  L->layers = xgrow(L->layers, &L->cap_layers, L->nlayers + 1, sizeof *L->layers);
  wlayer *w = &L->layers[L->nlayers];
  memset(w, 0, sizeof *w);
  w->l.op = op;
  w->l.name = unique_name(L, name);
  w->l.src = L->src;
  w->l.loc = loc;
  w->l.site = sc->site;
  w->l.p = *p;
  w->l.ninputs = nins;
  w->l.noutputs = op == OP_SLICE ? p->npoints + 1 : 1;
  w->ins = ins;
  w->label = label;
  val v = {.kind = VAL_TENSOR, .loc = loc};
  v.u.ref.layer = (uint32_t)L->nlayers++;
  v.u.ref.output = 0;
  return v;
}

/* ---- blocks ---------------------------------------------------------------- */

/* The first call or pipeline in `e` or in the lists it holds, or NULL. */
static const ast_expr *find_chain(const ast_expr *e) {
  if (e->kind == EXPR_CHAIN) return e;
  if (e->kind == EXPR_LIST)
    for (size_t i = 0; i < e->u.list.n; i++) {
      const ast_expr *c = find_chain(e->u.list.items[i]);
      if (c) return c;
    }
  return NULL;
}

static val expand_block(lower *L, scope *sc, uint32_t bi, const ast_app *app, const val *piped,
                        namer *nm, bool last);

/* One application in a chain: an op or a block, applied to `piped` (NULL
 * for the first application, which takes its inputs from its arguments). */
static val apply(lower *L, scope *sc, const ast_app *app, const val *piped, namer *nm,
                 bool last) {
  val none = {.kind = VAL_NONE, .loc = app->loc};
  ir_op op;
  uint32_t bi;
  bool is_op = ir_op_lookup(app->name.s, app->name.len, &op);
  bool is_block = !is_op && strmap_get(&L->blocks, app->name.s, app->name.len, &bi);

  if (!piped && !app->call) {
    if ((is_op || is_block) && !strmap_get(&sc->names, app->name.s, app->name.len, &bi)) {
      lower_error(L, sc, "wrong-arity", app->loc,
                  "'%s' needs an input: write 'x -> %s' or '%s(x)'", app->name.s,
                  app->name.s, app->name.s);
      return none;
    }
    val v = lookup(L, sc, app->name, app->loc);
    if (v.kind == VAL_WORD) {
      undefined_word(L, sc, &v);
      return none;
    }
    return v;
  }
  if (is_op) {
    val *ins = NULL;
    uint32_t nins = 0;
    ir_params p;
    if (!lower_op_call(L, sc, op, app, piped, nm, &ins, &nins, &p)) return none;
    return make_layer(L, sc, op, layer_name(L, nm, ir_op_name(op), last), app->loc, ins, nins,
                      &p, nm->label);
  }
  if (is_block) return expand_block(L, sc, bi, app, piped, nm, last);

  uint32_t idx;
  diag *d;
  if (L->quiet_names && L->file->lexical_blocks &&
      strmap_get(L->file->lexical_blocks, app->name.s, app->name.len, &idx))
    return none;  /* its definition was dropped by a syntax error */
  if (strmap_get(&sc->names, app->name.s, app->name.len, &idx))
    d = lower_error(L, sc, "unknown-op", app->name_loc,
                    "'%s' is a tensor, not an op or block", app->name.s);
  else
    d = lower_error(L, sc, "unknown-op", app->name_loc, "unknown op or block '%s'",
                    app->name.s);
  if (!d) return none;
  suggestion s = {app->name.s, app->name.len, NULL, (size_t)-1, false};
  for (int i = 1; i < OP__COUNT; i++) {
    const char *op = ir_op_name((ir_op)i);
    suggest_try(&s, op, strlen(op));
  }
  for (size_t i = 0; i < L->nblocks; i++)
    suggest_try(&s, L->block_defs[i]->name.name.s, L->block_defs[i]->name.name.len);
  suggest_note(L, d, &s, app->name_loc);
  return none;
}

/* Counts one op or block application against LOWER_MAX_STEPS: blocks that
 * make no layers (or only errors) are bounded too. */
static bool take_step(lower *L, const scope *sc, src_range loc) {
  if (++L->steps <= LOWER_MAX_STEPS) return true;
  lower_error(L, sc, "expansion-limit", loc,
              "expanding the network takes more than %d op and block applications",
              LOWER_MAX_STEPS);
  L->failed = true;
  return false;
}

val lower_chain(lower *L, scope *sc, const ast_chain *ch, namer *nm, bool final) {
  val cur = {.kind = VAL_NONE, .loc = ch->loc};
  for (size_t i = 0; i < ch->nstages && !L->failed; i++) {
    const ast_stage *st = &ch->stages[i];
    int64_t reps = 1;
    if (st->has_repeat) {
      if (i == 0)
        lower_error(L, sc, "bad-repeat", st->repeat_loc,
                    "the first stage takes its inputs from its arguments and cannot be "
                    "repeated; start the chain with its input: 'x -> ... * %lld'",
                    (long long)st->repeat);
      else if (st->repeat < 1 || st->repeat > LOWER_MAX_REPEAT)
        lower_error(L, sc, "bad-repeat", st->repeat_loc,
                    "repeat count %lld is outside 1..%d", (long long)st->repeat,
                    LOWER_MAX_REPEAT);
      else
        reps = st->repeat;
    }
    /* A repetition whose stage has reported an error stops: the next
     * iterations would only repeat it. */
    size_t errors_before = L->errors;
    for (int64_t r = 0; r < reps && !L->failed; r++) {
      if (r > 0 && L->errors != errors_before) break;
      for (size_t j = 0; j < st->napps && !L->failed; j++) {
        bool last = final && i + 1 == ch->nstages && r + 1 == reps && j + 1 == st->napps;
        bool head = i == 0 && r == 0 && j == 0;
        /* A stage whose input failed is still checked on its own (its
         * op, its arguments); it just cannot make a layer. */
        if (!head && cur.kind != VAL_NONE &&
            !lower_expect_tensor(L, sc, &cur, "the value piped into the next stage"))
          cur.kind = VAL_NONE;
        if (!take_step(L, sc, st->apps[j].loc)) break;
        val prev = cur;
        cur = apply(L, sc, &st->apps[j], head ? NULL : &prev, nm, last);
      }
    }
  }
  return cur;
}

static void bind(scope *sc, uint32_t idx, val v) {
  binding_at(sc, idx)->v = v;
  binding_at(sc, idx)->done = true;
}

static uint32_t binding_of(const scope *sc, const ast_name *n) {
  uint32_t idx = 0;
  strmap_get(&sc->names, n->name.s, n->name.len, &idx);
  return idx;
}

/* `a = chain` / `a, b = slice(...)`: binds every name of the statement. */
static void bind_names(lower *L, scope *sc, const ast_stmt *st, val v) {
  if (st->nnames == 1) {
    if (v.kind == VAL_TENSOR && L->layers[v.u.ref.layer].l.noutputs > 1) {
      wlayer *w = &L->layers[v.u.ref.layer];
      lower_error(L, sc, "wrong-arity", st->names[0].loc,
                  "'%s' has %u outputs; name each of them: 'a, b, ... = %s(...)'",
                  ir_op_name(w->l.op), w->l.noutputs, ir_op_name(w->l.op));
    }
    uint32_t idx = binding_of(sc, &st->names[0]);
    if (binding_at(sc, idx)->stmt == st) bind(sc, idx, v);
    return;
  }
  uint32_t nout = v.kind == VAL_TENSOR ? L->layers[v.u.ref.layer].l.noutputs : 1;
  if (v.kind != VAL_NONE && nout != st->nnames)
    lower_error(L, sc, "wrong-arity", st->loc, "%zu names for %u output%s", st->nnames, nout,
                nout == 1 ? "" : "s");
  for (size_t k = 0; k < st->nnames; k++) {
    val vk = v;
    if (v.kind == VAL_TENSOR && k < nout) vk.u.ref.output = (uint32_t)k;
    else if (v.kind == VAL_TENSOR || v.kind == VAL_PENDING) vk.kind = VAL_NONE;
    uint32_t idx = binding_of(sc, &st->names[k]);
    if (binding_at(sc, idx)->stmt == st) bind(sc, idx, vk);
  }
}

static void add_assert(lower *L, scope *sc, const ast_stmt *st, val v) {
  if (!st->has_shape || v.kind == VAL_NONE) return;
  if (st->shape.ndims > 3) {
    lower_error(L, sc, "bad-shape", st->shape_loc, "a tensor has at most 3 dimensions (CxHxW)");
    return;
  }
  L->asserts = xgrow(L->asserts, &L->cap_asserts, L->nasserts + 1, sizeof *L->asserts);
  struct wassert *a = &L->asserts[L->nasserts++];
  a->v = v;
  a->shape = st->shape;
  a->loc = st->shape_loc;
}

static char *join_prefix(lower *L, const scope *sc, const char *name) {
  return arena_printf(L->arena, "%s%s", sc->prefix, name);
}

static void lower_assign(lower *L, scope *sc, const ast_stmt *st) {
  const ast_stmt *outer = L->current_stmt;
  L->current_stmt = st;
  namer nm = {.base = join_prefix(L, sc, st->names[0].name.s), .label = st->names[0].name.s};
  val v = lower_chain(L, sc, st->chain, &nm, true);
  namer_fini(&nm);
  if (v.kind != VAL_NONE && !lower_expect_tensor(L, sc, &v, "the value of a statement"))
    v.kind = VAL_NONE;
  bind_names(L, sc, st, v);
  add_assert(L, sc, st, v);
  L->current_stmt = outer;
}

/* ---- block expansion ------------------------------------------------------- */

static val expand_block(lower *L, scope *sc, uint32_t bi, const ast_app *app, const val *piped,
                        namer *nm, bool last) {
  const ast_block *blk = L->block_defs[bi];
  val none = {.kind = VAL_NONE, .loc = app->loc};
  if (L->block_active[bi]) {
    /* One report per cycle of blocks, however many calls lead into it. */
    if (L->block_recursive[bi]) return none;
    for (size_t k = 0; k < L->nblocks; k++)
      if (L->block_active[k]) L->block_recursive[k] = true;
    diag *d = lower_error(L, sc, "recursion", app->name_loc, "block '%s' calls itself",
                          blk->name.name.s);
    if (d) diag_note_add(L->diags, d, L->src, blk->name.loc, "'%s' is defined here",
                         blk->name.name.s);
    return none;
  }
  if (L->depth >= LOWER_MAX_DEPTH) {
    lower_error(L, sc, "expansion-limit", app->loc, "blocks nest more than %d calls deep",
                LOWER_MAX_DEPTH);
    L->failed = true;
    return none;
  }
  L->block_used[bi] = true;

  /* Bind arguments: the piped value first, then positional, then named. */
  size_t np = blk->nparams;
  val *args = arena_calloc(L->arena, np ? np : 1, sizeof *args);
  bool *given = arena_calloc(L->arena, np ? np : 1, sizeof *given);
  src_range *given_at = arena_calloc(L->arena, np ? np : 1, sizeof *given_at);
  size_t pos = 0;
  bool ok = true;
  if (piped && piped->kind == VAL_NONE) return none;  /* reported where it failed */
  if (piped) {
    if (np == 0) {
      lower_error(L, sc, "wrong-arity", app->loc,
                  "block '%s' takes no parameters, so nothing can be piped into it",
                  blk->name.name.s);
      return none;
    }
    args[0] = *piped;
    given[0] = true;
    pos = 1;
  }
  for (size_t i = 0; i < app->nargs; i++) {
    const ast_arg *a = &app->args[i];
    size_t slot;
    if (a->name.len == 0) {
      if (pos >= np) {
        lower_error(L, sc, "wrong-arity", a->loc, "block '%s' takes %zu argument%s", blk->name.name.s,
                    np, np == 1 ? "" : "s");
        ok = false;
        break;
      }
      slot = pos++;
    } else {
      for (slot = 0; slot < np; slot++)
        if (strcmp(blk->params[slot].name.name.s, a->name.s) == 0) break;
      if (slot == np) {
        diag *d = lower_error(L, sc, "unknown-parameter", a->name_loc,
                              "block '%s' has no parameter '%s'", blk->name.name.s, a->name.s);
        suggestion s = {a->name.s, a->name.len, NULL, (size_t)-1, false};
        for (size_t k = 0; d && k < np; k++)
          suggest_try(&s, blk->params[k].name.name.s, blk->params[k].name.name.len);
        suggest_note(L, d, &s, a->name_loc);
        if (d && np) {
          buf list = {0};
          for (size_t k = 0; k < np; k++)
            buf_printf(&list, "%s'%s'", k == 0 ? "" : k + 1 == np ? " and " : ", ",
                       blk->params[k].name.name.s);
          diag_note_add(L->diags, d, L->src, blk->name.loc, "block '%s' has parameter%s %s",
                        blk->name.name.s, np == 1 ? "" : "s", list.data);
          buf_free(&list);
        }
        ok = false;
        continue;
      }
      if (given[slot]) {
        diag *d = lower_error(L, sc, "duplicate-parameter", a->name_loc,
                              "parameter '%s' is given twice", a->name.s);
        if (d) diag_note_add(L->diags, d, L->src, given_at[slot], "first given here");
        ok = false;
        continue;
      }
    }
    given[slot] = true;
    given_at[slot] = a->loc;
    args[slot] = lower_expr(L, sc, a->value, nm);
  }
  for (size_t k = 0; k < np && ok; k++) {
    if (given[k]) continue;
    if (blk->params[k].deflt) {
      /* Defaults are literals or words; they see no names at all. The
       * grammar lets a list hold any value, so a call hiding in one (which
       * could call this very block, before it is active) is refused. */
      const ast_expr *call = find_chain(blk->params[k].deflt);
      if (call) {
        lower_error(L, NULL, "wrong-type", call->loc,
                    "the default of parameter '%s' calls a block or an op; a default is a "
                    "literal or a word", blk->params[k].name.name.s);
        ok = false;
        continue;
      }
      scope none = {0};
      args[k] = lower_expr(L, &none, blk->params[k].deflt, nm);
      continue;
    }
    diag *d = lower_error(L, sc, "missing-parameter", app->loc,
                          "block '%s' needs parameter '%s'", blk->name.name.s,
                          blk->params[k].name.name.s);
    if (d) diag_note_add(L->diags, d, L->src, blk->params[k].name.loc, "declared here");
    ok = false;
  }
  if (!ok) return none;

  const char *instance = last ? nm->base
                              : arena_printf(L->arena, "%s.%s%u", nm->base, blk->name.name.s,
                                             namer_next(L, nm, blk->name.name.s));
  ir_site *site = arena_alloc(L->arena, sizeof *site);
  site->parent = sc->site;
  site->block = blk->name.name.s;
  site->loc = app->loc;
  /* Scopes live in the arena: pending names point at them until the end. */
  scope *inner = arena_alloc(L->arena, sizeof *inner);
  inner->prefix = arena_printf(L->arena, "%s.", instance);
  inner->site = site;
  inner->block = blk;
  strmap_init(&inner->names, L->arena);
  for (size_t k = 0; k < np; k++) {
    uint32_t idx = scope_add(L, inner, blk->params[k].name.name, blk->params[k].name.loc, NULL,
                             (uint32_t)k, true);
    binding_at(inner, idx)->v = args[k];
  }
  scope_declare(L, inner, blk->body, blk->nbody);

  L->block_active[bi] = true;
  L->depth++;
  val result = none;
  for (size_t i = 0; i < blk->nbody && !L->failed; i++) {
    const ast_stmt *st = blk->body[i];
    if (st->kind == STMT_ASSIGN) lower_assign(L, inner, st);
  }
  for (size_t i = 0; i < blk->nbody && !L->failed; i++) {
    const ast_stmt *st = blk->body[i];
    if (st->kind != STMT_RETURN) continue;
    namer rn = {.base = instance};
    result = lower_chain(L, inner, st->chain, &rn, true);
    namer_fini(&rn);
    if (result.kind != VAL_NONE && !lower_expect_tensor(L, inner, &result, "a block's result"))
      result.kind = VAL_NONE;
    break;
  }
  L->depth--;
  L->block_active[bi] = false;
  return result;
}

/* ---- checks on definitions (once each, not per expansion) ----------------- */

static void note_names_in_expr(const ast_expr *e, const char *name, bool *used);

static void note_names_in_chain(const ast_chain *ch, const char *name, bool *used) {
  for (size_t i = 0; i < ch->nstages && !*used; i++)
    for (size_t j = 0; j < ch->stages[i].napps && !*used; j++) {
      const ast_app *a = &ch->stages[i].apps[j];
      if (i == 0 && j == 0 && !a->call && strcmp(a->name.s, name) == 0) *used = true;
      for (size_t k = 0; k < a->nargs; k++) note_names_in_expr(a->args[k].value, name, used);
    }
}

static void note_names_in_expr(const ast_expr *e, const char *name, bool *used) {
  if (*used || !e) return;
  if (e->kind == EXPR_NAME && strcmp(e->u.str.s, name) == 0) *used = true;
  else if (e->kind == EXPR_CHAIN) note_names_in_chain(e->u.chain, name, used);
  else if (e->kind == EXPR_LIST)
    for (size_t i = 0; i < e->u.list.n; i++) note_names_in_expr(e->u.list.items[i], name, used);
}

static const char *stmt_keyword(ast_stmt_kind k) {
  switch (k) {
  case STMT_INPUT: return "input";
  case STMT_OUTPUT: return "output";
  case STMT_META: return "meta";
  case STMT_BLOCK: return "block";
  case STMT_RETURN: return "return";
  case STMT_ASSIGN: break;
  }
  return "assignment";
}

static void check_block_def(lower *L, const ast_block *blk) {
  const ast_stmt *ret = NULL;
  for (size_t i = 0; i < blk->nbody; i++) {
    const ast_stmt *st = blk->body[i];
    switch (st->kind) {
    case STMT_ASSIGN: break;
    case STMT_RETURN:
      if (ret) {
        diag *d = lower_error(L, NULL, "misplaced-statement", st->loc,
                              "block '%s' has a second 'return'", blk->name.name.s);
        if (d) diag_note_add(L->diags, d, L->src, ret->loc, "first 'return' here");
      } else {
        ret = st;
      }
      break;
    default:
      lower_error(L, NULL, "misplaced-statement", st->loc, "'%s' is not allowed inside a block",
                  stmt_keyword(st->kind));
    }
  }
  if (!ret)
    lower_error(L, NULL, "misplaced-statement", blk->close_loc, "block '%s' has no 'return'",
                blk->name.name.s);
  for (size_t k = 0; k < blk->nparams; k++) {
    const ast_param *p = &blk->params[k];
    for (size_t j = 0; j < k; j++)
      if (strcmp(blk->params[j].name.name.s, p->name.name.s) == 0) {
        diag *d = lower_error(L, NULL, "duplicate-name", p->name.loc,
                              "parameter '%s' is declared twice", p->name.name.s);
        if (d) diag_note_add(L->diags, d, L->src, blk->params[j].name.loc, "first declared here");
        break;
      }
    bool used = false;
    for (size_t i = 0; i < blk->nbody && !used; i++)
      if (blk->body[i]->chain) note_names_in_chain(blk->body[i]->chain, p->name.name.s, &used);
    if (!used)
      lower_warning(L, NULL, "unused-parameter", p->name.loc,
                    "parameter '%s' of block '%s' is never used", p->name.name.s,
                    blk->name.name.s);
  }
}

static void collect_block(lower *L, const ast_block *blk) {
  if (is_reserved(blk->name.name.s, blk->name.name.len))
    lower_error(L, NULL, "reserved-name", blk->name.loc,
                "'%s' is the name of an op; choose another name for the block",
                blk->name.name.s);
  uint32_t prev;
  if (strmap_get(&L->blocks, blk->name.name.s, blk->name.name.len, &prev)) {
    diag *d = lower_error(L, NULL, "duplicate-name", blk->name.loc, "block '%s' is defined twice",
                          blk->name.name.s);
    if (d) diag_note_add(L->diags, d, L->src, L->block_defs[prev]->name.loc, "first defined here");
    return;
  }
  *(const ast_block **)avec_push(L->arena, &L->block_list, sizeof(ast_block *)) = blk;
  L->block_defs = L->block_list.data;
  strmap_add(&L->blocks, blk->name.name.s, blk->name.name.len, (uint32_t)L->nblocks++);
  check_block_def(L, blk);
  for (size_t i = 0; i < blk->nbody; i++)
    if (blk->body[i]->kind == STMT_BLOCK) collect_block(L, blk->body[i]->block);
}

/* ---- metadata ---------------------------------------------------------------- */

static void lower_meta(lower *L, const ast_stmt *st) {
  static const char *const keys[] = {"task", "dataset", "source", "classes", "accuracy",
                                     "initial_accuracy"};
  bool seen[6] = {0};
  src_range seen_at[6] = {{0, 0}};
  for (size_t i = 0; i < st->nmeta; i++) {
    const ast_arg *a = &st->meta[i];
    const ast_expr *e = a->value;
    size_t k;
    for (k = 0; k < 6; k++)
      if (strcmp(a->name.s, keys[k]) == 0) break;
    if (k == 6) {
      lower_error(L, NULL, "bad-meta", a->name_loc,
                  "unknown metadata key '%s' (known: task, dataset, source, classes, accuracy, "
                  "initial_accuracy)", a->name.s);
      continue;
    }
    if (seen[k]) {
      diag *d = lower_error(L, NULL, "bad-meta", a->name_loc, "metadata key '%s' is given twice",
                            a->name.s);
      if (d) diag_note_add(L->diags, d, L->src, seen_at[k], "first given here");
      continue;
    }
    seen[k] = true;
    seen_at[k] = a->name_loc;
    if (k < 3) {
      if (e->kind != EXPR_STRING) {
        lower_error(L, NULL, "bad-meta", e->loc, "'%s' must be a string", a->name.s);
        continue;
      }
      const char **dst = k == 0 ? &L->meta.task : k == 1 ? &L->meta.dataset : &L->meta.source;
      *dst = e->u.str.s;
    } else if (k == 3) {
      if (e->kind != EXPR_INT || e->u.i < 1)
        lower_error(L, NULL, "bad-meta", e->loc, "'classes' must be an integer of at least 1");
      else
        L->meta.classes = e->u.i;
    } else {
      double x = e->kind == EXPR_INT ? (double)e->u.i : e->kind == EXPR_FLOAT ? e->u.f : NAN;
      if (!(x >= 0 && x <= 1))
        lower_error(L, NULL, "bad-meta", e->loc, "'%s' must be a number in [0, 1]", a->name.s);
      else if (k == 4)
        L->meta.accuracy = x;
      else
        L->meta.initial_accuracy = x;
    }
  }
}

/* ---- the network --------------------------------------------------------------- */

static void lower_input(lower *L, scope *sc, const ast_stmt *st) {
  ir_params p;
  ir_params_default(OP_INPUT, &p);
  bool ok = true;
  if (st->shape.ndims > 3) {
    lower_error(L, sc, "bad-shape", st->shape_loc, "an input has at most 3 dimensions (CxHxW)");
    ok = false;
  }
  for (int i = 0; i < st->shape.ndims && ok; i++) {
    if (st->shape.dims[i] == AST_DIM_ANY) {
      lower_error(L, sc, "bad-shape", st->shape_loc, "an input's size must be given; '?' is for assertions");
      ok = false;
    } else if (st->shape.dims[i] < 1) {
      lower_error(L, sc, "out-of-range", st->shape_loc, "every dimension of an input must be at least 1");
      ok = false;
    }
  }
  if (ok) {
    p.ndims = st->shape.ndims;
    for (int i = 0; i < p.ndims; i++) p.dims[i] = st->shape.dims[i];
  }
  val v = make_layer(L, sc, OP_INPUT, st->names[0].name.s, st->names[0].loc, NULL, 0, &p,
                     st->names[0].name.s);
  if (!ok) v.kind = VAL_NONE;
  bind(sc, binding_of(sc, &st->names[0]), v);
}

/* `output x`: a chain that is just a name. */
static const char *bare_name(const ast_chain *ch) {
  if (ch->nstages != 1 || ch->stages[0].napps != 1 || ch->stages[0].has_repeat) return NULL;
  return ch->stages[0].apps[0].call ? NULL : ch->stages[0].apps[0].name.s;
}

static void lower_output(lower *L, scope *sc, const ast_stmt *st, size_t k, size_t nout) {
  L->current_stmt = st;
  const char *name = st->nnames        ? st->names[0].name.s
                     : bare_name(st->chain) ? bare_name(st->chain)
                     : nout == 1       ? "output"
                                       : arena_printf(L->arena, "output%zu", k);
  namer nm = {.base = join_prefix(L, sc, name), .label = name};
  val v = lower_chain(L, sc, st->chain, &nm, true);
  namer_fini(&nm);
  if (v.kind != VAL_NONE && !lower_expect_tensor(L, sc, &v, "an output"))
    v.kind = VAL_NONE;
  if (st->nnames) bind_names(L, sc, st, v);
  add_assert(L, sc, st, v);
  for (size_t i = 0; i < L->noutputs; i++)
    if (strcmp(L->outputs[i].name, name) == 0) {
      diag *d = lower_error(L, sc, "duplicate-name", st->loc, "output '%s' is declared twice",
                            name);
      if (d) diag_note_add(L->diags, d, L->src, L->outputs[i].loc, "first declared here");
      return;
    }
  L->outputs = xgrow(L->outputs, &L->cap_outputs, L->noutputs + 1, sizeof *L->outputs);
  L->outputs[L->noutputs].name = name;
  L->outputs[L->noutputs].v = v;
  L->outputs[L->noutputs].loc = st->loc;
  L->noutputs++;
}

static void lower_network(lower *L, const ast_network *net) {
  scope *sc = arena_alloc(L->arena, sizeof *sc);
  sc->prefix = "";
  strmap_init(&sc->names, L->arena);
  scope_declare(L, sc, net->body, net->nbody);
  size_t ninputs = 0, nout = 0;
  const ast_stmt *meta = NULL;
  for (size_t i = 0; i < net->nbody; i++) {
    const ast_stmt *st = net->body[i];
    if (st->kind == STMT_INPUT) ninputs++;
    if (st->kind == STMT_OUTPUT) nout++;
    if (st->kind == STMT_RETURN)
      lower_error(L, NULL, "misplaced-statement", st->loc, "'return' is allowed only in a block");
    if (st->kind == STMT_META) {
      if (meta) {
        diag *d = lower_error(L, NULL, "bad-meta", st->loc, "a network has one 'meta' at most");
        if (d) diag_note_add(L->diags, d, L->src, meta->loc, "first 'meta' here");
      } else {
        meta = st;
        lower_meta(L, st);
      }
    }
  }
  if (ninputs == 0 && !L->quiet_names)
    lower_error(L, NULL, "no-input", net->name.loc, "network '%s' declares no input",
                net->name.name.s);
  if (nout == 0 && !L->quiet_names)
    lower_error(L, NULL, "no-output", net->name.loc, "network '%s' declares no output",
                net->name.name.s);
  size_t k = 0;
  for (size_t i = 0; i < net->nbody && !L->failed; i++) {
    const ast_stmt *st = net->body[i];
    switch (st->kind) {
    case STMT_INPUT: lower_input(L, sc, st); break;
    case STMT_ASSIGN: lower_assign(L, sc, st); break;
    case STMT_OUTPUT: lower_output(L, sc, st, ++k, nout); break;
    default: break;
    }
  }
}

ir_graph *arch_lower(arena *a, diag_list *diags, const ast_file *file, bool after_syntax_errors) {
  lower L = {.arena = a, .diags = diags, .src = file->src, .file = file,
             .quiet_names = after_syntax_errors};
  L.meta.classes = -1;
  L.meta.accuracy = L.meta.initial_accuracy = NAN;
  strmap_init(&L.blocks, a);
  strmap_init(&L.layer_names, a);
  strmap_init(&L.reported, a);

  const ast_network *net = NULL;
  for (size_t i = 0; i < file->nitems; i++) {
    const ast_item *it = &file->items[i];
    if (it->block) collect_block(&L, it->block);
    if (!it->network) continue;
    for (size_t j = 0; j < it->network->nbody; j++)
      if (it->network->body[j]->kind == STMT_BLOCK) collect_block(&L, it->network->body[j]->block);
    if (net) {
      diag *d = lower_error(&L, NULL, "multiple-networks", it->network->name.loc,
                            "a file defines one network; '%s' is a second one",
                            it->network->name.name.s);
      if (d) diag_note_add(diags, d, L.src, net->name.loc, "the first network is '%s'",
                           net->name.name.s);
      continue;
    }
    net = it->network;
  }
  if (!net) {
    /* Syntax errors may have eaten the network; say nothing more then. */
    if (!diag_has_errors(diags))
      diag_add(diags, DIAG_ERROR, "no-network", file->src, (src_range){0, 0},
               "no network is defined in this file");
    return NULL;
  }
  L.block_active = arena_calloc(a, L.nblocks ? L.nblocks : 1, sizeof(bool));
  L.block_used = arena_calloc(a, L.nblocks ? L.nblocks : 1, sizeof(bool));
  L.block_recursive = arena_calloc(a, L.nblocks ? L.nblocks : 1, sizeof(bool));
  lower_network(&L, net);
  for (size_t i = 0; i < L.nblocks && !diag_has_errors(diags); i++)
    if (!L.block_used[i])
      lower_warning(&L, NULL, "unused-block", L.block_defs[i]->name.loc,
                    "block '%s' is never used", L.block_defs[i]->name.name.s);

  ir_graph *g = arena_alloc(a, sizeof *g);
  g->name = net->name.name.s;
  g->src = file->src;
  g->meta = L.meta;
  if (!L.failed) lower_finish(&L, g);
  free(L.layers);
  free(L.pending);
  free(L.outputs);
  free(L.asserts);
  return g;
}

/* Lowering, part two: values of expressions, and matching a call's
 * arguments to the op's inputs and parameters (src/ir/ops.c) with type and
 * range checks. */
#include "arch/lower_int.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

val lower_expr(lower *L, scope *sc, const ast_expr *e, namer *nm) {
  val v = {.loc = e->loc};
  switch (e->kind) {
  case EXPR_INT: v.kind = VAL_INT; v.u.i = e->u.i; break;
  case EXPR_FLOAT: v.kind = VAL_FLOAT; v.u.f = e->u.f; break;
  case EXPR_BOOL: v.kind = VAL_BOOL; v.u.b = e->u.b; break;
  case EXPR_SHAPE: v.kind = VAL_SHAPE; v.u.shape = e->u.shape; break;
  case EXPR_STRING: v.kind = VAL_STRING; v.u.str = e->u.str; break;
  case EXPR_LIST:
    v.kind = VAL_LIST;
    v.u.list.n = e->u.list.n;
    v.u.list.items = arena_calloc(L->arena, e->u.list.n ? e->u.list.n : 1, sizeof(val));
    for (size_t i = 0; i < e->u.list.n; i++)
      v.u.list.items[i] = lower_expr(L, sc, e->u.list.items[i], nm);
    break;
  case EXPR_NAME: {
    /* Reuse the chain machinery's lookup through a one-word chain. */
    ast_app app = {.name = e->u.str, .name_loc = e->loc, .loc = e->loc};
    ast_stage st = {.apps = &app, .napps = 1, .loc = e->loc};
    ast_chain ch = {.stages = &st, .nstages = 1, .loc = e->loc};
    uint32_t idx;
    if (!strmap_get(&sc->names, e->u.str.s, e->u.str.len, &idx)) {
      v.kind = VAL_WORD;   /* a word such as `c` or `ceil`, or an undefined name */
      v.u.str = e->u.str;
      break;
    }
    v = lower_chain(L, sc, &ch, nm, false);
    break;
  }
  case EXPR_CHAIN: v = lower_chain(L, sc, e->u.chain, nm, false); break;
  }
  return v;
}

/* A word parameter (`axis: c`) takes a block parameter's value when the
 * name is one, and is the word itself otherwise: tensors named `c` do not
 * get in the way. */
static val word_value(lower *L, scope *sc, const ast_expr *e, namer *nm) {
  uint32_t idx;
  if (e->kind == EXPR_NAME && strmap_get(&sc->names, e->u.str.s, e->u.str.len, &idx) &&
      !binding_at(sc, idx)->is_param) {
    val v = {.kind = VAL_WORD, .loc = e->loc};
    v.u.str = e->u.str;
    return v;
  }
  return lower_expr(L, sc, e, nm);
}

static const char *type_desc(op_ptype t) {
  switch (t) {
  case PT_INT: return "an integer";
  case PT_FLOAT: return "a number";
  case PT_BOOL: return "true or false";
  case PT_DIM2: return "an integer or HxW";
  case PT_AXIS: return "c, h or w";
  case PT_ROUND: return "ceil or floor";
  case PT_REGION: return "across or within";
  case PT_INTLIST: return "a list of integers";
  case PT_STRING: return "a string";
  }
  return "a value";
}

static bool in_range(double x, const op_param *pp) {
  return (pp->open_min ? x > pp->min : x >= pp->min) && x <= pp->max;
}

/* "must be at least 1, not 0": the value is shown as the source wrote it
 * (the argument's own text), so 1e-5 does not come back as
 * 1.0000000000000001e-05. */
static void range_error(lower *L, scope *sc, src_range loc, ir_op op, const op_param *pp,
                        const int64_t *part) {
  int n = (int)(loc.end - loc.start);
  const char *text = L->src->text + loc.start;
  if (n > 40) n = 40;
  char partbuf[64];
  if (part) {  /* one size of HxW: "not 0 (in 3x0)" */
    snprintf(partbuf, sizeof partbuf, "%" PRId64 " (in %.*s)", *part, n, text);
    text = partbuf;
    n = (int)strlen(partbuf);
  }
  if (pp->max >= 9e18 && pp->open_min)
    lower_error(L, sc, "out-of-range", loc, "'%s' of '%s' must be greater than %g, not %.*s",
                pp->name, ir_op_name(op), pp->min, n, text);
  else if (pp->max >= 9e18)
    lower_error(L, sc, "out-of-range", loc, "'%s' of '%s' must be at least %g, not %.*s",
                pp->name, ir_op_name(op), pp->min, n, text);
  else
    lower_error(L, sc, "out-of-range", loc, "'%s' of '%s' must be in [%g, %g), not %.*s",
                pp->name, ir_op_name(op), pp->min, ceil(pp->max), n, text);
}

static bool int_in_range(lower *L, scope *sc, src_range loc, ir_op op, const op_param *pp,
                         int64_t x, bool part) {
  if (in_range((double)x, pp)) return true;
  range_error(L, sc, loc, op, pp, part ? &x : NULL);
  return false;
}

static bool word_is(const val *v, const char *w) { return strcmp(v->u.str.s, w) == 0; }

/* Converts `v` to the parameter's type and stores it into `p`. */
static bool set_param(lower *L, scope *sc, ir_op op, const op_param *pp, const val *v,
                      ir_params *p) {
  const char *n = pp->name;
  if (v->kind == VAL_NONE) return false;
  if (v->kind == VAL_WORD && pp->type != PT_AXIS && pp->type != PT_ROUND &&
      pp->type != PT_REGION) {
    /* A bare word where a value goes: `bias: yes`, `type: Pooling`. */
    lower_error(L, sc, "wrong-type", v->loc, "'%s' of '%s' must be %s, not the word '%s'%s", n,
                ir_op_name(op), type_desc(pp->type), v->u.str.s,
                pp->type == PT_STRING ? " (strings are written in double quotes)" : "");
    return false;
  }
  switch (pp->type) {
  case PT_INT:
    if (v->kind != VAL_INT) break;
    if (!int_in_range(L, sc, v->loc, op, pp, v->u.i, false)) return false;
    if (!strcmp(n, "features") || !strcmp(n, "neurons")) p->features = v->u.i;
    else if (!strcmp(n, "groups")) p->groups = v->u.i;
    else if (!strcmp(n, "size")) {
      if (v->u.i % 2 == 0) {
        lower_error(L, sc, "out-of-range", v->loc, "'size' of 'lrn' must be odd, not %" PRId64,
                    v->u.i);
        return false;
      }
      p->size = v->u.i;
    }
    return true;
  case PT_FLOAT: {
    if (v->kind != VAL_INT && v->kind != VAL_FLOAT) break;
    double x = v->kind == VAL_INT ? (double)v->u.i : v->u.f;
    if (!in_range(x, pp)) {
      range_error(L, sc, v->loc, op, pp, NULL);
      return false;
    }
    double *dst = !strcmp(n, "negative_slope") ? &p->negative_slope
                  : !strcmp(n, "alpha")        ? &p->alpha
                  : !strcmp(n, "beta")         ? &p->beta
                  : !strcmp(n, "k")            ? &p->k
                  : !strcmp(n, "eps")          ? &p->eps
                  : !strcmp(n, "ratio")        ? &p->ratio
                  : !strcmp(n, "power")        ? &p->power
                  : !strcmp(n, "scale")        ? &p->scale
                                               : &p->shift;
    *dst = x;
    return true;
  }
  case PT_BOOL:
    if (v->kind != VAL_BOOL) break;
    if (!strcmp(n, "bias")) p->bias = v->u.b;
    else if (!strcmp(n, "global")) p->global = v->u.b;
    else p->shared = v->u.b;
    return true;
  case PT_DIM2: {
    int64_t hw[2];
    if (v->kind == VAL_INT) {
      hw[0] = hw[1] = v->u.i;
    } else if (v->kind == VAL_SHAPE && v->u.shape.ndims == 2 &&
               v->u.shape.dims[0] != AST_DIM_ANY && v->u.shape.dims[1] != AST_DIM_ANY) {
      hw[0] = v->u.shape.dims[0];
      hw[1] = v->u.shape.dims[1];
    } else if (v->kind == VAL_SHAPE && v->u.shape.ndims == 2) {
      lower_error(L, sc, "wrong-type", v->loc,
                  "'%s' of '%s' must have both sizes; '?' is only for shape assertions", n,
                  ir_op_name(op));
      return false;
    } else if (v->kind == VAL_SHAPE) {
      lower_error(L, sc, "wrong-type", v->loc,
                  "'%s' of '%s' must be an integer or HxW, not a shape of %d sizes", n,
                  ir_op_name(op), v->u.shape.ndims);
      return false;
    } else {
      break;
    }
    bool shape = v->kind == VAL_SHAPE;
    if (!int_in_range(L, sc, v->loc, op, pp, hw[0], shape) ||
        !int_in_range(L, sc, v->loc, op, pp, hw[1], shape))
      return false;
    int64_t *dst = !strcmp(n, "kernel") ? p->kernel
                   : !strcmp(n, "stride") ? p->stride
                   : !strcmp(n, "pad")    ? p->pad
                                          : p->dilation;
    dst[0] = hw[0];
    dst[1] = hw[1];
    return true;
  }
  case PT_AXIS:
    if (v->kind != VAL_WORD) break;
    if (word_is(v, "c")) p->axis = AXIS_C;
    else if (word_is(v, "h")) p->axis = AXIS_H;
    else if (word_is(v, "w")) p->axis = AXIS_W;
    else break;
    return true;
  case PT_ROUND:
    if (v->kind != VAL_WORD) break;
    if (word_is(v, "ceil")) p->ceil = true;
    else if (word_is(v, "floor")) p->ceil = false;
    else break;
    return true;
  case PT_REGION:
    if (v->kind != VAL_WORD) break;
    if (word_is(v, "across")) p->within = false;
    else if (word_is(v, "within")) p->within = true;
    else break;
    return true;
  case PT_INTLIST: {
    if (v->kind != VAL_LIST) break;
    if (v->u.list.n == 0) {
      lower_error(L, sc, "out-of-range", v->loc, "'%s' of '%s' needs at least one point", n,
                  ir_op_name(op));
      return false;
    }
    int64_t *pts = arena_calloc(L->arena, v->u.list.n, sizeof *pts);
    for (size_t i = 0; i < v->u.list.n; i++) {
      const val *it = &v->u.list.items[i];
      if (it->kind != VAL_INT) {
        lower_error(L, sc, "wrong-type", it->loc, "'%s' of '%s' must be a list of integers, not %s",
                    n, ir_op_name(op), lower_value_desc(it));
        return false;
      }
      if (!int_in_range(L, sc, it->loc, op, pp, it->u.i, false)) return false;
      if (i > 0 && it->u.i <= pts[i - 1]) {
        lower_error(L, sc, "out-of-range", it->loc, "slice points must increase: %" PRId64
                    " follows %" PRId64, it->u.i, pts[i - 1]);
        return false;
      }
      pts[i] = it->u.i;
    }
    p->points = pts;
    p->npoints = (uint32_t)v->u.list.n;
    return true;
  }
  case PT_STRING:
    if (v->kind != VAL_STRING) break;
    p->type = v->u.str.s;
    return true;
  }
  if (v->kind == VAL_WORD && (pp->type == PT_AXIS || pp->type == PT_ROUND || pp->type == PT_REGION))
    lower_error(L, sc, "wrong-type", v->loc, "'%s' of '%s' must be %s, not '%s'", n,
                ir_op_name(op), type_desc(pp->type), v->u.str.s);
  else
    lower_error(L, sc, "wrong-type", v->loc, "'%s' of '%s' must be %s, not %s", n, ir_op_name(op),
                type_desc(pp->type), lower_value_desc(v));
  return false;
}

static size_t count_params(const op_info *info) {
  size_t n = 0;
  while (n < OP_MAX_PARAMS && info->params[n].name) n++;
  return n;
}

bool lower_op_call(lower *L, scope *sc, ir_op op, const ast_app *app, const val *piped,
                   namer *nm, val **inputs, uint32_t *ninputs, ir_params *params) {
  const op_info *info = op_table(op);
  const char *name = info->name;
  size_t np = count_params(info);
  ir_params_default(op, params);

  size_t npos = (piped ? 1 : 0);
  for (size_t i = 0; i < app->nargs; i++)
    if (app->args[i].name.len == 0) npos++;
  size_t nin = info->inputs == OP_VARIADIC ? npos : (size_t)info->inputs;
  bool ok = true;

  if (npos < nin || (info->inputs == OP_VARIADIC && npos < (size_t)info->min_inputs)) {
    size_t need = info->inputs == OP_VARIADIC ? (size_t)info->min_inputs : nin;
    lower_error(L, sc, "wrong-arity", app->loc, "'%s' needs %s%zu input%s, got %zu", name,
                info->inputs == OP_VARIADIC ? "at least " : "", need, need == 1 ? "" : "s", npos);
    return false;
  }
  if (npos - nin > np && np == 0) {
    lower_error(L, sc, "wrong-arity", app->loc, "'%s' takes no arguments after its input%s",
                name, nin == 1 ? "" : "s");
    return false;
  }
  if (npos - nin > np) {
    lower_error(L, sc, "wrong-arity", app->loc,
                "'%s' takes at most %zu argument%s after its input%s, got %zu", name, np,
                np == 1 ? "" : "s", nin == 1 ? "" : "s", npos - nin);
    return false;
  }

  val *ins = arena_calloc(L->arena, nin ? nin : 1, sizeof *ins);
  bool *given = arena_calloc(L->arena, np ? np : 1, sizeof *given);
  src_range *given_at = arena_calloc(L->arena, np ? np : 1, sizeof *given_at);
  size_t pos = 0;
  bool inputs_ok = true;   /* a misread input shifts every argument after it */
  if (piped) {
    ins[pos++] = *piped;
    if (piped->kind == VAL_NONE) ok = false;  /* reported where it failed */
  }
  for (size_t i = 0; i < app->nargs; i++) {
    const ast_arg *a = &app->args[i];
    if (a->name.len != 0) continue;
    if (pos < nin) {
      ins[pos] = lower_expr(L, sc, a->value, nm);
      if (ins[pos].kind != VAL_TENSOR && ins[pos].kind != VAL_PENDING) {
        if (ins[pos].kind == VAL_WORD) {
          lower_expect_tensor(L, sc, &ins[pos], "");
        } else if (ins[pos].kind != VAL_NONE) {
          diag *d = lower_error(L, sc, "not-a-tensor", a->loc,
                                "input %zu of '%s' must be a tensor, not %s", pos + 1, name,
                                lower_value_desc(&ins[pos]));
          if (d && !piped && pos == 0)
            diag_note_add(L->diags, d, NULL, a->loc,
                          "the first stage of a chain takes its input as the first argument; "
                          "to apply '%s' to the previous stage, write '-> %s(...)'", name, name);
        }
        ok = false;
        inputs_ok = false;
      }
      pos++;
      continue;
    }
    size_t slot = pos++ - nin;
    const op_param *pp = &info->params[slot];
    val v = (pp->type == PT_AXIS || pp->type == PT_ROUND || pp->type == PT_REGION)
                ? word_value(L, sc, a->value, nm)
                : lower_expr(L, sc, a->value, nm);
    given[slot] = true;
    given_at[slot] = a->loc;
    ok &= set_param(L, sc, op, pp, &v, params);
  }
  for (size_t i = 0; i < app->nargs; i++) {
    const ast_arg *a = &app->args[i];
    if (a->name.len == 0) continue;
    size_t slot;
    for (slot = 0; slot < np; slot++)
      if (strcmp(info->params[slot].name, a->name.s) == 0) break;
    if (slot == np) {
      diag *d;
      if (np == 0)
        d = lower_error(L, sc, "unknown-parameter", a->name_loc, "'%s' takes no parameters",
                        name);
      else
        d = lower_error(L, sc, "unknown-parameter", a->name_loc, "'%s' has no parameter '%s'",
                        name, a->name.s);
      if (d && np) {
        /* List them: there are few, and the list is the documentation. */
        char list[256] = "";
        size_t len = 0;
        for (size_t k = 0; k < np && len < sizeof list; k++)
          len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", k ? ", " : "",
                                  info->params[k].name);
        diag_note_add(L->diags, d, NULL, a->name_loc, "'%s' has parameter%s %s", name,
                      np == 1 ? "" : "s", list);
      }
      ok = false;
      continue;
    }
    if (given[slot]) {
      diag *d = lower_error(L, sc, "duplicate-parameter", a->name_loc,
                            "parameter '%s' of '%s' is given twice", a->name.s, name);
      if (d) diag_note_add(L->diags, d, L->src, given_at[slot], "first given here");
      ok = false;
      continue;
    }
    const op_param *pp = &info->params[slot];
    val v = (pp->type == PT_AXIS || pp->type == PT_ROUND || pp->type == PT_REGION)
                ? word_value(L, sc, a->value, nm)
                : lower_expr(L, sc, a->value, nm);
    given[slot] = true;
    given_at[slot] = a->loc;
    ok &= set_param(L, sc, op, pp, &v, params);
  }
  for (size_t k = 0; k < np; k++) {
    const op_param *pp = &info->params[k];
    bool pool_kernel = ir_op_is_pool(op) && !strcmp(pp->name, "kernel");
    if (pool_kernel && params->global) {
      if (given[k]) {
        lower_error(L, sc, "conflicting-parameters", given_at[k],
                    "global pooling covers the whole grid; leave out 'kernel'");
        ok = false;
      }
      continue;
    }
    if (pp->required && !given[k] && inputs_ok) {
      lower_error(L, sc, "missing-parameter", app->loc, "'%s' needs '%s'%s", name, pp->name,
                  pool_kernel ? " (or 'global: true')" : "");
      ok = false;
    }
  }
  *inputs = ins;
  *ninputs = (uint32_t)nin;
  return ok;
}

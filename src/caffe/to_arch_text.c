/* The converter's writer of values and applications: each op's numeric
 * parameters as slots (so that blocks can turn them into parameters), and
 * calls with their parameters written only where they differ from the
 * defaults of the op table (src/ir/ops.c). */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "caffe/to_arch_int.h"
#include "ir/ops.h"
#include "util/num.h"

/* The .arch parameter names of each op's slots, in slot order. */
static const char *const conv_names[] = {"features", "kernel", "stride", "pad", "dilation",
                                         "groups"};
static const char *const pool_names[] = {"kernel", "stride", "pad"};
static const char *const lrn_names[] = {"size", "alpha", "beta", "k"};
static const char *const power_names[] = {"power", "scale", "shift"};

static const char *const *slot_names(ir_op op) {
  static const char *const neurons[] = {"neurons"}, *const slope[] = {"negative_slope"},
                           *const alpha[] = {"alpha"}, *const eps[] = {"eps"},
                           *const ratio[] = {"ratio"};
  switch (op) {
  case OP_CONV: case OP_DECONV: return conv_names;
  case OP_MAXPOOL: case OP_AVGPOOL: case OP_STOCHPOOL: return pool_names;
  case OP_FC: return neurons;
  case OP_RELU: return slope;
  case OP_ELU: return alpha;
  case OP_POWER: return power_names;
  case OP_LRN: return lrn_names;
  case OP_BATCHNORM: return eps;
  case OP_DROPOUT: return ratio;
  default: return NULL;
  }
}

uint32_t ta_layer_slots(const ir_layer *l, ta_slot out[TA_MAX_SLOTS]) {
  const ir_params *p = &l->p;
  uint32_t n = 0;
#define INT(K, V) (out[n++] = (ta_slot){(K), {(V), (V)}, 0})
#define DIM(K, V) (out[n++] = (ta_slot){(K), {(V)[0], (V)[1]}, 0})
#define FLT(V) (out[n++] = (ta_slot){SK_FLOAT, {0, 0}, (V)})
  switch (l->op) {
  case OP_CONV: case OP_DECONV:
    INT(SK_FEATURES, p->features);
    DIM(SK_KERNEL, p->kernel);
    DIM(SK_STRIDE, p->stride);
    DIM(SK_PAD, p->pad);
    DIM(SK_DILATION, p->dilation);
    INT(SK_GROUPS, p->groups);
    break;
  case OP_MAXPOOL: case OP_AVGPOOL: case OP_STOCHPOOL:
    DIM(SK_KERNEL, p->kernel);
    DIM(SK_STRIDE, p->stride);
    DIM(SK_PAD, p->pad);
    break;
  case OP_FC: INT(SK_FEATURES, p->features); break;
  case OP_RELU: FLT(p->negative_slope); break;
  case OP_ELU: FLT(p->alpha); break;
  case OP_POWER: FLT(p->power); FLT(p->scale); FLT(p->shift); break;
  case OP_LRN: INT(SK_SIZE, p->size); FLT(p->alpha); FLT(p->beta); FLT(p->k); break;
  case OP_BATCHNORM: FLT(p->eps); break;
  case OP_DROPOUT: FLT(p->ratio); break;
  default: break;
  }
#undef INT
#undef DIM
#undef FLT
  return n;
}

bool ta_slot_equal(const ta_slot *a, const ta_slot *b) {
  return a->kind == b->kind && a->i[0] == b->i[0] && a->i[1] == b->i[1] && a->f == b->f;
}

void ta_put_slot(buf *b, const ta_slot *s) {
  char num[NUM_BUF];
  switch (s->kind) {
  case SK_FLOAT:
    /* .arch reads -0 as the integer 0, so a negative zero (which means
     * the same to every op) is written as 0 and converts back the same. */
    buf_puts(b, num_format(num, s->f == 0 ? 0.0 : s->f));
    break;
  default:
    /* A pair is `n` when square (n x n), else HxW. */
    if (s->i[0] != s->i[1]) buf_printf(b, "%" PRId64 "x%" PRId64, s->i[0], s->i[1]);
    else buf_printf(b, "%" PRId64, s->i[0]);
    break;
  }
}

void ta_put_string(buf *b, const char *s) {
  buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') buf_putc(b, '\\'), buf_putc(b, *s);
    else if (*s == '\n') buf_puts(b, "\\n");
    else if (*s == '\t') buf_puts(b, "\\t");
    else buf_putc(b, *s);
  }
  buf_putc(b, '"');
}

void ta_put_layer_sig(buf *b, const ir_layer *l) {
  const ir_params *p = &l->p;
  buf_puts(b, ir_op_name(l->op));
  switch (l->op) {
  case OP_CONV: case OP_DECONV: case OP_FC: case OP_SCALE: buf_printf(b, "/b%d", p->bias); break;
  case OP_MAXPOOL: case OP_AVGPOOL: case OP_STOCHPOOL:
    buf_printf(b, "/g%dc%d", p->global, p->ceil);
    break;
  case OP_LRN: buf_printf(b, "/w%d", p->within); break;
  case OP_PRELU: buf_printf(b, "/s%d", p->shared); break;
  case OP_CONCAT: case OP_SLICE: case OP_SOFTMAX: buf_printf(b, "/a%d", (int)p->axis); break;
  default: break;
  }
}

/* ---- checking values ------------------------------------------------------------------ */

static const op_param *param_def(ir_op op, const char *name) {
  const op_info *info = op_table(op);
  for (int k = 0; k < OP_MAX_PARAMS && info->params[k].name; k++)
    if (strcmp(info->params[k].name, name) == 0) return &info->params[k];
  return NULL;
}

static bool fits(const op_param *pp, double x) {
  return isfinite(x) && (pp->open_min ? x > pp->min : x >= pp->min) && x <= pp->max;
}

static void cannot_write(ta *t, const ir_layer *l, const char *what) {
  diag_add(t->diags, DIAG_ERROR, "out-of-range", l->src, l->loc,
           "%s: %s, which .arch cannot write", l->caffe_name && *l->caffe_name
                                                    ? l->caffe_name : l->name, what);
  t->failed = true;
}

bool ta_check_values(ta *t) {
  for (uint32_t i = 0; i < t->g->nlayers; i++) {
    const ir_layer *l = &t->g->layers[i];
    ta_slot s[TA_MAX_SLOTS];
    uint32_t n = ta_layer_slots(l, s);
    const char *const *names = slot_names(l->op);
    for (uint32_t k = 0; k < n; k++) {
      if (ir_op_is_pool(l->op) && l->p.global && k == 0) continue;  /* no kernel */
      const op_param *pp = param_def(l->op, names[k]);
      bool ok = s[k].kind == SK_FLOAT ? fits(pp, s[k].f)
                                      : fits(pp, (double)s[k].i[0]) && fits(pp, (double)s[k].i[1]);
      if (ok) continue;
      char num[NUM_BUF];
      cannot_write(t, l, arena_printf(t->arena, "its %s is %s", names[k],
                                      s[k].kind == SK_FLOAT ? num_format(num, s[k].f)
                                      : arena_printf(t->arena, "%" PRId64, s[k].i[0])));
    }
    if (l->op == OP_OPAQUE && strchr(l->p.type ? l->p.type : "", '\r'))
      cannot_write(t, l, "its type holds a carriage return");
  }
  /* A Caffe network may get all its data from opaque layers, or be empty;
   * a .arch network declares an input. */
  bool input = false;
  for (uint32_t i = 0; i < t->g->nlayers && !input; i++) input = t->g->layers[i].op == OP_INPUT;
  if (!input) {
    diag_add(t->diags, DIAG_ERROR, "no-input", NULL, (src_range){0, 0},
             "%s: the network has no input, which a .arch network needs",
             t->g->src ? t->g->src->name : "convert");
    t->failed = true;
  }
  return !t->failed;
}

/* ---- applications --------------------------------------------------------------------- */

typedef struct args {
  buf *b;
  bool any;
} args;

static void sep(args *a) {
  if (a->any) buf_puts(a->b, ", ");
  a->any = true;
}

/* A slot as a positional argument, or named when it is a block parameter
 * or differs from the default. */
static void slot_arg(args *a, const char *name, bool positional, const ta_slot *v,
                     const ta_slot *dflt, const char *param) {
  if (!positional && !param && ta_slot_equal(v, dflt)) return;
  sep(a);
  if (!positional) buf_printf(a->b, "%s: ", name);
  if (param) buf_puts(a->b, param);
  else ta_put_slot(a->b, v);
}

/* The arguments after the inputs; `param` as for ta_put_stmt_chain. */
static void put_params(args *a, const ir_layer *l, const char *const *param) {
  const ir_params *p = &l->p;
  ta_slot v[TA_MAX_SLOTS], d[TA_MAX_SLOTS];
  ir_layer dl = {.op = l->op};
  ir_params_default(l->op, &dl.p);
  uint32_t n = ta_layer_slots(l, v);
  ta_layer_slots(&dl, d);
  const char *const *names = slot_names(l->op);
  uint32_t npos = l->op == OP_CONV || l->op == OP_DECONV ? 2 : l->op == OP_FC ? 1
                  : ir_op_is_pool(l->op) && !p->global   ? 1
                                                         : 0;
  for (uint32_t k = 0; k < n; k++) {
    if (ir_op_is_pool(l->op) && p->global && k == 0) {
      sep(a);
      buf_puts(a->b, "global: true");
      continue;
    }
    slot_arg(a, names[k], k < npos, &v[k], &d[k], param ? param[k] : NULL);
  }
  switch (l->op) {
  case OP_CONV: case OP_DECONV: case OP_FC:
    if (!p->bias) sep(a), buf_puts(a->b, "bias: false");
    break;
  case OP_SCALE:
    if (p->bias) sep(a), buf_puts(a->b, "bias: true");
    break;
  case OP_MAXPOOL: case OP_AVGPOOL: case OP_STOCHPOOL:
    if (!p->ceil) sep(a), buf_puts(a->b, "round: floor");
    break;
  case OP_LRN:
    if (p->within) sep(a), buf_puts(a->b, "region: within");
    break;
  case OP_PRELU:
    if (p->shared) sep(a), buf_puts(a->b, "shared: true");
    break;
  case OP_CONCAT: case OP_SOFTMAX:
    if (p->axis != AXIS_C) sep(a), buf_printf(a->b, "axis: %s", ir_axis_name(p->axis));
    break;
  case OP_SLICE:
    sep(a);
    buf_puts(a->b, "points: [");
    for (uint32_t k = 0; k < p->npoints; k++)
      buf_printf(a->b, "%s%" PRId64, k ? ", " : "", p->points[k]);
    buf_putc(a->b, ']');
    if (p->axis != AXIS_C) buf_printf(a->b, ", axis: %s", ir_axis_name(p->axis));
    break;
  case OP_OPAQUE:
    sep(a);
    buf_puts(a->b, "type: ");
    ta_put_string(a->b, p->type ? p->type : "");
    break;
  default: break;
  }
}

void ta_put_call(buf *b, const ir_layer *l, const char *const *ins, uint32_t nins) {
  args a = {b, false};
  buf_printf(b, "%s(", ir_op_name(l->op));
  for (uint32_t k = 0; k < nins; k++) sep(&a), buf_puts(b, ins[k]);
  put_params(&a, l, NULL);
  buf_putc(b, ')');
}

void ta_put_stmt_chain(const ta *t, buf *b, uint32_t first, ta_head how, const char *const *ins,
                       uint32_t nins, const char *const *param, uint32_t *slot) {
  buf tmp = {0};
  for (uint32_t i = first; i != TA_NONE; i = t->next[i]) {
    const ir_layer *l = &t->g->layers[i];
    ta_slot v[TA_MAX_SLOTS];
    uint32_t nslots = ta_layer_slots(l, v);
    ta_head h = i == first ? how : HEAD_FOLLOW;
    tmp.len = 0;
    args a = {&tmp, false};
    if (h == HEAD_CALL)
      for (uint32_t k = 0; k < nins; k++) sep(&a), buf_puts(&tmp, ins[k]);
    put_params(&a, l, param ? param + *slot : NULL);
    *slot += nslots;
    const char *text = tmp.data ? tmp.data : "";
    if (h == HEAD_CALL) buf_printf(b, "%s(%.*s)", ir_op_name(l->op), (int)tmp.len, text);
    else if (!a.any && h == HEAD_FOLLOW) buf_printf(b, " %s", ir_op_name(l->op));
    else if (!a.any) buf_printf(b, " -> %s", ir_op_name(l->op));
    else buf_printf(b, " -> %s(%.*s)", ir_op_name(l->op), (int)tmp.len, text);
  }
  buf_free(&tmp);
}

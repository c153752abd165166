#include "lsp/describe.h"

#include <inttypes.h>
#include <string.h>

#include "ir/ops.h"

void lsp_text_code(lsp_text *t, const char *name, size_t len) {
  if (t->md) buf_putc(t->out, '`');
  buf_put(t->out, name, len);
  if (t->md) buf_putc(t->out, '`');
}

void lsp_describe_op(lsp_text *t, ir_op op) {
  const op_info *info = op_table(op);
  buf_printf(t->out, "%s%s%s: %s\n", t->md ? "**" : "", info->name, t->md ? "**" : "",
             info->summary);
}

static void put_dim2(buf *b, const int64_t d[2]) {
  buf_printf(b, "%" PRId64 "x%" PRId64, d[0], d[1]);
}

static void put_shape(buf *b, const ir_shape *s) {
  if (s->ndims == 0) {
    buf_putc(b, '?');
    return;
  }
  for (int i = 0; i < s->ndims; i++) buf_printf(b, "%s%" PRId64, i ? "x" : "", s->d[i]);
}

/* One parameter's value, found by its name in the op table. */
static void put_param(buf *b, const ir_params *p, const char *name) {
  static const struct {
    const char *name;
    size_t off;
  } dims[] = {
    {"kernel", offsetof(ir_params, kernel)}, {"stride", offsetof(ir_params, stride)},
    {"pad", offsetof(ir_params, pad)}, {"dilation", offsetof(ir_params, dilation)},
  }, reals[] = {
    {"negative_slope", offsetof(ir_params, negative_slope)},
    {"alpha", offsetof(ir_params, alpha)}, {"beta", offsetof(ir_params, beta)},
    {"k", offsetof(ir_params, k)}, {"eps", offsetof(ir_params, eps)},
    {"ratio", offsetof(ir_params, ratio)}, {"power", offsetof(ir_params, power)},
    {"scale", offsetof(ir_params, scale)}, {"shift", offsetof(ir_params, shift)},
  };
  const char *base = (const char *)p;
  for (size_t i = 0; i < sizeof dims / sizeof dims[0]; i++)
    if (strcmp(name, dims[i].name) == 0) {
      put_dim2(b, (const int64_t *)(base + dims[i].off));
      return;
    }
  for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++)
    if (strcmp(name, reals[i].name) == 0) {
      buf_printf(b, "%g", *(const double *)(base + reals[i].off));
      return;
    }
  if (strcmp(name, "features") == 0 || strcmp(name, "neurons") == 0)
    buf_printf(b, "%" PRId64, p->features);
  else if (strcmp(name, "groups") == 0) buf_printf(b, "%" PRId64, p->groups);
  else if (strcmp(name, "size") == 0) buf_printf(b, "%" PRId64, p->size);
  else if (strcmp(name, "bias") == 0) buf_puts(b, p->bias ? "true" : "false");
  else if (strcmp(name, "global") == 0) buf_puts(b, p->global ? "true" : "false");
  else if (strcmp(name, "shared") == 0) buf_puts(b, p->shared ? "true" : "false");
  else if (strcmp(name, "round") == 0) buf_puts(b, p->ceil ? "ceil" : "floor");
  else if (strcmp(name, "region") == 0) buf_puts(b, p->within ? "within" : "across");
  else if (strcmp(name, "axis") == 0) buf_puts(b, ir_axis_name(p->axis));
  else if (strcmp(name, "type") == 0) buf_printf(b, "\"%s\"", p->type ? p->type : "");
  else if (strcmp(name, "points") == 0) {
    buf_putc(b, '[');
    for (uint32_t i = 0; i < p->npoints; i++)
      buf_printf(b, "%s%" PRId64, i ? ", " : "", p->points[i]);
    buf_putc(b, ']');
  } else {
    buf_putc(b, '?');
  }
}

void lsp_describe_layer(lsp_text *t, const ir_layer *l, bool costs) {
  buf *b = t->out;
  lsp_text_code(t, l->name, strlen(l->name));
  buf_putc(b, '\n');
  const op_info *info = op_table(l->op);
  if (l->op == OP_INPUT) {
    buf_puts(b, "- shape: ");
    for (int i = 0; i < l->p.ndims; i++) buf_printf(b, "%s%" PRId64, i ? "x" : "", l->p.dims[i]);
    buf_putc(b, '\n');
  } else if (info->params[0].name) {
    buf_puts(b, "- ");
    for (int i = 0; i < OP_MAX_PARAMS && info->params[i].name; i++) {
      buf_printf(b, "%s%s: ", i ? ", " : "", info->params[i].name);
      put_param(b, &l->p, info->params[i].name);
    }
    buf_putc(b, '\n');
  }
  if (!l->shapes) return;
  buf_printf(b, "- output%s: ", l->noutputs > 1 ? "s" : "");
  for (uint32_t k = 0; k < l->noutputs; k++) {
    if (k) buf_puts(b, ", ");
    put_shape(b, &l->shapes[k]);
  }
  buf_putc(b, '\n');
  if (costs && l->cost.params >= 0 && l->cost.macs >= 0)
    buf_printf(b, "- params: %" PRId64 ", MACs: %" PRId64 "\n", l->cost.params, l->cost.macs);
}

/* A default as written: a literal, a word or a list of them. */
static void put_expr(buf *b, const ast_expr *e) {
  if (e->kind != EXPR_LIST) {
    buf_put(b, e->text.s, e->text.len);
    return;
  }
  buf_putc(b, '[');
  for (size_t i = 0; i < e->u.list.n; i++) {
    if (i) buf_puts(b, ", ");
    put_expr(b, e->u.list.items[i]);
  }
  buf_putc(b, ']');
}

void lsp_describe_block(lsp_text *t, const ast_block *b) {
  if (t->md) buf_puts(t->out, "```arch\n");
  buf_printf(t->out, "block %s(", b->name.name.s);
  for (size_t i = 0; i < b->nparams; i++) {
    const ast_param *p = &b->params[i];
    buf_printf(t->out, "%s%s", i ? ", " : "", p->name.name.s);
    if (p->deflt) {
      buf_puts(t->out, " = ");
      put_expr(t->out, p->deflt);
    }
  }
  buf_puts(t->out, ")\n");
  if (t->md) buf_puts(t->out, "```\n");
}

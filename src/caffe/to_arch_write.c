/* The converted file as text: a header comment (the source, the options
 * it was read with, the opaque layers, anything .arch could not say), the
 * blocks, then the network: metadata, inputs, and one statement per
 * statement of the graph, in graph order. The text is plain; the caller
 * prints it through the formatter. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "caffe/to_arch_int.h"
#include "util/num.h"

enum { WRAP = 96 };

/* Comment lines of at most WRAP columns: `first` starts the first line,
 * `# ` plus `indent` the others. Words are never split. */
typedef struct para {
  buf *b;
  size_t col;
  const char *indent;
} para;

static void para_start(para *p, buf *b, const char *first, const char *indent) {
  p->b = b;
  p->indent = indent;
  buf_printf(b, "# %s", first);
  p->col = 2 + strlen(first);
}

/* A word, with line breaks and other control bytes (a file name may hold
 * them) shown as '?', so that the comment stays one line. */
static void put_word(buf *b, const char *w) {
  for (const unsigned char *c = (const unsigned char *)w; *c; c++)
    buf_putc(b, *c < 0x20 || *c == 0x7f ? '?' : (char)*c);
}

static void para_word(para *p, const char *w) {
  size_t n = strlen(w);
  if (p->col + 1 + n > WRAP) {
    buf_printf(p->b, "\n# %s", p->indent);
    p->col = 2 + strlen(p->indent) + n;
  } else {
    buf_putc(p->b, ' ');
    p->col += 1 + n;
  }
  put_word(p->b, w);
}

static void para_end(para *p) { buf_putc(p->b, '\n'); }

static void put_dims(buf *b, int n, const int64_t *d) {
  for (int k = 0; k < n; k++) buf_printf(b, "%s%" PRId64, k ? "x" : "", d[k]);
}

/* The options a Caffe network was read with, `(phase TEST, dataset nova,
 * input data=3x227x227).`, word by word so that they wrap. */
static void put_options(ta *t, para *p, const compile_options *co) {
  buf what = {0};
  buf_printf(&what, "(phase %s", co->phase_train ? "TRAIN" : "TEST");
  if (co->dataset) buf_printf(&what, ", dataset %s", co->dataset);
  for (size_t i = 0; i < co->ninputs; i++) {
    buf_printf(&what, ", input %s=", co->inputs[i].name);
    put_dims(&what, co->inputs[i].ndims, co->inputs[i].dims);
  }
  buf_puts(&what, ").");
  for (char *w = what.data, *end; *w; w = end + (*end != '\0')) {
    end = strchr(w, ' ');
    if (!end) end = w + strlen(w);
    para_word(p, arena_strndup(t->arena, w, (size_t)(end - w)));
  }
  buf_free(&what);
}

static void header(ta *t, buf *b) {
  const compile_options *co = t->opts->compile;
  para p;
  para_start(&p, b, "Converted from", "");
  para_word(&p, t->opts->source_name && *t->opts->source_name ? t->opts->source_name
                                                               : "a network");
  para_word(&p, co ? "by archc convert" : "by archc convert.");
  if (co) put_options(t, &p, co);
  para_end(&p);

  const ir_graph *g = t->g;
  uint32_t nopaque = 0;
  for (uint32_t s = 0; s < t->nstmts; s++) nopaque += g->layers[t->stmts[s].head].op == OP_OPAQUE;
  if (nopaque) {
    para_start(&p, b, nopaque == 1 ? "One layer is opaque:" : "Opaque layers:", "  ");
    para_word(&p, "archc does not model");
    para_word(&p, nopaque == 1 ? "it, and shapes after it are unknown:"
                               : "them, and shapes after them are unknown:");
    uint32_t k = 0;
    for (uint32_t s = 0; s < t->nstmts; s++) {
      const ir_layer *l = &g->layers[t->stmts[s].head];
      if (l->op != OP_OPAQUE) continue;
      para_word(&p, arena_printf(t->arena, "%s (%s)%s", t->stmts[s].name, l->p.type,
                                 ++k == nopaque ? "." : ","));
    }
    para_end(&p);
  }
  /* Last in the header, so that it is easy to tell from the rest. */
  if (t->nlossy) {
    para_start(&p, b, "Not kept:", "  ");
    para_word(&p, ".arch names only the first output of a layer, so the layers that read the");
    para_word(&p, "others read the first instead. Outputs not kept:");
    for (uint32_t k = 0; k < t->nlossy; k++) {
      const ir_layer *l = &g->layers[t->lossy[k]];
      const char *name = ta_tensor_name(t, (ir_ref){t->lossy[k], 0});
      const char *what = ir_op_is_pool(l->op) && l->noutputs == 2
                             ? "the argmax mask of"
                             : arena_printf(t->arena, "%" PRIu32 " of", l->noutputs - 1);
      para_word(&p, what);
      para_word(&p, arena_printf(t->arena, "%s%s", name, k + 1 == t->nlossy ? "." : ","));
    }
    para_end(&p);
  }
}

/* ---- blocks ------------------------------------------------------------------------------ */

static void block_text(ta *t, buf *b, const ta_block *blk) {
  const ta_unit *u = &t->units[blk->units[0]];
  const char **param = arena_calloc(t->arena, blk->nslots + 1, sizeof *param);
  for (uint32_t j = 0; j < blk->nslots; j++)
    param[j] = blk->param_of[j] == TA_NONE ? NULL : blk->params[blk->param_of[j]];
  buf_printf(b, "\nblock %s(in", blk->name);
  for (uint32_t p = 0; p < blk->nparams; p++) buf_printf(b, ", %s", blk->params[p]);
  buf_puts(b, ") {\n");
  uint32_t slot = 0;
  const char *fork = "in";
  for (uint32_t k = 0; k < u->nstems; k++) {
    buf_puts(b, k == 0 ? "  s = " : "");
    ta_put_stmt_chain(t, b, t->stmts[u->stems[k]].head, k ? HEAD_STAGE : HEAD_CALL, &fork, 1,
                      param, &slot);
  }
  if (u->nstems) {
    buf_putc(b, '\n');
    fork = "s";
  }
  const char **ins = arena_calloc(t->arena, u->nbranches, sizeof *ins);
  uint32_t named = 0;
  for (uint32_t k = 0; k < u->nbranches; k++) {
    if (u->bstart[k] == u->bstart[k + 1]) {
      ins[k] = fork;
      continue;
    }
    ins[k] = arena_printf(t->arena, "p%" PRIu32, ++named);
    buf_printf(b, "  %s = ", ins[k]);
    for (uint32_t j = u->bstart[k]; j < u->bstart[k + 1]; j++)
      ta_put_stmt_chain(t, b, t->stmts[u->bstmts[j]].head,
                        j == u->bstart[k] ? HEAD_CALL : HEAD_STAGE, &fork, 1, param, &slot);
    buf_putc(b, '\n');
  }
  buf_puts(b, "  return ");
  ta_put_call(b, &t->g->layers[t->stmts[u->merge].head], ins, u->nbranches);
  buf_puts(b, "\n}\n");
}

/* ---- the network --------------------------------------------------------------------------- */

static void put_meta(const ir_meta *m, buf *b) {
  buf items = {0};
  const char *keys[] = {"task", "dataset", "source"};
  const char *vals[] = {m->task, m->dataset, m->source};
  for (int k = 0; k < 3; k++) {
    if (!vals[k]) continue;
    buf_printf(&items, "%s%s: ", items.len ? ", " : "", keys[k]);
    ta_put_string(&items, vals[k]);
  }
  if (m->classes >= 1) buf_printf(&items, "%sclasses: %" PRId64, items.len ? ", " : "", m->classes);
  char num[NUM_BUF];
  if (m->accuracy >= 0 && m->accuracy <= 1)
    buf_printf(&items, "%saccuracy: %s", items.len ? ", " : "", num_format(num, m->accuracy));
  if (m->initial_accuracy >= 0 && m->initial_accuracy <= 1)
    buf_printf(&items, "%sinitial_accuracy: %s", items.len ? ", " : "",
               num_format(num, m->initial_accuracy));
  if (items.len) buf_printf(b, "  meta { %s }\n", items.data);
  buf_free(&items);
}

static bool is_output(const ta *t, ir_ref r) {
  for (uint32_t i = 0; i < t->g->noutputs; i++) {
    ir_ref o = ta_ref(t, t->g->outputs[i].ref);
    if (o.layer == r.layer && o.output == r.output) return true;
  }
  return false;
}

static void instance_text(ta *t, buf *b, const ta_stmt *s) {
  const ta_unit *u = &t->units[s->unit];
  const ta_block *blk = &t->blocks[u->block];
  ta_slot *v = arena_calloc(t->arena, blk->nslots + 1, sizeof *v);
  uint32_t n = 0;
  for (uint32_t k = 0; k < u->nstems + u->bstart[u->nbranches]; k++) {
    uint32_t st = k < u->nstems ? u->stems[k] : u->bstmts[k - u->nstems];
    for (uint32_t i = t->stmts[st].head; i != TA_NONE; i = t->next[i])
      n += ta_layer_slots(&t->g->layers[i], v + n);
  }
  buf_printf(b, "%s = %s(%s", s->name, blk->name, ta_tensor_name(t, u->input));
  for (uint32_t p = 0; p < blk->nparams; p++) {
    buf_puts(b, ", ");
    ta_put_slot(b, &v[blk->param_slot[p]]);
  }
  buf_putc(b, ')');
  uint32_t slot = 0;
  if (t->next[s->head] != TA_NONE)
    ta_put_stmt_chain(t, b, t->next[s->head], HEAD_FOLLOW, NULL, 0, NULL, &slot);
}

static void stmt_text(ta *t, buf *b, const ta_stmt *s) {
  const ir_layer *h = &t->g->layers[s->head];
  buf_puts(b, s->output ? "  output " : "  ");
  if (s->unit != TA_NONE) {
    instance_text(t, b, s);
  } else {
    for (uint32_t k = 0; k < (s->names ? t->g->layers[s->last].noutputs : 1); k++)
      buf_printf(b, "%s%s", k ? ", " : "", s->names ? s->names[k] : s->name);
    buf_puts(b, " = ");
    const char **ins = arena_calloc(t->arena, h->ninputs + 1, sizeof *ins);
    for (uint32_t k = 0; k < h->ninputs; k++) ins[k] = ta_tensor_name(t, h->inputs[k]);
    uint32_t slot = 0;
    ta_put_stmt_chain(t, b, s->head, HEAD_CALL, ins, h->ninputs, NULL, &slot);
  }
  if (s->orig) ta_put_name_comment(b, s->orig);
  buf_putc(b, '\n');
  /* The outputs a slice statement cannot mark itself. */
  for (uint32_t k = 0; s->names && k < t->g->layers[s->last].noutputs; k++)
    if (is_output(t, (ir_ref){s->last, k})) buf_printf(b, "  output %s\n", s->names[k]);
}

void ta_write(ta *t, buf *b) {
  if (!ta_check_values(t)) return;
  const ir_graph *g = t->g;
  header(t, b);
  for (uint32_t i = 0; i < t->nblocks; i++) block_text(t, b, &t->blocks[i]);
  buf_printf(b, "\nnetwork %s {", t->net_name);
  if (t->net_orig) ta_put_name_comment(b, t->net_orig);
  buf_putc(b, '\n');
  put_meta(&g->meta, b);
  for (uint32_t i = 0; i < g->nlayers; i++) {
    if (g->layers[i].op != OP_INPUT) continue;
    buf_printf(b, "  input %s: ", t->input_name[i]);
    put_dims(b, g->layers[i].p.ndims, g->layers[i].p.dims);
    if (t->input_orig[i]) ta_put_name_comment(b, t->input_orig[i]);
    buf_putc(b, '\n');
  }
  for (uint32_t i = 0; i < g->nlayers; i++)
    if (g->layers[i].op == OP_INPUT && is_output(t, (ir_ref){i, 0}))
      buf_printf(b, "  output %s\n", t->input_name[i]);
  buf_putc(b, '\n');
  for (uint32_t s = 0; s < t->nstmts; s++) {
    const ta_stmt *st = &t->stmts[s];
    if (st->unit != TA_NONE && t->units[st->unit].merge != s) continue;
    stmt_text(t, b, st);
  }
  buf_puts(b, "}\n");
}

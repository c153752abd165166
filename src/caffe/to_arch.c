/* The converter's driver: counts the uses of every tensor, cuts the graph
 * into statements (a head layer with the activations, dropout, batchnorm
 * and scale layers folded onto it), then runs the block recogniser, the
 * namer and the writer, and prints the result through the canonical
 * formatter, so that the output is formatted by construction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/fmt.h"
#include "arch/parse.h"
#include "caffe/to_arch_int.h"

ir_ref ta_ref(const ta *t, ir_ref r) {
  if (r.output > 0 && t->g->layers[r.layer].op != OP_SLICE) r.output = 0;
  return r;
}

uint32_t ta_uses(const ta *t, ir_ref r) {
  r = ta_ref(t, r);
  return t->uses[t->out_base[r.layer] + r.output];
}

const char *ta_source_name(const ta *t, uint32_t layer) {
  if (t->src_names) return t->src_names[layer];
  const ir_layer *l = &t->g->layers[layer];
  if (l->op != OP_INPUT && l->caffe_name && *l->caffe_name) return l->caffe_name;
  return l->name;
}

const char *ta_tensor_name(const ta *t, ir_ref r) {
  r = ta_ref(t, r);
  if (t->input_name[r.layer]) return t->input_name[r.layer];
  const ta_stmt *s = &t->stmts[t->stmt_of[r.layer]];
  if (s->unit != TA_NONE) s = &t->stmts[t->units[s->unit].merge];
  return s->names ? s->names[r.output] : s->name;
}

/* Reads of each tensor, with the outputs .arch cannot name counted as
 * reads of the first output: the converted network reads it there. */
static void count_uses(ta *t) {
  const ir_graph *g = t->g;
  t->out_base = arena_calloc(t->arena, g->nlayers + 1, sizeof *t->out_base);
  uint32_t total = 0;
  for (uint32_t i = 0; i < g->nlayers; i++) {
    t->out_base[i] = total;
    total += g->layers[i].noutputs;
  }
  t->out_base[g->nlayers] = total;
  t->uses = arena_calloc(t->arena, total ? total : 1, sizeof *t->uses);
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    for (uint32_t k = 0; k < l->ninputs; k++) {
      ir_ref r = ta_ref(t, l->inputs[k]);
      t->uses[t->out_base[r.layer] + r.output]++;
    }
  }
  for (uint32_t i = 0; i < g->noutputs; i++) {
    ir_ref r = ta_ref(t, g->outputs[i].ref);
    t->uses[t->out_base[r.layer] + r.output]++;
  }
  /* Layers whose extra outputs are read or are outputs: noted in the header. */
  t->lossy = arena_calloc(t->arena, g->nlayers ? g->nlayers : 1, sizeof *t->lossy);
  bool *seen = arena_calloc(t->arena, g->nlayers ? g->nlayers : 1, sizeof *seen);
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    for (uint32_t k = 0; k < l->ninputs; k++) {
      ir_ref r = l->inputs[k];
      if (r.output == 0 || g->layers[r.layer].op == OP_SLICE || seen[r.layer]) continue;
      seen[r.layer] = true;
      t->lossy[t->nlossy++] = r.layer;
    }
  }
  for (uint32_t i = 0; i < g->noutputs; i++) {
    ir_ref r = g->outputs[i].ref;
    if (r.output == 0 || g->layers[r.layer].op == OP_SLICE || seen[r.layer]) continue;
    seen[r.layer] = true;
    t->lossy[t->nlossy++] = r.layer;
  }
}

static bool foldable(ir_op op) {
  return ir_op_is_activation(op) || op == OP_DROPOUT || op == OP_BATCHNORM || op == OP_SCALE;
}

/* The statement a layer folds onto: the one whose value it alone reads. */
static uint32_t fold_target(const ta *t, uint32_t i) {
  const ir_layer *l = &t->g->layers[i];
  if (!foldable(l->op) || l->ninputs != 1) return TA_NONE;
  ir_ref r = ta_ref(t, l->inputs[0]);
  const ir_layer *p = &t->g->layers[r.layer];
  if (p->op == OP_INPUT || p->noutputs != 1 || ta_uses(t, r) != 1) return TA_NONE;
  uint32_t s = t->stmt_of[r.layer];
  return s != TA_NONE && t->stmts[s].last == r.layer ? s : TA_NONE;
}

static void make_statements(ta *t) {
  const ir_graph *g = t->g;
  uint32_t n = g->nlayers ? g->nlayers : 1;
  t->stmt_of = arena_calloc(t->arena, n, sizeof *t->stmt_of);
  t->next = arena_calloc(t->arena, n, sizeof *t->next);
  t->stmts = arena_calloc(t->arena, n, sizeof *t->stmts);
  t->input_name = arena_calloc(t->arena, n, sizeof *t->input_name);
  t->input_orig = arena_calloc(t->arena, n, sizeof *t->input_orig);
  for (uint32_t i = 0; i < g->nlayers; i++) {
    t->next[i] = TA_NONE;
    t->stmt_of[i] = TA_NONE;
    if (g->layers[i].op == OP_INPUT) continue;
    uint32_t s = fold_target(t, i);
    if (s != TA_NONE) {
      t->next[t->stmts[s].last] = i;
      t->stmts[s].last = i;
    } else {
      s = t->nstmts++;
      t->stmts[s] = (ta_stmt){.head = i, .last = i, .unit = TA_NONE};
    }
    t->stmt_of[i] = s;
  }
  /* A network output marks its statement; the outputs of a slice of
   * several get statements of their own (stmt_text). Another layer's
   * further outputs (a pooling's argmax mask) are its first here, as for
   * the layers that read them (ta_ref). */
  for (uint32_t i = 0; i < g->noutputs; i++) {
    ir_ref r = ta_ref(t, g->outputs[i].ref);
    uint32_t s = t->stmt_of[r.layer];
    const ir_layer *l = &g->layers[r.layer];
    if (s != TA_NONE && t->stmts[s].last == r.layer && (l->noutputs == 1 || l->op != OP_SLICE))
      t->stmts[s].output = true;
  }
  /* A Caffe layer without tops (a loss, Silence) has one output in .arch,
   * which nothing reads: it is an output, as the end of the network. */
  for (uint32_t s = 0; s < t->nstmts; s++)
    if (g->layers[t->stmts[s].last].noutputs == 0) t->stmts[s].output = true;
}

bool caffe_to_arch(buf *out, const ir_graph *g, const to_arch_opts *o, diag_list *diags) {
  static const to_arch_opts none = {"", NULL};
  arena a;
  arena_init(&a);
  ta t = {.arena = &a, .diags = diags, .g = g, .opts = o ? o : &none};
  strmap_init(&t.taken, &a);
  bool from_caffe = false;
  for (uint32_t i = 0; i < g->nlayers && !from_caffe; i++) from_caffe = g->layers[i].caffe_type;
  t.net_name = g->name;
  if (!from_caffe) t.src_names = caffe_layer_names(&a, g, &t.net_name);

  count_uses(&t);
  make_statements(&t);
  ta_find_blocks(&t);
  ta_assign_names(&t);
  buf text = {0};
  ta_write(&t, &text);
  if (t.failed) {
    buf_free(&text);
    arena_free(&a);
    return false;
  }

  /* Print through the formatter: parse what was written, then format it. */
  source src;
  source_init(&src, "converted.arch", text.data ? text.data : "", (uint32_t)text.len);
  diag_list parse_diags;
  diag_list_init(&parse_diags, &a);
  ast_file *file = arch_parse(&a, &parse_diags, &src);
  if (diag_has_errors(&parse_diags)) {
    /* A converter bug: the text it wrote does not parse. */
    fprintf(stderr, "archc: internal error: converted text does not parse:\n%s\n",
            parse_diags.head->message);
    abort();
  }
  arch_format(out, file);
  source_fini(&src);
  buf_free(&text);
  arena_free(&a);
  return true;
}

/* textDocument/hover: the layers made where the cursor is (op, name,
 * parameters, and the shapes and costs once the passes have run), a
 * block's signature, a parameter's default. */
#include <stdlib.h>
#include <string.h>

#include "lsp/describe.h"
#include "lsp/handlers.h"
#include "lsp/json.h"
#include "lsp/lookup.h"
#include "lsp/position.h"
#include "util/xalloc.h"

enum { HOVER_MAX_LAYERS = 8 };   /* block instances and repetitions shown */

typedef struct layers {
  const ir_layer **v;
  size_t n, cap;
} layers;

static void add(layers *ls, const ir_layer *l) {
  ls->v = xgrow(ls->v, &ls->cap, ls->n + 1, sizeof *ls->v);
  ls->v[ls->n++] = l;
}

static bool same_range(src_range a, src_range b) { return a.start == b.start && a.end == b.end; }

/* The layers of one application: one per block instance and repetition. */
static void layers_of_app(const lsp_doc *doc, src_range loc, layers *ls) {
  const ir_graph *g = doc->c.graph;
  for (uint32_t i = 0; g && i < g->nlayers; i++)
    if (g->layers[i].src == &doc->c.src && same_range(g->layers[i].loc, loc)) add(ls, &g->layers[i]);
}

static bool ends_with_name(const char *s, const char *name) {
  size_t n = strlen(s), m = strlen(name);
  return n > m && s[n - m - 1] == '.' && strcmp(s + n - m, name) == 0;
}

/* The layers that compute a statement's tensor: named after it in the
 * network body, `instance.NAME` in a block body. */
static void layers_of_tensor(const lsp_doc *doc, const lsp_target *tg, layers *ls) {
  const ir_graph *g = doc->c.graph;
  const char *name = tg->stmt->names[0].name.s;
  for (uint32_t i = 0; g && i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    if (!tg->block ? strcmp(l->name, name) == 0
                   : l->site && strcmp(l->site->block, tg->block->name.name.s) == 0 &&
                         ends_with_name(l->name, name))
      add(ls, l);
  }
}

static bool in_instance(const ir_layer *l, const char *name, size_t len) {
  return strncmp(l->name, name, len) == 0 && l->name[len] == '.';
}

/* A network tensor bound to a block call has no layer of its own name: the
 * instance's layers are NAME.*, and its value is the one of them that
 * layers outside the instance or the network's outputs read. Returns that
 * layer (NULL if there is not exactly one) and counts the instance. */
static const ir_layer *block_result(const ir_graph *g, const char *name, size_t *ninstance) {
  size_t len = strlen(name);
  const ir_layer *result = NULL;
  *ninstance = 0;
  for (uint32_t i = 0; g && i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    bool inside = in_instance(l, name, len);
    *ninstance += inside;
    for (uint32_t k = 0; k < l->ninputs && !inside; k++) {
      const ir_layer *from = &g->layers[l->inputs[k].layer];
      if (!in_instance(from, name, len) || from == result) continue;
      if (result) return NULL;
      result = from;
    }
  }
  for (uint32_t i = 0; g && i < g->noutputs; i++) {
    const ir_layer *from = &g->layers[g->outputs[i].ref.layer];
    if (!in_instance(from, name, len) || from == result) continue;
    if (result) return NULL;
    result = from;
  }
  return result;
}

static void put_layers(lsp_text *t, const lsp_doc *doc, const layers *ls) {
  if (ls->n == 0) return;
  lsp_describe_op(t, ls->v[0]->op);
  for (size_t i = 0; i < ls->n && i < HOVER_MAX_LAYERS; i++) {
    buf_putc(t->out, '\n');
    lsp_describe_layer(t, ls->v[i], doc->analysed);
  }
  if (ls->n > HOVER_MAX_LAYERS)
    buf_printf(t->out, "\n(and %zu more)\n", ls->n - HOVER_MAX_LAYERS);
}

static bool site_has_call(const ir_site *s, src_range call) {
  for (; s; s = s->parent)
    if (same_range(s->loc, call)) return true;
  return false;
}

static void put_network(lsp_text *t, const lsp_doc *doc, const ast_network *net) {
  buf_printf(t->out, "network ");
  lsp_text_code(t, net->name.name.s, net->name.name.len);
  const ir_graph *g = doc->c.graph;
  if (!g) {
    buf_putc(t->out, '\n');
    return;
  }
  buf_printf(t->out, ": %u layers\n", g->nlayers);
  if (!doc->analysed) return;
  int64_t params = 0, macs = 0;
  for (uint32_t i = 0; i < g->nlayers; i++) {
    if (g->layers[i].cost.params > 0) params += g->layers[i].cost.params;
    if (g->layers[i].cost.macs > 0) macs += g->layers[i].cost.macs;
  }
  buf_printf(t->out, "- params: %lld, MACs: %lld\n", (long long)params, (long long)macs);
}

static void put_target(lsp_text *t, const lsp_doc *doc, const lsp_ident *id,
                       const lsp_target *tg) {
  layers ls = {0};
  switch (tg->kind) {
  case REF_OP:
    layers_of_app(doc, id->app->loc, &ls);
    if (ls.n) put_layers(t, doc, &ls);
    else lsp_describe_op(t, tg->op);
    break;
  case REF_BLOCK:
    lsp_describe_block(t, tg->block);
    if (id->app && doc->c.graph) {
      size_t n = 0;
      for (uint32_t i = 0; i < doc->c.graph->nlayers; i++)
        n += site_has_call(doc->c.graph->layers[i].site, id->app->loc);
      buf_printf(t->out, "\nexpands to %zu layer%s here\n", n, n == 1 ? "" : "s");
    }
    break;
  case REF_PARAM:
    buf_puts(t->out, "parameter ");
    lsp_text_code(t, tg->param->name.name.s, tg->param->name.name.len);
    buf_puts(t->out, " of block ");
    lsp_text_code(t, tg->block->name.name.s, tg->block->name.name.len);
    if (tg->param->deflt) {
      buf_puts(t->out, ", default ");
      lsp_text_code(t, tg->param->deflt->text.s, tg->param->deflt->text.len);
    }
    buf_putc(t->out, '\n');
    break;
  case REF_NETWORK: put_network(t, doc, tg->network); break;
  case REF_TENSOR:
    layers_of_tensor(doc, tg, &ls);
    if (tg->stmt->nnames > 1) {
      buf_printf(t->out, "output %zu of %zu of ", tg->index + 1, tg->stmt->nnames);
      lsp_text_code(t, tg->stmt->names[0].name.s, tg->stmt->names[0].name.len);
      buf_puts(t->out, "\n\n");
    }
    if (ls.n) {
      put_layers(t, doc, &ls);
      break;
    }
    buf_puts(t->out, "tensor ");
    lsp_text_code(t, tg->stmt->names[tg->index].name.s, tg->stmt->names[tg->index].name.len);
    size_t n;
    const ir_layer *r = tg->block || tg->stmt->nnames > 1
                            ? NULL
                            : block_result(doc->c.graph, tg->stmt->names[0].name.s, &n);
    if (r && r->site) {
      const ir_site *call = r->site;
      while (call->parent) call = call->parent;
      buf_puts(t->out, ": the result of block ");
      lsp_text_code(t, call->block, strlen(call->block));
      buf_printf(t->out, " (%zu layer%s)\n\n", n, n == 1 ? "" : "s");
      lsp_describe_op(t, r->op);
      buf_putc(t->out, '\n');
      lsp_describe_layer(t, r, doc->analysed);
    } else {
      buf_putc(t->out, '\n');
    }
    break;
  case REF_NONE: break;
  }
  free(ls.v);
}

/* The innermost application around `offset`, for a cursor on an argument
 * or in a Caffe file. */
static bool layers_around(const lsp_doc *doc, uint32_t offset, layers *ls, src_range *range) {
  const ir_graph *g = doc->c.graph;
  const ir_layer *best = NULL;
  for (uint32_t i = 0; g && i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    if (l->src != &doc->c.src || l->loc.start > offset || offset >= l->loc.end) continue;
    if (!best || l->loc.end - l->loc.start < best->loc.end - best->loc.start) best = l;
  }
  if (!best) return false;
  layers_of_app(doc, best->loc, ls);
  *range = best->loc;
  return true;
}

json_t *lsp_hover(lsp_server *s, const json_t *params, lsp_error *err) {
  lsp_doc *doc = lsp_params_doc(s, params, err);
  uint32_t offset;
  if (!doc) return err->code ? NULL : json_null();
  if (!lsp_params_offset(doc, params, &offset, err)) return NULL;
  if (!doc->c.loaded) return json_null();

  buf out = {0};
  lsp_text t = {&out, s->markdown};
  src_range range = {0, 0};
  lsp_ident id;
  lsp_target tg;
  if (doc->c.ast && lsp_ident_at(doc->c.ast, offset, &id) && lsp_resolve(doc->c.ast, &id, &tg)) {
    put_target(&t, doc, &id, &tg);
    range = id.loc;
  } else {
    layers ls = {0};
    if (layers_around(doc, offset, &ls, &range)) put_layers(&t, doc, &ls);
    free(ls.v);
  }
  while (out.len && out.data[out.len - 1] == '\n') out.data[--out.len] = '\0';
  if (!out.len) {
    buf_free(&out);
    return json_null();
  }
  json_t *contents = json_pack("{s:s,s:o}", "kind", s->markdown ? "markdown" : "plaintext",
                               "value", lsp_jstrn(out.data, out.len));
  buf_free(&out);
  return json_pack("{s:o,s:o}", "contents", contents, "range",
                   lsp_range_json(&doc->c.src, range));
}

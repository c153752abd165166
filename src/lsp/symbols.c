/* textDocument/documentSymbol: the network, its blocks and statements, as a
 * tree (DocumentSymbol) or, for clients that cannot take one, as a flat
 * list (SymbolInformation). */
#include <inttypes.h>
#include <string.h>

#include "lsp/handlers.h"
#include "lsp/json.h"
#include "lsp/position.h"
#include "util/buf.h"

/* SymbolKind values of the protocol. */
enum {
  KIND_MODULE = 2, KIND_PROPERTY = 7, KIND_FUNCTION = 12, KIND_VARIABLE = 13,
  KIND_OBJECT = 19, KIND_TYPE_PARAMETER = 26,
};

enum { DETAIL_MAX = 80 };

static json_t *symbol(const source *src, const char *name, size_t len, int kind, buf *detail,
                      src_range range, src_range sel) {
  json_t *j = json_object();
  json_object_set_new(j, "name", lsp_jstrn(name, len));
  if (detail && detail->len) json_object_set_new(j, "detail", lsp_jstrn(detail->data, detail->len));
  json_object_set_new(j, "kind", json_integer(kind));
  /* The protocol wants the name's range inside the whole one. */
  json_object_set_new(j, "range", lsp_range_json(src, src_span(range, sel)));
  json_object_set_new(j, "selectionRange", lsp_range_json(src, sel));
  return j;
}

static void add_child(json_t *parent, json_t *child) {
  json_t *kids = json_object_get(parent, "children");
  if (!kids) json_object_set_new(parent, "children", kids = json_array());
  json_array_append_new(kids, child);
}

/* `conv relu -> maxpool * 2`: the ops and names of a chain, shortened. */
static void put_chain(buf *b, const ast_chain *ch) {
  for (size_t i = 0; ch && i < ch->nstages; i++) {
    if (i) buf_puts(b, " -> ");
    for (size_t j = 0; j < ch->stages[i].napps; j++)
      buf_printf(b, "%s%s", j ? " " : "", ch->stages[i].apps[j].name.s);
    if (ch->stages[i].has_repeat) buf_printf(b, " * %" PRId64, ch->stages[i].repeat);
  }
  if (b->len > DETAIL_MAX) {
    b->len = DETAIL_MAX - 3;
    buf_puts(b, "...");
  }
}

static void add_block(json_t *parent, const source *src, const ast_block *blk);

static void add_body(json_t *parent, const source *src, ast_stmt *const *body, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const ast_stmt *st = body[i];
    buf d = {0};
    switch (st->kind) {
    case STMT_INPUT:
      buf_puts(&d, "input ");
      for (int k = 0; k < st->shape.ndims; k++)
        buf_printf(&d, "%s%" PRId64, k ? "x" : "", st->shape.dims[k]);
      add_child(parent, symbol(src, st->names[0].name.s, st->names[0].name.len, KIND_VARIABLE,
                               &d, st->loc, st->names[0].loc));
      break;
    case STMT_ASSIGN:
    case STMT_OUTPUT:
    case STMT_RETURN:
      if (st->kind == STMT_OUTPUT) buf_puts(&d, "output: ");
      put_chain(&d, st->chain);
      if (st->nnames == 0) {
        const char *word = st->kind == STMT_OUTPUT ? "output" : "return";
        add_child(parent, symbol(src, word, strlen(word), KIND_VARIABLE, &d, st->loc, st->loc));
      }
      for (size_t k = 0; k < st->nnames; k++)
        add_child(parent, symbol(src, st->names[k].name.s, st->names[k].name.len,
                                 KIND_VARIABLE, &d, st->loc, st->names[k].loc));
      break;
    case STMT_META: {
      json_t *m = symbol(src, "meta", 4, KIND_OBJECT, NULL, st->loc, st->loc);
      for (size_t k = 0; k < st->nmeta; k++) {
        const ast_arg *e = &st->meta[k];
        buf v = {0};
        if (e->value) buf_put(&v, e->value->text.s, e->value->text.len);
        add_child(m, symbol(src, e->name.s, e->name.len, KIND_PROPERTY, &v, e->loc, e->name_loc));
        buf_free(&v);
      }
      add_child(parent, m);
      break;
    }
    case STMT_BLOCK: add_block(parent, src, st->block); break;
    }
    buf_free(&d);
  }
}

static json_t *block_symbol(const source *src, const ast_block *blk) {
  buf d = {0};
  buf_putc(&d, '(');
  for (size_t k = 0; k < blk->nparams; k++)
    buf_printf(&d, "%s%s", k ? ", " : "", blk->params[k].name.name.s);
  buf_putc(&d, ')');
  json_t *b = symbol(src, blk->name.name.s, blk->name.name.len, KIND_FUNCTION, &d, blk->loc,
                     blk->name.loc);
  buf_free(&d);
  for (size_t k = 0; k < blk->nparams; k++) {
    const ast_param *p = &blk->params[k];
    add_child(b, symbol(src, p->name.name.s, p->name.name.len, KIND_TYPE_PARAMETER, NULL,
                        p->name.loc, p->name.loc));
  }
  add_body(b, src, blk->body, blk->nbody);
  return b;
}

static void add_block(json_t *parent, const source *src, const ast_block *blk) {
  add_child(parent, block_symbol(src, blk));
}

/* SymbolInformation for each symbol of the tree, in document order. */
static void flatten(json_t *out, json_t *syms, const char *uri, const char *container) {
  size_t i;
  json_t *sym;
  json_array_foreach(syms, i, sym) {
    json_t *info = json_pack("{s:O,s:O,s:{s:o,s:O}}", "name", json_object_get(sym, "name"),
                             "kind", json_object_get(sym, "kind"), "location", "uri",
                             lsp_jstr(uri), "range", json_object_get(sym, "range"));
    if (container) json_object_set_new(info, "containerName", lsp_jstr(container));
    json_array_append_new(out, info);
    json_t *kids = json_object_get(sym, "children");
    if (kids) flatten(out, kids, uri, json_string_value(json_object_get(sym, "name")));
  }
}

json_t *lsp_document_symbol(lsp_server *s, const json_t *params, lsp_error *err) {
  lsp_doc *doc = lsp_params_doc(s, params, err);
  if (!doc) return err->code ? NULL : json_null();
  json_t *tree = json_array();
  const ast_file *f = doc->c.ast;
  const source *src = &doc->c.src;
  for (size_t i = 0; f && i < f->nitems; i++) {
    const ast_item *it = &f->items[i];
    if (it->block) {
      json_array_append_new(tree, block_symbol(src, it->block));
    } else if (it->network) {
      const ast_network *net = it->network;
      buf d = {0};
      buf_puts(&d, "network");
      json_t *n = symbol(src, net->name.name.s, net->name.name.len, KIND_MODULE, &d, net->loc,
                         net->name.loc);
      buf_free(&d);
      add_body(n, src, net->body, net->nbody);
      json_array_append_new(tree, n);
    }
  }
  if (s->hierarchical) return tree;
  json_t *flat = json_array();
  flatten(flat, tree, doc->uri, NULL);
  json_decref(tree);
  return flat;
}

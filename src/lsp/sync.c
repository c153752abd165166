/* Document synchronization: didOpen, didChange, didClose, didSave. Every
 * change compiles the document again and publishes its diagnostics. */
#include <stdlib.h>
#include <string.h>

#include "lsp/diagnostics.h"
#include "lsp/handlers.h"
#include "lsp/json.h"
#include "lsp/position.h"
#include "lsp/rpc.h"
#include "util/buf.h"

static void publish(lsp_server *s, const lsp_doc *doc) {
  lsp_send(s, rpc_notification("textDocument/publishDiagnostics",
                               lsp_diagnostics_params(doc)));
}

void lsp_did_open(lsp_server *s, const json_t *params) {
  json_t *td = lsp_jget_obj(params, "textDocument");
  const char *uri = lsp_jget_str(td, "uri", NULL);
  size_t len;
  const char *text = lsp_jget_str(td, "text", &len);
  int64_t version = 0;
  if (!uri || !text) {
    lsp_log(s, "didOpen without textDocument.uri and .text; ignored");
    return;
  }
  lsp_jget_int(td, "version", &version);
  publish(s, lsp_docs_open(&s->docs, uri, lsp_jget_str(td, "languageId", NULL), version, text,
                           len));
}

/* Applies one change to `text`: a range replaced, or the whole text when
 * the change has no range. */
static bool apply(lsp_server *s, const lsp_doc *doc, const json_t *change, buf *text) {
  size_t len;
  const char *repl = lsp_jget_str(change, "text", &len);
  json_t *range = json_object_get(change, "range");
  if (!repl) return false;
  if (!range) {
    text->len = 0;
    buf_put(text, repl, len);
    return true;
  }
  /* Positions are read against the text as it is now. */
  const char *now = text->data ? text->data : "";
  source src;
  source_init(&src, doc->uri, now, (uint32_t)text->len);
  lsp_pos a, b;
  bool ok = lsp_pos_from_json(json_object_get(range, "start"), &a) &&
            lsp_pos_from_json(json_object_get(range, "end"), &b);
  uint32_t from = ok ? lsp_offset_of(&src, a) : 0, to = ok ? lsp_offset_of(&src, b) : 0;
  source_fini(&src);
  if (!ok || to < from) {
    lsp_log(s, "didChange with a bad range; ignored");
    return false;
  }
  buf out = {0};
  buf_put(&out, now, from);
  buf_put(&out, repl, len);
  buf_put(&out, now + to, text->len - to);
  buf_free(text);
  *text = out;
  return true;
}

void lsp_did_change(lsp_server *s, const json_t *params) {
  lsp_error err = {0};
  lsp_doc *doc = lsp_params_doc(s, params, &err);
  json_t *changes = json_object_get(params, "contentChanges");
  if (!doc || !json_is_array(changes)) {
    lsp_log(s, "didChange for a document that is not open, or without changes; ignored");
    return;
  }
  int64_t version = doc->version;
  lsp_jget_int(lsp_jget_obj(params, "textDocument"), "version", &version);
  buf text = {0};
  if (doc->c.loaded) buf_put(&text, doc->c.src.text, doc->c.src.len);
  size_t i;
  json_t *change;
  json_array_foreach(changes, i, change) {
    if (!apply(s, doc, change, &text)) break;
  }
  lsp_doc_update(doc, version, text.data ? text.data : "", text.len);
  buf_free(&text);
  publish(s, doc);
}

void lsp_did_close(lsp_server *s, const json_t *params) {
  const char *uri = lsp_jget_str(lsp_jget_obj(params, "textDocument"), "uri", NULL);
  if (!uri || !lsp_docs_find(&s->docs, uri)) return;
  lsp_docs_close(&s->docs, uri);
  lsp_send(s, rpc_notification("textDocument/publishDiagnostics", lsp_diagnostics_clear(uri)));
}

void lsp_did_save(lsp_server *s, const json_t *params) {
  lsp_error err = {0};
  lsp_doc *doc = lsp_params_doc(s, params, &err);
  if (!doc) return;
  size_t len;
  const char *text = lsp_jget_str(params, "text", &len);
  if (text) lsp_doc_update(doc, doc->version, text, len);
  publish(s, doc);
}

#include "lsp/diagnostics.h"

#include "lsp/json.h"
#include "lsp/position.h"
#include "util/buf.h"

/* DiagnosticSeverity: Error 1, Warning 2, Information 3. */
static int severity(diag_severity s) {
  return s == DIAG_ERROR ? 1 : s == DIAG_WARNING ? 2 : 3;
}

static json_t *location(const lsp_doc *doc, const source *src, src_range r) {
  return json_pack("{s:o,s:o}", "uri", lsp_jstr(doc->uri), "range", lsp_range_json(src, r));
}

/* Notes with a place of their own become related information; a note
 * about the diagnostic's own place ("did you mean 'x'?") goes on a line of
 * the message. */
static json_t *one(const lsp_doc *doc, const diag *d) {
  const source *src = d->src && doc->c.loaded ? d->src : NULL;
  buf msg = {0};
  buf_puts(&msg, d->message);
  json_t *related = json_array();
  for (const diag_note *n = d->notes; n; n = n->next) {
    if (n->src && src) {
      json_array_append_new(related, json_pack("{s:o,s:o}", "location",
                                               location(doc, n->src, n->range), "message",
                                               lsp_jstr(n->message)));
    } else {
      buf_printf(&msg, "\n%s", n->message);
    }
  }
  json_t *j = json_object();
  json_object_set_new(j, "range", lsp_range_json(src, d->range));
  json_object_set_new(j, "severity", json_integer(severity(d->severity)));
  if (d->code) json_object_set_new(j, "code", lsp_jstr(d->code));
  json_object_set_new(j, "source", json_string("archc"));
  json_object_set_new(j, "message", lsp_jstrn(msg.data ? msg.data : "", msg.len));
  if (json_array_size(related)) json_object_set_new(j, "relatedInformation", related);
  else json_decref(related);
  buf_free(&msg);
  return j;
}

json_t *lsp_diagnostics_params(const lsp_doc *doc) {
  json_t *list = json_array();
  for (const diag *d = doc->c.diags.head; d; d = d->next) json_array_append_new(list, one(doc, d));
  if (doc->c.diags.truncated)
    json_array_append_new(
        list, json_pack("{s:o,s:i,s:s,s:s}", "range", lsp_range_json(NULL, (src_range){0, 0}),
                        "severity", 3, "source", "archc", "message",
                        "too many diagnostics; the rest were not shown"));
  return json_pack("{s:o,s:I,s:o}", "uri", lsp_jstr(doc->uri), "version",
                   (json_int_t)doc->version, "diagnostics", list);
}

json_t *lsp_diagnostics_clear(const char *uri) {
  return json_pack("{s:o,s:[]}", "uri", lsp_jstr(uri), "diagnostics");
}

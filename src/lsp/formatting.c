/* textDocument/formatting: the canonical style of `archc fmt`, as one edit
 * replacing the whole document. A document that does not parse is left
 * alone (null): formatting it would drop what could not be read. The
 * client's tab and space options do not apply: the style is fixed. */
#include <string.h>

#include "arch/fmt.h"
#include "lsp/handlers.h"
#include "lsp/json.h"
#include "lsp/position.h"

json_t *lsp_formatting(lsp_server *s, const json_t *params, lsp_error *err) {
  lsp_doc *doc = lsp_params_doc(s, params, err);
  if (!doc) return err->code ? NULL : json_null();
  if (!doc->c.loaded || !doc->c.ast || !doc->parsed) return json_null();
  buf out = {0};
  arch_format(&out, doc->c.ast);
  const source *src = &doc->c.src;
  json_t *edits = json_array();
  if (out.len != src->len || memcmp(out.data ? out.data : "", src->text, out.len) != 0)
    json_array_append_new(edits, json_pack("{s:o,s:o}", "range",
                                           lsp_range_json(src, (src_range){0, src->len}),
                                           "newText", lsp_jstrn(out.data ? out.data : "",
                                                                out.len)));
  buf_free(&out);
  return edits;
}

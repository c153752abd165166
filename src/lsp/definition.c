/* textDocument/definition: from a tensor, parameter or block name to the
 * name in the statement, parameter list or block that defines it. */
#include "lsp/handlers.h"
#include "lsp/json.h"
#include "lsp/lookup.h"
#include "lsp/position.h"

json_t *lsp_definition(lsp_server *s, const json_t *params, lsp_error *err) {
  lsp_doc *doc = lsp_params_doc(s, params, err);
  uint32_t offset;
  if (!doc) return err->code ? NULL : json_null();
  if (!lsp_params_offset(doc, params, &offset, err)) return NULL;
  lsp_ident id;
  lsp_target tg;
  if (!doc->c.ast || !lsp_ident_at(doc->c.ast, offset, &id) ||
      !lsp_resolve(doc->c.ast, &id, &tg) || tg.kind == REF_OP)
    return json_null();
  return json_pack("{s:o,s:o}", "uri", lsp_jstr(doc->uri), "range",
                   lsp_range_json(&doc->c.src, tg.name_loc));
}

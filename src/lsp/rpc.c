#include "lsp/rpc.h"

#include "lsp/json.h"

static json_t *message(const json_t *id) {
  json_t *m = json_object();
  json_object_set_new(m, "jsonrpc", json_string("2.0"));
  json_object_set_new(m, "id", id ? json_deep_copy(id) : json_null());
  return m;
}

json_t *rpc_result(const json_t *id, json_t *result) {
  json_t *m = message(id);
  json_object_set_new(m, "result", result ? result : json_null());
  return m;
}

json_t *rpc_error(const json_t *id, int code, const char *msg) {
  json_t *m = message(id);
  json_t *e = json_object();
  json_object_set_new(e, "code", json_integer(code));
  json_object_set_new(e, "message", lsp_jstr(msg));
  json_object_set_new(m, "error", e);
  return m;
}

json_t *rpc_notification(const char *method, json_t *params) {
  json_t *m = json_object();
  json_object_set_new(m, "jsonrpc", json_string("2.0"));
  json_object_set_new(m, "method", lsp_jstr(method));
  json_object_set_new(m, "params", params ? params : json_null());
  return m;
}

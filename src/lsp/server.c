/* The server loop: read a message, check it is a JSON-RPC request or
 * notification, dispatch it by method, reply. Every malformed input gets an
 * error reply (or, for a notification, a line in the log) and the loop goes
 * on; only the end of the input or `exit` stops it. */
#include "lsp/server.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lsp/handlers.h"
#include "lsp/json.h"
#include "lsp/lsp.h"
#include "lsp/position.h"
#include "lsp/rpc.h"
#include "lsp/transport.h"

static const struct {
  const char *method;
  lsp_request_fn *fn;
} requests[] = {
  {"initialize", lsp_initialize},
  {"shutdown", lsp_shutdown},
  {"textDocument/hover", lsp_hover},
  {"textDocument/definition", lsp_definition},
  {"textDocument/documentSymbol", lsp_document_symbol},
  {"textDocument/formatting", lsp_formatting},
};

static const struct {
  const char *method;
  lsp_notification_fn *fn;
} notifications[] = {
  {"initialized", lsp_initialized},
  {"exit", lsp_exit},
  {"textDocument/didOpen", lsp_did_open},
  {"textDocument/didChange", lsp_did_change},
  {"textDocument/didClose", lsp_did_close},
  {"textDocument/didSave", lsp_did_save},
};

void lsp_fail(lsp_error *err, int code, const char *fmt, ...) {
  err->code = code;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
}

void lsp_log(lsp_server *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("archc lsp: ", s->log);
  vfprintf(s->log, fmt, ap);
  fputc('\n', s->log);
  fflush(s->log);
  va_end(ap);
}

void lsp_send(lsp_server *s, json_t *msg) {
  char *text = msg ? json_dumps(msg, JSON_COMPACT) : NULL;
  json_decref(msg);
  if (!text) {
    lsp_log(s, "cannot encode a reply");
    return;
  }
  if (!s->broken && !lsp_write_message(s->out, text, strlen(text))) {
    lsp_log(s, "cannot write to the client; stopping");
    s->broken = true;
  }
  free(text);
}

lsp_doc *lsp_params_doc(lsp_server *s, const json_t *params, lsp_error *err) {
  const char *uri = lsp_jget_str(lsp_jget_obj(params, "textDocument"), "uri", NULL);
  if (!uri) {
    lsp_fail(err, RPC_INVALID_PARAMS, "params.textDocument.uri is missing");
    return NULL;
  }
  return lsp_docs_find(&s->docs, uri);
}

bool lsp_params_offset(const lsp_doc *doc, const json_t *params, uint32_t *offset,
                       lsp_error *err) {
  lsp_pos p;
  if (!lsp_pos_from_json(json_object_get(params, "position"), &p)) {
    lsp_fail(err, RPC_INVALID_PARAMS, "params.position is missing or not a position");
    return false;
  }
  *offset = doc->c.loaded ? lsp_offset_of(&doc->c.src, p) : 0;
  return true;
}

static void request(lsp_server *s, const json_t *id, const char *method, const json_t *params) {
  lsp_error err = {0};
  json_t *result = NULL;
  if (s->state == LSP_STARTING && strcmp(method, "initialize") != 0) {
    lsp_fail(&err, RPC_SERVER_NOT_INITIALIZED, "the server is not initialized yet");
  } else if (s->state == LSP_SHUT_DOWN) {
    lsp_fail(&err, RPC_INVALID_REQUEST, "the server is shut down; only 'exit' is accepted");
  } else {
    size_t i = 0, n = sizeof requests / sizeof requests[0];
    while (i < n && strcmp(requests[i].method, method) != 0) i++;
    if (i == n) lsp_fail(&err, RPC_METHOD_NOT_FOUND, "unknown method '%s'", method);
    else result = requests[i].fn(s, params, &err);
  }
  if (!result && !err.code) lsp_fail(&err, RPC_INTERNAL_ERROR, "%s failed", method);
  lsp_send(s, err.code ? rpc_error(id, err.code, err.message) : rpc_result(id, result));
  if (err.code) json_decref(result);
}

static void notification(lsp_server *s, const char *method, const json_t *params) {
  /* Before `initialize` and after `shutdown` only `exit` counts; unknown
   * notifications, `$/` ones included ($/cancelRequest: every request is
   * answered at once), are dropped as the protocol asks. */
  if (s->state != LSP_RUNNING && strcmp(method, "exit") != 0) return;
  for (size_t i = 0; i < sizeof notifications / sizeof notifications[0]; i++) {
    if (strcmp(notifications[i].method, method) == 0) {
      notifications[i].fn(s, params);
      return;
    }
  }
}

/* One decoded message. */
static void dispatch(lsp_server *s, const json_t *msg) {
  if (!json_is_object(msg)) {
    lsp_send(s, rpc_error(NULL, RPC_INVALID_REQUEST,
                          json_is_array(msg) ? "batches are not supported"
                                             : "a message must be a JSON object"));
    return;
  }
  json_t *id = json_object_get(msg, "id");
  json_t *method = json_object_get(msg, "method");
  json_t *params = json_object_get(msg, "params");
  if (json_is_null(params)) params = NULL;  /* some clients send it for "none" */
  const char *version = lsp_jget_str(msg, "jsonrpc", NULL);
  bool id_ok = !id || json_is_integer(id) || json_is_string(id) || json_is_null(id);
  const char *problem = !version || strcmp(version, "2.0") != 0 ? "'jsonrpc' must be \"2.0\""
                        : !id_ok ? "'id' must be a number or a string"
                        : method && !json_is_string(method) ? "'method' must be a string"
                        : params && !json_is_object(params) && !json_is_array(params)
                            ? "'params' must be an object or an array"
                            : NULL;
  if (!problem && !method) {
    /* A response: the server sends no requests, so there is nothing to
     * match it with. */
    if (id && (json_object_get(msg, "result") || json_object_get(msg, "error"))) return;
    problem = "a request needs a 'method'";
  }
  if (problem) {
    if (id || !method) lsp_send(s, rpc_error(id_ok ? id : NULL, RPC_INVALID_REQUEST, problem));
    else lsp_log(s, "ignoring an invalid notification: %s", problem);
    return;
  }
  if (id) request(s, id, json_string_value(method), params);
  else notification(s, json_string_value(method), params);
}

static void receive(lsp_server *s, const char *body, size_t len) {
  json_error_t jerr;
  json_t *msg = json_loadb(body, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
  if (!msg) {
    char text[300];
    snprintf(text, sizeof text, "invalid JSON at line %d, column %d: %s", jerr.line,
             jerr.column, jerr.text);
    lsp_send(s, rpc_error(NULL, RPC_PARSE_ERROR, text));
    return;
  }
  dispatch(s, msg);
  json_decref(msg);
}

int lsp_serve(FILE *in, FILE *out, FILE *log) {
  lsp_server s = {.in = in, .out = out, .log = log, .max_message = LSP_MAX_MESSAGE};
  while (!s.exit && !s.broken) {
    lsp_message m;
    lsp_read_status st = lsp_read_message(in, s.max_message, &m);
    if (st == LSP_READ_EOF) break;
    if (st == LSP_READ_TRUNCATED) {
      lsp_log(&s, "the input ended inside a message");
      break;
    }
    if (st == LSP_READ_BAD_HEADER) {
      char text[160];
      snprintf(text, sizeof text, "bad message header: %s", m.why);
      lsp_send(&s, rpc_error(NULL, RPC_PARSE_ERROR, text));
    } else if (st == LSP_READ_TOO_LARGE) {
      char text[160];
      snprintf(text, sizeof text, "a message of %zu bytes is larger than the limit of %zu",
               m.declared, s.max_message);
      lsp_send(&s, rpc_error(NULL, RPC_INVALID_REQUEST, text));
    } else {
      receive(&s, m.body, m.len);
      free(m.body);
    }
  }
  lsp_docs_free(&s.docs);
  return s.state == LSP_SHUT_DOWN ? 0 : 1;
}

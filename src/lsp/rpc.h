/* JSON-RPC 2.0 messages: replies, errors and notifications, and the
 * error codes of JSON-RPC and the Language Server Protocol. */
#ifndef ARCHC_LSP_RPC_H
#define ARCHC_LSP_RPC_H

#include <jansson.h>

enum {
  RPC_PARSE_ERROR = -32700,
  RPC_INVALID_REQUEST = -32600,
  RPC_METHOD_NOT_FOUND = -32601,
  RPC_INVALID_PARAMS = -32602,
  RPC_INTERNAL_ERROR = -32603,
  RPC_SERVER_NOT_INITIALIZED = -32002,
  RPC_REQUEST_FAILED = -32803,
};

/* `id` is borrowed (NULL: null); `result` is stolen (NULL: null). */
json_t *rpc_result(const json_t *id, json_t *result);
json_t *rpc_error(const json_t *id, int code, const char *message);
json_t *rpc_notification(const char *method, json_t *params);

#endif

/* The server's state, and what the handlers share: sending messages and
 * finding the document a request speaks of. */
#ifndef ARCHC_LSP_SERVER_H
#define ARCHC_LSP_SERVER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "lsp/documents.h"

/* The largest message read; a document's text may reach the compiler's
 * limit, and JSON escapes make it longer. */
#define LSP_MAX_MESSAGE ((size_t)COMPILE_MAX_SOURCE + 64u * 1024 * 1024)

typedef enum lsp_state {
  LSP_STARTING,        /* waiting for `initialize` */
  LSP_RUNNING,
  LSP_SHUT_DOWN,       /* `shutdown` received: only `exit` is left */
} lsp_state;

typedef struct lsp_server {
  FILE *in, *out, *log;
  size_t max_message;
  lsp_state state;
  bool exit;           /* `exit` received */
  bool broken;         /* writing to the client failed */
  lsp_docs docs;
  /* what the client said it can take */
  bool markdown;       /* Markdown in hovers */
  bool hierarchical;   /* documentSymbol as a tree */
} lsp_server;

/* A request's failure: an error code and message for the reply. */
typedef struct lsp_error {
  int code;            /* 0: no error */
  char message[200];
} lsp_error;

void lsp_fail(lsp_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sends a message (stolen) to the client. */
void lsp_send(lsp_server *s, json_t *msg);
void lsp_log(lsp_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The open document named by params.textDocument.uri. NULL when the
 * parameters name none (with an InvalidParams error) or when it is not
 * open (no error: there is simply nothing to say about it). */
lsp_doc *lsp_params_doc(lsp_server *s, const json_t *params, lsp_error *err);
/* The byte offset of params.position in `doc`; false (InvalidParams) if
 * there is none. */
bool lsp_params_offset(const lsp_doc *doc, const json_t *params, uint32_t *offset,
                       lsp_error *err);

#endif

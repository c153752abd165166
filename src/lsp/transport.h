/* The protocol's framing: a header block ("Content-Length: N", other
 * headers, a blank line) and N bytes of JSON. Reading survives malformed
 * headers, oversized bodies and truncated input, so that one bad message
 * costs one error reply, not the server. */
#ifndef ARCHC_LSP_TRANSPORT_H
#define ARCHC_LSP_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum { LSP_MAX_HEADER_LINE = 1024 };

typedef enum lsp_read_status {
  LSP_READ_OK,          /* a body was read */
  LSP_READ_EOF,         /* the input ended between messages */
  LSP_READ_TRUNCATED,   /* the input ended inside a message */
  LSP_READ_BAD_HEADER,  /* no usable Content-Length: the header block was skipped */
  LSP_READ_TOO_LARGE,   /* the body was longer than the limit and was skipped */
} lsp_read_status;

typedef struct lsp_message {
  char *body;           /* malloc'd, NUL-terminated; NULL unless LSP_READ_OK */
  size_t len;
  size_t declared;      /* the Content-Length (LSP_READ_TOO_LARGE) */
  char why[96];         /* what was wrong with the header (LSP_READ_BAD_HEADER) */
} lsp_message;

/* Reads the next message; bodies longer than `max` bytes are skipped. The
 * caller frees m->body. */
lsp_read_status lsp_read_message(FILE *in, size_t max, lsp_message *m);

/* Writes one framed message and flushes; false on a write error. */
bool lsp_write_message(FILE *out, const char *body, size_t len);

#endif

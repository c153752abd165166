/* The documents the client has open: their text (full sync), version, and
 * the compilation of that text, redone at every change and kept for the
 * requests that follow (hover, definition, symbols, formatting). */
#ifndef ARCHC_LSP_DOCUMENTS_H
#define ARCHC_LSP_DOCUMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compile.h"

/* Errors and warnings kept per document; an editor shows no more. */
enum { LSP_MAX_DIAGNOSTICS = 100 };

typedef struct lsp_doc {
  char *uri;
  front_kind front;     /* from the language id, else by the name */
  int64_t version;
  compilation c;        /* c.src is the text; c.loaded is false if it was too large */
  bool parsed;          /* the text parsed without errors: it may be formatted */
  bool analysed;        /* shapes and costs are all known */
} lsp_doc;

typedef struct lsp_docs {
  lsp_doc **v;
  size_t n, cap;
} lsp_docs;

lsp_doc *lsp_docs_find(const lsp_docs *d, const char *uri);
/* Opens (or reopens) a document and compiles it. */
lsp_doc *lsp_docs_open(lsp_docs *d, const char *uri, const char *language, int64_t version,
                       const char *text, size_t len);
/* Replaces the text of an open document and compiles it again. */
void lsp_doc_update(lsp_doc *doc, int64_t version, const char *text, size_t len);
void lsp_docs_close(lsp_docs *d, const char *uri);
void lsp_docs_free(lsp_docs *d);

#endif

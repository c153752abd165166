#include "lsp/documents.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

lsp_doc *lsp_docs_find(const lsp_docs *d, const char *uri) {
  for (size_t i = 0; i < d->n; i++)
    if (strcmp(d->v[i]->uri, uri) == 0) return d->v[i];
  return NULL;
}

static void compile(lsp_doc *doc, const char *text, size_t len) {
  compilation_init(&doc->c, LSP_MAX_DIAGNOSTICS);
  doc->c.opts.from = doc->front;
  doc->parsed = doc->analysed = false;
  if (compilation_set_text(&doc->c, doc->uri, text, len)) {
    compilation_parse(&doc->c);
    doc->parsed = !diag_has_errors(&doc->c.diags);
    doc->analysed = compilation_diagnose(&doc->c, true);
  }
  diag_sort(&doc->c.diags);
}

lsp_doc *lsp_docs_open(lsp_docs *d, const char *uri, const char *language, int64_t version,
                       const char *text, size_t len) {
  lsp_doc *doc = lsp_docs_find(d, uri);
  if (doc) {
    compilation_fini(&doc->c);
  } else {
    d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof *d->v);
    doc = d->v[d->n++] = xcalloc(1, sizeof *doc);
    doc->uri = xstrdup(uri);
  }
  /* Anything else is decided by the file name, as on the command line. */
  doc->front = !language                          ? FRONT_AUTO
               : strcmp(language, "arch") == 0     ? FRONT_ARCH
               : strcmp(language, "prototxt") == 0 ? FRONT_PROTOTXT
                                                   : FRONT_AUTO;
  doc->version = version;
  compile(doc, text, len);
  return doc;
}

void lsp_doc_update(lsp_doc *doc, int64_t version, const char *text, size_t len) {
  compilation_fini(&doc->c);
  doc->version = version;
  compile(doc, text, len);
}

static void doc_free(lsp_doc *doc) {
  compilation_fini(&doc->c);
  free(doc->uri);
  free(doc);
}

void lsp_docs_close(lsp_docs *d, const char *uri) {
  for (size_t i = 0; i < d->n; i++) {
    if (strcmp(d->v[i]->uri, uri) != 0) continue;
    doc_free(d->v[i]);
    memmove(d->v + i, d->v + i + 1, (d->n - i - 1) * sizeof *d->v);
    d->n--;
    return;
  }
}

void lsp_docs_free(lsp_docs *d) {
  for (size_t i = 0; i < d->n; i++) doc_free(d->v[i]);
  free(d->v);
  memset(d, 0, sizeof *d);
}

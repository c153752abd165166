/* Rendering the diagnostic list for people (text with source line and
 * caret) and for tools (gcc-style one-liners, JSON, SARIF). */
#ifndef ARCHC_DIAG_RENDER_H
#define ARCHC_DIAG_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "diag/diag.h"

/* In the order of the --diagnostics-format words. */
typedef enum diag_format {
  DIAG_FORMAT_TEXT, DIAG_FORMAT_GCC, DIAG_FORMAT_JSON, DIAG_FORMAT_SARIF
} diag_format;

/* Text and gcc only: those print each file's diagnostics as it is done. */
void diag_render(FILE *out, const diag_list *l, diag_format fmt, bool color);

/* JSON and SARIF are one document for a whole run: each file's
 * diagnostics are added when the file is done (the document keeps copies,
 * so the compilation may be freed), and the document is written at the
 * end. Lines and columns count from 1; end positions are exclusive. JSON
 * columns count bytes, as the text formats do; SARIF columns count UTF-16
 * code units (the run says so in columnKind). */
typedef struct diag_doc diag_doc;

diag_doc *diag_doc_new(diag_format fmt);
/* `src` is the file the list is about (NULL: it could not be read;
 * `name` then names it). */
void diag_doc_add(diag_doc *doc, const diag_list *l, const source *src, const char *name);
/* Writes the document and a newline; false on a write error. */
bool diag_doc_write(const diag_doc *doc, FILE *out);
void diag_doc_free(diag_doc *doc);

/* Between render_json.c and render_sarif.c: a JSON string made safe
 * (invalid UTF-8 replaced by U+FFFD), and the SARIF log, which keeps the
 * indices of its rules and artifacts in `index`. */
struct json_t;
struct json_t *diag_json_string(const char *s);
/* `s` as a quoted JSON string in `out`, made safe the same way (for
 * writers that print JSON by hand: the layer table, --features jsonl). */
struct buf;
void diag_json_quote(struct buf *out, const char *s);
struct json_t *diag_sarif_new(void);
void diag_sarif_add(struct json_t *log, struct json_t *index, const diag_list *l,
                    const source *src, const char *name);
/* The name shown for a source: "<stdin>" for "-". */
const char *diag_display_name(const source *s);

#endif

/* The JSON diagnostics document, and the document interface that the JSON
 * and SARIF formats share (render.h). Positions count bytes, as in the
 * text formats, so that a tool can match the two. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag/render.h"
#include "util/buf.h"
#include "util/xalloc.h"

enum { JSON_FORMAT_VERSION = 1 };

struct diag_doc {
  diag_format fmt;
  json_t *root;
  json_t *files, *diags;   /* JSON: the two arrays of the document */
  json_t *index;           /* SARIF: indices of rules and artifacts */
};

static const char *const sev_name[] = {"note", "warning", "error"};

/* The length of the valid UTF-8 sequence at `p` (at most `n` bytes), or 0.
 * Overlong forms, surrogates and code points past U+10FFFF are invalid, as
 * jansson has them. */
static size_t utf8_valid(const unsigned char *p, size_t n) {
  if (p[0] < 0x80) return 1;
  size_t len;
  uint32_t cp;
  if (p[0] >= 0xC2 && p[0] <= 0xDF) len = 2, cp = p[0] & 0x1F;
  else if (p[0] >= 0xE0 && p[0] <= 0xEF) len = 3, cp = p[0] & 0x0F;
  else if (p[0] >= 0xF0 && p[0] <= 0xF4) len = 4, cp = p[0] & 0x07;
  else return 0;
  if (len > n) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    cp = cp << 6 | (p[i] & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  return len;
}

json_t *diag_json_string(const char *s) {
  json_t *j = json_string(s);
  if (j) return j;
  /* Comments and file names may hold any bytes; JSON holds only UTF-8. */
  size_t n = strlen(s);
  if (n > (SIZE_MAX - 1) / 3) xalloc_die();
  char *out = xmalloc(3 * n + 1);
  size_t o = 0;
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    size_t len = utf8_valid(p + i, n - i);
    if (len) {
      memcpy(out + o, p + i, len);
      o += len, i += len;
    } else {
      memcpy(out + o, "\xEF\xBF\xBD", 3);
      o += 3, i++;
    }
  }
  j = json_stringn(out, o);
  free(out);
  return j ? j : json_string("");
}

void diag_json_quote(buf *out, const char *s) {
  json_t *valid = diag_json_string(s);
  buf_putc(out, '"');
  for (const unsigned char *c = (const unsigned char *)json_string_value(valid); *c; c++) {
    if (*c == '"' || *c == '\\') buf_printf(out, "\\%c", *c);
    else if (*c < 0x20) buf_printf(out, "\\u%04x", *c);
    else buf_putc(out, (char)*c);
  }
  buf_putc(out, '"');
  json_decref(valid);
}

/* Sets line, column, endLine and endColumn; bytes, from 1, end exclusive. */
static void set_range(json_t *o, const source *s, src_range r) {
  src_pos a = source_pos(s, r.start), b = source_pos(s, r.end);
  json_object_set_new(o, "line", json_integer(a.line));
  json_object_set_new(o, "column", json_integer(a.col));
  json_object_set_new(o, "endLine", json_integer(b.line));
  json_object_set_new(o, "endColumn", json_integer(b.col));
}

static json_t *json_diag(const diag *d, const char *name) {
  json_t *o = json_object();
  json_object_set_new(o, "file", diag_json_string(d->src ? diag_display_name(d->src) : name));
  if (d->src) set_range(o, d->src, d->range);
  json_object_set_new(o, "severity", json_string(sev_name[d->severity]));
  json_object_set_new(o, "code", d->code ? diag_json_string(d->code) : json_null());
  json_object_set_new(o, "message", diag_json_string(d->message));
  json_t *notes = json_array();
  for (const diag_note *n = d->notes; n; n = n->next) {
    if (n->fixit) continue;  /* carried under "fixes" */
    /* A note without a place of its own speaks of the diagnostic's. */
    const source *src = n->src ? n->src : d->src;
    json_t *jn = json_object();
    if (src) {
      json_object_set_new(jn, "file", diag_json_string(diag_display_name(src)));
      set_range(jn, src, n->src ? n->range : d->range);
    }
    json_object_set_new(jn, "message", diag_json_string(n->message));
    json_array_append_new(notes, jn);
  }
  json_object_set_new(o, "notes", notes);
  json_t *fixes = json_array();
  for (const diag_fixit *f = d->fixits; f; f = f->next) {
    json_t *jf = json_object();
    set_range(jf, d->src, f->range);
    json_object_set_new(jf, "replacement", diag_json_string(f->text));
    json_array_append_new(fixes, jf);
  }
  json_object_set_new(o, "fixes", fixes);
  return o;
}

diag_doc *diag_doc_new(diag_format fmt) {
  diag_doc *doc = xcalloc(1, sizeof *doc);
  doc->fmt = fmt;
  if (fmt == DIAG_FORMAT_SARIF) {
    doc->root = diag_sarif_new();
    doc->index = json_object();
    return doc;
  }
  doc->root = json_object();
  doc->files = json_array();
  doc->diags = json_array();
  json_object_set_new(doc->root, "version", json_integer(JSON_FORMAT_VERSION));
  json_object_set(doc->root, "files", doc->files);
  json_object_set(doc->root, "diagnostics", doc->diags);
  return doc;
}

void diag_doc_add(diag_doc *doc, const diag_list *l, const source *src, const char *name) {
  const char *shown = src ? diag_display_name(src) : strcmp(name, "-") == 0 ? "<stdin>" : name;
  if (doc->fmt == DIAG_FORMAT_SARIF) {
    diag_sarif_add(doc->root, doc->index, l, src, shown);
    return;
  }
  json_t *f = json_object();
  json_object_set_new(f, "file", diag_json_string(shown));
  json_object_set_new(f, "errors", json_integer((json_int_t)l->count[DIAG_ERROR]));
  json_object_set_new(f, "warnings", json_integer((json_int_t)l->count[DIAG_WARNING]));
  json_object_set_new(f, "truncated", json_boolean(l->truncated));
  json_array_append_new(doc->files, f);
  for (const diag *d = l->head; d; d = d->next)
    json_array_append_new(doc->diags, json_diag(d, shown));
}

bool diag_doc_write(const diag_doc *doc, FILE *out) {
  if (json_dumpf(doc->root, out, JSON_INDENT(2)) != 0) return false;
  return fputc('\n', out) != EOF;
}

void diag_doc_free(diag_doc *doc) {
  if (!doc) return;
  json_decref(doc->root);
  json_decref(doc->files);
  json_decref(doc->diags);
  json_decref(doc->index);
  free(doc);
}

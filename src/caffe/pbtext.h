/* The protobuf text format, parsed into a generic tree: messages are
 * ordered lists of fields, each field a name and either a scalar or a
 * child message. The tree knows nothing of Caffe; src/caffe/schema.h gives
 * the fields their types. Everything lives in the compilation's arena, and
 * every name and value keeps its byte range in the source. */
#ifndef ARCHC_CAFFE_PBTEXT_H
#define ARCHC_CAFFE_PBTEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "diag/diag.h"
#include "util/arena.h"
#include "util/source.h"

/* Limits that turn absurd input into a diagnostic. */
enum {
  PB_MAX_NESTING = 100,            /* messages and lists open at once */
  PB_MAX_NAME = 4096,              /* bytes in an identifier or a number */
  PB_MAX_STRING = 1 << 20,         /* bytes in one string literal, as written */
  PB_MAX_LEXICAL_ERRORS = 100,     /* past this many, the rest is not read */
};

typedef enum pb_kind {
  PB_IDENT,      /* an enum value or a bool: MAX, true */
  PB_INT,        /* decimal, 0x hex or 0 octal, with an optional '-' */
  PB_FLOAT,      /* 1.5, 1e-3, .5, 2f; also inf, infinity and nan in any case */
  PB_STRING,     /* '...' or "...", adjacent literals joined */
  PB_MESSAGE,    /* { ... } or < ... > */
} pb_kind;

struct pb_field;

typedef struct pb_value {
  pb_kind kind;
  bool overflow;           /* PB_INT: does not fit in int64_t (`i` is then clamped) */
  src_range loc;           /* as written; for a message, '{' to '}'. The raw text of
                              a scalar is the source between these offsets. */
  uint32_t len;            /* PB_STRING: bytes (NUL bytes may occur); PB_MESSAGE: fields */
  union {
    int64_t i;             /* PB_INT */
    double f;              /* PB_FLOAT */
    const char *s;         /* PB_IDENT: the identifier; PB_STRING: the unescaped
                              bytes; both NUL-terminated */
    const struct pb_field *fields;   /* PB_MESSAGE, in source order */
  } u;
} pb_value;

typedef struct pb_field {
  const char *name;
  src_range name_loc;
  pb_value value;          /* a list `f: [a, b]` gives one field per element */
} pb_field;

/* A parsed file: the fields of its top-level message. */
typedef struct pb_file {
  const source *src;
  const pb_field *fields;
  uint32_t nfields;
} pb_file;

/* The whole field, name to the end of the value. */
static inline src_range pb_field_range(const pb_field *f) {
  return src_span(f->name_loc, f->value.loc);
}

/* The value as written in the source (not NUL-terminated). */
static inline const char *pb_value_text(const pb_file *file, const pb_value *v, uint32_t *len) {
  *len = v->loc.end - v->loc.start;
  return file->src->text + v->loc.start;
}

/* Names each kind for messages: "an integer", "a string", ... */
const char *pb_kind_desc(pb_kind k);

#endif

/* The driver of the protobuf text-format parser (grammar/proto.l and
 * grammar/proto.y): screens out binary input, runs the scanner and the
 * grammar, and hands back the tree. */
#include <stdlib.h>
#include <string.h>

#include "caffe/caffe.h"
#include "caffe/pbtext.h"
#include "proto-parse.h"
#include "util/xalloc.h"

/* Declared by the Flex scanner (its header is not used, so that the
 * scanner's internals stay in grammar/). */
int pb_yylex_init_extra(pb_parser *extra, yyscan_t *scanner);
int pb_yylex_destroy(yyscan_t scanner);
struct yy_buffer_state *pb_yy_scan_buffer(char *base, size_t size, yyscan_t scanner);

enum { PRESIZE_MAX = 1 << 16 };

const char *pb_kind_desc(pb_kind k) {
  switch (k) {
  case PB_IDENT: return "an identifier";
  case PB_INT: return "an integer";
  case PB_FLOAT: return "a number";
  case PB_STRING: return "a string";
  case PB_MESSAGE: return "a message";
  }
  return "a value";
}

void pb_push_field(pb_parser *p, const char *name, src_range name_loc, const pb_value *v) {
  if (p->nstack == p->cap_stack)
    p->stack = xgrow(p->stack, &p->cap_stack, p->nstack + 1, sizeof *p->stack);
  pb_field *f = &p->stack[p->nstack++];
  f->name = name;
  f->name_loc = name_loc;
  f->value = *v;
}

/* A file whose first kilobyte holds a NUL byte or many control bytes is
 * not text (a binary .caffemodel, most likely); say so once instead of
 * reporting every byte. */
static bool looks_binary(const source *src, uint32_t *at) {
  uint32_t n = src->len < 1024 ? src->len : 1024, control = 0;
  for (uint32_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)src->text[i];
    if (c == 0) {
      *at = i;
      return true;
    }
    if (c < 0x20 && !strchr("\t\n\v\f\r", c) && control++ == 0) *at = i;
  }
  return control > 8 && control * 10 > n;
}

struct pb_file *pb_parse(arena *a, diag_list *diags, const source *src) {
  pb_file *file = arena_alloc(a, sizeof *file);
  file->src = src;
  uint32_t at = 0;
  if (looks_binary(src, &at)) {
    diag_add(diags, DIAG_ERROR, "binary-file", src, (src_range){at, at + 1},
             "this is not a text file (byte 0x%02x); archc reads Caffe networks in "
             "protobuf text format (.prototxt), not binary models (.caffemodel)",
             (unsigned char)src->text[at]);
    return file;
  }
  /* A UTF-8 byte order mark is not part of the text. */
  uint32_t start = src->len >= 3 && memcmp(src->text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
  pb_parser p = {.arena = a, .diags = diags, .src = src, .offset = start};
  yyscan_t scanner;
  if (pb_yylex_init_extra(&p, &scanner) != 0) return file;
  /* Room for a field per 16 bytes, about what networks hold (up to a
   * bound: huge files grow as they are read): the stack then seldom has
   * to grow and be copied. */
  size_t guess = src->len / 16 + 1;
  p.stack = xgrow(NULL, &p.cap_stack, guess < PRESIZE_MAX ? guess : PRESIZE_MAX, sizeof *p.stack);
  /* Flex scans a buffer that ends in two NULs and writes into it as it
   * goes; a copy made with memcpy costs far less than its byte loop in
   * yy_scan_bytes. */
  size_t len = src->len - start;
  char *text = xmalloc(len + 2);
  memcpy(text, src->text + start, len);
  text[len] = text[len + 1] = '\0';
  pb_yy_scan_buffer(text, len + 2, scanner);
  bool complete = pb_yyparse(scanner, &p) == 0;
  pb_yylex_destroy(scanner);
  free(text);
  /* When the parse stopped inside messages, their fields are dropped and
   * the top level keeps what came before the first of them. */
  size_t end = !complete && p.nframes > 0 ? p.frames[0] : p.nstack, n = 0;
  if (end) {
    pb_field *fields = arena_calloc(a, end, sizeof *fields);
    for (size_t i = 0; i < end; i++)
      if (p.stack[i].name) fields[n++] = p.stack[i];   /* not in an unclosed list */
    file->fields = fields;
    file->nfields = (uint32_t)n;
  }
  free(p.stack);
  return file;
}

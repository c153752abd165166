/* A source text and its line table. Locations everywhere are byte offsets
 * into one source; line and column are computed only when printing. */
#ifndef ARCHC_UTIL_SOURCE_H
#define ARCHC_UTIL_SOURCE_H

#include <stddef.h>
#include <stdint.h>

typedef struct src_range {
  uint32_t start, end;  /* [start, end) byte offsets */
} src_range;

typedef struct source {
  const char *name;   /* as given by the user; "-" is shown as <stdin> */
  const char *text;   /* not necessarily NUL-terminated inside; text[len] == 0 */
  uint32_t len;
  uint32_t *line_starts; /* offset of the first byte of each line */
  uint32_t nlines;
} source;

typedef struct src_pos {
  uint32_t line, col;  /* 1-based; col counts bytes */
} src_pos;

/* Builds the line table (CR LF, LF and lone CR all end a line).
 * The text must outlive the source. */
void source_init(source *s, const char *name, const char *text, uint32_t len);
void source_fini(source *s);
src_pos source_pos(const source *s, uint32_t offset);
/* Where a message about the end of the file points: just after the last
 * byte before `end` that is not white space, so that the caret stays on a
 * line with text. */
uint32_t source_end_of_text(const source *s, uint32_t end);
/* The line holding `offset`, without its terminator. */
const char *source_line(const source *s, uint32_t line, uint32_t *len);

static inline src_range src_span(src_range a, src_range b) {
  src_range r = {a.start < b.start ? a.start : b.start, a.end > b.end ? a.end : b.end};
  return r;
}

#endif

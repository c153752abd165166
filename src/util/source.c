#include "util/source.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void source_init(source *s, const char *name, const char *text, uint32_t len) {
  s->name = name;
  s->text = text;
  s->len = len;
  size_t cap = 0, n = 0;
  /* Room for a line per 16 bytes, up to a bound: most files never grow
   * the table. */
  size_t guess = len / 16 + 1;
  uint32_t *starts = xgrow(NULL, &cap, guess < 1 << 16 ? guess : 1 << 16, sizeof *starts);
  starts[n++] = 0;
  if (!memchr(text, '\r', len)) {
    /* The usual case, LF only: memchr finds line ends many bytes at a
     * time (the table is built for every file read). */
    for (const char *p = text, *nl; (nl = memchr(p, '\n', len - (size_t)(p - text))); p = nl + 1) {
      if (n == cap) starts = xgrow(starts, &cap, n + 1, sizeof *starts);
      starts[n++] = (uint32_t)(nl - text) + 1;
    }
  } else {
    for (uint32_t i = 0; i < len; i++) {
      char c = text[i];
      if (c == '\r' && i + 1 < len && text[i + 1] == '\n') i++;
      if (c == '\n' || c == '\r') {
        starts = xgrow(starts, &cap, n + 1, sizeof *starts);
        starts[n++] = i + 1;
      }
    }
  }
  s->line_starts = starts;
  s->nlines = (uint32_t)n;
}

void source_fini(source *s) {
  free(s->line_starts);
  s->line_starts = NULL;
}

src_pos source_pos(const source *s, uint32_t offset) {
  if (offset > s->len) offset = s->len;
  uint32_t lo = 0, hi = s->nlines;  /* last line start <= offset */
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (s->line_starts[mid] <= offset) lo = mid;
    else hi = mid;
  }
  src_pos p = {lo + 1, offset - s->line_starts[lo] + 1};
  return p;
}

uint32_t source_end_of_text(const source *s, uint32_t end) {
  if (end > s->len) end = s->len;
  while (end > 0) {
    char c = s->text[end - 1];
    if (c != ' ' && (c < '\t' || c > '\r')) break;
    end--;
  }
  return end;
}

const char *source_line(const source *s, uint32_t line, uint32_t *len) {
  if (line == 0 || line > s->nlines) {
    *len = 0;
    return "";
  }
  uint32_t start = s->line_starts[line - 1];
  uint32_t end = start;
  while (end < s->len && s->text[end] != '\n' && s->text[end] != '\r') end++;
  *len = end - start;
  return s->text + start;
}

#include "lsp/position.h"

/* The bytes and UTF-16 code units of the character at text[i], reading no
 * further than `end`. A byte that does not start a well-formed sequence
 * counts as one character of one unit, as decoders replace it. */
static void char_at(const unsigned char *t, uint32_t i, uint32_t end, uint32_t *bytes,
                    uint32_t *units) {
  unsigned char c = t[i];
  uint32_t n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3
                          : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  bool ok = n > 0 && n <= end - i;
  for (uint32_t k = 1; ok && k < n; k++) ok = (t[i + k] & 0xc0) == 0x80;
  *bytes = ok ? n : 1;
  *units = ok && n == 4 ? 2 : 1;
}

static uint32_t line_end(const source *s, uint32_t start) {
  uint32_t e = start;
  while (e < s->len && s->text[e] != '\n' && s->text[e] != '\r') e++;
  return e;
}

lsp_pos lsp_pos_of(const source *s, uint32_t offset) {
  if (offset > s->len) offset = s->len;
  src_pos p = source_pos(s, offset);
  uint32_t i = s->line_starts[p.line - 1];
  uint32_t units = 0;
  const unsigned char *t = (const unsigned char *)s->text;
  while (i < offset) {
    uint32_t nb, nu;
    char_at(t, i, offset, &nb, &nu);
    i += nb;
    units += nu;
  }
  return (lsp_pos){p.line - 1, units};
}

uint32_t lsp_offset_of(const source *s, lsp_pos p) {
  if (p.line >= s->nlines) return s->len;
  uint32_t i = s->line_starts[p.line], end = line_end(s, i);
  const unsigned char *t = (const unsigned char *)s->text;
  for (uint32_t units = 0; i < end;) {
    uint32_t nb, nu;
    char_at(t, i, end, &nb, &nu);
    if (units + nu > p.character) break;
    i += nb;
    units += nu;
  }
  return i;
}

json_t *lsp_pos_json(lsp_pos p) {
  return json_pack("{s:I,s:I}", "line", (json_int_t)p.line, "character",
                   (json_int_t)p.character);
}

json_t *lsp_range_json(const source *s, src_range r) {
  lsp_pos a = {0, 0}, b = {0, 0};
  if (s) {
    a = lsp_pos_of(s, r.start);
    b = lsp_pos_of(s, r.end > r.start ? r.end : r.start);
  }
  return json_pack("{s:o,s:o}", "start", lsp_pos_json(a), "end", lsp_pos_json(b));
}

bool lsp_pos_from_json(const json_t *j, lsp_pos *p) {
  json_t *l = json_is_object(j) ? json_object_get(j, "line") : NULL;
  json_t *c = json_is_object(j) ? json_object_get(j, "character") : NULL;
  if (!json_is_integer(l) || !json_is_integer(c)) return false;
  json_int_t line = json_integer_value(l), ch = json_integer_value(c);
  if (line < 0 || ch < 0) return false;
  p->line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
  p->character = ch > UINT32_MAX ? UINT32_MAX : (uint32_t)ch;
  return true;
}

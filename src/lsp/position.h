/* Positions in the protocol's terms: a 0-based line and a column counted
 * in UTF-16 code units. archc counts bytes; these convert between the two,
 * so that a diagnostic after a non-ASCII string or comment lands on the
 * right character. */
#ifndef ARCHC_LSP_POSITION_H
#define ARCHC_LSP_POSITION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/source.h"

typedef struct lsp_pos {
  uint32_t line, character;
} lsp_pos;

/* The position of byte `offset` (clamped to the text). */
lsp_pos lsp_pos_of(const source *s, uint32_t offset);
/* The byte offset of a position. A line past the end gives the end of the
 * text; a character past the end of its line gives the end of the line;
 * one inside a character (the middle of a surrogate pair) gives its
 * start. */
uint32_t lsp_offset_of(const source *s, lsp_pos p);

/* {"line": L, "character": C} */
json_t *lsp_pos_json(lsp_pos p);
/* {"start": ..., "end": ...} for a byte range; s may be NULL (no file:
 * the start of the document). */
json_t *lsp_range_json(const source *s, src_range r);
/* Reads {"line": L, "character": C}; false if either is missing or not a
 * non-negative integer. */
bool lsp_pos_from_json(const json_t *j, lsp_pos *p);

#endif

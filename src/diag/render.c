#include "diag/render.h"

#include <string.h>

static const char *const sev_name[] = {"note", "warning", "error"};
static const char *const sev_color[] = {"\033[1;36m", "\033[1;35m", "\033[1;31m"};
#define BOLD "\033[1m"
#define GREEN "\033[1;32m"
#define RESET "\033[0m"

const char *diag_display_name(const source *s) {
  return strcmp(s->name, "-") == 0 ? "<stdin>" : s->name;
}

enum { EXCERPT_MAX = 160, EXCERPT_BEFORE = 60 };

/* The source line, then a caret line: spaces (tabs kept, so the caret lines
 * up) to the start of the range, '^' and '~' under the rest of it on that
 * line. A line longer than EXCERPT_MAX bytes is cut to a window around the
 * range, with "..." where text was left out. */
static void print_excerpt(FILE *out, const source *s, src_range r, bool color) {
  src_pos p = source_pos(s, r.start);
  uint32_t len;
  const char *line = source_line(s, p.line, &len);
  uint32_t col = p.col - 1;               /* byte offset of the range in the line */
  uint32_t from = 0, to = len;
  if (len > EXCERPT_MAX) {
    from = col > EXCERPT_BEFORE ? col - EXCERPT_BEFORE : 0;
    to = from + EXCERPT_MAX < len ? from + EXCERPT_MAX : len;
  }
  const char *lead = from > 0 ? "..." : "";
  fprintf(out, "%5u | %s", p.line, lead);
  for (uint32_t i = from; i < to; i++) {
    unsigned char c = (unsigned char)line[i];
    fputc(c < 0x20 && c != '\t' ? ' ' : c, out);  /* no control bytes on the terminal */
  }
  fprintf(out, "%s\n      | %s", to < len ? "..." : "", from > 0 ? "   " : "");
  for (uint32_t i = from; i < col && i < to; i++) fputc(line[i] == '\t' ? '\t' : ' ', out);
  for (uint32_t i = len; i < col; i++) fputc(' ', out);  /* just past the end */
  uint32_t line_end = (uint32_t)(line - s->text) + len;
  uint32_t end = r.end < line_end ? r.end : line_end;
  uint32_t width = end > r.start ? end - r.start : 1;
  if (col + width > to && to > col) width = to - col;
  if (color) fputs(GREEN, out);
  fputc('^', out);
  for (uint32_t i = 1; i < width; i++) fputc('~', out);
  if (color) fputs(RESET, out);
  fputc('\n', out);
}

static void print_head(FILE *out, const source *s, src_range r, diag_severity sev,
                       const char *msg, const char *code, bool color) {
  if (color) fputs(BOLD, out);
  if (s) {
    src_pos p = source_pos(s, r.start);
    fprintf(out, "%s:%u:%u: ", diag_display_name(s), p.line, p.col);
  } else {
    fputs("archc: ", out);
  }
  if (color) fprintf(out, "%s%s:%s%s ", sev_color[sev], sev_name[sev], RESET, BOLD);
  else fprintf(out, "%s: ", sev_name[sev]);
  fputs(msg, out);
  if (code) fprintf(out, " [%s]", code);
  if (color) fputs(RESET, out);
  fputc('\n', out);
}

void diag_render(FILE *out, const diag_list *l, diag_format fmt, bool color) {
  for (const diag *d = l->head; d; d = d->next) {
    print_head(out, d->src, d->range, d->severity, d->message, d->code, color);
    if (fmt == DIAG_FORMAT_TEXT && d->src) print_excerpt(out, d->src, d->range, color);
    for (const diag_note *n = d->notes; n; n = n->next) {
      /* A note without a place of its own speaks of the diagnostic's place;
       * its excerpt would repeat the one just shown. */
      const source *src = n->src ? n->src : d->src;
      print_head(out, src, n->src ? n->range : d->range, DIAG_NOTE, n->message, NULL, color);
      if (fmt == DIAG_FORMAT_TEXT && n->src) print_excerpt(out, n->src, n->range, color);
    }
  }
  if (l->truncated)
    fprintf(out, "archc: note: too many diagnostics; the rest were not shown\n");
}

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

/* The caret line: spaces (tabs kept, so the caret lines up) up to the
 * start, then '^' and '~' under the rest of the range on that line. */
static void print_excerpt(FILE *out, const source *s, src_range r, bool color) {
  src_pos p = source_pos(s, r.start);
  uint32_t len;
  const char *line = source_line(s, p.line, &len);
  fprintf(out, "%5u | ", p.line);
  for (uint32_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)line[i];
    fputc(c < 0x20 && c != '\t' ? ' ' : c, out);  /* no control bytes on the terminal */
  }
  fputs("\n      | ", out);
  uint32_t col = p.col - 1;
  for (uint32_t i = 0; i < col && i < len; i++) fputc(line[i] == '\t' ? '\t' : ' ', out);
  if (col > len) for (uint32_t i = len; i < col; i++) fputc(' ', out);
  uint32_t end = r.end > r.start ? r.end : r.start + 1;
  uint32_t line_end = (uint32_t)(line - s->text) + len;
  uint32_t width = (end < line_end ? end : line_end) - r.start;
  if (width == 0) width = 1;
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

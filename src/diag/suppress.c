/* Suppression directives: one pass over the source's lines finds the
 * comments and follows statements across lines (the .arch rules: inside
 * ( ) or [ ], after "->", "," or "=", or before a line starting with "->"),
 * then the warnings the directives cover are filtered out of the list.
 * Works on the text alone, so it serves every front end whose comments
 * start with '#'. */
#include "diag/suppress.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/edit.h"
#include "util/xalloc.h"

/* Lines [from, to] where one code is disabled. */
typedef struct span {
  uint32_t code, from, to;
} span;

typedef struct supp {
  diag_list *l;
  const source *src;
  const diag_code_info *table;
  size_t ncodes;
  bool *whole_file;          /* by code index */
  span *spans;
  size_t nspans, cap_spans;
  /* Codes of directives on lines of their own, waiting for the next
   * statement; then open until that statement ends. */
  uint32_t *pending, *open;
  size_t npending, cap_pending, nopen, cap_open;
  uint32_t *open_at;         /* the line each open code starts at */
  size_t cap_open_at;
} supp;

static void add_span(supp *s, uint32_t code, uint32_t from, uint32_t to) {
  s->spans = xgrow(s->spans, &s->cap_spans, s->nspans + 1, sizeof *s->spans);
  s->spans[s->nspans++] = (span){code, from, to};
}

/* ---- reading a directive ------------------------------------------------ */

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }
static bool is_code_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}


/* A misspelt code: with a single closest code that can be disabled (not
 * an error), a fix-it too. */
static void unknown_code(supp *s, const char *p, size_t n, uint32_t at) {
  src_range r = {at, at + (uint32_t)n};
  enum { SHOWN = 64 };  /* of a code that is no code at all */
  diag *d = diag_add(s->l, DIAG_WARNING, "unknown-code", s->src, r,
                     "unknown diagnostic code '%.*s%s'", n > SHOWN ? SHOWN : (int)n, p,
                     n > SHOWN ? "..." : "");
  size_t limit = n < 3 ? 1 : n / 3 + 1, best = SIZE_MAX;
  const char *cand = NULL;
  bool tie = false;
  for (size_t i = 0; i < s->ncodes; i++) {
    if (s->table[i].severity == DIAG_ERROR) continue;
    size_t dist = edit_distance(p, n, s->table[i].code, strlen(s->table[i].code), limit);
    if (dist > limit || dist > best) continue;
    tie = dist == best;
    if (dist < best) best = dist, cand = s->table[i].code;
  }
  if (!cand || tie) return;
  diag_fixit_add(s->l, d, r, cand);
}

/* Reads the codes after '=' starting at `p`; a blank after a code (and no
 * comma) ends the list, and the rest of the comment is free text. Valid
 * codes go to `out`. */
static void read_codes(supp *s, const char *p, const char *end, uint32_t **out, size_t *n,
                       size_t *cap) {
  const char *text = s->src->text;
  for (;;) {
    while (p < end && is_blank(*p)) p++;
    const char *q = p;
    while (q < end && is_code_char(*q)) q++;
    if (q == p) {
      diag_add(s->l, DIAG_WARNING, "bad-directive", s->src,
               (src_range){(uint32_t)(p - text), (uint32_t)(p - text)},
               "expected a diagnostic code here");
      return;
    }
    uint32_t at = (uint32_t)(p - text);
    const diag_code_info *info = diag_code_find(p, (size_t)(q - p));
    if (!info) {
      unknown_code(s, p, (size_t)(q - p), at);
    } else if (info->severity == DIAG_ERROR) {
      diag_add(s->l, DIAG_WARNING, "bad-directive", s->src, (src_range){at, (uint32_t)(q - text)},
               "'%s' is an error; errors cannot be disabled", info->code);
    } else {
      *out = xgrow(*out, cap, *n + 1, sizeof **out);
      (*out)[(*n)++] = (uint32_t)(info - s->table);
    }
    p = q;
    while (p < end && is_blank(*p)) p++;
    if (p == end || *p != ',') return;
    p++;
  }
}

/* The comment from `c` (its '#') to `end`. A directive goes into `line`
 * (end-of-line directives), into s->pending (own-line ones) or into
 * s->whole_file. */
static const char tag[] = "archc:";

static void read_directive(supp *s, const char *c, const char *end, bool own_line,
                           uint32_t **line, size_t *nline, size_t *cap_line) {
  const char *p = c + 1;
  while (p < end && is_blank(*p)) p++;
  if ((size_t)(end - p) < sizeof tag - 1 || memcmp(p, tag, sizeof tag - 1) != 0) return;
  p += sizeof tag - 1;
  while (p < end && is_blank(*p)) p++;
  const char *w = p;
  while (p < end && ((*p >= 'a' && *p <= 'z') || *p == '-')) p++;
  size_t wn = (size_t)(p - w);
  bool file = wn == 12 && memcmp(w, "disable-file", 12) == 0;
  bool here = wn == 7 && memcmp(w, "disable", 7) == 0;
  const char *text = s->src->text;
  src_range wr = {(uint32_t)(w - text), (uint32_t)(p - text)};
  if (!file && !here) {
    while (p < end && is_code_char(*p)) p++;  /* the whole word: "Disable", "disable_file" */
    wr.end = (uint32_t)(p - text);
    diag *d = wr.start == wr.end
                  ? diag_add(s->l, DIAG_WARNING, "bad-directive", s->src, wr,
                             "expected a directive after 'archc:'")
                  : diag_add(s->l, DIAG_WARNING, "bad-directive", s->src, wr,
                             "unknown directive '%.*s'", (int)(wr.end - wr.start), w);
    diag_note_add(s->l, d, NULL, wr, "archc knows 'disable=CODE,...' and 'disable-file=CODE,...'");
    return;
  }
  while (p < end && is_blank(*p)) p++;
  if (p == end || *p != '=') {
    diag_add(s->l, DIAG_WARNING, "bad-directive", s->src, wr, "expected '=' after '%.*s'",
             (int)wn, w);
    return;
  }
  if (file) {
    uint32_t *codes = NULL;
    size_t n = 0, cap = 0;
    read_codes(s, p + 1, end, &codes, &n, &cap);
    for (size_t i = 0; i < n; i++) s->whole_file[codes[i]] = true;
    free(codes);
  } else if (own_line) {
    read_codes(s, p + 1, end, &s->pending, &s->npending, &s->cap_pending);
  } else {
    read_codes(s, p + 1, end, line, nline, cap_line);
  }
}

/* ---- following statements over lines ------------------------------------ */

typedef struct line_info {
  bool code;          /* anything but blanks and a comment */
  bool arrow_first;   /* the first token is "->" */
  bool cont;          /* ends after "->", "," or "=" */
  const char *comment;
} line_info;

static line_info scan_line(const char *p, uint32_t len, int64_t *depth) {
  line_info li = {0};
  const char *last = NULL;
  for (uint32_t i = 0; i < len; i++) {
    char c = p[i];
    if (is_blank(c)) continue;
    if (c == '#') {
      li.comment = p + i;
      break;
    }
    if (!li.code && c == '-' && i + 1 < len && p[i + 1] == '>') li.arrow_first = true;
    li.code = true;
    last = p + i;
    if (c == '"' || c == '\'') {
      for (i++; i < len && p[i] != c; i++)
        if (p[i] == '\\') i++;
      last = p + (i < len ? i : len - 1);
    } else if (c == '(' || c == '[') {
      (*depth)++;
    } else if ((c == ')' || c == ']') && *depth > 0) {
      (*depth)--;
    }
  }
  if (last) li.cont = *last == ',' || *last == '=' || (*last == '>' && last > p && last[-1] == '-');
  return li;
}

static void close_statement(supp *s, uint32_t last_line) {
  for (size_t i = 0; i < s->nopen; i++) add_span(s, s->open[i], s->open_at[i], last_line);
  s->nopen = 0;
}

static void scan(supp *s) {
  int64_t depth = 0;
  bool ended = true;         /* the last statement ended, unless "->" follows */
  uint32_t last_code = 0;    /* the last line with code */
  uint32_t *line_codes = NULL;
  size_t nline = 0, cap_line = 0;
  for (uint32_t k = 1; k <= s->src->nlines; k++) {
    uint32_t len;
    const char *p = source_line(s->src, k, &len);
    line_info li = scan_line(p, len, &depth);
    if (li.code) {
      if (ended && !li.arrow_first) close_statement(s, last_code);
      for (size_t i = 0; i < s->npending; i++) {
        s->open = xgrow(s->open, &s->cap_open, s->nopen + 1, sizeof *s->open);
        s->open_at = xgrow(s->open_at, &s->cap_open_at, s->nopen + 1, sizeof *s->open_at);
        s->open[s->nopen] = s->pending[i];
        s->open_at[s->nopen++] = k;
      }
      s->npending = 0;
      last_code = k;
      ended = depth == 0 && !li.cont;
    }
    if (li.comment) {
      nline = 0;
      read_directive(s, li.comment, p + len, !li.code, &line_codes, &nline, &cap_line);
      for (size_t i = 0; i < nline; i++) add_span(s, line_codes[i], k, k);
    }
  }
  close_statement(s, last_code);
  free(line_codes);
}

/* ---- filtering -------------------------------------------------------- */

static int span_cmp(const void *pa, const void *pb) {
  const span *a = pa, *b = pb;
  if (a->code != b->code) return a->code < b->code ? -1 : 1;
  return (a->from > b->from) - (a->from < b->from);
}

/* Sorts by code and line and merges overlapping spans, so that a lookup
 * is one binary search. */
static void merge_spans(supp *s) {
  if (s->nspans == 0) return;
  qsort(s->spans, s->nspans, sizeof *s->spans, span_cmp);
  size_t out = 0;
  for (size_t i = 1; i < s->nspans; i++) {
    span *t = &s->spans[out];
    if (s->spans[i].code == t->code && s->spans[i].from <= t->to + 1) {
      if (s->spans[i].to > t->to) t->to = s->spans[i].to;
    } else {
      s->spans[++out] = s->spans[i];
    }
  }
  s->nspans = out + 1;
}

static bool covered(const supp *s, uint32_t code, uint32_t line) {
  size_t lo = 0, hi = s->nspans;  /* first span after (code, line) */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const span *m = &s->spans[mid];
    if (m->code < code || (m->code == code && m->from <= line)) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && s->spans[lo - 1].code == code && s->spans[lo - 1].to >= line;
}

static bool keep(const diag *d, void *ctx) {
  const supp *s = ctx;
  if (d->severity == DIAG_ERROR || !d->code || (d->src && d->src != s->src)) return true;
  const diag_code_info *info = diag_code_find(d->code, strlen(d->code));
  if (!info) return true;
  uint32_t code = (uint32_t)(info - s->table);
  if (s->whole_file[code]) return false;
  /* Without a place (about the file as a whole) only disable-file applies. */
  return !d->src || !covered(s, code, source_pos(s->src, d->range.start).line);
}

/* Whether the tag occurs anywhere in the text (which may hold NUL bytes). */
static bool mentions_tag(const source *src) {
  const char *p = src->text, *end = src->text + src->len;
  while ((p = memchr(p, 'a', (size_t)(end - p))) != NULL) {
    if ((size_t)(end - p) < sizeof tag - 1) break;
    if (memcmp(p, tag, sizeof tag - 1) == 0) return true;
    p++;
  }
  return false;
}

size_t suppress_apply(diag_list *l, const source *src) {
  /* Most files have no directive: skip the line-by-line scan. */
  if (!mentions_tag(src)) return 0;
  supp s = {.l = l, .src = src};
  s.table = diag_code_table(&s.ncodes);
  s.whole_file = xcalloc(s.ncodes, sizeof *s.whole_file);
  scan(&s);
  merge_spans(&s);
  size_t before = l->count[DIAG_WARNING] + l->count[DIAG_NOTE];
  diag_filter(l, keep, &s);
  free(s.whole_file);
  free(s.spans);
  free(s.pending);
  free(s.open);
  free(s.open_at);
  return before - l->count[DIAG_WARNING] - l->count[DIAG_NOTE];
}

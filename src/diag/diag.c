#include "diag/diag.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void diag_list_init(diag_list *l, arena *a) {
  memset(l, 0, sizeof *l);
  l->arena = a;
  l->tail = &l->head;
  strmap_init(&l->seen, a);
}

diag *diag_vadd(diag_list *l, diag_severity sev, const char *code, const source *src,
                src_range range, const char *fmt, va_list ap) {
  if (l->limit && l->count[DIAG_ERROR] + l->count[DIAG_WARNING] >= l->limit) {
    l->truncated = true;
    if (sev == DIAG_ERROR) l->count[DIAG_ERROR]++;  /* keep the exit status honest */
    return NULL;
  }
  char *msg = arena_vprintf(l->arena, fmt, ap);
  char *key = arena_printf(l->arena, "%d|%s|%p|%u|%u|%s", (int)sev, code ? code : "",
                           (const void *)src, range.start, range.end, msg);
  if (!strmap_add(&l->seen, key, strlen(key), 0)) return NULL;
  diag *d = arena_alloc(l->arena, sizeof *d);
  d->severity = sev;
  d->code = code;
  d->src = src;
  d->range = range;
  d->message = msg;
  d->notes_tail = &d->notes;
  d->seq = l->count[0] + l->count[1] + l->count[2];
  *l->tail = d;
  l->tail = &d->next;
  l->count[sev]++;
  return d;
}

diag *diag_add(diag_list *l, diag_severity sev, const char *code, const source *src,
               src_range range, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag *d = diag_vadd(l, sev, code, src, range, fmt, ap);
  va_end(ap);
  return d;
}

void diag_note_add(diag_list *l, diag *d, const source *src, src_range range,
                   const char *fmt, ...) {
  if (!d) return;
  diag_note *n = arena_alloc(l->arena, sizeof *n);
  n->src = src;
  n->range = range;
  va_list ap;
  va_start(ap, fmt);
  n->message = arena_vprintf(l->arena, fmt, ap);
  va_end(ap);
  *d->notes_tail = n;
  d->notes_tail = &n->next;
}

static int diag_cmp(const void *pa, const void *pb) {
  const diag *a = *(diag *const *)pa, *b = *(diag *const *)pb;
  /* Diagnostics without a file come first, then by file name and offset;
   * the recording order breaks ties, which makes the sort stable. */
  if (!a->src != !b->src) return a->src ? 1 : -1;
  if (a->src && b->src && a->src != b->src) {
    int c = strcmp(a->src->name, b->src->name);
    if (c) return c;
  }
  if (a->src && a->range.start != b->range.start) return a->range.start < b->range.start ? -1 : 1;
  return (a->seq > b->seq) - (a->seq < b->seq);
}

void diag_sort(diag_list *l) {
  size_t n = 0;
  for (diag *d = l->head; d; d = d->next) n++;
  if (n < 2) return;
  diag **v = xmalloc(n * sizeof *v);
  size_t i = 0;
  for (diag *d = l->head; d; d = d->next) v[i++] = d;
  qsort(v, n, sizeof *v, diag_cmp);
  l->head = NULL;
  l->tail = &l->head;
  for (i = 0; i < n; i++) {
    v[i]->next = NULL;
    *l->tail = v[i];
    l->tail = &v[i]->next;
  }
  free(v);
}

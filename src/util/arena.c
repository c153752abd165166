#include "util/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct arena_chunk {
  arena_chunk *next;
  size_t used, cap;
  max_align_t data[];
};

enum { CHUNK_MIN = 64 * 1024 };

void arena_init(arena *a) {
  a->head = NULL;
  a->total = 0;
}

void arena_free(arena *a) {
  arena_chunk *c = a->head;
  while (c) {
    arena_chunk *next = c->next;
    free(c);
    c = next;
  }
  a->head = NULL;
  a->total = 0;
}

static size_t round_up(size_t n) {
  size_t al = sizeof(max_align_t);
  return (n + al - 1) / al * al;
}

/* Memory that the caller fills in whole: not zeroed. */
static void *bump(arena *a, size_t size) {
  if (size == 0) size = 1;
  if (size > SIZE_MAX / 2) xalloc_die();
  size = round_up(size);
  arena_chunk *c = a->head;
  if (!c || c->cap - c->used < size) {
    size_t cap = size > CHUNK_MIN ? size : CHUNK_MIN;
    c = xmalloc(sizeof *c + cap);
    c->used = 0;
    c->cap = cap;
    c->next = a->head;
    a->head = c;
  }
  void *p = (char *)c->data + c->used;
  c->used += size;
  a->total += size;
  return p;
}

void *arena_alloc(arena *a, size_t size) {
  void *p = bump(a, size);
  memset(p, 0, round_up(size ? size : 1));
  return p;
}

void *arena_calloc(arena *a, size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) xalloc_die();
  return arena_alloc(a, n * size);
}

char *arena_strndup(arena *a, const char *s, size_t n) {
  char *p = bump(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(arena *a, const char *s) {
  return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap) {
  /* gcc's -Wformat-truncation, with UBSan's checks, sees a path with a
   * null format here; ruling it out keeps -Werror builds quiet. */
  if (!fmt) return arena_strdup(a, "");
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) n = 0;
  char *p = arena_alloc(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *arena_printf(arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = arena_vprintf(a, fmt, ap);
  va_end(ap);
  return p;
}

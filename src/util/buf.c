#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void buf_free(buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

static void reserve(buf *b, size_t extra) {
  if (extra > (size_t)-1 - b->len - 1) xalloc_die();
  b->data = xgrow(b->data, &b->cap, b->len + extra + 1, 1);
}

void buf_put(buf *b, const char *s, size_t n) {
  reserve(b, n);
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void buf_puts(buf *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_putc(buf *b, char c) { buf_put(b, &c, 1); }

void buf_fill(buf *b, char c, size_t n) {
  reserve(b, n);
  memset(b->data + b->len, c, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void buf_vprintf(buf *b, const char *fmt, va_list ap) {
  if (!fmt) return;  /* see arena_vprintf */
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n <= 0) return;
  reserve(b, (size_t)n);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  buf_vprintf(b, fmt, ap);
  va_end(ap);
}

char *buf_take(buf *b) {
  char *s = b->data ? b->data : xstrdup("");
  b->data = NULL;
  b->len = b->cap = 0;
  return s;
}

/* A growable byte buffer for building output text. */
#ifndef ARCHC_UTIL_BUF_H
#define ARCHC_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
  char *data;  /* always NUL-terminated once anything was written */
  size_t len, cap;
} buf;

void buf_free(buf *b);
void buf_put(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Appends `n` copies of `c`. */
void buf_fill(buf *b, char c, size_t n);
/* Takes ownership of the text; the buffer is empty afterwards. */
char *buf_take(buf *b);

#endif

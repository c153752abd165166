/* malloc wrappers: running out of memory is the one failure archc does not
 * report as a diagnostic; it prints a message and exits. */
#ifndef ARCHC_UTIL_XALLOC_H
#define ARCHC_UTIL_XALLOC_H

#include <stddef.h>

_Noreturn void xalloc_die(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array to hold at least `need` elements of `size` bytes. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);

#endif

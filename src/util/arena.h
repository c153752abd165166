/* Arena allocation: one arena per compilation, freed in one call. */
#ifndef ARCHC_UTIL_ARENA_H
#define ARCHC_UTIL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena_chunk arena_chunk;

typedef struct arena {
  arena_chunk *head;   /* newest chunk first */
  size_t total;        /* bytes handed out, for limits and statistics */
} arena;

void arena_init(arena *a);
void arena_free(arena *a);

/* Zeroed memory aligned for any object; aborts only if malloc fails. */
void *arena_alloc(arena *a, size_t size);
/* n * size with overflow checking. */
void *arena_calloc(arena *a, size_t n, size_t size);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);

#endif

/* Small jansson helpers for the language server: strings that are always
 * valid UTF-8, and typed lookups in request parameters. */
#ifndef ARCHC_LSP_JSON_H
#define ARCHC_LSP_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A JSON string of `n` bytes. jansson refuses invalid UTF-8, and messages
 * may quote stray source bytes: those become U+FFFD. Never NULL. */
json_t *lsp_jstrn(const char *s, size_t n);
json_t *lsp_jstr(const char *s);

/* Sets `key` of `obj` to `value` (stolen); ignores a NULL value. */
void lsp_jset(json_t *obj, const char *key, json_t *value);

/* The member `key` of `obj` if it is a string (NULL otherwise); its length
 * in `len` when `len` is not NULL. */
const char *lsp_jget_str(const json_t *obj, const char *key, size_t *len);
/* The member `key` of `obj` if it is an object, else NULL. */
json_t *lsp_jget_obj(const json_t *obj, const char *key);
/* True if the member `key` is an integer; stores it in `out`. */
bool lsp_jget_int(const json_t *obj, const char *key, int64_t *out);
/* True if the member `key` is `true`. */
bool lsp_jget_true(const json_t *obj, const char *key);
/* True if the member `key` is an array holding the string `word`. */
bool lsp_jarray_has(const json_t *obj, const char *key, const char *word);

#endif

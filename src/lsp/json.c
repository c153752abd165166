#include "lsp/json.h"

#include <string.h>

#include "util/buf.h"

/* The length of the valid UTF-8 sequence at `s` (at most `n` bytes), or 0
 * if the bytes there are not one. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  size_t len;
  uint32_t min, cp;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) len = 2, min = 0x80, cp = c & 0x1f;
  else if (c >= 0xe0 && c <= 0xef) len = 3, min = 0x800, cp = c & 0x0f;
  else if (c >= 0xf0 && c <= 0xf4) len = 4, min = 0x10000, cp = c & 0x07;
  else return 0;
  if (len > n) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xc0) != 0x80) return 0;
    cp = cp << 6 | (s[i] & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return len;
}

json_t *lsp_jstrn(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, k;
  while (i < n && (k = utf8_len(u + i, n - i)) > 0) i += k;
  if (i == n) {
    json_t *j = json_stringn(s, n);
    if (j) return j;
  }
  buf b = {0};
  for (i = 0; i < n;) {
    k = utf8_len(u + i, n - i);
    if (k) buf_put(&b, s + i, k), i += k;
    else buf_puts(&b, "\xef\xbf\xbd"), i++;
  }
  json_t *j = json_stringn(b.data ? b.data : "", b.len);
  buf_free(&b);
  return j ? j : json_string("");
}

json_t *lsp_jstr(const char *s) { return lsp_jstrn(s, strlen(s)); }

void lsp_jset(json_t *obj, const char *key, json_t *value) {
  if (value) json_object_set_new(obj, key, value);
}

const char *lsp_jget_str(const json_t *obj, const char *key, size_t *len) {
  json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
  if (!json_is_string(v)) return NULL;
  if (len) *len = json_string_length(v);
  return json_string_value(v);
}

json_t *lsp_jget_obj(const json_t *obj, const char *key) {
  json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
  return json_is_object(v) ? v : NULL;
}

bool lsp_jget_int(const json_t *obj, const char *key, int64_t *out) {
  json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
  if (!json_is_integer(v)) return false;
  *out = (int64_t)json_integer_value(v);
  return true;
}

bool lsp_jget_true(const json_t *obj, const char *key) {
  return json_is_object(obj) && json_is_true(json_object_get(obj, key));
}

bool lsp_jarray_has(const json_t *obj, const char *key, const char *word) {
  json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
  size_t i;
  json_t *item;
  if (!json_is_array(v)) return false;
  json_array_foreach(v, i, item) {
    if (json_is_string(item) && strcmp(json_string_value(item), word) == 0) return true;
  }
  return false;
}

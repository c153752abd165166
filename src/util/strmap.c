#include "util/strmap.h"

#include <string.h>

static uint64_t load8(const char *s) {
  uint64_t w;
  memcpy(&w, s, 8);
  return w;
}

static uint64_t load4(const char *s) {
  uint32_t w;
  memcpy(&w, s, 4);
  return w;
}

/* Eight bytes at a time with multiply-xorshift mixing; the last bytes are
 * read as one word that may overlap the ones before. Keys run from short
 * names to the long binary keys of path sets, looked up many times per
 * network. No adversary to speak of; deterministic. */
static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ull * (n + 1), w;
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      h = (h ^ load8(s + i)) * 0xff51afd7ed558ccdull;
      h ^= h >> 32;
    }
    w = load8(s + n - 8);
  } else if (n >= 4) {
    w = load4(s) | load4(s + n - 4) << 32;
  } else {
    w = n ? (unsigned char)s[0] | (unsigned char)s[n / 2] << 8 | (unsigned char)s[n - 1] << 16 : 0;
  }
  /* Every input bit reaches the low bits, which pick the slot. */
  h ^= w;
  h = (h ^ h >> 33) * 0xff51afd7ed558ccdull;
  h = (h ^ h >> 33) * 0xc4ceb9fe1a85ec53ull;
  return h ^ h >> 33;
}

void strmap_init(strmap *m, arena *a) {
  m->arena = a;
  m->slots = NULL;
  m->cap = m->count = 0;
}

static strmap_slot *find(const strmap *m, const char *key, size_t len, uint64_t h) {
  size_t mask = m->cap - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    strmap_slot *s = &m->slots[i];
    if (!s->key) return s;
    if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) return s;
  }
}

bool strmap_get(const strmap *m, const char *key, size_t len, uint32_t *value) {
  if (!m->cap) return false;
  strmap_slot *s = find(m, key, len, hash_bytes(key, len));
  if (!s->key) return false;
  *value = s->value;
  return true;
}

static void grow(strmap *m) {
  size_t cap = m->cap ? m->cap * 2 : 4;  /* most maps are a block's few names */
  strmap_slot *old = m->slots;
  size_t oldcap = m->cap;
  m->slots = arena_calloc(m->arena, cap, sizeof *m->slots);
  m->cap = cap;
  for (size_t i = 0; i < oldcap; i++)
    if (old[i].key) *find(m, old[i].key, old[i].len, old[i].hash) = old[i];
}

void strmap_set(strmap *m, const char *key, size_t len, uint32_t value) {
  if (!strmap_add(m, key, len, value)) find(m, key, len, hash_bytes(key, len))->value = value;
}

bool strmap_add(strmap *m, const char *key, size_t len, uint32_t value) {
  if ((m->count + 1) * 4 > m->cap * 3) grow(m);
  uint64_t h = hash_bytes(key, len);
  strmap_slot *s = find(m, key, len, h);
  if (s->key) return false;
  s->key = key;
  s->len = (uint32_t)len;
  s->value = value;
  s->hash = h;
  m->count++;
  return true;
}

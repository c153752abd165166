/* Forward paths, productive records and backward depth over the
 * reference's layer graph (spec §6). Path enumeration is bounded; the
 * set-valued columns use memoised traversals instead (§6.2's note). */
#include "attr/ref_paths.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static const char *key_at(const avec *v, size_t i) { return ((const char **)v->data)[i]; }

static bool followed(const rec *t) { return ref_in_phase(t) && !ref_is_passthrough(t); }

/* The inception jump (§6.2) from `v`, or NO_REC when v has no top that
 * names an inception record. Sets *stuck when the reference would loop
 * forever (no convolution, pooling or concat to go on with). */
static uint32_t jump(refg *g, const rec *v, bool *stuck) {
  size_t first = v->tops.n;
  for (size_t k = 0; k < v->tops.n && first == v->tops.n; k++)
    if (strstr(key_at(&v->tops, k), "inception")) first = k;
  if (first == v->tops.n) return NO_REC;
  uint32_t c = v->top_ids[first];
  for (size_t steps = 0; c != NO_REC && steps <= g->nrecs; steps++) {
    const rec *r = ref_rec(g, c);
    if ((r)->kind == RK_CONCAT) return c;
    uint32_t next = NO_REC;
    for (size_t k = 0; k < r->tops.n && next == NO_REC; k++) {
      uint32_t t = r->top_ids[k];
      if (t == NO_REC) continue;
      const rec *tr = ref_rec(g, t);
      if ((tr)->kind == RK_CONV || (tr)->kind == RK_POOL ||
          (tr)->kind == RK_CONCAT)
        next = t;
    }
    c = next;
  }
  *stuck = true;
  return NO_REC;
}

size_t ref_successors(refg *g, uint32_t v, bool with_jump, uint32_t *out, size_t cap,
                      bool *stuck) {
  const rec *r = ref_rec(g, v);
  size_t n = 0;
  if (with_jump) {
    uint32_t j = jump(g, r, stuck);
    if (*stuck) return 0;
    if (j != NO_REC) {
      if (followed(ref_rec(g, j)) && cap > 0) out[n++] = j;
      return n;
    }
  }
  for (size_t k = 0; k < r->tops.n; k++) {
    uint32_t t = r->top_ids[k];
    if (t == NO_REC || !followed(ref_rec(g, t))) continue;
    if (n < cap) out[n] = t;
    n++;
  }
  return n;
}

/* ---- enumeration (net depth) -------------------------------------------- */

typedef struct walker {
  refg *g;
  bool (*keep)(const rec *);
  uint32_t *path;              /* kept records of the current prefix */
  size_t len, cap;
  bool *on_stack;
  size_t npaths;
  ref_path_fn emit;
  void *ctx;
  ref_walk_status status;
} walker;

enum { MAX_WALK_DEPTH = 20000 };

static void walk(walker *w, uint32_t v, size_t depth) {
  if (w->status != REF_WALK_OK) return;
  rec *r = ref_rec(w->g, v);
  if (!ref_in_phase(r)) return;
  if (w->on_stack[v] || depth > MAX_WALK_DEPTH) {
    w->status = REF_WALK_CYCLE;
    return;
  }
  size_t mark = w->len;
  if (w->keep(r)) {
    w->path = xgrow(w->path, &w->cap, w->len + 1, sizeof *w->path);
    w->path[w->len++] = v;
  }
  if (r->tops.n == 0) {
    if (++w->npaths > REF_MAX_PATHS) w->status = REF_WALK_TOO_MANY;
    else w->emit(w->ctx, w->path, w->len);
  } else {
    w->on_stack[v] = true;
    for (size_t k = 0; k < r->tops.n && w->status == REF_WALK_OK; k++) {
      uint32_t t = r->top_ids[k];
      if (t == NO_REC || !followed(ref_rec(w->g, t))) continue;
      walk(w, t, depth + 1);
    }
    w->on_stack[v] = false;
  }
  w->len = mark;
}

ref_walk_status ref_paths(refg *g, uint32_t start, bool (*keep)(const rec *), ref_path_fn emit,
                          void *ctx) {
  walker w = {.g = g, .keep = keep, .emit = emit, .ctx = ctx};
  w.on_stack = xcalloc(g->nrecs ? g->nrecs : 1, sizeof *w.on_stack);
  walk(&w, start, 0);
  free(w.on_stack);
  free(w.path);
  return w.status;
}

/* ---- productive records (§6.2's note) ------------------------------------ */

enum { UNSEEN, VISITING, YES, NO };

static bool productive(refg *g, uint8_t *memo, uint32_t v, bool with_jump, bool *stuck,
                       size_t depth) {
  if (memo[v] == YES) return true;
  if (memo[v] != UNSEEN || depth > MAX_WALK_DEPTH) return false;  /* NO, or a cycle */
  const rec *r = ref_rec(g, v);
  if (!ref_in_phase(r)) {
    memo[v] = NO;
    return false;
  }
  if (r->tops.n == 0) {
    memo[v] = YES;
    return true;
  }
  memo[v] = VISITING;
  uint32_t buf[64];
  size_t n = ref_successors(g, v, with_jump, buf, 64, stuck);
  uint32_t *succ = n > 64 ? xmalloc(n * sizeof *succ) : buf;
  if (n > 64) ref_successors(g, v, with_jump, succ, n, stuck);
  bool yes = false;
  for (size_t i = 0; i < n && !yes; i++) yes = productive(g, memo, succ[i], with_jump, stuck, depth + 1);
  if (succ != buf) free(succ);
  memo[v] = yes ? YES : NO;
  return yes;
}

void ref_on_complete_paths(refg *g, const uint32_t *starts, size_t nstarts, bool *on_path) {
  uint8_t *memo = xcalloc(g->nrecs ? g->nrecs : 1, 1);
  uint32_t *stack = xmalloc((g->nrecs ? g->nrecs : 1) * sizeof *stack);
  bool stuck = false;
  memset(on_path, 0, g->nrecs * sizeof *on_path);
  size_t sp = 0;
  for (size_t i = 0; i < nstarts; i++)
    if (productive(g, memo, starts[i], false, &stuck, 0) && !on_path[starts[i]]) {
      on_path[starts[i]] = true;
      stack[sp++] = starts[i];
    }
  while (sp) {
    uint32_t v = stack[--sp];
    const rec *r = ref_rec(g, v);
    for (size_t k = 0; k < r->tops.n; k++) {
      uint32_t t = r->top_ids[k];
      if (t == NO_REC || on_path[t] || !followed(ref_rec(g, t))) continue;
      if (!productive(g, memo, t, false, &stuck, 0)) continue;
      on_path[t] = true;
      stack[sp++] = t;
    }
  }
  free(memo);
  free(stack);
}

/* ---- last qualifying records (§7.9) ------------------------------------- */

/* A small sorted set of record indices; NO_REC stands for "none yet". */
typedef struct idset {
  uint32_t *v;
  size_t n;
  bool done, visiting;
} idset;

static void idset_add(idset *s, uint32_t x) {
  size_t i = 0;
  while (i < s->n && s->v[i] < x) i++;
  if (i < s->n && s->v[i] == x) return;
  s->v = xrealloc(s->v, (s->n + 1) * sizeof *s->v);
  memmove(s->v + i + 1, s->v + i, (s->n - i) * sizeof *s->v);
  s->v[i] = x;
  s->n++;
}

static bool qualifies(const rec *r) {
  return (r)->kind == RK_CONV || ref_is_inception_concat(r);
}

static void last_qualifying(refg *g, idset *memo, uint32_t v, bool *stuck, size_t depth) {
  idset *s = &memo[v];
  if (s->done || s->visiting || depth > MAX_WALK_DEPTH) return;
  const rec *r = ref_rec(g, v);
  uint32_t self = qualifies(r) ? v : NO_REC;
  if (!ref_in_phase(r)) {
    s->done = true;
    return;
  }
  if (r->tops.n == 0) {
    idset_add(s, self);
    s->done = true;
    return;
  }
  s->visiting = true;
  uint32_t buf[64];
  size_t n = ref_successors(g, v, true, buf, 64, stuck);
  uint32_t *succ = n > 64 ? xmalloc(n * sizeof *succ) : buf;
  if (n > 64) ref_successors(g, v, true, succ, n, stuck);
  for (size_t i = 0; i < n && !*stuck; i++) {
    last_qualifying(g, memo, succ[i], stuck, depth + 1);
    const idset *t = &memo[succ[i]];
    for (size_t k = 0; k < t->n; k++) idset_add(&memo[v], t->v[k] != NO_REC ? t->v[k] : self);
  }
  if (succ != buf) free(succ);
  memo[v].visiting = false;
  memo[v].done = true;
}

size_t ref_last_qualifying(refg *g, uint32_t start, uint32_t *out, size_t cap, bool *stuck) {
  idset *memo = xcalloc(g->nrecs ? g->nrecs : 1, sizeof *memo);
  last_qualifying(g, memo, start, stuck, 0);
  size_t n = 0;
  for (size_t k = 0; k < memo[start].n; k++)
    if (memo[start].v[k] != NO_REC && n < cap) out[n++] = memo[start].v[k];
  for (size_t i = 0; i < g->nrecs; i++) free(memo[i].v);
  free(memo);
  return n;
}

/* ---- backward depth (§6.3's note) ----------------------------------------- */

static bool counted(const rec *r, bool unit) {
  bool weight = (r)->kind == RK_INPUT || (r)->kind == RK_CONV ||
                (r)->kind == RK_IP || ref_is_inception_concat(r);
  if (unit && r->inception && (r)->kind != RK_CONCAT) return false;
  return weight;
}

void ref_depths(refg *g, bool unit, int64_t *depth) {
  size_t n = g->nrecs;
  int64_t *delta = xmalloc((n ? n : 1) * sizeof *delta);
  int64_t *c = xmalloc((n ? n : 1) * sizeof *c);
  uint32_t *queue = xmalloc((n ? n : 1) * sizeof *queue);
  size_t head = 0, tail = 0;
  /* Consumers of each record, from the bottom lists: the reverse edges. */
  size_t *start = xcalloc(n + 1, sizeof *start);
  for (size_t i = 0; i < n; i++) {
    if (g->recs[i].deleted) continue;
    for (size_t k = 0; k < g->recs[i].bottoms.n; k++) {
      uint32_t b = g->recs[i].bottom_ids[k];
      if (b != NO_REC) start[b + 1]++;
    }
  }
  for (size_t i = 0; i < n; i++) start[i + 1] += start[i];
  uint32_t *users = xmalloc((start[n] ? start[n] : 1) * sizeof *users);
  size_t *fill = xmalloc((n + 1) * sizeof *fill);
  memcpy(fill, start, (n + 1) * sizeof *fill);
  for (size_t i = 0; i < n; i++) {
    if (g->recs[i].deleted) continue;
    for (size_t k = 0; k < g->recs[i].bottoms.n; k++) {
      uint32_t b = g->recs[i].bottom_ids[k];
      if (b != NO_REC) users[fill[b]++] = (uint32_t)i;
    }
  }
  free(fill);
  for (size_t i = 0; i < n; i++) {
    delta[i] = -1;
    c[i] = -1;
    if (!g->recs[i].deleted && (&g->recs[i])->kind == RK_INPUT) {
      delta[i] = 0;
      queue[tail++] = (uint32_t)i;
    }
  }
  /* Breadth first from the inputs: delta is the hop distance to the
   * nearest input, and c is computed in the same order, since every
   * bottom on a shortest route is one level closer. */
  while (head < tail) {
    uint32_t v = queue[head++];
    const rec *r = &g->recs[v];
    if (delta[v] == 0) {
      c[v] = ref_in_phase(r) ? (counted(r, unit) ? 1 : 0) : -1;
    } else if (ref_in_phase(r)) {
      int64_t best = -1;
      for (size_t k = 0; k < r->bottoms.n; k++) {
        uint32_t b = r->bottom_ids[k];
        if (b == NO_REC || delta[b] != delta[v] - 1 || c[b] < 0) continue;
        if (best < 0 || c[b] < best) best = c[b];
      }
      c[v] = best < 0 ? -1 : best + (counted(r, unit) ? 1 : 0);
    }
    for (size_t e = start[v]; e < start[v + 1]; e++)
      if (delta[users[e]] < 0) {
        delta[users[e]] = delta[v] + 1;
        queue[tail++] = users[e];
      }
  }
  for (size_t i = 0; i < n; i++) depth[i] = c[i] < 0 ? -1 : c[i] - 1;
  free(delta);
  free(c);
  free(queue);
  free(start);
  free(users);
}

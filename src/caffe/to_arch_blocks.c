/* The block recogniser. A unit is a fork-join: a merge layer (concat, add,
 * mul or max) whose every input is reached from one tensor through a
 * branch of statements that feed nothing else, possibly empty (an identity
 * shortcut). That covers inception modules (parallel conv and pool
 * branches, concatenated), residual units (an add of a tensor and a chain
 * from it, or of two chains) and dense units (a concat of a tensor and a
 * chain from it). Units with the same structure, numbers aside, become one
 * block when there are two or more of them; the numbers that differ
 * between them are the block's parameters. A group whose units all start
 * with the same kind of statement that feeds only the unit (SqueezeNet's
 * squeeze convolution) takes it in as a stem. Anything else (forks inside
 * a branch, layers archc does not model, several outputs) stays as plain
 * statements. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "caffe/to_arch_int.h"
#include "util/xalloc.h"

/* Branches longer than this are left alone: no real unit is that deep. */
enum { MAX_BRANCH = 64, MAX_STEMS = 8 };

/* Whether a statement may be part of a unit: one input, one output, an op
 * archc models, not in a unit yet. */
static bool unit_member(const ta *t, uint32_t s) {
  const ta_stmt *st = &t->stmts[s];
  const ir_layer *h = &t->g->layers[st->head];
  switch (h->op) {
  case OP_INPUT: case OP_OPAQUE: case OP_SLICE:
  case OP_CONCAT: case OP_ADD: case OP_MUL: case OP_MAX:
    return false;
  default:
    return h->ninputs == 1 && h->noutputs == 1 && st->unit == TA_NONE;
  }
}

static bool is_merge(const ir_layer *l) {
  return (l->op == OP_CONCAT || l->op == OP_ADD || l->op == OP_MUL || l->op == OP_MAX) &&
         l->ninputs >= 2 && l->noutputs == 1;
}

static bool same_ref(ir_ref a, ir_ref b) { return a.layer == b.layer && a.output == b.output; }

static ir_ref head_input(const ta *t, uint32_t s) {
  return ta_ref(t, t->g->layers[t->stmts[s].head].inputs[0]);
}

/* Walks up from `r` through statements whose value only the next one
 * reads; `path` gets them from the merge upwards, `*end` the tensor where
 * the walk stops. False if the branch is too long. */
static bool walk(const ta *t, ir_ref r, uint32_t *path, uint32_t *n, ir_ref *end) {
  *n = 0;
  for (r = ta_ref(t, r);; r = head_input(t, path[*n - 1])) {
    uint32_t s = t->stmt_of[r.layer];
    if (s == TA_NONE || t->stmts[s].last != r.layer || ta_uses(t, r) != 1 ||
        !unit_member(t, s))
      break;
    if (*n == MAX_BRANCH) return false;
    path[(*n)++] = s;
  }
  *end = r;
  return true;
}

static void put_stmt_sig(const ta *t, buf *b, uint32_t s) {
  buf_putc(b, '[');
  for (uint32_t i = t->stmts[s].head; i != TA_NONE; i = t->next[i]) {
    if (i != t->stmts[s].head) buf_putc(b, '>');
    ta_put_layer_sig(b, &t->g->layers[i]);
  }
  buf_putc(b, ']');
}

static const char *unit_sig(const ta *t, const ta_unit *u) {
  buf b = {0};
  for (uint32_t k = 0; k < u->nstems; k++) buf_putc(&b, 's'), put_stmt_sig(t, &b, u->stems[k]);
  for (uint32_t k = 0; k < u->nbranches; k++) {
    buf_putc(&b, '(');
    for (uint32_t j = u->bstart[k]; j < u->bstart[k + 1]; j++) put_stmt_sig(t, &b, u->bstmts[j]);
    buf_putc(&b, ')');
  }
  ta_put_layer_sig(&b, &t->g->layers[t->stmts[u->merge].head]);
  const char *sig = arena_strdup(t->arena, b.data);
  buf_free(&b);
  return sig;
}

/* The unit whose merge is statement `m`, if there is one. */
static bool find_unit(const ta *t, uint32_t m, ta_unit *u) {
  const ir_layer *M = &t->g->layers[t->stmts[m].head];
  if (!is_merge(M) || t->stmts[m].unit != TA_NONE) return false;
  uint32_t nb = M->ninputs, total = 0;
  uint32_t *paths = xmalloc((size_t)nb * MAX_BRANCH * sizeof *paths);
  uint32_t *lens = xmalloc(nb * sizeof *lens);
  ir_ref fork = {0, 0};
  bool ok = true;
  for (uint32_t k = 0; k < nb && ok; k++) {
    ir_ref end;
    ok = walk(t, M->inputs[k], paths + (size_t)k * MAX_BRANCH, &lens[k], &end);
    if (k == 0) fork = end;
    ok = ok && same_ref(end, fork);
    total += lens[k];
  }
  if (ok && total > 0) {
    *u = (ta_unit){.merge = m, .input = fork, .nbranches = nb, .block = TA_NONE};
    u->bstart = arena_calloc(t->arena, nb + 1, sizeof *u->bstart);
    u->bstmts = arena_calloc(t->arena, total, sizeof *u->bstmts);
    uint32_t at = 0;
    for (uint32_t k = 0; k < nb; k++) {
      u->bstart[k] = at;
      for (uint32_t j = lens[k]; j-- > 0;) u->bstmts[at++] = paths[(size_t)k * MAX_BRANCH + j];
    }
    u->bstart[nb] = at;
    u->sig = unit_sig(t, u);
  }
  free(paths);
  free(lens);
  return ok && total > 0;
}

/* The statement that could become the unit's next stem: its value is the
 * unit's input, and the unit alone reads it. */
static uint32_t stem_candidate(const ta *t, const ta_unit *u) {
  if (u->nstems == MAX_STEMS) return TA_NONE;
  uint32_t s = t->stmt_of[u->input.layer];
  if (s == TA_NONE || t->stmts[s].last != u->input.layer || !unit_member(t, s))
    return TA_NONE;
  /* The unit reads its input once per branch, or once through its stem. */
  uint32_t reads = u->nstems ? 1 : u->nbranches;
  return ta_uses(t, u->input) == reads ? s : TA_NONE;
}

/* Takes in stems for the whole group while every unit has one of the same
 * structure. */
static void grow_stems(ta *t, ta_unit *units, const uint32_t *group, uint32_t n) {
  for (;;) {
    buf first = {0}, other = {0};
    bool ok = true;
    for (uint32_t i = 0; i < n && ok; i++) {
      uint32_t s = stem_candidate(t, &units[group[i]]);
      ok = s != TA_NONE;
      if (!ok) break;
      buf *b = i == 0 ? &first : &other;
      b->len = 0;
      put_stmt_sig(t, b, s);
      ok = i == 0 || (other.len == first.len && memcmp(other.data, first.data, first.len) == 0);
    }
    buf_free(&first);
    buf_free(&other);
    if (!ok) return;
    for (uint32_t i = 0; i < n; i++) {
      ta_unit *u = &units[group[i]];
      uint32_t s = stem_candidate(t, u);
      uint32_t *stems = arena_calloc(t->arena, u->nstems + 1, sizeof *stems);
      stems[0] = s;
      if (u->nstems) memcpy(stems + 1, u->stems, u->nstems * sizeof *stems);
      u->stems = stems;
      u->nstems++;
      u->input = head_input(t, s);
    }
  }
}

/* Every numeric slot of a unit, in writing order: stems, branches, merge. */
static uint32_t unit_slots(const ta *t, const ta_unit *u, ta_slot *out) {
  uint32_t n = 0;
  for (uint32_t k = 0; k < u->nstems + u->bstart[u->nbranches]; k++) {
    uint32_t s = k < u->nstems ? u->stems[k] : u->bstmts[k - u->nstems];
    for (uint32_t i = t->stmts[s].head; i != TA_NONE; i = t->next[i]) {
      ta_slot v[TA_MAX_SLOTS];
      uint32_t m = ta_layer_slots(&t->g->layers[i], v);
      if (out) memcpy(out + n, v, m * sizeof *v);
      n += m;
    }
  }
  return n;
}

static const char *kind_name(ta_slot_kind k) {
  static const char *const names[] = {"n", "k", "stride", "pad", "dilation", "groups", "size",
                                      "v"};
  return names[k];
}

/* The block's parameters: one per slot whose value differs between the
 * instances, shared by slots of one kind that always agree. */
static void make_params(ta *t, ta_block *b) {
  uint32_t n = b->nslots, m = b->nunits;
  ta_slot *v = arena_calloc(t->arena, (size_t)n * m + 1, sizeof *v);
  for (uint32_t i = 0; i < m; i++) unit_slots(t, &t->units[b->units[i]], v + (size_t)i * n);
  b->param_of = arena_calloc(t->arena, n + 1, sizeof *b->param_of);
  b->param_slot = arena_calloc(t->arena, n + 1, sizeof *b->param_slot);
  b->params = arena_calloc(t->arena, n + 1, sizeof *b->params);
  for (uint32_t j = 0; j < n; j++) {
    b->param_of[j] = TA_NONE;
    bool varies = false;
    for (uint32_t i = 1; i < m && !varies; i++)
      varies = !ta_slot_equal(&v[j], &v[(size_t)i * n + j]);
    if (!varies) continue;
    for (uint32_t p = 0; p < b->nparams && b->param_of[j] == TA_NONE; p++) {
      uint32_t q = b->param_slot[p];
      bool same = v[q].kind == v[j].kind;
      for (uint32_t i = 0; i < m && same; i++)
        same = ta_slot_equal(&v[(size_t)i * n + q], &v[(size_t)i * n + j]);
      if (same) b->param_of[j] = p;
    }
    if (b->param_of[j] != TA_NONE) continue;
    b->param_slot[b->nparams] = j;
    b->param_of[j] = b->nparams++;
  }
  /* Names: the kind's name, numbered when the kind has several. */
  uint32_t count[SK_FLOAT + 1] = {0}, seen[SK_FLOAT + 1] = {0};
  for (uint32_t p = 0; p < b->nparams; p++) count[v[b->param_slot[p]].kind]++;
  for (uint32_t p = 0; p < b->nparams; p++) {
    ta_slot_kind k = v[b->param_slot[p]].kind;
    b->params[p] = count[k] == 1 ? kind_name(k)
                                 : arena_printf(t->arena, "%s%" PRIu32, kind_name(k), ++seen[k]);
  }
}

static const char *block_kind(const ta *t, const ta_unit *u) {
  if (t->g->layers[t->stmts[u->merge].head].op != OP_CONCAT) return "residual";
  for (uint32_t k = 0; k < u->nbranches; k++)
    if (u->bstart[k] == u->bstart[k + 1]) return "dense";
  return "inception";
}

void ta_find_blocks(ta *t) {
  uint32_t ns = t->nstmts;
  ta_unit *cand = arena_calloc(t->arena, ns ? ns : 1, sizeof *cand);
  uint32_t ncand = 0;
  for (uint32_t s = 0; s < ns; s++)
    if (find_unit(t, s, &cand[ncand])) ncand++;

  /* Groups of identical structure, in the order of their first unit. */
  strmap by_sig;
  strmap_init(&by_sig, t->arena);
  uint32_t *group_of = arena_calloc(t->arena, ncand ? ncand : 1, sizeof *group_of);
  uint32_t *size = arena_calloc(t->arena, ncand ? ncand : 1, sizeof *size);
  uint32_t ngroups = 0;
  for (uint32_t i = 0; i < ncand; i++) {
    uint32_t gi;
    if (!strmap_get(&by_sig, cand[i].sig, strlen(cand[i].sig), &gi)) {
      gi = ngroups++;
      strmap_add(&by_sig, cand[i].sig, strlen(cand[i].sig), gi);
    }
    group_of[i] = gi;
    size[gi]++;
  }

  t->units = arena_calloc(t->arena, ncand ? ncand : 1, sizeof *t->units);
  t->blocks = arena_calloc(t->arena, ngroups ? ngroups : 1, sizeof *t->blocks);
  uint32_t *members = arena_calloc(t->arena, ncand ? ncand : 1, sizeof *members);
  for (uint32_t gi = 0; gi < ngroups; gi++) {
    if (size[gi] < 2) continue;
    uint32_t n = 0;
    for (uint32_t i = 0; i < ncand; i++)
      if (group_of[i] == gi) members[n++] = i;
    grow_stems(t, cand, members, n);
    ta_block *b = &t->blocks[t->nblocks];
    b->name = block_kind(t, &cand[members[0]]);
    b->units = arena_calloc(t->arena, n, sizeof *b->units);
    for (uint32_t i = 0; i < n; i++) {
      ta_unit *u = &t->units[t->nunits];
      *u = cand[members[i]];
      u->sig = unit_sig(t, u);
      u->block = t->nblocks;
      b->units[b->nunits++] = t->nunits;
      t->stmts[u->merge].unit = t->nunits;
      for (uint32_t k = 0; k < u->nstems; k++) t->stmts[u->stems[k]].unit = t->nunits;
      for (uint32_t k = 0; k < u->bstart[u->nbranches]; k++)
        t->stmts[u->bstmts[k]].unit = t->nunits;
      t->nunits++;
    }
    b->nslots = unit_slots(t, &t->units[b->units[0]], NULL);
    make_params(t, b);
    t->nblocks++;
  }
}

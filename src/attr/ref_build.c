/* The reference's layer graph (spec §4) and its grid arithmetic (§5),
 * built layer by layer in file order exactly as the reference does,
 * replacements, placeholders and removed 1x1 poolings included. */
#include <stdlib.h>
#include <string.h>

#include "attr/ref_int.h"
#include "util/xalloc.h"

static const char *const activation_types[] = {"ReLU", "PReLU", "ELU", "Sigmoid", "TanH",
                                               "Power", "Exp", "Log", "BNLL", "Threshold",
                                               "Bias", "Scale", NULL};
/* The types the reference gives a parameter table (§3). */
static const char *const table_types[] = {
  "Data", "Silence", "Split", "Concat", "Slice", "DummyData", "Convolution", "ReLU", "Sigmoid",
  "Pooling", "Flatten", "InnerProduct", "Dropout", "Accuracy", "SoftmaxWithLoss",
  "GradientScaler", "SigmoidCrossEntropyLoss", "LRN", "Eltwise", NULL};
static const char *const special_tops[] = {
  "label", "data", "target_label", "target_label_planecode", "source_data", "label_planecode",
  "Slice NodeX1", "Slice NodeX2", "bottleneck", "discard_features", "keep_features",
  "dc_labels", NULL};
static const char *const alias_keys[] = {"alias_to_bottleneck", "slice_features",
                                         "bottleneck_alias", "grl", NULL};

/* The first bytes are compared before strcmp is called: the lists are
 * searched for every layer, and most names differ at once. */
static bool in_list(const char *s, const char *const *list) {
  for (; *list; list++)
    if (s[0] == (*list)[0] && strcmp(s, *list) == 0) return true;
  return false;
}

static rec_kind kind_of(const char *type) {
  static const struct { const char *type; rec_kind kind; } kinds[] = {
    {"Convolution", RK_CONV}, {"Pooling", RK_POOL}, {"InnerProduct", RK_IP},
    {"Concat", RK_CONCAT}, {"Flatten", RK_FLATTEN}, {"LRN", RK_LRN}, {"Split", RK_SPLIT},
    {"Slice", RK_SLICE}, {"Placeholder", RK_PLACEHOLDER}, {"Input", RK_INPUT},
    {"Dropout", RK_DROPOUT},
  };
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (type[0] == kinds[i].type[0] && strcmp(type, kinds[i].type) == 0) return kinds[i].kind;
  return RK_OTHER;
}

uint32_t ref_lookup(const refg *g, const char *key) {
  uint32_t i;
  if (!strmap_get(&g->keys, key, strlen(key), &i)) return NO_REC;
  return i;
}

static void error(refg *g, const ref_layer *l, const char *fmt, const char *a, const char *b) {
  diag_add(g->diags, DIAG_ERROR, "reference-construction", g->net->src, l->loc, fmt, a, b);
  g->failed = true;
}

/* Stores a new record under `key` (§4.3): a record already there is
 * replaced in place; a deleted key's new record goes to the end. */
static uint32_t store(refg *g, const char *key, const char *type, ref_phase phase,
                      const ref_layer *l) {
  uint32_t i = ref_lookup(g, key);
  if (i == NO_REC) {
    g->recs = xgrow(g->recs, &g->cap, g->nrecs + 1, sizeof *g->recs);
    i = (uint32_t)g->nrecs++;
    strmap_set(&g->keys, key, strlen(key), i);
  }
  rec *r = &g->recs[i];
  memset(r, 0, sizeof *r);
  r->key = key;
  r->type = type;
  r->kind = kind_of(type);
  r->passthrough = r->kind == RK_DROPOUT || in_list(type, activation_types);
  r->inception = strstr(key, "inception") != NULL;
  r->inception_concat = r->kind == RK_CONCAT && r->inception;
  r->phase = phase;
  r->layer = l;
  r->has_table = l ? in_list(type, table_types) : true;
  return i;
}

static void push_key(refg *g, avec *v, const char *key) {
  *(const char **)avec_push(g->arena, v, sizeof(const char *)) = key;
}

static const char *key_at(const avec *v, size_t i) { return ((const char **)v->data)[i]; }

/* Removed 1x1 poolings (§4.2): their key and bottoms, in order. */
typedef struct removed {
  const char *key;
  const ref_layer *layer;
} removed;

static const removed *find_removed(const avec *rm, const char *name) {
  for (size_t i = 0; i < rm->n; i++)
    if (strcmp(((removed *)rm->data)[i].key, name) == 0) return &((removed *)rm->data)[i];
  return NULL;
}

/* Follows removed names to the first non-removed one (bounded: a chain of
 * removals cannot be longer than the list). */
static const char *resolve_removed(const avec *rm, const char *name) {
  for (size_t steps = 0; steps <= rm->n; steps++) {
    const removed *r = find_removed(rm, name);
    if (!r) return name;
    name = r->layer->bottoms[0];
  }
  return name;
}

/* §5 in one dimension: the padded extent and the output extent of an
 * input of extent n. The reference computes with Python's unbounded
 * integers; a value past int64_t is refused (false), not wrapped. */
static bool extent(int64_t n, int64_t k, int64_t s, int64_t p, int64_t *padded, int64_t *out) {
  int64_t np, o = 1, reach;
  if (__builtin_mul_overflow(p, 2, padded) || __builtin_add_overflow(n, *padded, padded) ||
      __builtin_add_overflow(n, p, &np))
    return false;
  if (*padded >= k &&
      (__builtin_sub_overflow(*padded, k, &o) || __builtin_add_overflow(o / s, 1, &o)))
    return false;
  if (__builtin_mul_overflow(o - 1, s, &reach) || __builtin_add_overflow(reach, k, &reach))
    return false;
  if (reach < np && __builtin_add_overflow(o, 1, &o)) return false;
  *out = o;
  return true;
}

/* §5: the padded input grid and the output grid of a convolution, pooling
 * or LRN record from its first bottom. */
static bool grids(refg *g, rec *r, const rec *b) {
  const ref_layer *l = r->layer;
  if (!b->has_grid || !b->has_num) {
    error(g, l, "'%s': its first bottom '%s' has no grid", r->key, b->key);
    return false;
  }
  if (r->sh <= 0 || r->sw <= 0) {
    error(g, l, "'%s': stride 0%s", r->key, "");
    return false;
  }
  int64_t hp, wp, oh, ow;
  if (!extent(b->grid[1], r->kh, r->sh, r->ph, &hp, &oh) ||
      !extent(b->grid[2], r->kw, r->sw, r->pw, &wp, &ow)) {
    error(g, l, "'%s': its grid is too large for 64-bit integers%s", r->key, "");
    return false;
  }
  r->has_in_grid = true;
  r->in_grid[0] = b->num;
  r->in_grid[1] = hp;
  r->in_grid[2] = wp;
  r->has_grid = true;
  r->grid[0] = r->num;
  r->grid[1] = oh;
  r->grid[2] = ow;
  return true;
}

/* §4.8 a: a Concat's grid and num_output from its bottoms. */
static bool concat_sizes(refg *g, uint32_t ri) {
  rec *r = &g->recs[ri];
  int64_t a = r->axis - 1;
  if (a < -3 || a > 2) {
    error(g, r->layer, "'%s': concat axis out of range%s", r->key, "");
    return false;
  }
  if (a < 0) a += 3;
  bool any_grid = false, any_flat = false;
  int64_t grid[3] = {0, 0, 0}, flat = 0;
  for (size_t k = 0; k < r->bottoms.n; k++) {
    uint32_t bi = ref_lookup(g, key_at(&r->bottoms, k));
    const rec *b = &g->recs[bi];
    if ((b)->kind == RK_CONV || (b)->kind == RK_POOL || (b)->kind == RK_LRN ||
        (b)->kind == RK_CONCAT) {
      if (!b->has_grid) {
        error(g, r->layer, "'%s': bottom '%s' has no grid", r->key, b->key);
        return false;
      }
      if (!any_grid) {
        memcpy(grid, b->grid, sizeof grid);
      } else {
        for (int d = 0; d < 3; d++)
          if (d != a && grid[d] != b->grid[d]) {
            error(g, r->layer, "'%s': concatenated grids disagree (at '%s')", r->key, b->key);
            return false;
          }
        if (__builtin_add_overflow(grid[a], b->grid[a], &grid[a])) {
          error(g, r->layer, "'%s': its grid is too large for 64-bit integers%s", r->key, "");
          return false;
        }
      }
      any_grid = true;
    } else if ((b)->kind == RK_FLATTEN) {
      if (__builtin_add_overflow(flat, b->num, &flat)) {
        error(g, r->layer, "'%s': its size is too large for 64-bit integers%s", r->key, "");
        return false;
      }
      any_flat = true;
    }
  }
  r = &g->recs[ri];
  if (any_grid) {
    r->has_grid = true;
    memcpy(r->grid, grid, sizeof grid);
    r->has_num = true;
    r->num = grid[0];
  }
  if (any_flat) {
    r->has_num = true;
    r->num = flat;
  }
  return true;
}

/* §4.8, in its order, on the record now stored under the layer's key;
 * `first` is its first bottom's record (NO_REC: it has none). */
static bool sizes(refg *g, uint32_t ri, uint32_t first, const ref_layer *l) {
  rec *r = &g->recs[ri];
  rec *b = first == NO_REC ? NULL : &g->recs[first];
  if ((r)->kind == RK_CONCAT && !concat_sizes(g, ri)) return false;
  r = &g->recs[ri];
  bool needs_num = (r)->kind == RK_POOL || (r)->kind == RK_LRN ||
                   (r)->kind == RK_IP || in_list(r->key, alias_keys);
  if (needs_num && (!b || !b->has_num)) {
    error(g, l, "'%s': its first bottom has no output size%s", r->key, "");
    return false;
  }
  if ((r)->kind == RK_POOL || (r)->kind == RK_LRN) {
    r->has_num = true;
    r->num = b->num;
  }
  if ((r)->kind == RK_FLATTEN) {
    if (!b || !b->has_in_grid) {
      error(g, l, "'%s': its first bottom has no input grid%s", r->key, "");
      return false;
    }
    r->has_grid = true;
    memcpy(r->grid, b->in_grid, sizeof r->grid);
    r->has_num = true;
    if (__builtin_mul_overflow(b->in_grid[0], b->in_grid[1], &r->num) ||
        __builtin_mul_overflow(r->num, b->in_grid[2], &r->num)) {
      error(g, l, "'%s': its size is too large for 64-bit integers%s", r->key, "");
      return false;
    }
  }
  if ((r)->kind == RK_IP) {
    r->has_num_input = true;
    r->num_input = b->num;
  }
  if (in_list(r->key, alias_keys)) {
    r->has_num = true;
    r->num = b->num;
    for (size_t k = 0; k < l->ntops; k++)
      if (!strcmp(l->tops[k], "bottleneck") || !strcmp(l->tops[k], "keep_features")) {
        uint32_t ti = ref_lookup(g, l->tops[k]);
        if (ti != NO_REC) {
          g->recs[ti].has_num = true;
          g->recs[ti].num = b->num;
        }
      }
  }
  if (((r)->kind == RK_CONV || (r)->kind == RK_POOL || (r)->kind == RK_LRN)) {
    if (!b) {
      error(g, l, "'%s' has no bottom%s", r->key, "");
      return false;
    }
    if (!grids(g, r, b)) return false;
  }
  if (in_list(l->type, activation_types)) {
    if (!b) {
      error(g, l, "activation '%s' has no bottom%s", r->key, "");
      return false;
    }
    if (!b->has_table) {
      error(g, l, "'%s': its bottom '%s' has no parameter table", r->key, b->key);
      return false;
    }
    b->tag = l->type;
  }
  return true;
}

static bool same_names(const char *const *a, size_t na, const char *const *b, size_t nb) {
  if (na != nb) return false;
  for (size_t i = 0; i < na; i++)
    if (strcmp(a[i], b[i]) != 0) return false;
  return true;
}

static void add_input(refg *g, const char *t, const ref_layer *l) {
  uint32_t i = store(g, t, "Input", l->phase, NULL);
  rec *r = &g->recs[i];
  push_key(g, &r->bottoms, l->name);
  int64_t c, h = 127, w;
  if (g->mode == REF_NOVA) {
    c = 1, h = 100, w = 80;
  } else {
    c = 2;
    w = !strcmp(t, "data0_1") || !strcmp(t, "data0_2") ? 47 : 94;
  }
  r->has_grid = r->has_num = true;
  r->grid[0] = r->num = c;
  r->grid[1] = h;
  r->grid[2] = w;
  push_key(g, &g->inputs, t);
}

static bool one_layer(refg *g, const ref_layer *l, avec *removed_list) {
  const char *key = l->name;
  bool named_inception = strstr(l->name, "inception") != NULL;
  if ((!strcmp(l->type, "Concat") && named_inception) || !strcmp(l->name, "finalip")) {
    if (l->ntops == 0) {
      error(g, l, "'%s' has no top%s", l->name, "");
      return false;
    }
    key = l->tops[0];
  }
  if (!strcmp(l->type, "Pooling") && l->pool_1x1) {
    if (l->nbottoms == 0) {
      error(g, l, "1x1 pooling '%s' has no bottom%s", l->name, "");
      return false;
    }
    removed *rm = avec_push(g->arena, removed_list, sizeof *rm);
    rm->key = key;
    rm->layer = l;
    return true;
  }
  uint32_t ri = store(g, key, l->type, l->phase, l);
  rec *r = &g->recs[ri];
  r->kh = l->kernel_h, r->kw = l->kernel_w;
  r->sh = l->stride_h, r->sw = l->stride_w;
  r->ph = l->pad_h, r->pw = l->pad_w;
  r->pool = l->pool;
  r->axis = l->concat_axis;
  if (!strcmp(l->type, "LRN")) {
    r->kh = r->kw = r->sh = r->sw = 1;
    r->ph = r->pw = 0;
  }
  if (!strcmp(l->type, "Convolution") || !strcmp(l->type, "InnerProduct")) {
    r->has_num = true;
    r->num = l->num_output;
  }
  bool rewire = false;
  for (size_t k = 0; k < l->nbottoms; k++)
    if (find_removed(removed_list, l->bottoms[k])) rewire = true;
  if (rewire) {
    if (same_names(l->bottoms, l->nbottoms, l->tops, l->ntops)) {
      /* In place on a removed pooling: the layer disappears (§4.4). */
      g->recs[ri].deleted = true;
      strmap_set(&g->keys, key, strlen(key), NO_REC);
      return true;
    }
    for (size_t k = 0; k < l->nbottoms; k++)
      if (find_removed(removed_list, l->bottoms[k]))
        push_key(g, &g->recs[ri].bottoms, resolve_removed(removed_list, l->bottoms[k]));
  } else {
    for (size_t k = 0; k < l->nbottoms; k++) push_key(g, &g->recs[ri].bottoms, l->bottoms[k]);
  }
  for (size_t k = 0; k < l->ntops; k++) {       /* §4.5 */
    const char *t = l->tops[k];
    if (!in_list(t, special_tops)) continue;
    uint32_t ti = ref_lookup(g, t);
    if (ti == NO_REC) {
      ti = store(g, t, "Placeholder", l->phase, NULL);
      push_key(g, &g->recs[ti].bottoms, key);
    } else {
      g->recs[ti].phase = REF_ALL;
      push_key(g, &g->recs[ti].bottoms, key);
    }
    /* ri still holds `key`: a record stored here has another key, and
     * only a deleted key moves to a new slot. */
    push_key(g, &g->recs[ri].tops, t);
  }
  for (size_t k = 0; k < l->ntops; k++)         /* §4.6 */
    if (strstr(l->tops[k], "data0")) add_input(g, l->tops[k], l);   /* keeps ri too */
  uint32_t first = NO_REC;
  for (size_t k = 0; k < g->recs[ri].bottoms.n; k++) {   /* §4.7 */
    const char *b = key_at(&g->recs[ri].bottoms, k);
    uint32_t bi = ref_lookup(g, b);
    if (bi == NO_REC) {
      error(g, l, "'%s': bottom '%s' names no layer or special top", l->name, b);
      return false;
    }
    if (k == 0) first = bi;
    push_key(g, &g->recs[bi].tops, key);
  }
  return sizes(g, ri, first, l);
}

/* Once the graph is built the key map no longer changes, so each bottom
 * and top is looked up once here instead of on every traversal. */
static const uint32_t *resolve(refg *g, const avec *keys) {
  if (keys->n == 0) return NULL;
  uint32_t *ids = arena_calloc(g->arena, keys->n, sizeof *ids);
  for (size_t k = 0; k < keys->n; k++) ids[k] = ref_lookup(g, key_at(keys, k));
  return ids;
}

bool ref_build(refg *g) {
  avec removed_list = {0};
  for (size_t i = 0; i < g->net->nlayers; i++)
    if (!one_layer(g, &g->net->layers[i], &removed_list)) return false;
  for (size_t i = 0; i < g->nrecs; i++) {
    g->recs[i].bottom_ids = resolve(g, &g->recs[i].bottoms);
    g->recs[i].top_ids = resolve(g, &g->recs[i].tops);
  }
  return true;
}

/* Lowering, part three: once the whole network is expanded, resolve the
 * names that were used before their definitions, order the layers
 * topologically (reporting cycles), and warn about layers nothing uses.
 * Everything here is iterative: a chain of a million layers must not
 * exhaust the stack. */
#include "arch/lower_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

/* Follows a pending name to the tensor it stands for. Aliases (`a = b`)
 * may chain; a chain that comes back to itself is a cycle. */
static val resolve(lower *L, uint32_t first) {
  val none = {.kind = VAL_NONE};
  val r = none;
  uint32_t cur = first;
  size_t npath = 0;
  for (;;) {
    pending *p = &L->pending[cur];
    if (p->state == 2) {
      r = p->result;
      break;
    }
    if (p->state == 1) {
      const binding *b = binding_at(p->sc, p->binding);
      lower_error(L, p->sc, "cycle", p->use, "'%s' is defined in terms of itself", b->name.s);
      break;
    }
    p->state = 1;
    npath++;
    const binding *b = binding_at(p->sc, p->binding);
    if (!b->done) break;   /* its statement failed; already reported */
    if (b->v.kind == VAL_PENDING) {
      cur = b->v.u.pending;
      continue;
    }
    r = b->v;
    break;
  }
  /* Mark the whole path with the result. */
  cur = first;
  for (size_t i = 0; i < npath; i++) {
    pending *p = &L->pending[cur];
    p->state = 2;
    p->result = r;
    const binding *b = binding_at(p->sc, p->binding);
    if (!b->done || b->v.kind != VAL_PENDING) break;
    cur = b->v.u.pending;
  }
  return r;
}

static bool to_ref(lower *L, val v, ir_ref *out) {
  if (v.kind == VAL_PENDING) v = resolve(L, v.u.pending);
  if (v.kind != VAL_TENSOR) return false;
  *out = v.u.ref;
  return true;
}

/* A binary min-heap of layer indices: Kahn's algorithm taking the earliest
 * created ready layer keeps source order wherever the graph allows. */
typedef struct heap {
  uint32_t *v;
  size_t n;
} heap;

static void heap_push(heap *h, uint32_t x) {
  size_t i = h->n++;
  while (i > 0 && h->v[(i - 1) / 2] > x) {
    h->v[i] = h->v[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  h->v[i] = x;
}

static uint32_t heap_pop(heap *h) {
  uint32_t top = h->v[0], x = h->v[--h->n];
  size_t i = 0;
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= h->n) break;
    if (c + 1 < h->n && h->v[c + 1] < h->v[c]) c++;
    if (h->v[c] >= x) break;
    h->v[i] = h->v[c];
    i = c;
  }
  h->v[i] = x;
  return top;
}

/* Reports each cycle among the layers Kahn's algorithm could not order:
 * walk inputs from an unreported layer until a layer repeats. */
static void report_cycles(lower *L, const uint32_t *indeg, ir_ref *const *ins,
                          const uint32_t *nins) {
  size_t n = L->nlayers;
  uint8_t *mark = xcalloc(n, 1);    /* 0 unseen, 1 on the current walk, 2 done */
  uint32_t *walk = xmalloc(n * sizeof *walk);
  for (size_t start = 0; start < n; start++) {
    if (indeg[start] == 0 || mark[start]) continue;
    size_t len = 0;
    uint32_t cur = (uint32_t)start;
    while (mark[cur] == 0) {
      mark[cur] = 1;
      walk[len++] = cur;
      uint32_t next = UINT32_MAX;
      for (uint32_t k = 0; k < nins[cur]; k++)
        if (indeg[ins[cur][k].layer] != 0) {
          next = ins[cur][k].layer;
          break;
        }
      if (next == UINT32_MAX) break;
      cur = next;
    }
    if (mark[cur] == 1) {
      /* walk[i..len) from the first occurrence of cur is the cycle, each
       * layer followed by one of its inputs. Report it at the earliest
       * written layer and print it from there, producers first. */
      size_t i = 0;
      while (walk[i] != cur) i++;
      size_t cyc = len - i, at = i;
      for (size_t j = i; j < len; j++)
        if (L->layers[walk[j]].l.loc.start < L->layers[walk[at]].l.loc.start) at = j;
      wlayer *w = &L->layers[walk[at]];
      const char *subject = w->label ? w->label : w->l.name;
      buf path = {0};
      for (size_t k = 0; k <= cyc; k++) {
        /* walking backwards from `at` through the cycle visits producers */
        size_t j = i + (at - i + cyc - k % cyc) % cyc;
        buf_printf(&path, "%s'%s'", k ? " -> " : "", L->layers[walk[j]].l.name);
      }
      diag *d = cyc == 1
                    ? diag_add(L->diags, DIAG_ERROR, "cycle", L->src, w->l.loc,
                               "'%s' uses its own output", subject)
                    : diag_add(L->diags, DIAG_ERROR, "cycle", L->src, w->l.loc,
                               "'%s' depends on itself: %s", subject, path.data);
      for (const ir_site *s = w->l.site; s && d; s = s->parent)
        diag_note_add_trailing(L->diags, d, L->src, s->loc, "in block '%s' called here",
                               s->block);
      buf_free(&path);
    }
    for (size_t j = 0; j < len; j++) mark[walk[j]] = 2;
  }
  free(mark);
  free(walk);
}

/* `order[j]` is the working layer that became g->layers[j]. */
static void warn_unused(lower *L, const ir_graph *g, const uint32_t *order) {
  size_t n = g->nlayers;
  bool *live = xcalloc(n ? n : 1, sizeof *live);
  bool *consumed = xcalloc(n ? n : 1, sizeof *consumed);
  for (uint32_t i = 0; i < g->noutputs; i++) live[g->outputs[i].ref.layer] = true;
  /* Reverse topological order: liveness flows from consumers to producers. */
  for (size_t i = n; i-- > 0;)
    for (uint32_t k = 0; k < g->layers[i].ninputs; k++) {
      uint32_t src = g->layers[i].inputs[k].layer;
      consumed[src] = true;
      if (live[i]) live[src] = true;
    }
  for (size_t i = 0; i < n; i++) {
    if (live[i] || consumed[i]) continue;
    const ir_layer *l = &g->layers[i];
    const wlayer *w = &L->layers[order[i]];
    diag *d;
    if (l->op == OP_INPUT)
      d = diag_add(L->diags, DIAG_WARNING, "unused-input", L->src, l->loc,
                   "input '%s' is never used", l->name);
    else if (w->label)
      d = diag_add(L->diags, DIAG_WARNING, "unused-layer", L->src, l->loc,
                   "'%s' is computed but never used", w->label);
    else if (l->site)
      d = diag_add(L->diags, DIAG_WARNING, "unused-layer", L->src, l->site->loc,
                   "the result of block '%s' is never used", l->site->block);
    else
      d = diag_add(L->diags, DIAG_WARNING, "unused-layer", L->src, l->loc,
                   "'%s' is computed but never used", l->name);
    const ir_site *s = l->site;
    if (!w->label && s) s = s->parent;  /* reported at that call already */
    for (; s && d; s = s->parent)
      diag_note_add_trailing(L->diags, d, L->src, s->loc, "in block '%s' called here",
                             s->block);
  }
  free(live);
  free(consumed);
}

void lower_finish(lower *L, ir_graph *g) {
  size_t errors_before = L->diags->count[DIAG_ERROR];
  size_t n = L->nlayers;

  /* Inputs to references; an input that did not resolve was reported and
   * is dropped, so that the graph stays well formed. */
  ir_ref **ins = xcalloc(n ? n : 1, sizeof *ins);
  uint32_t *nins = xcalloc(n ? n : 1, sizeof *nins);
  uint32_t *indeg = xcalloc(n ? n : 1, sizeof *indeg);
  size_t nedges = 0;
  for (size_t i = 0; i < n; i++) {
    wlayer *w = &L->layers[i];
    ins[i] = arena_calloc(L->arena, w->l.ninputs ? w->l.ninputs : 1, sizeof(ir_ref));
    for (uint32_t k = 0; k < w->l.ninputs; k++) {
      ir_ref r;
      if (to_ref(L, w->ins[k], &r)) ins[i][nins[i]++] = r;
    }
    indeg[i] = nins[i];
    nedges += nins[i];
  }

  /* Names nothing consumes still get resolved, so that `a = b; b = a`
   * is reported even when neither is used. */
  for (size_t i = 0; i < L->npending; i++)
    if (L->pending[i].state == 0) resolve(L, (uint32_t)i);

  /* Consumers in CSR form, for Kahn's algorithm. */
  size_t *start = xcalloc(n + 1, sizeof *start);
  uint32_t *users = xmalloc((nedges ? nedges : 1) * sizeof *users);
  for (size_t i = 0; i < n; i++)
    for (uint32_t k = 0; k < nins[i]; k++) start[ins[i][k].layer + 1]++;
  for (size_t i = 0; i < n; i++) start[i + 1] += start[i];
  size_t *fill = xmalloc((n + 1) * sizeof *fill);
  memcpy(fill, start, (n + 1) * sizeof *fill);
  for (size_t i = 0; i < n; i++)
    for (uint32_t k = 0; k < nins[i]; k++) users[fill[ins[i][k].layer]++] = (uint32_t)i;
  free(fill);

  heap h = {xmalloc((n ? n : 1) * sizeof(uint32_t)), 0};
  for (size_t i = 0; i < n; i++)
    if (indeg[i] == 0) heap_push(&h, (uint32_t)i);
  uint32_t *order = xmalloc((n ? n : 1) * sizeof *order);
  uint32_t *newidx = xmalloc((n ? n : 1) * sizeof *newidx);
  size_t norder = 0;
  while (h.n) {
    uint32_t i = heap_pop(&h);
    newidx[i] = (uint32_t)norder;
    order[norder++] = i;
    for (size_t e = start[i]; e < start[i + 1]; e++)
      if (--indeg[users[e]] == 0) heap_push(&h, users[e]);
  }
  free(h.v);
  if (norder < n) report_cycles(L, indeg, ins, nins);
  for (size_t i = 0; i < n; i++)
    if (indeg[i] != 0) newidx[i] = UINT32_MAX;

  /* The final layers, in order, with references renumbered. */
  g->layers = arena_calloc(L->arena, norder ? norder : 1, sizeof *g->layers);
  g->nlayers = (uint32_t)norder;
  for (size_t j = 0; j < norder; j++) {
    uint32_t i = order[j];
    ir_layer *l = &g->layers[j];
    *l = L->layers[i].l;
    l->inputs = ins[i];
    l->ninputs = nins[i];
    for (uint32_t k = 0; k < l->ninputs; k++) l->inputs[k].layer = newidx[l->inputs[k].layer];
  }
  g->outputs = arena_calloc(L->arena, L->noutputs ? L->noutputs : 1, sizeof *g->outputs);
  for (size_t i = 0; i < L->noutputs; i++) {
    ir_ref r;
    if (!to_ref(L, L->outputs[i].v, &r) || newidx[r.layer] == UINT32_MAX) continue;
    r.layer = newidx[r.layer];
    g->outputs[g->noutputs].name = L->outputs[i].name;
    g->outputs[g->noutputs].ref = r;
    g->noutputs++;
  }
  g->asserts = arena_calloc(L->arena, L->nasserts ? L->nasserts : 1, sizeof *g->asserts);
  for (size_t i = 0; i < L->nasserts; i++) {
    ir_ref r;
    if (!to_ref(L, L->asserts[i].v, &r) || newidx[r.layer] == UINT32_MAX) continue;
    ir_assert *a = &g->asserts[g->nasserts++];
    a->ref = r;
    a->ref.layer = newidx[r.layer];
    a->ndims = L->asserts[i].shape.ndims;
    for (int k = 0; k < a->ndims; k++) a->dims[k] = L->asserts[i].shape.dims[k];
    a->loc = L->asserts[i].loc;
  }

  /* Unused layers are worth a warning only in a graph without errors:
   * a broken edge would make its producer look unused. */
  if (L->diags->count[DIAG_ERROR] == errors_before && !diag_has_errors(L->diags))
    warn_unused(L, g, order);
  free(ins);
  free(nins);
  free(indeg);
  free(start);
  free(users);
  free(order);
  free(newidx);
}

/* Blobs: Caffe connects layers by name, in file order. A layer reads the
 * newest version of each bottom written before it, and each top writes a
 * new version; only an in-place layer (top i named like bottom i) may
 * write a name again. This file resolves names to versions, reports what
 * Caffe would refuse, leaves out the layers that only compute blobs the
 * options turned into inputs, and finds the network's outputs.
 *
 * Diagnostic codes:
 *   undefined-blob   a bottom that no earlier layer of the phase writes
 *   duplicate-top    a blob written twice, not in place
 *   cycle            layers that read each other's tops
 *   left-out-layers  (note) layers replaced by --input or --dataset inputs */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "caffe/import.h"
#include "util/buf.h"
#include "util/edit.h"
#include "util/xalloc.h"

uint32_t imp_blob_add(imp *I, const char *name, src_range loc, uint32_t layer, uint32_t top) {
  I->blobs = xgrow(I->blobs, &I->cap_blobs, I->nblobs + 1, sizeof *I->blobs);
  uint32_t v = I->nblobs++;
  cblob *b = &I->blobs[v];
  memset(b, 0, sizeof *b);
  b->name = name;
  b->loc = loc;
  b->layer = layer;
  b->top = top;
  b->first_use = UINT32_MAX;
  b->channels = -1;
  uint32_t slot;
  if (strmap_get(&I->blob_names, name, strlen(name), &slot)) {
    I->current[slot] = v;
  } else {
    I->current = xgrow(I->current, &I->cap_current, I->ncurrent + 1, sizeof *I->current);
    I->current[I->ncurrent] = v;
    strmap_add(&I->blob_names, name, strlen(name), I->ncurrent++);
  }
  return v;
}

uint32_t imp_blob_lookup(imp *I, const char *name) {
  uint32_t slot;
  return strmap_get(&I->blob_names, name, strlen(name), &slot) ? I->current[slot] : UINT32_MAX;
}

/* ---- undefined blobs ---------------------------------------------------------- */


/* The blob written before layer `li` whose name is closest to `want`. */
static const char *closest_blob(imp *I, const char *want, uint32_t li) {
  const char *best = NULL;
  size_t best_d = SIZE_MAX, len = strlen(want), limit = len < 3 ? 1 : len / 3 + 1;
  for (uint32_t v = 0; v < I->nblobs; v++) {
    const cblob *b = &I->blobs[v];
    if (b->layer != UINT32_MAX && b->layer >= li) break;
    size_t d = edit_distance(want, len, b->name, strlen(b->name), limit);
    if (d <= limit && d < best_d) best = b->name, best_d = d;
  }
  return best;
}

/* Past this many undefined blobs the notes (which search the file) are
 * left out: an absurd file must not take quadratic time. */
enum { MAX_EXPLAINED = 20 };

static void undefined(imp *I, uint32_t li, uint32_t k) {
  const clayer *L = &I->layers[li];
  const cname *b = &L->bottoms[k];
  diag *d = imp_error(I, "undefined-blob", b->loc,
                      "%s reads '%s', which no layer before it writes in phase %s",
                      imp_layer_desc(I, L), b->s, I->opts->phase_train ? "TRAIN" : "TEST");
  if (I->nundefined++ >= MAX_EXPLAINED) return;
  /* Writers the rules left out, nearest first: up to three. */
  int shown = 0;
  for (uint32_t j = 0; j < I->nlayers && shown < 3; j++) {
    const clayer *W = &I->layers[j];
    if (W->in_phase || !W->rule) continue;
    for (uint32_t t = 0; t < W->ntops; t++) {
      if (strcmp(W->tops[t].s, b->s) != 0) continue;
      imp_note(I, d, W->rule_loc, "'%s' is written by %s, which is not in phase %s (%s)", b->s,
               imp_layer_desc(I, W), I->opts->phase_train ? "TRAIN" : "TEST", W->rule);
      shown++;
      break;
    }
  }
  for (uint32_t i = 0, n = pbv_count(I->net, "input"); i < n; i++)
    if (strcmp(pbv_string_nth(I->net, "input", i), b->s) == 0)
      imp_note(I, d, pbv_nth(I->net, "input", i)->value.loc,
               "'%s' is declared as an input without a shape (no input_shape or input_dim), "
               "which Caffe ignores; give its shape with --input %s=CxHxW",
               b->s, b->s);
  const char *best = shown ? NULL : closest_blob(I, b->s, li);
  if (best && d) diag_note_add(I->diags, d, NULL, b->loc, "did you mean '%s'?", best);
}

/* ---- cycles --------------------------------------------------------------------- */

/* A bottom written only by a later layer: either the layers form a cycle,
 * or the file has them in the wrong order. Kahn's algorithm over the
 * layers of the phase, with those later writers counted as producers,
 * tells the two apart. */
typedef struct fwd {
  uint32_t layer, bottom, writer;
} fwd;

static void report_cycle(imp *I, uint32_t start, const uint32_t *indeg, const fwd *fw,
                         size_t nfw, uint8_t *mark) {
  /* Walk from `start` to a producer still in a cycle until one repeats. */
  uint32_t *walk = xmalloc(I->nlayers * sizeof *walk);
  size_t len = 0;
  uint32_t cur = start;
  while (mark[cur] == 0) {
    mark[cur] = 1;
    walk[len++] = cur;
    uint32_t next = UINT32_MAX;
    const clayer *L = &I->layers[cur];
    for (uint32_t k = 0; k < L->nbottoms && next == UINT32_MAX; k++) {
      uint32_t v = L->in[k];
      if (v != UINT32_MAX && I->blobs[v].layer != UINT32_MAX && indeg[I->blobs[v].layer])
        next = I->blobs[v].layer;
    }
    for (size_t f = 0; f < nfw && next == UINT32_MAX; f++)
      if (fw[f].layer == cur && indeg[fw[f].writer]) next = fw[f].writer;
    if (next == UINT32_MAX) break;
    cur = next;
  }
  if (mark[cur] == 1) {
    /* walk[i..] is the cycle, consumers first; print it in the direction
     * of the data, from and back to the layer written first. */
    size_t i = 0, at = 0;
    while (walk[i] != cur) i++;
    uint32_t first = cur;
    for (size_t j = i; j < len; j++)
      if (walk[j] < first) first = walk[j], at = j;
    buf path = {0};
    size_t m = len - i;
    for (size_t k = 0; k < m; k++) {
      size_t j = i + (at - i + m - k) % m;
      buf_printf(&path, "'%s' -> ", I->layers[walk[j]].name);
    }
    buf_printf(&path, "'%s'", I->layers[first].name);
    imp_error(I, "cycle", I->layers[first].loc, "%s depends on itself: %s",
              imp_layer_desc(I, &I->layers[first]), path.data);
    buf_free(&path);
  }
  for (size_t j = 0; j < len; j++) mark[walk[j]] = 2;
  free(walk);
}

static void forward_refs(imp *I, const fwd *fw, size_t nfw) {
  uint32_t n = I->nlayers;
  uint32_t *indeg = xcalloc(n, sizeof *indeg);
  /* Consumers of each layer, as (consumer) lists in CSR form. */
  size_t *start = xcalloc((size_t)n + 1, sizeof *start), nedges = 0;
  for (uint32_t i = 0; i < n; i++) {
    const clayer *L = &I->layers[i];
    if (!L->in_phase || !L->in) continue;
    for (uint32_t k = 0; k < L->nbottoms; k++) {
      uint32_t v = L->in[k];
      if (v == UINT32_MAX || I->blobs[v].layer == UINT32_MAX) continue;
      start[I->blobs[v].layer + 1]++, indeg[i]++, nedges++;
    }
  }
  for (size_t f = 0; f < nfw; f++) start[fw[f].writer + 1]++, indeg[fw[f].layer]++, nedges++;
  for (uint32_t i = 0; i < n; i++) start[i + 1] += start[i];
  uint32_t *users = xmalloc((nedges ? nedges : 1) * sizeof *users);
  size_t *fill = xmalloc(((size_t)n + 1) * sizeof *fill);
  memcpy(fill, start, ((size_t)n + 1) * sizeof *fill);
  for (uint32_t i = 0; i < n; i++) {
    const clayer *L = &I->layers[i];
    if (!L->in_phase || !L->in) continue;
    for (uint32_t k = 0; k < L->nbottoms; k++) {
      uint32_t v = L->in[k];
      if (v == UINT32_MAX || I->blobs[v].layer == UINT32_MAX) continue;
      users[fill[I->blobs[v].layer]++] = i;
    }
  }
  for (size_t f = 0; f < nfw; f++) users[fill[fw[f].writer]++] = fw[f].layer;
  uint32_t *queue = xmalloc(((size_t)n + 1) * sizeof *queue);
  size_t head = 0, tail = 0;
  for (uint32_t i = 0; i < n; i++)
    if (indeg[i] == 0) queue[tail++] = i;
  while (head < tail) {
    uint32_t i = queue[head++];
    for (size_t e = start[i]; e < start[i + 1]; e++)
      if (--indeg[users[e]] == 0) queue[tail++] = users[e];
  }
  uint8_t *mark = xcalloc(n, 1);
  for (uint32_t i = 0; i < n; i++)
    if (indeg[i] && !mark[i]) report_cycle(I, i, indeg, fw, nfw, mark);
  /* The rest were merely written too late. */
  for (size_t f = 0; f < nfw; f++) {
    if (indeg[fw[f].layer]) continue;
    const clayer *L = &I->layers[fw[f].layer];
    const cname *b = &L->bottoms[fw[f].bottom];
    diag *d = imp_error(I, "undefined-blob", b->loc,
                        "%s reads '%s' before the layer that writes it; Caffe needs the "
                        "writer first",
                        imp_layer_desc(I, L), b->s);
    imp_note(I, d, I->layers[fw[f].writer].loc, "'%s' is written by %s", b->s,
             imp_layer_desc(I, &I->layers[fw[f].writer]));
  }
  free(indeg);
  free(start);
  free(users);
  free(fill);
  free(queue);
  free(mark);
}

/* ---- resolution ---------------------------------------------------------------------- */

void imp_resolve(imp *I) {
  /* The first writer of each name in the phase, to tell an undefined blob
   * from one written too late. */
  strmap first_writer;
  strmap_init(&first_writer, I->arena);
  for (uint32_t i = 0; i < I->nlayers; i++) {
    const clayer *L = &I->layers[i];
    if (!L->in_phase) continue;
    for (uint32_t t = 0; t < L->ntops; t++)
      strmap_add(&first_writer, L->tops[t].s, strlen(L->tops[t].s), i);
  }
  fwd *fw = NULL;
  size_t nfw = 0, cap_fw = 0;
  for (uint32_t i = 0; i < I->nlayers; i++) {
    clayer *L = &I->layers[i];
    if (!L->in_phase) continue;
    L->in = arena_calloc(I->arena, L->nbottoms ? L->nbottoms : 1, sizeof *L->in);
    L->out = arena_calloc(I->arena, L->ntops ? L->ntops : 1, sizeof *L->out);
    for (uint32_t k = 0; k < L->nbottoms; k++) {
      uint32_t v = imp_blob_lookup(I, L->bottoms[k].s);
      L->in[k] = v;
      if (v != UINT32_MAX) {
        if (I->blobs[v].nuses++ == 0) I->blobs[v].first_use = i;
        continue;
      }
      uint32_t w;
      if (strmap_get(&first_writer, L->bottoms[k].s, strlen(L->bottoms[k].s), &w) && w >= i) {
        fw = xgrow(fw, &cap_fw, nfw + 1, sizeof *fw);
        fw[nfw++] = (fwd){i, k, w};
      } else {
        undefined(I, i, k);
      }
    }
    for (uint32_t t = 0; t < L->ntops; t++) {
      const cname *top = &L->tops[t];
      bool in_place = t < L->nbottoms && strcmp(top->s, L->bottoms[t].s) == 0;
      uint32_t old = imp_blob_lookup(I, top->s);
      if (!in_place && old != UINT32_MAX) {
        const cblob *b = &I->blobs[old];
        diag *d = imp_error(I, "duplicate-top", top->loc,
                            "'%s' is written again by %s; only an in-place layer (top %" PRIu32
                            " named like bottom %" PRIu32 ") may do that",
                            top->s, imp_layer_desc(I, L), t + 1, t + 1);
        imp_note(I, d, b->loc, "'%s' is first written here", top->s);
      }
      L->out[t] = imp_blob_add(I, top->s, top->loc, i, t);
    }
  }
  if (nfw) forward_refs(I, fw, nfw);
  free(fw);
}

/* ---- layers left out ------------------------------------------------------------------- */

/* Backwards through the file: a version is needed when it is not cut and
 * a kept layer reads it, or nothing reads it at all (an output); a layer is
 * kept when one of its tops is needed, or it has no tops. A cut version is
 * needed (as an input) when a kept layer reads it. Declared inputs were
 * marked needed when they were made. */
void imp_leave_out(imp *I) {
  uint32_t *kept_users = xcalloc(I->nblobs ? I->nblobs : 1, sizeof *kept_users);
  for (uint32_t i = I->nlayers; i-- > 0;) {
    clayer *L = &I->layers[i];
    if (!L->in_phase) continue;
    bool keep = L->ntops == 0;
    for (uint32_t t = 0; t < L->ntops; t++) {
      cblob *b = &I->blobs[L->out[t]];
      bool read = kept_users[L->out[t]] > 0;
      if (b->cut) {
        b->needed = read;   /* its input node is */
        continue;
      }
      b->needed = b->nuses == 0 || read;
      keep |= b->needed;
    }
    L->kept = keep;
    if (!keep) continue;
    for (uint32_t k = 0; k < L->nbottoms; k++)
      if (L->in[k] != UINT32_MAX) kept_users[L->in[k]]++;
  }
  free(kept_users);

  /* One note for all of them, at the first blob that became an input. */
  uint32_t nleft = 0, first_cut = UINT32_MAX;
  buf names = {0};
  for (uint32_t i = 0; i < I->nlayers; i++) {
    const clayer *L = &I->layers[i];
    if (!L->in_phase || L->kept || !*L->type) continue;
    /* A data layer whose top was given a shape is that input, not a layer
     * left out. */
    bool became_input = false;
    for (uint32_t t = 0; t < L->ntops; t++) became_input |= I->blobs[L->out[t]].cut;
    if (L->kind == CK_SOURCE && became_input) continue;
    if (nleft++ < 8) buf_printf(&names, "%s'%s'", nleft > 1 ? ", " : "", *L->name ? L->name : L->type);
  }
  for (uint32_t v = 0; v < I->nblobs && first_cut == UINT32_MAX; v++)
    if (I->blobs[v].cut && I->blobs[v].layer != UINT32_MAX) first_cut = v;
  if (nleft && first_cut != UINT32_MAX) {
    buf inputs = {0};
    uint32_t ninputs = 0;
    for (uint32_t v = 0; v < I->nblobs; v++) {
      const cblob *b = &I->blobs[v];
      if (!b->cut || b->layer == UINT32_MAX) continue;
      if (ninputs++ < 8) buf_printf(&inputs, "%s%s", ninputs > 1 ? ", " : "", b->name);
    }
    if (ninputs > 8) buf_printf(&inputs, " and %" PRIu32 " more", ninputs - 8);
    if (nleft > 8) buf_printf(&names, " and %" PRIu32 " more", nleft - 8);
    const cblob *b = &I->blobs[first_cut];
    diag_add(I->diags, DIAG_NOTE, "left-out-layers", I->src, b->loc,
             "the inputs %s take their shapes from %s; %" PRIu32
             " layer%s that only compute%s them %s left out: %s",
             inputs.data, b->shape_from, nleft, nleft == 1 ? "" : "s", nleft == 1 ? "s" : "",
             nleft == 1 ? "is" : "are", names.data);
    buf_free(&inputs);
  }
  buf_free(&names);
}

/* ---- outputs ------------------------------------------------------------------------------ */

void imp_outputs(imp *I, ir_graph *g) {
  uint32_t n = 0;
  for (uint32_t v = 0; v < I->nblobs; v++) {
    const cblob *b = &I->blobs[v];
    n += b->nuses == 0 && !b->cut && b->has_ref;
  }
  g->outputs = arena_calloc(I->arena, n ? n : 1, sizeof *g->outputs);
  for (uint32_t v = 0; v < I->nblobs; v++) {
    const cblob *b = &I->blobs[v];
    if (b->nuses || b->cut || !b->has_ref) continue;
    g->outputs[g->noutputs].name = b->name;
    g->outputs[g->noutputs].ref = b->ref;
    g->noutputs++;
  }
}

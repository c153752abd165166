/* Extended columns: what the paper's attributes leave out, kept apart from
 * them (doc/attributes.md). Costs come from the cost pass; paths and skip
 * connections from the graph. */
#include <math.h>
#include <stdlib.h>

#include "attr/corrected.h"
#include "passes/passes.h"
#include "util/xalloc.h"

const char *const attr_extended_names[ATTR_NEXTENDED] = {
  "num_layers", "params", "bn_params", "macs", "activations", "peak_activations",
  "receptive_field_h", "receptive_field_w", "longest_path", "shortest_path",
  "num_skip_connections", "avg_skip_length",
};

static double known(int64_t x) { return x < 0 ? NAN : (double)x; }

/* Is u an ancestor of w (or w itself)? A search backwards from w that
 * never goes below u in the topological order. */
static bool ancestor(const ir_graph *g, uint32_t u, uint32_t w, uint8_t *seen, uint32_t *stack) {
  if (w == u) return true;
  if (w < u) return false;
  size_t sp = 0;
  bool found = false;
  stack[sp++] = w;
  seen[w] = 1;
  while (sp && !found) {
    uint32_t x = stack[--sp];
    for (uint32_t k = 0; k < g->layers[x].ninputs; k++) {
      uint32_t p = g->layers[x].inputs[k].layer;
      if (p == u) found = true;
      if (p > u && !seen[p]) {
        seen[p] = 1;
        stack[sp++] = p;
      }
    }
  }
  /* Clear the marks between u and w for the next search. */
  for (uint32_t i = u; i <= w; i++) seen[i] = 0;
  return found;
}

void attr_extended(const ir_graph *g, double out[ATTR_NEXTENDED]) {
  size_t n = g->nlayers;
  cost_totals t = costs_total(g);
  bool partial = t.unknown > 0;
  out[0] = (double)n;
  out[1] = partial ? NAN : known(t.params);
  out[2] = partial ? NAN : known(t.bn_params);
  out[3] = partial ? NAN : known(t.macs);
  out[4] = partial ? NAN : known(t.activations);
  out[5] = partial ? NAN : known(t.peak_activations);
  /* The receptive field of the widest-seeing convolution or pooling. */
  double rf_h = NAN, rf_w = NAN;
  for (uint32_t i = 0; i < n; i++) {
    const ir_layer *l = &g->layers[i];
    if (l->op != OP_CONV && l->op != OP_DECONV && !ir_op_is_pool(l->op)) continue;
    if (l->cost.rf[0] > 0 && !(l->cost.rf[0] <= rf_h)) rf_h = (double)l->cost.rf[0];
    if (l->cost.rf[1] > 0 && !(l->cost.rf[1] <= rf_w)) rf_w = (double)l->cost.rf[1];
  }
  out[6] = rf_h;
  out[7] = rf_w;
  /* Path lengths in layers from an input (depth 0) to each layer, over the
   * topological order: the longest and the shortest. */
  int64_t *lng = xmalloc((n ? n : 1) * sizeof *lng), *sht = xmalloc((n ? n : 1) * sizeof *sht);
  for (uint32_t i = 0; i < n; i++) {
    const ir_layer *l = &g->layers[i];
    lng[i] = sht[i] = l->op == OP_INPUT ? 0 : -1;
    for (uint32_t k = 0; k < l->ninputs; k++) {
      uint32_t p = l->inputs[k].layer;
      if (lng[p] >= 0 && lng[p] + 1 > lng[i]) lng[i] = lng[p] + 1;
      if (sht[p] >= 0 && (sht[i] < 0 || sht[p] + 1 < sht[i])) sht[i] = sht[p] + 1;
    }
  }
  double longest = NAN, shortest = NAN;
  for (uint32_t i = 0; i < g->noutputs; i++) {
    uint32_t o = g->outputs[i].ref.layer;
    if (lng[o] >= 0 && !(lng[o] <= longest)) longest = (double)lng[o];
    if (sht[o] >= 0 && !(sht[o] >= shortest)) shortest = (double)sht[o];
  }
  out[8] = longest;
  out[9] = shortest;
  /* A skip connection is an input edge u -> v of a merge layer (two or
   * more inputs) where u is also an ancestor of another input of v: the
   * edge bypasses layers that start from u (an identity shortcut, a dense
   * connection; not the parallel branches of an inception module). Its
   * length is the number of layers the longest route takes in between. */
  size_t skips = 0;
  double skipped = 0;
  uint8_t *seen = xcalloc(n ? n : 1, 1);
  uint32_t *stack = xmalloc((n ? n : 1) * sizeof *stack);
  for (uint32_t v = 0; v < n; v++) {
    const ir_layer *l = &g->layers[v];
    if (l->ninputs < 2) continue;
    for (uint32_t a = 0; a < l->ninputs; a++) {
      uint32_t u = l->inputs[a].layer;
      bool bypass = false;
      for (uint32_t b = 0; b < l->ninputs && !bypass; b++)
        bypass = b != a && ancestor(g, u, l->inputs[b].layer, seen, stack);
      if (!bypass || lng[v] < 0 || lng[u] < 0) continue;
      skips++;
      skipped += (double)(lng[v] - lng[u] - 1);
    }
  }
  free(seen);
  free(stack);
  out[10] = (double)skips;
  out[11] = skips ? skipped / (double)skips : 0;
  free(lng);
  free(sht);
}

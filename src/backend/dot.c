/* Graphviz (`--emit dot`): one box per layer with its name, op, key
 * parameters and output shape; edges from producers to consumers; the
 * layers of one block call inside a cluster, nested as the calls were.
 * Nodes are named n<index> so that no layer name needs quoting rules. */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "passes/passes.h"
#include "util/xalloc.h"

/* A text inside a quoted dot string: quotes and backslashes escaped,
 * control characters dropped. */
static void dot_text(FILE *out, const char *s) {
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') fputc('\\', out);
    if ((unsigned char)*s >= 0x20) fputc(*s, out);
  }
}

static void pair(FILE *out, const int64_t v[2]) {
  if (v[0] == v[1]) fprintf(out, "%" PRId64, v[0]);
  else fprintf(out, "%" PRId64 "x%" PRId64, v[0], v[1]);
}

/* The op with its key parameters: "conv 7x7/2", "maxpool global", "fc 1000". */
static void op_label(FILE *out, const ir_layer *l) {
  const ir_params *p = &l->p;
  fputs(ir_op_name(l->op), out);
  switch (l->op) {
  case OP_CONV:
  case OP_DECONV:
  case OP_MAXPOOL:
  case OP_AVGPOOL:
  case OP_STOCHPOOL:
    if (p->global) {
      fputs(" global", out);
      break;
    }
    fprintf(out, " %" PRId64 "x%" PRId64 "/", p->kernel[0], p->kernel[1]);
    pair(out, p->stride);
    if (p->pad[0] || p->pad[1]) fputs(" pad ", out), pair(out, p->pad);
    if (p->groups > 1) fprintf(out, " groups %" PRId64, p->groups);
    break;
  case OP_FC: fprintf(out, " %" PRId64, p->features); break;
  case OP_CONCAT:
  case OP_SLICE: fprintf(out, " %s", ir_axis_name(p->axis)); break;
  case OP_SOFTMAX:  /* the channels go without saying */
    if (p->axis != AXIS_C) fprintf(out, " %s", ir_axis_name(p->axis));
    break;
  case OP_OPAQUE:
    if (p->type) fputc(' ', out), dot_text(out, p->type);
    break;
  default: break;
  }
}

static void node(FILE *out, const ir_graph *g, uint32_t i, const bool *is_output, int depth) {
  const ir_layer *l = &g->layers[i];
  char s[SHAPE_BUF];
  static const ir_shape unknown = {0, {0, 0, 0}};
  fprintf(out, "%*sn%" PRIu32 " [label=\"", 2 * depth, "", i);
  dot_text(out, l->name);
  fputs("\\n", out);
  op_label(out, l);
  fputs("\\n", out);
  for (uint32_t k = 0; k < l->noutputs; k++)
    fprintf(out, "%s%s", k ? " " : "", shape_format(s, l->shapes ? &l->shapes[k] : &unknown));
  fputc('"', out);
  if (l->op == OP_INPUT) fputs(", shape=ellipse", out);
  if (is_output[i]) fputs(", peripheries=2", out);
  fputs("];\n", out);
}

/* ---- clusters: one per block call, found through the layers' sites --------- */

typedef struct cluster {
  const ir_site *site;
  int32_t parent;           /* enclosing cluster, -1 at the top */
  const char *name;         /* a layer name inside ... */
  size_t name_len;          /* ... and the prefix all the names inside share */
} cluster;

typedef struct clusters {
  cluster *v;               /* by id, in order of first appearance */
  size_t n, cap;
  uint32_t *slot;           /* site -> id + 1 (0: empty), open addressing */
  size_t nslots;
} clusters;

static size_t hash_ptr(const void *p, size_t nslots) {
  uint64_t x = (uint64_t)(uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (size_t)x & (nslots - 1);
}

static int32_t find(const clusters *c, const ir_site *s) {
  if (!c->nslots) return -1;
  for (size_t h = hash_ptr(s, c->nslots);; h = (h + 1) & (c->nslots - 1)) {
    if (!c->slot[h]) return -1;
    if (c->v[c->slot[h] - 1].site == s) return (int32_t)(c->slot[h] - 1);
  }
}

static void put(clusters *c, size_t id) {
  size_t h = hash_ptr(c->v[id].site, c->nslots);
  while (c->slot[h]) h = (h + 1) & (c->nslots - 1);
  c->slot[h] = (uint32_t)id + 1;
}

static int32_t add(clusters *c, const ir_site *s, const char *name) {
  c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof *c->v);
  c->v[c->n] = (cluster){s, -1, name, strlen(name)};
  c->n++;
  if (2 * c->n > c->nslots) {   /* keep the table at most half full */
    free(c->slot);
    c->nslots = c->nslots ? 2 * c->nslots : 64;
    c->slot = xcalloc(c->nslots, sizeof *c->slot);
    for (size_t id = 0; id < c->n; id++) put(c, id);
  } else {
    put(c, c->n - 1);
  }
  return (int32_t)(c->n - 1);
}

/* The longest common prefix of `a` (its first `alen` bytes) and `b` that
 * ends at a boundary between name components. */
static size_t common_prefix(const char *a, size_t alen, const char *b) {
  size_t n = 0;
  while (n < alen && a[n] == b[n]) n++;
  if ((n == alen || a[n] == '.') && (b[n] == '\0' || b[n] == '.')) return n;
  /* back to the last '.' before the first difference */
  while (n > 0 && a[n - 1] != '.') n--;
  return n > 0 ? n - 1 : 0;
}

static void free_clusters(clusters *c) {
  free(c->v);
  free(c->slot);
}

/* Assigns every layer its innermost cluster (-1: none) and every cluster
 * its parent and label prefix. */
static void find_clusters(const ir_graph *g, clusters *c, int32_t *of) {
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    int32_t child = -1;
    of[i] = -1;
    for (const ir_site *s = l->site; s; s = s->parent) {
      int32_t id = find(c, s);
      if (id < 0) id = add(c, s, l->name);
      else c->v[id].name_len = common_prefix(c->v[id].name, c->v[id].name_len, l->name);
      if (child >= 0) c->v[child].parent = id;
      else of[i] = id;
      child = id;
    }
  }
}

/* Emits cluster `id` with its layers and, nested, its sub-clusters. The
 * depth is bounded by the block nesting limit. */
static void emit_cluster(FILE *out, const ir_graph *g, const clusters *c, int32_t id,
                         const size_t *lstart, const uint32_t *lyr, const size_t *cstart,
                         const int32_t *kids, const bool *is_output, int depth) {
  fprintf(out, "%*ssubgraph cluster_%" PRId32 " {\n%*slabel=\"", 2 * depth, "", id,
          2 * depth + 2, "");
  const cluster *cl = &c->v[id];
  if (cl->name_len) {
    fwrite(cl->name, 1, cl->name_len, out);   /* .arch names need no escaping */
    fputs(" (", out);
    dot_text(out, cl->site->block);
    fputc(')', out);
  } else {
    dot_text(out, cl->site->block);
  }
  fputs("\";\n", out);
  for (size_t k = lstart[id]; k < lstart[id + 1]; k++) node(out, g, lyr[k], is_output, depth + 1);
  for (size_t k = cstart[id]; k < cstart[id + 1]; k++)
    emit_cluster(out, g, c, kids[k], lstart, lyr, cstart, kids, is_output, depth + 1);
  fprintf(out, "%*s}\n", 2 * depth, "");
}

void emit_dot(FILE *out, const ir_graph *g) {
  size_t n = g->nlayers;
  bool *is_output = xcalloc(n ? n : 1, sizeof *is_output);
  for (uint32_t o = 0; o < g->noutputs; o++) is_output[g->outputs[o].ref.layer] = true;
  int32_t *of = xmalloc((n ? n : 1) * sizeof *of);
  clusters c = {0};
  find_clusters(g, &c, of);

  /* Layers and sub-clusters of each cluster, in order (CSR). */
  size_t *lstart = xcalloc(c.n + 2, sizeof *lstart), *cstart = xcalloc(c.n + 2, sizeof *cstart);
  for (size_t i = 0; i < n; i++)
    if (of[i] >= 0) lstart[of[i] + 1]++;
  for (size_t id = 0; id < c.n; id++)
    if (c.v[id].parent >= 0) cstart[c.v[id].parent + 1]++;
  for (size_t id = 0; id < c.n; id++) {
    lstart[id + 1] += lstart[id];
    cstart[id + 1] += cstart[id];
  }
  uint32_t *lyr = xmalloc((n ? n : 1) * sizeof *lyr);
  int32_t *kids = xmalloc((c.n ? c.n : 1) * sizeof *kids);
  size_t *lfill = xmalloc((c.n + 1) * sizeof *lfill), *cfill = xmalloc((c.n + 1) * sizeof *cfill);
  memcpy(lfill, lstart, (c.n + 1) * sizeof *lfill);
  memcpy(cfill, cstart, (c.n + 1) * sizeof *cfill);
  for (size_t i = 0; i < n; i++)
    if (of[i] >= 0) lyr[lfill[of[i]]++] = (uint32_t)i;
  for (size_t id = 0; id < c.n; id++)
    if (c.v[id].parent >= 0) kids[cfill[c.v[id].parent]++] = (int32_t)id;

  fputs("digraph \"", out);
  dot_text(out, g->name);
  fputs("\" {\n  node [shape=box];\n", out);
  for (uint32_t i = 0; i < n; i++)
    if (of[i] < 0) node(out, g, i, is_output, 1);
  for (size_t id = 0; id < c.n; id++)
    if (c.v[id].parent < 0)
      emit_cluster(out, g, &c, (int32_t)id, lstart, lyr, cstart, kids, is_output, 1);
  for (uint32_t i = 0; i < n; i++) {
    const ir_layer *l = &g->layers[i];
    for (uint32_t k = 0; k < l->ninputs; k++) {
      ir_ref r = l->inputs[k];
      fprintf(out, "  n%" PRIu32 " -> n%" PRIu32, r.layer, i);
      if (g->layers[r.layer].noutputs > 1) fprintf(out, " [label=\"%" PRIu32 "\"]", r.output + 1);
      fputs(";\n", out);
    }
  }
  fputs("}\n", out);

  free(is_output);
  free(of);
  free(lstart);
  free(cstart);
  free(lyr);
  free(kids);
  free(lfill);
  free(cfill);
  free_clusters(&c);
}

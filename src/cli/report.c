/* The text report: what archc knows about a network. Attributes and
 * predictions join it as their passes land. */
#include <inttypes.h>
#include <math.h>

#include "cli/cli.h"
#include "passes/passes.h"
#include "util/num.h"

static void print_dims(FILE *out, const int64_t *dims, int n) {
  for (int i = 0; i < n; i++) fprintf(out, "%s%" PRId64, i ? "x" : "", dims[i]);
}

static const char *count(char buf[24], int64_t v) {
  if (v < 0) return "?";   /* past 64 bits */
  snprintf(buf, 24, "%" PRId64, v);
  return buf;
}

/* Totals of the cost pass: integers in elements and operations, for
 * scripts as much as for people. */
static void report_costs(FILE *out, const ir_graph *g) {
  cost_totals t = costs_total(g);
  char a[24], b[24];
  fprintf(out, "  params:  %s learnable, %s batchnorm statistics\n", count(a, t.params),
          count(b, t.bn_params));
  fprintf(out, "  macs:    %s for one input\n", count(a, t.macs));
  if (g->nlayers)
    fprintf(out, "  memory:  peak %s activations while '%s' runs, %s in all\n",
            count(a, t.peak_activations), g->layers[t.peak_layer].name, count(b, t.activations));
  if (t.unknown)
    fprintf(out, "  unknown: %" PRIu32 " layer%s of unknown cost, left out of the totals\n",
            t.unknown, t.unknown == 1 ? "" : "s");
}

void report_text(FILE *out, const compilation *c) {
  const ir_graph *g = c->graph;
  fprintf(out, "network %s (%s)\n", g->name, diag_display_name(&c->src));

  fputs("  inputs: ", out);
  int n = 0;
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    if (l->op != OP_INPUT) continue;
    fprintf(out, "%s%s ", n++ ? ", " : " ", l->name);
    print_dims(out, l->p.dims, l->p.ndims);
  }
  fputs("\n  outputs:", out);
  for (uint32_t i = 0; i < g->noutputs; i++) {
    const ir_layer *l = &g->layers[g->outputs[i].ref.layer];
    char s[SHAPE_BUF];
    static const ir_shape unknown = {0, {0, 0, 0}};
    fprintf(out, "%s%s %s", i ? ", " : " ", g->outputs[i].name,
            shape_format(s, l->shapes ? &l->shapes[g->outputs[i].ref.output] : &unknown));
  }

  uint32_t counts[OP__COUNT] = {0};
  for (uint32_t i = 0; i < g->nlayers; i++) counts[g->layers[i].op]++;
  fprintf(out, "\n  layers:  %" PRIu32 " (", g->nlayers);
  n = 0;
  for (int op = 0; op < OP__COUNT; op++)
    if (counts[op]) fprintf(out, "%s%s %" PRIu32, n++ ? ", " : "", ir_op_name((ir_op)op), counts[op]);
  fputs(")\n", out);
  report_costs(out, g);

  const ir_meta *m = &g->meta;
  if (m->task || m->dataset || m->source || m->classes >= 0 || !isnan(m->accuracy) ||
      !isnan(m->initial_accuracy)) {
    fputs("  meta:   ", out);
    n = 0;
    if (m->task) fprintf(out, "%s task \"%s\"", n++ ? "," : "", m->task);
    if (m->dataset) fprintf(out, "%s dataset \"%s\"", n++ ? "," : "", m->dataset);
    if (m->classes >= 0) fprintf(out, "%s classes %" PRId64, n++ ? "," : "", m->classes);
    char num[NUM_BUF];
    if (!isnan(m->accuracy))
      fprintf(out, "%s accuracy %s", n++ ? "," : "", num_format(num, m->accuracy));
    if (!isnan(m->initial_accuracy))
      fprintf(out, "%s initial_accuracy %s", n++ ? "," : "", num_format(num, m->initial_accuracy));
    if (m->source) fprintf(out, "%s source \"%s\"", n++ ? "," : "", m->source);
    fputc('\n', out);
  }
  fputs("  predictions: none yet (no models are built in)\n", out);
}

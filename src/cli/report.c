/* The text report: what archc knows about a network, from the summary to
 * the predictions. */
#include <inttypes.h>
#include <math.h>

#include "cli/report.h"
#include "util/num.h"

static void print_dims(FILE *out, const int64_t *dims, int n) {
  for (int i = 0; i < n; i++) fprintf(out, "%s%" PRId64, i ? "x" : "", dims[i]);
}

const char *report_count(char buf[NUM_BUF], int64_t v) {
  if (v < 0) return "?";   /* past 64 bits */
  snprintf(buf, NUM_BUF, "%" PRId64, v);
  return buf;
}

/* Totals of the cost pass: integers in elements and operations, for
 * scripts as much as for people. */
static void report_costs(FILE *out, const ir_graph *g) {
  cost_totals t = costs_total(g);
  char a[NUM_BUF], b[NUM_BUF];
  fprintf(out, "  params:  %s learnable, %s batchnorm statistics\n", report_count(a, t.params),
          report_count(b, t.bn_params));
  fprintf(out, "  macs:    %s for one input\n", report_count(a, t.macs));
  if (g->nlayers && t.peak_activations < 0)   /* past 64 bits: no layer to name */
    fprintf(out, "  memory:  peak ? activations, %s in all\n", report_count(b, t.activations));
  else if (g->nlayers)
    fprintf(out, "  memory:  peak %s activations while '%s' runs, %s in all\n",
            report_count(a, t.peak_activations), g->layers[t.peak_layer].name,
            report_count(b, t.activations));
  if (t.unknown)
    fprintf(out, "  unknown: %" PRIu32 " layer%s of unknown cost, left out of the totals\n",
            t.unknown, t.unknown == 1 ? "" : "s");
}

void report_print(FILE *out, compilation *c, const cli_opts *o) {
  report_data r;
  report_collect(&r, c, o);
  switch (o->format) {
  case FORMAT_JSON: report_print_json(out, &r); break;
  case FORMAT_MARKDOWN: report_print_markdown(out, &r); break;
  default: report_print_text(out, &r); break;
  }
}

/* People read the text report: six significant digits for attributes,
 * three for predictions. --format json has every digit. */
static const char *real(char buf[NUM_BUF], double v) {
  if (isnan(v)) return "-";
  snprintf(buf, NUM_BUF, "%.6g", v);
  return buf;
}

static const char *fewer(char buf[NUM_BUF], double v) {
  snprintf(buf, NUM_BUF, "%.3g", v);
  return buf;
}

/* The paper's 32 model features, in both profiles when both are known. */
static void report_attributes(FILE *out, const report_data *r) {
  fprintf(out, "\nattributes (the paper's 32 model features; doc/attributes.md):\n");
  fprintf(out, "  %-40s %20s%s\n", "", "corrected", r->have_reference ? "            reference" : "");
  for (int k = 0; k < ATTR_NPAPER32; k++) {
    int i = attr_paper32[k];
    char a[NUM_BUF], b[NUM_BUF];
    fprintf(out, "  %-40s %20s", attr_column_names[i], real(a, r->attrs[i]));
    if (r->have_reference) fprintf(out, " %20s", real(b, r->reference[i]));
    fputc('\n', out);
  }
}

static void report_predictions(FILE *out, const report_data *r) {
  fputs("\npredictions:\n", out);
  if (!r->nmodels) {
    fprintf(out, "  none: %s\n", r->no_models);
    return;
  }
  for (size_t i = 0; i < r->nmodels; i++) {
    const report_model *m = &r->models[i];
    const prediction *p = &m->pred;
    char v[NUM_BUF], lo[NUM_BUF], hi[NUM_BUF], d[NUM_BUF], lim[NUM_BUF];
    fprintf(out, "  %s (%s, %s attributes)\n", m->entry->name,
            model_kind_name(m->entry->model->kind), m->profile);
    if (p->task == TASK_CLASSIFY)
      fprintf(out, "    healthy probability %s (trees: 90 %% between %s and %s; %s of votes)\n",
              fewer(v, p->value), fewer(lo, p->lo), fewer(hi, p->hi), fewer(d, p->votes));
    else
      fprintf(out, "    predicted %s %s (90 %% interval %s to %s)\n", m->entry->model->target,
              fewer(v, p->value), fewer(lo, p->lo), fewer(hi, p->hi));
    fprintf(out, "    domain: %s (distance %s; the training population's 95th percentile is %s)\n",
            p->in_domain ? "inside the training population"
                         : "OUTSIDE the training population: do not trust this prediction",
            fewer(d, p->distance), fewer(lim, p->limit));
  }
}

void report_print_text(FILE *out, const report_data *r) {
  const compilation *c = r->c;
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
  fputs("\nlayers:\n", out);
  emit_layers(out, g, FORMAT_TEXT);
  report_attributes(out, r);
  report_predictions(out, r);
}

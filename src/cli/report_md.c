/* The report in markdown (`archc --report --format markdown`), for
 * notebooks and issue trackers. */
#include <math.h>
#include <stdio.h>

#include "cli/report.h"
#include "util/num.h"

static const char *fewer(char buf[NUM_BUF], double v) {
  snprintf(buf, NUM_BUF, "%.3g", v);
  return buf;
}

void report_print_markdown(FILE *out, const report_data *r) {
  const ir_graph *g = r->c->graph;
  char a[NUM_BUF], b[NUM_BUF], d[NUM_BUF], e[NUM_BUF];
  fprintf(out, "# %s\n\n", g->name);
  fprintf(out, "| | |\n|---|---|\n");
  fprintf(out, "| layers | %u |\n", g->nlayers);
  fprintf(out, "| parameters | %s |\n", report_count(a, r->totals.params));
  fprintf(out, "| MACs | %s |\n", report_count(a, r->totals.macs));
  fprintf(out, "| peak activations | %s |\n\n", report_count(a, r->totals.peak_activations));
  fputs("## Layers\n\n", out);
  emit_layers(out, g, FORMAT_MARKDOWN);
  fputs("\n## Attributes (the paper's 32 model features)\n\n", out);
  fprintf(out, "| attribute | corrected |%s\n|---|---|%s\n", r->have_reference ? " reference |" : "",
          r->have_reference ? "---|" : "");
  for (int k = 0; k < ATTR_NPAPER32; k++) {
    int i = attr_paper32[k];
    fprintf(out, "| %s | %s |", attr_column_names[i],
            isnan(r->attrs[i]) ? "" : num_format(a, r->attrs[i]));
    if (r->have_reference)
      fprintf(out, " %s |", isnan(r->reference[i]) ? "" : num_format(b, r->reference[i]));
    fputc('\n', out);
  }
  fputs("\n## Predictions\n\n", out);
  if (!r->nmodels) {
    fprintf(out, "None: %s.\n", r->no_models);
    return;
  }
  fputs("| model | prediction | 90 % interval | in domain | distance |\n|---|---|---|---|---|\n",
        out);
  for (size_t i = 0; i < r->nmodels; i++) {
    const prediction *p = &r->models[i].pred;
    fprintf(out, "| %s | %s %s | %s to %s | %s | %s |\n", r->models[i].entry->name,
            p->task == TASK_CLASSIFY ? "healthy" : r->models[i].entry->model->target,
            fewer(a, p->value), fewer(b, p->lo), fewer(d, p->hi), p->in_domain ? "yes" : "**no**",
            fewer(e, p->distance));
  }
}

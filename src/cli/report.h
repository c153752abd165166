/* What the report says about a network, gathered once and printed as
 * text, JSON or markdown. */
#ifndef ARCHC_CLI_REPORT_H
#define ARCHC_CLI_REPORT_H

#include "attr/columns.h"
#include "cli/cli.h"
#include "models/predict.h"
#include "models/registry.h"
#include "passes/passes.h"
#include "util/num.h"

enum { REPORT_MAX_MODELS = 16 };

typedef struct report_model {
  const registry_entry *entry;
  prediction pred;
  const char *profile;           /* the attribute profile its features came from */
} report_model;

typedef struct report_data {
  const compilation *c;
  cost_totals totals;
  bool analysed;                 /* shapes and costs are known */
  double attrs[ATTR_NCOLS];      /* corrected profile */
  bool have_reference;
  double reference[ATTR_NCOLS];  /* reference profile, when it can be computed */
  const char *dataset;           /* --dataset, or the network's metadata */
  report_model models[REPORT_MAX_MODELS];
  size_t nmodels;
  const char *no_models;         /* why there are no predictions, if there are none */
} report_data;

/* Attributes the caller has already computed for the network (--features
 * --predict), so that the report does not compute them again; NULL where
 * not known. */
typedef struct report_known {
  const double *corrected;       /* ATTR_NCOLS values */
  const double *extended;        /* ATTR_NEXTENDED values */
  const double *reference;       /* ATTR_NCOLS values, for the dataset of -d */
} report_known;

/* Gathers the report of an analysed compilation; `c` must outlive `r`. */
void report_collect(report_data *r, compilation *c, const cli_opts *o);
/* Only the predictions (r->models, r->no_models), taking the attributes
 * in `known` and computing the others from the graph if a model needs
 * them; the graph may be missing when report_models_need_graph is false. */
void report_predict(report_data *r, compilation *c, const cli_opts *o,
                    const report_known *known);
/* Whether the models that options `o` choose need the graph (the corrected
 * or extended attributes, or the network's metadata to choose them), or
 * only the reference attributes of a parsed prototxt. */
bool report_models_need_graph(const cli_opts *o);

/* A count, or "?" for one past 64 bits (-1). */
const char *report_count(char buf[NUM_BUF], int64_t v);

void report_print_text(FILE *out, const report_data *r);
void report_print_json(FILE *out, const report_data *r);
void report_print_markdown(FILE *out, const report_data *r);

#endif

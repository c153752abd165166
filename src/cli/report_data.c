/* Gathering the report: costs, attributes in both profiles, and the
 * predictions of every built-in model whose domain fits the network. */
#include <math.h>
#include <string.h>

#include "attr/corrected.h"
#include "attr/ref.h"
#include "attr/ref_read.h"
#include "caffe/caffe.h"
#include "cli/report.h"
#include "util/buf.h"

/* Which networks a family of built-in models applies to, and which
 * attribute profile its features were computed with when it was trained.
 * A name matches an entry when it starts with the prefix. */
static const struct {
  const char *prefix, *dataset, *profile;
} families[] = {
  {"menndl_nova_", "nova", "reference"},
  {"nb201_cifar100_", "cifar100", "corrected"},
  {"nb201_cifar10_", "cifar10", "corrected"},
  {"nb201_imagenet16_", "imagenet16", "corrected"},
};

static int family_of(const char *name) {
  for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
    if (strncmp(name, families[i].prefix, strlen(families[i].prefix)) == 0) return (int)i;
  return -1;
}

/* --model menndl-nova picks the family; dashes and underscores match. */
static bool picked(const char *want, const char *name) {
  size_t n = strlen(want);
  if (strlen(name) < n) return false;
  for (size_t i = 0; i < n; i++) {
    char a = want[i] == '-' ? '_' : want[i], b = name[i] == '-' ? '_' : name[i];
    if (a != b) return false;
  }
  return name[n] == '\0' || name[n] == '_';
}

/* The reference profile needs the network as Caffe prototxt: the parsed
 * one, or the graph written back out. Its own diagnostics stay private:
 * the report has printed the network's already. */
static bool reference_of(compilation *c, const char *dataset, double *out) {
  ref_mode mode = strcmp(dataset, "minerva") == 0 ? REF_MINERVA : REF_NOVA;
  diag_list quiet;
  diag_list_init(&quiet, &c->arena);
  ref_net net;
  if (c->pb) {
    ref_read(&c->arena, c->pb, &net);
    return ref_attributes(&c->arena, &quiet, &net, mode, out) && !diag_has_errors(&quiet);
  }
  buf text = {0};
  caffe_emit(&text, c->graph);
  compilation t;
  compilation_init(&t, 0);
  bool ok = compilation_set_text(&t, "emitted.prototxt", text.data ? text.data : "", text.len);
  buf_free(&text);
  if (ok) compilation_parse(&t);
  ok = ok && t.pb && !diag_has_errors(&t.diags);
  if (ok) {
    ref_read(&t.arena, t.pb, &net);
    ok = ref_attributes(&t.arena, &t.diags, &net, mode, out) && !diag_has_errors(&t.diags);
  }
  compilation_fini(&t);
  return ok;
}

/* The value of a named attribute: the paper's columns (the first of the
 * two num_conv_features), then the extended ones. */
static double feature(const double *paper, const double *extended, const char *name) {
  for (int i = 0; i < ATTR_NCOLS; i++)
    if (strcmp(attr_column_names[i], name) == 0) return paper[i];
  for (int i = 0; i < ATTR_NEXTENDED; i++)
    if (strcmp(attr_extended_names[i], name) == 0) return extended ? extended[i] : NAN;
  return NAN;
}

void report_collect(report_data *r, compilation *c, const cli_opts *o) {
  memset(r, 0, sizeof *r);
  r->c = c;
  const ir_graph *g = c->graph;
  r->analysed = !diag_has_errors(&c->diags);
  r->totals = costs_total(g);
  double extended[ATTR_NEXTENDED];
  attr_corrected(g, r->attrs);
  attr_extended(g, extended);
  r->dataset = o->compile.dataset ? o->compile.dataset : g->meta.dataset;

  for (size_t i = 0; i < registry_count() && r->nmodels < REPORT_MAX_MODELS; i++) {
    const registry_entry *e = registry_get(i);
    int fam = family_of(e->name);
    if (o->model ? !picked(o->model, e->name)
                 : fam < 0 || !r->dataset || strcmp(r->dataset, families[fam].dataset) != 0)
      continue;
    const char *profile = fam >= 0 ? families[fam].profile : "corrected";
    const double *paper = r->attrs;
    if (strcmp(profile, "reference") == 0) {
      if (!r->have_reference)
        r->have_reference = reference_of(c, r->dataset ? r->dataset : "nova", r->reference);
      if (!r->have_reference) {
        r->no_models = "the reference attributes these models need cannot be computed for "
                       "this network";
        continue;
      }
      paper = r->reference;
    }
    const model *m = e->model;
    double x[64];
    if (m->nfeatures > sizeof x / sizeof x[0]) continue;
    for (size_t k = 0; k < m->nfeatures; k++) x[k] = feature(paper, extended, m->features[k]);
    report_model *rm = &r->models[r->nmodels++];
    rm->entry = e;
    rm->profile = profile;
    model_predict(m, x, &rm->pred);
  }
  if (!r->nmodels && !r->no_models)
    r->no_models = o->model ? "no built-in model has that name"
                            : "no built-in model covers this kind of network (pick one with "
                              "--model, or give --dataset)";
}

/* Gathering the report: costs, attributes in both profiles, and the
 * predictions of every built-in model whose domain fits the network. */
#include <math.h>
#include <string.h>

#include "attr/corrected.h"
#include "attr/ref.h"
#include "attr/ref_read.h"
#include "caffe/caffe.h"
#include "cli/report.h"
#include "caffe/pbtext.h"
#include "util/avec.h"
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
  {"nb201_imagenet16_", "imagenet16-120", "corrected"},
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

/* A graph written out as prototxt is a deploy network: `input:` headers,
 * no labels, no loss. The reference extractor only ever saw train/test
 * files (spec §2), whose data layers (one per phase) make the data and
 * label blobs, a slice makes the data0... views, and a loss and an accuracy layer read
 * the last layer and the label; it counts all of them (quirks 11, 16).
 * For a written-out graph only, that harness is put around the layers. */
static const char *const *names(arena *a, const char *x, const char *y, size_t *n) {
  const char **v = arena_calloc(a, 2, sizeof *v);
  v[0] = x;
  v[1] = y;
  *n = y ? 2 : 1;
  return v;
}

static ref_layer harness_layer(const char *name, const char *type) {
  ref_layer l = {0};
  l.name = name;
  l.type = type;
  l.phase = REF_ALL;
  l.stride_h = l.stride_w = 1;
  l.concat_axis = 1;
  return l;
}

static void add_harness(arena *a, const pb_file *pb, const ir_graph *g, ref_net *net) {
  avec tops = {0};
  for (uint32_t i = 0; i < pb->nfields; i++)
    if (strcmp(pb->fields[i].name, "input") == 0 && pb->fields[i].value.kind == PB_STRING)
      *(const char **)avec_push(a, &tops, sizeof(const char *)) = pb->fields[i].value.u.s;
  if (!tops.n) return;
  size_t n = net->nlayers + 3 + 2 * g->noutputs, k = 0;
  ref_layer *layers = arena_calloc(a, n, sizeof *layers);
  /* one data layer per phase, as train/test files have them */
  for (int phase = 0; phase < 2; phase++) {
    layers[k] = harness_layer("data", "Data");
    layers[k].tops = names(a, "data", "label", &layers[k].ntops);
    layers[k].phase = phase == 0 ? REF_TRAIN : REF_TEST;
    k++;
  }
  layers[k] = harness_layer("slice", "Slice");
  layers[k].bottoms = names(a, "data", NULL, &layers[k].nbottoms);
  layers[k].tops = tops.data;
  layers[k].ntops = tops.n;
  k++;
  for (size_t i = 0; i < net->nlayers; i++) layers[k++] = net->layers[i];
  for (uint32_t i = 0; i < g->noutputs; i++) {
    /* the output's producing layer, as the emitter named it */
    const char *top = g->layers[g->outputs[i].ref.layer].name;
    layers[k] = harness_layer("loss", "SoftmaxWithLoss");
    layers[k].bottoms = names(a, top, "label", &layers[k].nbottoms);
    k++;
    layers[k] = harness_layer("accuracy", "Accuracy");
    layers[k].bottoms = names(a, top, "label", &layers[k].nbottoms);
    layers[k].phase = REF_TEST;
    k++;
  }
  net->layers = layers;
  net->nlayers = k;
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
    add_harness(&t.arena, t.pb, c->graph, &net);
    ok = ref_attributes(&t.arena, &t.diags, &net, mode, out) && !diag_has_errors(&t.diags);
  }
  compilation_fini(&t);
  return ok;
}

/* The corrected and extended attributes, taken from what the caller knows
 * or computed from the graph the first time a model (or the report) needs
 * them. */
typedef struct lazy_attrs {
  const ir_graph *g;
  const report_known *known;
  double *corrected;             /* report_data.attrs */
  bool have_corrected, have_extended;
  double extended[ATTR_NEXTENDED];
} lazy_attrs;

static const double *corrected_of(lazy_attrs *a) {
  if (!a->have_corrected) {
    if (a->known->corrected) memcpy(a->corrected, a->known->corrected, ATTR_NCOLS * sizeof(double));
    else if (a->g) attr_corrected(a->g, a->corrected);
    else return NULL;
    a->have_corrected = true;
  }
  return a->corrected;
}

static const double *extended_of(lazy_attrs *a) {
  if (!a->have_extended) {
    if (a->known->extended) memcpy(a->extended, a->known->extended, sizeof a->extended);
    else if (a->g) attr_extended(a->g, a->extended);
    else return NULL;
    a->have_extended = true;
  }
  return a->extended;
}

static int paper_column(const char *name) {
  for (int i = 0; i < ATTR_NCOLS; i++)
    if (strcmp(attr_column_names[i], name) == 0) return i;
  return -1;
}

/* The value of a named attribute: the paper's columns (the first of the
 * two num_conv_features), then the extended ones; NaN if unknown. */
static double feature(const double *paper, lazy_attrs *a, const char *name) {
  int i = paper_column(name);
  if (i >= 0) return paper[i];
  for (int k = 0; k < ATTR_NEXTENDED; k++)
    if (strcmp(attr_extended_names[k], name) == 0) {
      const double *extended = extended_of(a);
      return extended ? extended[k] : NAN;
    }
  return NAN;
}

/* The entries --model (or, without it, the data set) picks. */
static bool chosen(const cli_opts *o, const char *dataset, const registry_entry *e, int fam) {
  return o->model ? picked(o->model, e->name)
                  : fam >= 0 && dataset && strcmp(dataset, families[fam].dataset) == 0;
}

bool report_models_need_graph(const cli_opts *o) {
  for (size_t i = 0; i < registry_count(); i++) {
    const registry_entry *e = registry_get(i);
    int fam = family_of(e->name);
    if (!chosen(o, o->compile.dataset, e, fam)) continue;
    if (fam < 0 || strcmp(families[fam].profile, "reference") != 0) return true;
    for (size_t k = 0; k < e->model->nfeatures; k++)
      if (paper_column(e->model->features[k]) < 0) return true;
  }
  return !o->model && !o->compile.dataset;   /* the network's metadata picks */
}

/* The predictions of every model chosen, into r->models. */
static void predict(report_data *r, compilation *c, const cli_opts *o, lazy_attrs *a) {
  for (size_t i = 0; i < registry_count() && r->nmodels < REPORT_MAX_MODELS; i++) {
    const registry_entry *e = registry_get(i);
    int fam = family_of(e->name);
    if (!chosen(o, r->dataset, e, fam)) continue;
    const char *profile = fam >= 0 ? families[fam].profile : "corrected";
    const double *paper;
    if (strcmp(profile, "reference") == 0) {
      if (!r->have_reference)
        r->have_reference = reference_of(c, r->dataset ? r->dataset : "nova", r->reference);
      if (!r->have_reference) {
        r->no_models = "the reference attributes these models need cannot be computed for "
                       "this network";
        continue;
      }
      paper = r->reference;
    } else if (!(paper = corrected_of(a))) {
      r->no_models = "the network could not be analysed";
      continue;
    }
    const model *m = e->model;
    double x[64];
    if (m->nfeatures > sizeof x / sizeof x[0]) continue;
    for (size_t k = 0; k < m->nfeatures; k++) x[k] = feature(paper, a, m->features[k]);
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

static void start(report_data *r, compilation *c, const cli_opts *o, const report_known *known,
                  lazy_attrs *a) {
  memset(r, 0, sizeof *r);
  r->c = c;
  *a = (lazy_attrs){.g = c->graph, .known = known, .corrected = r->attrs};
  if (known->reference) {
    memcpy(r->reference, known->reference, sizeof r->reference);
    r->have_reference = true;
  }
  r->dataset = o->compile.dataset ? o->compile.dataset : c->graph ? c->graph->meta.dataset : NULL;
}

void report_collect(report_data *r, compilation *c, const cli_opts *o) {
  static const report_known none;
  lazy_attrs a;
  start(r, c, o, &none, &a);
  r->analysed = !diag_has_errors(&c->diags);
  r->totals = costs_total(c->graph);
  corrected_of(&a);   /* the report prints them */
  predict(r, c, o, &a);
}

void report_predict(report_data *r, compilation *c, const cli_opts *o,
                    const report_known *known) {
  lazy_attrs a;
  start(r, c, o, known, &a);
  predict(r, c, o, &a);
}

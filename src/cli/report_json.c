/* The report as one JSON document (`archc --report --format json`). Its
 * `predictions` are a contract: a list of objects with model,
 * healthy_probability, accuracy, accuracy_interval ([low, high]),
 * in_domain and domain_distance (null where a model does not say). */
#include <jansson.h>
#include <math.h>

#include "cli/report.h"
#include "diag/render.h"

static json_t *number(double v) { return isfinite(v) ? json_real(v) : json_null(); }
static json_t *count(int64_t v) { return v < 0 ? json_null() : json_integer(v); }

static json_t *shape(const ir_shape *s) {
  json_t *a = json_array();
  for (int i = 0; i < s->ndims; i++) json_array_append_new(a, json_integer(s->d[i]));
  return s->ndims ? a : (json_decref(a), json_null());
}

static json_t *layers(const ir_graph *g) {
  json_t *a = json_array();
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    json_t *o = json_object();
    json_object_set_new(o, "name", diag_json_string(l->name));
    json_object_set_new(o, "op", json_string(ir_op_name(l->op)));
    json_object_set_new(o, "shape", l->shapes ? shape(&l->shapes[0]) : json_null());
    json_object_set_new(o, "params", count(l->cost.params));
    json_object_set_new(o, "macs", count(l->cost.macs));
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *attributes(const double *v) {
  json_t *o = json_object();
  for (int i = 0; i < ATTR_NCOLS; i++) {
    /* the second num_conv_features is the maximum (spec §2) */
    const char *name = i == 24 ? "num_conv_features_min"
                       : i == 25 ? "num_conv_features_max"
                                 : attr_column_names[i];
    json_object_set_new(o, name, number(v[i]));
  }
  return o;
}

static json_t *predictions(const report_data *r) {
  json_t *a = json_array();
  for (size_t i = 0; i < r->nmodels; i++) {
    const report_model *m = &r->models[i];
    const prediction *p = &m->pred;
    bool classify = p->task == TASK_CLASSIFY;
    json_t *o = json_object();
    json_object_set_new(o, "model", json_string(m->entry->name));
    json_object_set_new(o, "kind", json_string(model_kind_name(m->entry->model->kind)));
    json_object_set_new(o, "attributes", json_string(m->profile));
    json_object_set_new(o, "healthy_probability", classify ? number(p->value) : json_null());
    json_object_set_new(o, "healthy_interval",
                        classify ? json_pack("[oo]", number(p->lo), number(p->hi)) : json_null());
    json_object_set_new(o, "accuracy", classify ? json_null() : number(p->value));
    json_object_set_new(o, "accuracy_interval",
                        classify ? json_null() : json_pack("[oo]", number(p->lo), number(p->hi)));
    json_object_set_new(o, "in_domain", json_boolean(p->in_domain));
    json_object_set_new(o, "domain_distance", number(p->distance));
    json_object_set_new(o, "domain_limit", number(p->limit));
    json_array_append_new(a, o);
  }
  return a;
}

void report_print_json(FILE *out, const report_data *r) {
  const compilation *c = r->c;
  const ir_graph *g = c->graph;
  json_t *doc = json_object();
  /* Names are any bytes a prototxt string holds; JSON holds UTF-8 only
   * (json_string would refuse them, and the entry would be lost). */
  json_object_set_new(doc, "network", diag_json_string(g->name));
  json_object_set_new(doc, "file", diag_json_string(diag_display_name(&c->src)));
  json_t *ins = json_array(), *outs = json_array();
  for (uint32_t i = 0; i < g->nlayers; i++)
    if (g->layers[i].op == OP_INPUT)
      json_array_append_new(ins, json_pack("{s:o,s:o}", "name",
                                           diag_json_string(g->layers[i].name), "shape",
                                           g->layers[i].shapes ? shape(&g->layers[i].shapes[0])
                                                               : json_null()));
  for (uint32_t i = 0; i < g->noutputs; i++) {
    const ir_layer *l = &g->layers[g->outputs[i].ref.layer];
    json_array_append_new(outs, json_pack("{s:o,s:o}", "name",
                                          diag_json_string(g->outputs[i].name), "shape",
                                          l->shapes ? shape(&l->shapes[g->outputs[i].ref.output])
                                                    : json_null()));
  }
  json_object_set_new(doc, "inputs", ins);
  json_object_set_new(doc, "outputs", outs);
  json_t *kinds = json_object();
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const char *op = ir_op_name(g->layers[i].op);
    json_t *n = json_object_get(kinds, op);
    json_object_set_new(kinds, op, json_integer(n ? json_integer_value(n) + 1 : 1));
  }
  json_object_set_new(doc, "layers_by_kind", kinds);
  json_object_set_new(doc, "totals",
                      json_pack("{s:o,s:o,s:o,s:o,s:o}", "params", count(r->totals.params),
                                "bn_params", count(r->totals.bn_params), "macs",
                                count(r->totals.macs), "activations",
                                count(r->totals.activations), "peak_activations",
                                count(r->totals.peak_activations)));
  json_object_set_new(doc, "layers", layers(g));
  json_object_set_new(doc, "attributes", attributes(r->attrs));
  json_object_set_new(doc, "reference_attributes",
                      r->have_reference ? attributes(r->reference) : json_null());
  json_object_set_new(doc, "predictions", predictions(r));
  if (!r->nmodels) json_object_set_new(doc, "no_predictions", json_string(r->no_models));
  json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
  fputc('\n', out);
  json_decref(doc);
}

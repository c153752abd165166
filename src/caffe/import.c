/* The Caffe import: a NetParameter (checked against the schema) mapped
 * onto the graph IR. This file reads the layers (current and legacy V1),
 * applies the include/exclude rules of the chosen phase, and runs the
 * steps of import_blobs.c, import_inputs.c and import_layers.c in order.
 *
 * Diagnostic codes of the import (errors unless marked):
 *   mixed-layer-formats   `layer` and legacy `layers` in one file
 *   unsupported-format    the V0 format (`layers { layer { ... } }`)
 *   not-a-network         no layers at all (a solver definition, say)
 *   missing-field         a value Caffe needs (a layer's type, num_output, ...)
 *   include-and-exclude   a layer with both kinds of rule
 *   duplicate-layer-name  (warning) two layers of the phase share a name
 *   undefined-blob, duplicate-top, cycle, wrong-arity, out-of-range,
 *   conflicting-fields, missing-input-shape, bad-input-dims: see the files
 *   that report them. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "caffe/import.h"
#include "util/buf.h"
#include "util/xalloc.h"

diag *imp_error(imp *I, const char *code, src_range r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag *d = diag_vadd(I->diags, DIAG_ERROR, code, I->src, r, fmt, ap);
  va_end(ap);
  return d;
}

diag *imp_warning(imp *I, const char *code, src_range r, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag *d = diag_vadd(I->diags, DIAG_WARNING, code, I->src, r, fmt, ap);
  va_end(ap);
  return d;
}

void imp_note(imp *I, diag *d, src_range r, const char *fmt, ...) {
  if (!d) return;
  va_list ap;
  va_start(ap, fmt);
  char *msg = arena_vprintf(I->arena, fmt, ap);
  va_end(ap);
  diag_note_add(I->diags, d, I->src, r, "%s", msg);
}

const char *imp_layer_desc(imp *I, const clayer *L) {
  if (!*L->name) return arena_printf(I->arena, "an unnamed %s layer", *L->type ? L->type : "");
  return arena_printf(I->arena, "%s '%s'", *L->type ? L->type : "layer", L->name);
}

/* ---- reading the layers ---------------------------------------------------- */

static cname *names_of(imp *I, pbv msg, const char *field, uint32_t *n) {
  *n = pbv_count(msg, field);
  cname *v = arena_calloc(I->arena, *n ? *n : 1, sizeof *v);
  for (uint32_t i = 0; i < *n; i++) {
    const pb_field *f = pbv_nth(msg, field, i);
    v[i].s = f->value.kind == PB_STRING ? f->value.u.s : "";
    v[i].loc = f->value.loc;
  }
  return v;
}

static void read_layer(imp *I, clayer *L, const pb_field *f, bool v1) {
  const pb_message_def *def = caffe_message_def(v1 ? "V1LayerParameter" : "LayerParameter");
  L->msg = pbv_of(&f->value, def, f->value.loc);
  L->v1 = v1;
  L->name = pbv_string(L->msg, "name");
  const pb_field *name = pbv_field(L->msg, "name");
  L->loc = name ? name->value.loc : f->name_loc;
  L->type = "";
  const pb_field *type = pbv_field(L->msg, "type");
  L->type_loc = type ? type->value.loc : L->loc;
  if (!v1) {
    L->type = pbv_string(L->msg, "type");
  } else if (type) {
    const char *e = pbv_enum(L->msg, "type");
    const char *t = caffe_v1_type_name(e);
    L->type = t ? t : "";
  }
  L->bottoms = names_of(I, L->msg, "bottom", &L->nbottoms);
  L->tops = names_of(I, L->msg, "top", &L->ntops);
}

/* Caffe's NetState: the phase comes from the options, the level and the
 * stages from the file's `state` (as Caffe's own tools do). */
typedef struct net_state {
  bool train;
  int64_t level;
  pbv state;
} net_state;

static bool has_stage(const net_state *s, const char *stage) {
  uint32_t n = pbv_count(s->state, "stage");
  for (uint32_t i = 0; i < n; i++)
    if (strcmp(pbv_string_nth(s->state, "stage", i), stage) == 0) return true;
  return false;
}

/* Whether a rule holds for the state; if not, `why` says which part of it
 * fails, for messages. */
static bool rule_holds(imp *I, const net_state *s, pbv rule, const char **why, src_range *at) {
  if (pbv_has(rule, "phase") && (strcmp(pbv_enum(rule, "phase"), "TRAIN") == 0) != s->train) {
    *why = arena_printf(I->arena, "phase: %s", pbv_enum(rule, "phase"));
    *at = pbv_loc(rule, "phase");
    return false;
  }
  if (pbv_has(rule, "min_level") && s->level < pbv_int(rule, "min_level")) {
    *why = arena_printf(I->arena, "min_level: %" PRId64, pbv_int(rule, "min_level"));
    *at = pbv_loc(rule, "min_level");
    return false;
  }
  if (pbv_has(rule, "max_level") && s->level > pbv_int(rule, "max_level")) {
    *why = arena_printf(I->arena, "max_level: %" PRId64, pbv_int(rule, "max_level"));
    *at = pbv_loc(rule, "max_level");
    return false;
  }
  for (uint32_t i = 0, n = pbv_count(rule, "stage"); i < n; i++) {
    const char *st = pbv_string_nth(rule, "stage", i);
    if (!has_stage(s, st)) {
      *why = arena_printf(I->arena, "stage: \"%s\"", st);
      *at = pbv_nth(rule, "stage", i)->value.loc;
      return false;
    }
  }
  for (uint32_t i = 0, n = pbv_count(rule, "not_stage"); i < n; i++) {
    const char *st = pbv_string_nth(rule, "not_stage", i);
    if (has_stage(s, st)) {
      *why = arena_printf(I->arena, "not_stage: \"%s\"", st);
      *at = pbv_nth(rule, "not_stage", i)->value.loc;
      return false;
    }
  }
  return true;
}

/* Caffe's filter: with include rules a layer is in if one of them holds;
 * with exclude rules it is out if one of them holds. */
static void apply_rules(imp *I, const net_state *s, clayer *L) {
  uint32_t ninc = pbv_count(L->msg, "include"), nexc = pbv_count(L->msg, "exclude");
  L->in_phase = true;
  if (ninc && nexc) {
    imp_error(I, "include-and-exclude", pbv_nth(L->msg, "exclude", 0)->name_loc,
              "%s has both include and exclude rules; Caffe takes one kind only",
              imp_layer_desc(I, L));
    return;
  }
  const char *why = NULL;
  src_range at = L->loc;
  if (ninc) {
    L->in_phase = false;
    for (uint32_t i = 0; i < ninc && !L->in_phase; i++)
      L->in_phase = rule_holds(I, s, pbv_msg_nth(L->msg, "include", i), &why, &at);
    if (!L->in_phase) L->rule = arena_printf(I->arena, "include %s", why);
  }
  for (uint32_t i = 0; i < nexc && L->in_phase; i++) {
    pbv rule = pbv_msg_nth(L->msg, "exclude", i);
    const char *w;
    src_range a;
    if (!rule_holds(I, s, rule, &w, &a)) continue;
    L->in_phase = false;
    L->rule = "exclude";
    at = pbv_nth(L->msg, "exclude", i)->name_loc;
  }
  L->rule_loc = at;
}

static bool collect_layers(imp *I) {
  const pb_field *first_v2 = NULL, *first_v1 = NULL;
  uint32_t n = 0;
  for (uint32_t i = 0; i < I->file->nfields; i++) {
    const pb_field *f = &I->file->fields[i];
    bool v2 = strcmp(f->name, "layer") == 0, v1 = strcmp(f->name, "layers") == 0;
    if (!v1 && !v2) continue;
    if (v2 && !first_v2) first_v2 = f;
    if (v1 && !first_v1) first_v1 = f;
    n++;
  }
  if (first_v1 && first_v2) {
    bool v1_first = first_v1->name_loc.start < first_v2->name_loc.start;
    const pb_field *later = v1_first ? first_v2 : first_v1;
    diag *d = imp_error(I, "mixed-layer-formats", later->name_loc,
                        "this file mixes 'layer' and the legacy 'layers'; Caffe reads one "
                        "format per file");
    imp_note(I, d, (v1_first ? first_v1 : first_v2)->name_loc, "the first '%s' is here",
             v1_first ? "layers" : "layer");
    return false;
  }
  I->layers = arena_calloc(I->arena, n ? n : 1, sizeof *I->layers);
  for (uint32_t i = 0; i < I->file->nfields; i++) {
    const pb_field *f = &I->file->fields[i];
    bool v2 = strcmp(f->name, "layer") == 0, v1 = strcmp(f->name, "layers") == 0;
    if (!v1 && !v2) continue;
    if (v1 && f->value.kind == PB_MESSAGE) {
      pbv m = pbv_of(&f->value, caffe_message_def("V1LayerParameter"), f->value.loc);
      const pb_field *v0 = pbv_field(m, "layer");
      if (v0) {
        imp_error(I, "unsupported-format", v0->name_loc,
                  "this is Caffe's oldest format (V0: layers { layer { ... } }); convert it "
                  "with Caffe's upgrade_net_proto_text first");
        return false;
      }
    }
    read_layer(I, &I->layers[I->nlayers++], f, v1);
  }
  return true;
}

/* A file without layers: a solver definition is the likely mistake. */
static void no_layers(imp *I) {
  static const char *const solver_fields[] = {
    "net", "train_net", "test_net", "base_lr", "lr_policy", "max_iter", "solver_mode", NULL,
  };
  for (uint32_t i = 0; i < I->file->nfields; i++)
    for (int k = 0; solver_fields[k]; k++)
      if (strcmp(I->file->fields[i].name, solver_fields[k]) == 0) {
        imp_error(I, "not-a-network", I->file->fields[i].name_loc,
                  "this looks like a solver definition ('%s'), not a network; give archc the "
                  "network's prototxt", solver_fields[k]);
        return;
      }
  imp_error(I, "not-a-network", (src_range){0, 0},
            "this file defines no layers: not a Caffe network");
}

/* IR names are the Caffe names, made unique with '#2', '#3', ...; a layer
 * without a name is called after its first top. */
uint32_t imp_ir_add(imp *I, ir_op op, const char *name, src_range loc, const clayer *L) {
  I->ir = xgrow(I->ir, &I->cap_ir, I->nir + 1, sizeof *I->ir);
  uint32_t idx = I->nir++;
  ir_layer *l = &I->ir[idx];
  memset(l, 0, sizeof *l);
  l->op = op;
  ir_params_default(op, &l->p);
  l->src = I->src;
  l->loc = loc;
  l->noutputs = 1;
  if (L) {
    l->caffe_name = L->name;
    l->caffe_type = L->type;
  }
  /* Suffixes start where the last one for this name stopped, so that a
   * name repeated n times costs O(n), not O(n^2). */
  const char *unique = name;
  uint32_t k = 2;
  if (!strmap_add(&I->ir_names, unique, strlen(unique), idx)) {
    strmap_get(&I->name_suffix, name, strlen(name), &k);
    do unique = arena_printf(I->arena, "%s#%" PRIu32, name, k++);
    while (!strmap_add(&I->ir_names, unique, strlen(unique), idx));
    strmap_set(&I->name_suffix, name, strlen(name), k);
  }
  l->name = unique;
  return idx;
}

static void warn_duplicate_names(imp *I) {
  strmap seen;
  strmap_init(&seen, I->arena);
  for (uint32_t i = 0; i < I->nlayers; i++) {
    const clayer *L = &I->layers[i];
    if (!L->in_phase || !*L->name) continue;
    uint32_t first;
    if (strmap_add(&seen, L->name, strlen(L->name), i)) continue;
    strmap_get(&seen, L->name, strlen(L->name), &first);
    diag *d = imp_warning(I, "duplicate-layer-name", L->loc,
                          "another layer of this phase is also called '%s'; this one is "
                          "renamed in reports",
                          L->name);
    imp_note(I, d, I->layers[first].loc, "the first '%s' is here", L->name);
  }
}

/* The notes that stand for many layers at once. */
static void grouped_notes(imp *I) {
  if (I->ntraining) {
    const clayer *L = &I->layers[I->first_training];
    const char *more = I->ntraining == 1 ? " is a training or evaluation layer"
                       : arena_printf(I->arena, " and %" PRIu32 " more are training or "
                                      "evaluation layers", I->ntraining - 1);
    diag_add(I->diags, DIAG_NOTE, "training-layer", I->src, L->loc,
             "%s%s (losses, accuracy, Silence); archc keeps %s as opaque", imp_layer_desc(I, L),
             more, I->ntraining == 1 ? "it" : "them");
  }
  if (I->ncoeff) {
    const clayer *L = &I->layers[I->first_coeff];
    const char *more = I->ncoeff == 1 ? ""
                       : arena_printf(I->arena, " (and of %" PRIu32 " more Eltwise layers)",
                                      I->ncoeff - 1);
    diag_add(I->diags, DIAG_NOTE, "eltwise-coefficients", I->src,
             pbv_loc(pbv_msg(L->msg, "eltwise_param"), "coeff"),
             "the coefficients of %s%s are not represented: archc treats it as a plain sum",
             imp_layer_desc(I, L), more);
  }
}

static const char *graph_name(imp *I) {
  const char *name = pbv_string(I->net, "name");
  if (*name) return name;
  /* The file's name without directories and extension. */
  const char *base = strrchr(I->src->name, '/');
  base = base ? base + 1 : I->src->name;
  const char *dot = strrchr(base, '.');
  size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  return len ? arena_strndup(I->arena, base, len) : "network";
}

ir_graph *caffe_lower(arena *a, diag_list *diags, const struct pb_file *pb,
                      const compile_options *opts) {
  if (!pb) return NULL;
  static const compile_options none = {0};
  if (!opts) opts = &none;
  size_t errors = diags->count[DIAG_ERROR];
  caffe_check(a, diags, pb, caffe_net_def());
  /* Reading on after a schema error would only add confusion. */
  if (diags->count[DIAG_ERROR] > errors) return NULL;

  imp I = {.arena = a, .diags = diags, .src = pb->src, .file = pb, .opts = opts};
  I.net = (pbv){pb->fields, pb->nfields, caffe_net_def(), {0, 0}};
  strmap_init(&I.blob_names, a);
  strmap_init(&I.ir_names, a);
  strmap_init(&I.name_suffix, a);
  strmap_init(&I.opaque_groups, a);
  if (!collect_layers(&I)) return NULL;
  if (I.nlayers == 0 && !pbv_has(I.net, "input")) {
    no_layers(&I);
    return NULL;
  }

  net_state state = {opts->phase_train, 0, pbv_msg(I.net, "state")};
  state.level = pbv_int(state.state, "level");
  uint32_t in_phase = 0;
  for (uint32_t i = 0; i < I.nlayers; i++) {
    clayer *L = &I.layers[i];
    apply_rules(&I, &state, L);
    L->kind = imp_kind(L->type, L->nbottoms, L->ntops);
    if (!*L->type)
      imp_error(&I, "missing-field", L->loc, "%s has no type", imp_layer_desc(&I, L));
    else if (L->in_phase)
      imp_check_arity(&I, L);
    in_phase += L->in_phase;
  }
  warn_duplicate_names(&I);

  imp_declared_inputs(&I);
  imp_resolve(&I);
  imp_cut_inputs(&I);
  imp_leave_out(&I);

  /* The IR, in file order: declared inputs first, then each layer's cut
   * tops and its own nodes. File order is topological, since Caffe reads
   * a blob only after the layer that writes it. */
  for (uint32_t v = 0; v < I.nblobs; v++) {
    cblob *b = &I.blobs[v];
    if (b->layer != UINT32_MAX || !b->needed) continue;
    uint32_t idx = imp_ir_add(&I, OP_INPUT, b->name, b->loc, NULL);
    ir_layer *l = &I.ir[idx];
    l->caffe_name = b->name;
    l->caffe_type = "Input";
    l->p.ndims = b->ndims;
    for (int k = 0; k < b->ndims; k++) l->p.dims[k] = b->dims[k];
    b->ref = (ir_ref){idx, 0};
    b->has_ref = true;
    b->channels = b->ndims ? b->dims[0] : -1;
    b->rank = b->ndims;
  }
  for (uint32_t i = 0; i < I.nlayers; i++) {
    clayer *L = &I.layers[i];
    if (!L->in_phase || !*L->type) continue;
    imp_cut_nodes(&I, i);
    if (!L->kept) continue;
    if (L->kind == CK_SOURCE) imp_source_nodes(&I, i);
    else imp_layer_nodes(&I, i);
  }
  grouped_notes(&I);
  imp_opaque_warnings(&I);
  if (in_phase == 0 && I.nlayers)
    imp_error(&I, "not-a-network", I.layers[0].loc, "no layer of this file is in phase %s",
              opts->phase_train ? "TRAIN" : "TEST");

  ir_graph *g = arena_alloc(a, sizeof *g);
  g->name = graph_name(&I);
  g->src = pb->src;
  g->layers = arena_calloc(a, I.nir ? I.nir : 1, sizeof *g->layers);
  if (I.nir) memcpy(g->layers, I.ir, I.nir * sizeof *g->layers);
  g->nlayers = I.nir;
  imp_outputs(&I, g);
  g->meta.classes = -1;
  g->meta.accuracy = g->meta.initial_accuracy = NAN;
  if (opts->dataset) g->meta.dataset = opts->dataset;
  free(I.ir);
  free(I.blobs);
  free(I.current);
  return g;
}

/* Inputs and their shapes. A Caffe network gets its data from declared
 * inputs (`input:` with `input_shape` or `input_dim`), Input layers, or
 * data layers that read a database and carry no shape. Shapes come from
 * the file where it has them, from --input NAME=CxHxW, or from --dataset
 * (MENNDL's conventions: every blob whose name contains "data0" is an
 * input of a fixed shape). Shapes drop Caffe's batch axis.
 *
 * Diagnostic codes:
 *   missing-input-shape  a data layer's top that a modelled layer reads, with
 *                        no shape in the file or the options
 *   bad-input-dims       input_dim not four per input, input_shape not one
 *                        per input, or a shape archc cannot hold
 *   unused-input         (warning) --input names a blob the network lacks
 *   no-dataset-inputs    (warning) --dataset, but no blob name has "data0" */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "caffe/import.h"

/* ---- shapes --------------------------------------------------------------------- */

typedef struct cshape {
  bool known;
  int ndims;
  int64_t d[3];
} cshape;

static const input_shape *option_input(imp *I, const char *name) {
  for (size_t i = 0; i < I->opts->ninputs; i++)
    if (strcmp(I->opts->inputs[i].name, name) == 0) return &I->opts->inputs[i];
  return NULL;
}

static void set_shape(cblob *b, const cshape *s, const char *from) {
  b->ndims = s->ndims;
  for (int k = 0; k < s->ndims; k++) b->dims[k] = s->d[k];
  b->shape_from = from;
}

static cshape option_shape(const input_shape *in) {
  cshape s = {true, in->ndims, {0, 0, 0}};
  for (int k = 0; k < in->ndims && k < 3; k++) s.d[k] = in->dims[k];
  return s;
}

/* A Caffe shape with its batch axis: the rest, if archc can hold it. */
static bool drop_batch(imp *I, const int64_t *dims, uint32_t n, src_range at, cshape *out) {
  out->known = false;
  if (n == 0) {
    imp_error(I, "bad-input-dims", at, "a shape needs at least the batch axis");
    return false;
  }
  if (n > 4) {
    imp_error(I, "bad-input-dims", at,
              "a shape of %" PRIu32 " axes; archc handles at most 3 besides the batch", n);
    return false;
  }
  for (uint32_t k = 0; k < n; k++)
    if (dims[k] < 1) {
      imp_error(I, "bad-input-dims", at, "axis %" PRIu32 " of this shape is %" PRId64
                "; sizes are at least 1", k, dims[k]);
      return false;
    }
  out->known = true;
  out->ndims = (int)n - 1;
  for (uint32_t k = 1; k < n; k++) out->d[k - 1] = dims[k];
  /* A blob with only the batch axis holds one value per sample. */
  if (out->ndims == 0) out->ndims = 1, out->d[0] = 1;
  return true;
}

static bool blob_shape(imp *I, pbv shape, cshape *out) {
  uint32_t n = pbv_count(shape, "dim");
  int64_t dims[5] = {0};
  for (uint32_t k = 0; k < n && k < 5; k++) dims[k] = pbv_int_nth(shape, "dim", k);
  return drop_batch(I, dims, n, shape.loc, out);
}

/* ---- declared inputs ------------------------------------------------------------- */

static uint32_t declare(imp *I, const char *name, src_range loc, const cshape *s,
                        const char *from) {
  uint32_t v = imp_blob_add(I, name, loc, UINT32_MAX, 0);
  cblob *b = &I->blobs[v];
  set_shape(b, s, from);
  b->needed = true;
  return v;
}

void imp_declared_inputs(imp *I) {
  uint32_t n = pbv_count(I->net, "input");
  uint32_t nshape = pbv_count(I->net, "input_shape"), ndim = pbv_count(I->net, "input_dim");
  bool ok = true;
  if (nshape && nshape != n) {
    imp_error(I, "bad-input-dims", pbv_nth(I->net, "input_shape", 0)->name_loc,
              "%" PRIu32 " input_shape for %" PRIu32 " inputs; give one per input", nshape, n);
    ok = false;
  } else if (!nshape && ndim && ndim != 4 * n) {
    imp_error(I, "bad-input-dims", pbv_nth(I->net, "input_dim", 0)->name_loc,
              "%" PRIu32 " input_dim for %" PRIu32 " input%s; give four per input (N, C, H, W)",
              ndim, n, n == 1 ? "" : "s");
    ok = false;
  }
  for (uint32_t i = 0; i < n && ok; i++) {
    const pb_field *f = pbv_nth(I->net, "input", i);
    const char *name = pbv_string_nth(I->net, "input", i);
    const input_shape *opt = option_input(I, name);
    cshape s = {false, 0, {0, 0, 0}};
    const char *from = "the file";
    if (opt) {
      s = option_shape(opt);
      from = "--input";
    } else if (nshape) {
      if (!blob_shape(I, pbv_msg_nth(I->net, "input_shape", i), &s)) continue;
    } else if (ndim) {
      int64_t dims[4];
      for (uint32_t k = 0; k < 4; k++) dims[k] = pbv_int_nth(I->net, "input_dim", 4 * i + k);
      src_range at = src_span(pbv_nth(I->net, "input_dim", 4 * i)->value.loc,
                              pbv_nth(I->net, "input_dim", 4 * i + 3)->value.loc);
      if (!drop_batch(I, dims, 4, at, &s)) continue;
    } else {
      continue;   /* no shape: Caffe drops the declaration */
    }
    declare(I, name, f->value.loc, &s, from);
  }

  /* --input for a blob nothing writes: an input of its own, if read. */
  for (size_t o = 0; o < I->opts->ninputs; o++) {
    const input_shape *opt = &I->opts->inputs[o];
    if (imp_blob_lookup(I, opt->name) != UINT32_MAX) continue;
    bool written = false;
    uint32_t reader = UINT32_MAX, bottom = 0;
    for (uint32_t i = 0; i < I->nlayers && !written; i++) {
      const clayer *L = &I->layers[i];
      if (!L->in_phase) continue;
      for (uint32_t t = 0; t < L->ntops; t++) written |= strcmp(L->tops[t].s, opt->name) == 0;
      for (uint32_t k = 0; k < L->nbottoms && reader == UINT32_MAX && !written; k++)
        if (strcmp(L->bottoms[k].s, opt->name) == 0) reader = i, bottom = k;
    }
    if (written) continue;
    if (reader == UINT32_MAX) {
      diag_add(I->diags, DIAG_WARNING, "unused-input", NULL, (src_range){0, 0},
               "--input names '%s', but no layer in phase %s reads or writes it", opt->name,
               I->opts->phase_train ? "TRAIN" : "TEST");
      continue;
    }
    cshape s = option_shape(opt);
    declare(I, opt->name, I->layers[reader].bottoms[bottom].loc, &s, "--input");
  }
}

/* ---- blobs given shapes by the options -------------------------------------------- */

static cshape dataset_shape(const char *mode, const char *name) {
  if (strcmp(mode, "nova") == 0) return (cshape){true, 3, {1, 100, 80}};
  if (strcmp(name, "data0_1") == 0 || strcmp(name, "data0_2") == 0)
    return (cshape){true, 3, {2, 127, 47}};
  return (cshape){true, 3, {2, 127, 94}};
}

void imp_cut_inputs(imp *I) {
  const char *mode = I->opts->dataset;
  const char *from = mode ? arena_printf(I->arena, "--dataset %s", mode) : NULL;
  bool any_data0 = false;
  strmap done;   /* names already cut: only a name's first writer is */
  strmap_init(&done, I->arena);
  for (uint32_t v = 0; v < I->nblobs; v++) {
    cblob *b = &I->blobs[v];
    if (b->layer == UINT32_MAX) continue;
    const input_shape *opt = option_input(I, b->name);
    bool data0 = mode && strstr(b->name, "data0");
    any_data0 |= data0;
    if ((!opt && !data0) || !strmap_add(&done, b->name, strlen(b->name), v)) continue;
    cshape s = opt ? option_shape(opt) : dataset_shape(mode, b->name);
    b->cut = true;
    set_shape(b, &s, opt ? "--input" : from);
  }
  if (mode && !any_data0)
    diag_add(I->diags, DIAG_WARNING, "no-dataset-inputs", NULL, (src_range){0, 0},
             "--dataset %s: no blob in phase %s has a name containing 'data0', so the "
             "MENNDL input shapes apply to nothing",
             mode, I->opts->phase_train ? "TRAIN" : "TEST");
}

static void input_node(imp *I, cblob *b, src_range loc, const char *name, const clayer *L) {
  uint32_t idx = imp_ir_add(I, OP_INPUT, name, loc, L);
  ir_layer *l = &I->ir[idx];
  if (!L) {
    l->caffe_name = b->name;
    l->caffe_type = "Input";
  }
  l->p.ndims = b->ndims;
  for (int k = 0; k < b->ndims; k++) l->p.dims[k] = b->dims[k];
  b->ref = (ir_ref){idx, 0};
  b->has_ref = true;
  b->channels = b->ndims ? b->dims[0] : -1;
  b->rank = b->ndims;
}

void imp_cut_nodes(imp *I, uint32_t li) {
  const clayer *L = &I->layers[li];
  for (uint32_t t = 0; t < L->ntops; t++) {
    cblob *b = &I->blobs[L->out[t]];
    if (!b->cut || !b->needed) continue;
    /* A data layer's top is that data layer; any other top is an input
     * standing in for the layers that computed it. */
    if (L->kind == CK_SOURCE) input_node(I, b, L->loc, b->name, L);
    else input_node(I, b, L->tops[t].loc, b->name, NULL);
  }
}

/* ---- data layers ------------------------------------------------------------------ */

/* What the file says about the shape of a data layer's top `t`; parts it
 * leaves open are 0 in `hint` (for the message suggesting --input). */
static cshape file_shape(imp *I, const clayer *L, uint32_t t, int64_t hint[3]) {
  cshape s = {false, 0, {0, 0, 0}};
  const char *type = L->type;
  pbv m = L->msg;
  if (strcmp(type, "Input") == 0 || strcmp(type, "DummyData") == 0) {
    bool input = type[0] == 'I';
    pbv p = pbv_msg(m, input ? "input_param" : "dummy_data_param");
    uint32_t n = pbv_count(p, "shape");
    if (n == 1 || (n > 1 && t < n)) {
      blob_shape(I, pbv_msg_nth(p, "shape", n == 1 ? 0 : t), &s);
      return s;
    }
    if (input || n) return s;
    /* DummyData's legacy num/channels/height/width, once or per top. */
    static const char *const axes[4] = {"num", "channels", "height", "width"};
    int64_t dims[4];
    for (int k = 0; k < 4; k++) {
      uint32_t c = pbv_count(p, axes[k]);
      if (c != 1 && t >= c) return s;
      dims[k] = pbv_int_nth(p, axes[k], c == 1 ? 0 : t);
    }
    drop_batch(I, dims, 4, p.loc, &s);
    return s;
  }
  if (t > 0) {
    /* The label: one value per sample (per pixel for dense labels). */
    if (strcmp(type, "MemoryData") == 0) return (cshape){true, 3, {1, 1, 1}};
    if (!strcmp(type, "Data") || !strcmp(type, "ImageData") || !strcmp(type, "WindowData"))
      return t == 1 ? (cshape){true, 1, {1, 0, 0}} : s;
  }
  if (strcmp(type, "MemoryData") == 0) {
    pbv p = pbv_msg(m, "memory_data_param");
    int64_t dims[4] = {1, pbv_int(p, "channels"), pbv_int(p, "height"), pbv_int(p, "width")};
    if (dims[1] && dims[2] && dims[3]) drop_batch(I, dims, 4, p.loc, &s);
    return s;
  }
  pbv tr = pbv_msg(m, "transform_param");
  int64_t crop = pbv_int(tr, "crop_size"), c = 0, h = 0, w = 0;
  if (pbv_bool(tr, "force_color")) c = 3;
  if (pbv_bool(tr, "force_gray")) c = 1;
  if (strcmp(type, "Data") == 0) {
    if (!crop) crop = pbv_int(pbv_msg(m, "data_param"), "crop_size");
  } else if (strcmp(type, "ImageData") == 0 || strcmp(type, "DenseImageData") == 0) {
    bool dense = type[0] == 'D';
    pbv p = pbv_msg(m, dense ? "dense_image_data_param" : "image_data_param");
    if (!c) c = pbv_bool(p, "is_color") ? 3 : 1;
    if (dense && t == 1) c = 1;
    if (!crop && !dense) crop = pbv_int(p, "crop_size");
    h = pbv_int(p, "new_height"), w = pbv_int(p, "new_width");
    if (dense && pbv_int(p, "crop_height") && pbv_int(p, "crop_width"))
      h = pbv_int(p, "crop_height"), w = pbv_int(p, "crop_width");
  } else if (strcmp(type, "WindowData") == 0) {
    if (!c) c = 3;
    if (!crop) crop = pbv_int(pbv_msg(m, "window_data_param"), "crop_size");
  } else {
    hint[0] = hint[1] = hint[2] = 0;
    return s;
  }
  if (crop) h = w = crop;
  hint[0] = c, hint[1] = h, hint[2] = w;
  if (c && h && w) s = (cshape){true, 3, {c, h, w}};
  return s;
}

/* The first kept layer after `li` that reads version `v` and models its
 * shape (or UINT32_MAX). */
static uint32_t modelled_reader(imp *I, uint32_t li, uint32_t v, uint32_t *bottom) {
  for (uint32_t j = li + 1; j < I->nlayers; j++) {
    const clayer *R = &I->layers[j];
    if (!R->in_phase || !R->kept || (R->kind != CK_MAPPED && R->kind != CK_SPLIT)) continue;
    for (uint32_t k = 0; k < R->nbottoms; k++)
      if (R->in[k] == v) return *bottom = k, j;
  }
  return UINT32_MAX;
}

void imp_source_nodes(imp *I, uint32_t li) {
  const clayer *L = &I->layers[li];
  for (uint32_t t = 0; t < L->ntops; t++) {
    cblob *b = &I->blobs[L->out[t]];
    if (b->cut || !b->needed) continue;
    int64_t hint[3] = {0, 0, 0};
    cshape s = file_shape(I, L, t, hint);
    if (s.known) {
      set_shape(b, &s, "the file");
      input_node(I, b, L->loc, b->name, L);
      continue;
    }
    uint32_t bottom, reader = modelled_reader(I, li, L->out[t], &bottom);
    if (reader != UINT32_MAX) {
      char c[24], h[24], w[24];
      snprintf(c, sizeof c, hint[0] ? "%" PRId64 : "C", hint[0]);
      snprintf(h, sizeof h, hint[1] ? "%" PRId64 : "H", hint[1]);
      snprintf(w, sizeof w, hint[2] ? "%" PRId64 : "W", hint[2]);
      diag *d = imp_error(I, "missing-input-shape", L->loc,
                          "the shape of '%s', written by %s, is not in the file; give it "
                          "with --input %s=%sx%sx%s",
                          b->name, imp_layer_desc(I, L), b->name, c, h, w);
      imp_note(I, d, I->layers[reader].bottoms[bottom].loc, "%s needs it",
               imp_layer_desc(I, &I->layers[reader]));
      continue;
    }
    /* Only opaque layers (losses, accuracy) read it: its shape does not
     * matter to anything archc computes. */
    uint32_t idx = imp_ir_add(I, OP_OPAQUE, b->name, L->loc, L);
    I->ir[idx].p.type = L->type;
    I->ir[idx].ninputs = 0;
    b->ref = (ir_ref){idx, 0};
    b->has_ref = true;
  }
}

/* Reading a parsed prototxt the way the reference extractor does (spec
 * §3): only `layer` messages, the first include rule's phase, the first
 * kernel_size/stride/pad value, pooling's stride default of 1. These are
 * its rules, not Caffe's: the import into the IR (src/caffe/) follows
 * Caffe instead. */
#include "attr/ref_read.h"

#include <string.h>

#include "util/avec.h"

static const pb_field *fields_of(const pb_value *v, uint32_t *n) {
  *n = v->kind == PB_MESSAGE ? v->len : 0;
  return v->kind == PB_MESSAGE ? v->u.fields : NULL;
}

/* The first field called `name` in a message, or NULL. */
static const pb_field *first(const pb_value *msg, const char *name) {
  uint32_t n;
  const pb_field *f = fields_of(msg, &n);
  for (uint32_t i = 0; i < n; i++)
    if (strcmp(f[i].name, name) == 0) return &f[i];
  return NULL;
}

static int64_t int_or(const pb_value *msg, const char *name, int64_t dflt) {
  const pb_field *f = msg ? first(msg, name) : NULL;
  return f && f->value.kind == PB_INT ? f->value.u.i : dflt;
}

static const char *string_or(const pb_value *msg, const char *name, const char *dflt) {
  const pb_field *f = first(msg, name);
  return f && f->value.kind == PB_STRING ? f->value.u.s : dflt;
}

static const char *const *strings(arena *a, const pb_value *msg, const char *name, size_t *n) {
  avec v = {0};
  uint32_t nf;
  const pb_field *f = fields_of(msg, &nf);
  for (uint32_t i = 0; i < nf; i++)
    if (strcmp(f[i].name, name) == 0 && f[i].value.kind == PB_STRING)
      *(const char **)avec_push(a, &v, sizeof(const char *)) = f[i].value.u.s;
  *n = v.n;
  return v.data;
}

static ref_phase phase_of(const pb_value *layer) {
  const pb_field *inc = first(layer, "include");
  if (!inc) return REF_ALL;
  const pb_field *ph = first(&inc->value, "phase");
  /* TRAIN is the enum's default, so a rule without a phase means TRAIN. */
  if (ph && ph->value.kind == PB_IDENT && strcmp(ph->value.u.s, "TEST") == 0) return REF_TEST;
  if (ph && ph->value.kind == PB_INT && ph->value.u.i == 1) return REF_TEST;
  return REF_TRAIN;
}

static void read_convolution(const pb_value *p, ref_layer *l) {
  l->num_output = int_or(p, "num_output", 0);
  const pb_field *k = p ? first(p, "kernel_size") : NULL;
  if (k && k->value.kind == PB_INT) {
    l->kernel_h = l->kernel_w = k->value.u.i;   /* a second value is ignored */
  } else {
    l->kernel_h = int_or(p, "kernel_h", 0);
    l->kernel_w = int_or(p, "kernel_w", 0);
  }
  const pb_field *s = p ? first(p, "stride") : NULL;
  if (s && s->value.kind == PB_INT) {
    l->stride_h = l->stride_w = s->value.u.i;
  } else {
    l->stride_h = int_or(p, "stride_h", 0);
    l->stride_w = int_or(p, "stride_w", 0);
    if (l->stride_h == 0) l->stride_h = 1;
    if (l->stride_w == 0) l->stride_w = 1;
  }
  const pb_field *pad = p ? first(p, "pad") : NULL;
  if (pad && pad->value.kind == PB_INT) {
    l->pad_h = l->pad_w = pad->value.u.i;
  } else {
    l->pad_h = int_or(p, "pad_h", 0);
    l->pad_w = int_or(p, "pad_w", 0);
  }
}

static void read_pooling(const pb_value *p, ref_layer *l) {
  const pb_field *pool = p ? first(p, "pool") : NULL;
  l->pool = 0;
  if (pool && pool->value.kind == PB_IDENT) {
    if (!strcmp(pool->value.u.s, "AVE")) l->pool = 1;
    else if (!strcmp(pool->value.u.s, "STOCHASTIC")) l->pool = 2;
  } else if (pool && pool->value.kind == PB_INT) {
    l->pool = (int)pool->value.u.i;
  }
  int64_t ks = int_or(p, "kernel_size", 0);
  int64_t kh = int_or(p, "kernel_h", 0), kw = int_or(p, "kernel_w", 0);
  l->pool_1x1 = ks == 1 || (kh == 1 && kw == 1);
  l->kernel_h = ks ? ks : kh;
  l->kernel_w = ks ? ks : kw;
  /* `stride` defaults to 1, so stride_h/stride_w count only after an
   * explicit `stride: 0` (reference quirk 3). */
  int64_t stride = int_or(p, "stride", 1);
  l->stride_h = stride ? stride : int_or(p, "stride_h", 0);
  l->stride_w = stride ? stride : int_or(p, "stride_w", 0);
  int64_t pad = int_or(p, "pad", 0);
  l->pad_h = pad ? pad : int_or(p, "pad_h", 0);
  l->pad_w = pad ? pad : int_or(p, "pad_w", 0);
}

static const pb_value *param(const pb_value *layer, const char *name) {
  const pb_field *f = first(layer, name);
  return f && f->value.kind == PB_MESSAGE ? &f->value : NULL;
}

bool ref_read(arena *a, const pb_file *pb, ref_net *out) {
  avec layers = {0};
  for (uint32_t i = 0; i < pb->nfields; i++) {
    const pb_field *f = &pb->fields[i];
    if (strcmp(f->name, "layer") != 0 || f->value.kind != PB_MESSAGE) continue;
    const pb_value *m = &f->value;
    ref_layer *l = avec_push(a, &layers, sizeof *l);
    l->name = string_or(m, "name", "");
    l->type = string_or(m, "type", "");
    l->bottoms = strings(a, m, "bottom", &l->nbottoms);
    l->tops = strings(a, m, "top", &l->ntops);
    l->phase = phase_of(m);
    l->loc = f->name_loc;
    l->concat_axis = 1;
    l->stride_h = l->stride_w = 1;
    if (!strcmp(l->type, "Convolution")) read_convolution(param(m, "convolution_param"), l);
    else if (!strcmp(l->type, "Pooling")) read_pooling(param(m, "pooling_param"), l);
    else if (!strcmp(l->type, "InnerProduct"))
      l->num_output = int_or(param(m, "inner_product_param"), "num_output", 0);
    else if (!strcmp(l->type, "Concat"))
      l->concat_axis = int_or(param(m, "concat_param"), "axis", 1);
  }
  out->layers = layers.data;
  out->nlayers = layers.n;
  out->src = pb->src;
  return true;
}

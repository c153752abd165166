/* Reading a parsed prototxt the way the reference extractor does (spec
 * §3): only `layer` messages, the first include rule's phase, the first
 * kernel_size/stride/pad value, pooling's stride default of 1. These are
 * its rules, not Caffe's: the import into the IR (src/caffe/) follows
 * Caffe instead. */
#include "attr/ref_read.h"

#include <string.h>

#include "util/avec.h"

static const pb_field *fields_of(const pb_value *v, uint32_t *n) {
  *n = v && v->kind == PB_MESSAGE ? v->len : 0;
  return *n ? v->u.fields : NULL;
}

/* The first field of each of the n names (NULL where there is none), in
 * one pass over the message: a layer is looked up for a dozen names, and
 * a pass per name was most of the cost of reading. */
static void firsts(const pb_value *msg, const char *const *names, int n, const pb_field **out) {
  for (int k = 0; k < n; k++) out[k] = NULL;
  uint32_t nf;
  const pb_field *f = fields_of(msg, &nf);
  for (uint32_t i = 0; i < nf; i++)
    for (int k = 0; k < n; k++)
      if (f[i].name[0] == names[k][0] && strcmp(f[i].name, names[k]) == 0) {
        if (!out[k]) out[k] = &f[i];
        break;
      }
}

static int64_t int_of(const pb_field *f, int64_t dflt) {
  return f && f->value.kind == PB_INT ? f->value.u.i : dflt;
}

static const char *string_of(const pb_field *f, const char *dflt) {
  return f && f->value.kind == PB_STRING ? f->value.u.s : dflt;
}

/* The parameter message a field holds, or NULL. */
static const pb_value *message_of(const pb_field *f) {
  return f && f->value.kind == PB_MESSAGE ? &f->value : NULL;
}

static const char *const *strings(arena *a, const pb_value *msg, const char *name, size_t *n) {
  avec v = {0};
  uint32_t nf;
  const pb_field *f = fields_of(msg, &nf);
  for (uint32_t i = 0; i < nf; i++)
    if (f[i].name[0] == name[0] && strcmp(f[i].name, name) == 0 && f[i].value.kind == PB_STRING)
      *(const char **)avec_push(a, &v, sizeof(const char *)) = f[i].value.u.s;
  *n = v.n;
  return v.data;
}

static ref_phase phase_of(const pb_field *inc) {
  if (!inc) return REF_ALL;
  static const char *const names[] = {"phase"};
  const pb_field *ph;
  firsts(&inc->value, names, 1, &ph);
  /* TRAIN is the enum's default, so a rule without a phase means TRAIN. */
  if (ph && ph->value.kind == PB_IDENT && strcmp(ph->value.u.s, "TEST") == 0) return REF_TEST;
  if (ph && ph->value.kind == PB_INT && ph->value.u.i == 1) return REF_TEST;
  return REF_TRAIN;
}

/* The fields of convolution_param and pooling_param that are read. */
enum { P_NUM, P_POOL, P_K, P_KH, P_KW, P_S, P_SH, P_SW, P_P, P_PH, P_PW, P_COUNT };
static const char *const param_names[P_COUNT] = {
  "num_output", "pool", "kernel_size", "kernel_h", "kernel_w", "stride", "stride_h",
  "stride_w", "pad", "pad_h", "pad_w"};

static void read_convolution(const pb_value *p, ref_layer *l) {
  const pb_field *f[P_COUNT];
  firsts(p, param_names, P_COUNT, f);
  l->num_output = int_of(f[P_NUM], 0);
  if (f[P_K] && f[P_K]->value.kind == PB_INT) {
    l->kernel_h = l->kernel_w = f[P_K]->value.u.i;   /* a second value is ignored */
  } else {
    l->kernel_h = int_of(f[P_KH], 0);
    l->kernel_w = int_of(f[P_KW], 0);
  }
  if (f[P_S] && f[P_S]->value.kind == PB_INT) {
    l->stride_h = l->stride_w = f[P_S]->value.u.i;
  } else {
    l->stride_h = int_of(f[P_SH], 0);
    l->stride_w = int_of(f[P_SW], 0);
    if (l->stride_h == 0) l->stride_h = 1;
    if (l->stride_w == 0) l->stride_w = 1;
  }
  if (f[P_P] && f[P_P]->value.kind == PB_INT) {
    l->pad_h = l->pad_w = f[P_P]->value.u.i;
  } else {
    l->pad_h = int_of(f[P_PH], 0);
    l->pad_w = int_of(f[P_PW], 0);
  }
}

static void read_pooling(const pb_value *p, ref_layer *l) {
  const pb_field *f[P_COUNT];
  firsts(p, param_names, P_COUNT, f);
  const pb_field *pool = f[P_POOL];
  l->pool = 0;
  if (pool && pool->value.kind == PB_IDENT) {
    if (!strcmp(pool->value.u.s, "AVE")) l->pool = 1;
    else if (!strcmp(pool->value.u.s, "STOCHASTIC")) l->pool = 2;
  } else if (pool && pool->value.kind == PB_INT) {
    l->pool = (int)pool->value.u.i;
  }
  int64_t ks = int_of(f[P_K], 0);
  int64_t kh = int_of(f[P_KH], 0), kw = int_of(f[P_KW], 0);
  l->pool_1x1 = ks == 1 || (kh == 1 && kw == 1);
  l->kernel_h = ks ? ks : kh;
  l->kernel_w = ks ? ks : kw;
  /* `stride` defaults to 1, so stride_h/stride_w count only after an
   * explicit `stride: 0` (reference quirk 3). */
  int64_t stride = int_of(f[P_S], 1);
  l->stride_h = stride ? stride : int_of(f[P_SH], 0);
  l->stride_w = stride ? stride : int_of(f[P_SW], 0);
  int64_t pad = int_of(f[P_P], 0);
  l->pad_h = pad ? pad : int_of(f[P_PH], 0);
  l->pad_w = pad ? pad : int_of(f[P_PW], 0);
}

/* The fields of a layer that are read once. */
enum { L_NAME, L_TYPE, L_INCLUDE, L_CONV, L_POOL, L_IP, L_CONCAT, L_COUNT };
static const char *const layer_names[L_COUNT] = {
  "name", "type", "include", "convolution_param", "pooling_param", "inner_product_param",
  "concat_param"};

bool ref_read(arena *a, const pb_file *pb, ref_net *out) {
  avec layers = {0};
  for (uint32_t i = 0; i < pb->nfields; i++) {
    const pb_field *f = &pb->fields[i];
    if (strcmp(f->name, "layer") != 0 || f->value.kind != PB_MESSAGE) continue;
    const pb_value *m = &f->value;
    const pb_field *lf[L_COUNT];
    firsts(m, layer_names, L_COUNT, lf);
    ref_layer *l = avec_push(a, &layers, sizeof *l);
    l->name = string_of(lf[L_NAME], "");
    l->type = string_of(lf[L_TYPE], "");
    l->bottoms = strings(a, m, "bottom", &l->nbottoms);
    l->tops = strings(a, m, "top", &l->ntops);
    l->phase = phase_of(lf[L_INCLUDE]);
    l->loc = f->name_loc;
    l->concat_axis = 1;
    l->stride_h = l->stride_w = 1;
    if (!strcmp(l->type, "Convolution")) {
      read_convolution(message_of(lf[L_CONV]), l);
    } else if (!strcmp(l->type, "Pooling")) {
      read_pooling(message_of(lf[L_POOL]), l);
    } else if (!strcmp(l->type, "InnerProduct")) {
      static const char *const num_name[] = {"num_output"};
      const pb_field *num;
      firsts(message_of(lf[L_IP]), num_name, 1, &num);
      l->num_output = int_of(num, 0);
    } else if (!strcmp(l->type, "Concat")) {
      static const char *const axis_name[] = {"axis"};
      const pb_field *axis;
      firsts(message_of(lf[L_CONCAT]), axis_name, 1, &axis);
      l->concat_axis = int_of(axis, 1);
    }
  }
  out->layers = layers.data;
  out->nlayers = layers.n;
  out->src = pb->src;
  return true;
}

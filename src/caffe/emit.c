/* Writing a graph as Caffe prototxt (`archc --emit prototxt`): the inputs
 * as `input` and `input_shape`, then one `layer` per IR layer in graph
 * order, with Caffe's type names and the parameters that differ from
 * Caffe's defaults. Activations, dropout, batchnorm and scale work in place
 * when nothing else reads their input, as Caffe networks are written.
 * Opaque layers keep their Caffe type and lose their parameters. Layer
 * names come from caffe_layer_names, so that converting the output back
 * gives the .arch it came from; blob names follow the layers that write
 * them. A network output that layers also read goes through a Split layer.
 * Importing the output gives the same graph. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "caffe/caffe.h"
#include "caffe/to_arch.h"
#include "util/num.h"
#include "util/strmap.h"

typedef struct emitter {
  buf *out;
  arena *arena;
  const ir_graph *g;
  const char **lname;          /* per layer: its Caffe name */
  uint32_t *out_base;          /* per layer: the index of its output 0 */
  uint32_t *reads;             /* per tensor: reading edges */
  uint32_t *uses;              /* per tensor: reading edges, plus one if an output */
  const char **blob;           /* per tensor: its blob name */
  strmap blobs;
  strmap layers;               /* the Caffe layer names */
} emitter;

static void put_string(buf *b, const char *s) {
  buf_putc(b, '"');
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (*c == '"' || *c == '\\') buf_printf(b, "\\%c", *c);
    else if (*c == '\n') buf_puts(b, "\\n");
    else if (*c < 0x20 || *c == 0x7f) buf_printf(b, "\\%03o", *c);
    else buf_putc(b, (char)*c);
  }
  buf_putc(b, '"');
}

static void put_float(buf *b, const char *indent, const char *field, double v) {
  char num[NUM_BUF];
  buf_printf(b, "%s%s: %s\n", indent, field, num_format(num, v));
}

static void put_int(buf *b, const char *indent, const char *field, int64_t v) {
  buf_printf(b, "%s%s: %" PRId64 "\n", indent, field, v);
}

/* ---- blobs ----------------------------------------------------------------------------- */

static const char *claim_blob(emitter *e, const char *want) {
  const char *name = want;
  for (uint32_t k = 2; !strmap_add(&e->blobs, name, strlen(name), 0); k++)
    name = arena_printf(e->arena, "%s_%" PRIu32, want, k);
  return name;
}

static bool in_place_op(ir_op op) {
  return ir_op_is_activation(op) || op == OP_DROPOUT || op == OP_BATCHNORM || op == OP_SCALE;
}

static void name_blobs(emitter *e) {
  const ir_graph *g = e->g;
  uint32_t n = g->nlayers, total = 0;
  e->out_base = arena_calloc(e->arena, n + 1, sizeof *e->out_base);
  for (uint32_t i = 0; i < n; i++) e->out_base[i] = total, total += g->layers[i].noutputs;
  e->reads = arena_calloc(e->arena, total + 1, sizeof *e->reads);
  e->uses = arena_calloc(e->arena, total + 1, sizeof *e->uses);
  e->blob = arena_calloc(e->arena, total + 1, sizeof *e->blob);
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t k = 0; k < g->layers[i].ninputs; k++) {
      ir_ref r = g->layers[i].inputs[k];
      e->reads[e->out_base[r.layer] + r.output]++;
      e->uses[e->out_base[r.layer] + r.output]++;
    }
  for (uint32_t i = 0; i < g->noutputs; i++)
    e->uses[e->out_base[g->outputs[i].ref.layer] + g->outputs[i].ref.output]++;
  strmap_init(&e->blobs, e->arena);
  /* Inputs first: their blobs are their names. */
  for (uint32_t i = 0; i < n; i++)
    if (g->layers[i].op == OP_INPUT) e->blob[e->out_base[i]] = claim_blob(e, e->lname[i]);
  for (uint32_t i = 0; i < n; i++) {
    const ir_layer *l = &g->layers[i];
    if (l->op == OP_INPUT) continue;
    if (in_place_op(l->op) && l->ninputs == 1 && l->noutputs == 1) {
      ir_ref r = l->inputs[0];
      uint32_t t = e->out_base[r.layer] + r.output;
      if (e->uses[t] == 1) {
        e->blob[e->out_base[i]] = e->blob[t];
        continue;
      }
    }
    for (uint32_t k = 0; k < l->noutputs; k++)
      e->blob[e->out_base[i] + k] =
          claim_blob(e, k ? arena_printf(e->arena, "%s_%" PRIu32, e->lname[i], k) : e->lname[i]);
  }
}

/* ---- parameters ------------------------------------------------------------------------ */

/* A spatial pair: `NAME: v` for a square one, else NAME_h and NAME_w
 * (kernel_size pairs as kernel_h and kernel_w). */
static void put_pair(buf *b, const char *in, const char *name, const char *hw,
                     const int64_t v[2], int64_t dflt) {
  if (v[0] == v[1] && v[0] == dflt) return;
  if (v[0] == v[1]) {
    put_int(b, in, name, v[0]);
    return;
  }
  buf_printf(b, "%s%s_h: %" PRId64 "\n%s%s_w: %" PRId64 "\n", in, hw, v[0], in, hw, v[1]);
}

static void conv_params(buf *b, const ir_params *p) {
  const char *in = "    ";
  buf_puts(b, "  convolution_param {\n");
  put_int(b, in, "num_output", p->features);
  if (!p->bias) buf_printf(b, "%sbias_term: false\n", in);
  put_pair(b, in, "pad", "pad", p->pad, 0);
  if (p->kernel[0] == p->kernel[1]) put_int(b, in, "kernel_size", p->kernel[0]);
  else put_pair(b, in, "kernel_size", "kernel", p->kernel, -1);
  if (p->groups != 1) put_int(b, in, "group", p->groups);
  put_pair(b, in, "stride", "stride", p->stride, 1);
  if (p->dilation[0] != 1 || p->dilation[1] != 1) {
    put_int(b, in, "dilation", p->dilation[0]);
    if (p->dilation[1] != p->dilation[0]) put_int(b, in, "dilation", p->dilation[1]);
  }
  buf_puts(b, "  }\n");
}

static void pool_params(buf *b, ir_op op, const ir_params *p) {
  const char *in = "    ";
  buf_printf(b, "  pooling_param {\n%spool: %s\n", in,
             op == OP_AVGPOOL ? "AVE" : op == OP_STOCHPOOL ? "STOCHASTIC" : "MAX");
  if (p->global) {
    buf_printf(b, "%sglobal_pooling: true\n", in);
  } else if (p->kernel[0] == p->kernel[1]) {
    put_int(b, in, "kernel_size", p->kernel[0]);
  } else {
    put_pair(b, in, "kernel_size", "kernel", p->kernel, -1);
  }
  put_pair(b, in, "stride", "stride", p->stride, 1);
  put_pair(b, in, "pad", "pad", p->pad, 0);
  if (!p->ceil) buf_printf(b, "%sround_mode: FLOOR\n", in);
  buf_puts(b, "  }\n");
}

/* A `*_param` message with the float fields that differ from Caffe's
 * defaults; nothing when none does. */
static void float_params(buf *b, const char *msg, int n, const char *const *names,
                         const double *v, const double *dflt) {
  bool open = false;
  for (int k = 0; k < n; k++) {
    if (v[k] == dflt[k]) continue;
    if (!open) buf_printf(b, "  %s {\n", msg), open = true;
    put_float(b, "    ", names[k], v[k]);
  }
  if (open) buf_puts(b, "  }\n");
}

static const char *caffe_type(const ir_layer *l) {
  switch (l->op) {
  case OP_CONV: return "Convolution";
  case OP_DECONV: return "Deconvolution";
  case OP_MAXPOOL: case OP_AVGPOOL: case OP_STOCHPOOL: return "Pooling";
  case OP_FC: return "InnerProduct";
  case OP_RELU: return "ReLU";
  case OP_PRELU: return "PReLU";
  case OP_ELU: return "ELU";
  case OP_SIGMOID: return "Sigmoid";
  case OP_TANH: return "TanH";
  case OP_ABS: return "AbsVal";
  case OP_BNLL: return "BNLL";
  case OP_POWER: return "Power";
  case OP_LRN: return "LRN";
  case OP_BATCHNORM: return "BatchNorm";
  case OP_SCALE: return "Scale";
  case OP_DROPOUT: return "Dropout";
  case OP_FLATTEN: return "Flatten";
  case OP_CONCAT: return "Concat";
  case OP_ADD: case OP_MUL: case OP_MAX: return "Eltwise";
  case OP_SLICE: return "Slice";
  case OP_SOFTMAX: return "Softmax";
  case OP_OPAQUE: return l->p.type ? l->p.type : "";
  case OP_INPUT: case OP__COUNT: break;
  }
  return "Input";
}

static void layer_params(buf *b, const ir_layer *l) {
  const ir_params *p = &l->p;
  switch (l->op) {
  case OP_CONV: case OP_DECONV: conv_params(b, p); break;
  case OP_MAXPOOL: case OP_AVGPOOL: case OP_STOCHPOOL: pool_params(b, l->op, p); break;
  case OP_FC:
    buf_printf(b, "  inner_product_param {\n    num_output: %" PRId64 "\n%s  }\n", p->features,
               p->bias ? "" : "    bias_term: false\n");
    break;
  case OP_RELU: {
    static const char *const f[] = {"negative_slope"};
    static const double d[] = {0};
    float_params(b, "relu_param", 1, f, &p->negative_slope, d);
    break;
  }
  case OP_PRELU:
    if (p->shared) buf_puts(b, "  prelu_param {\n    channel_shared: true\n  }\n");
    break;
  case OP_ELU: {
    static const char *const f[] = {"alpha"};
    static const double d[] = {1};
    float_params(b, "elu_param", 1, f, &p->alpha, d);
    break;
  }
  case OP_POWER: {
    static const char *const f[] = {"power", "scale", "shift"};
    static const double d[] = {1, 1, 0};
    const double v[] = {p->power, p->scale, p->shift};
    float_params(b, "power_param", 3, f, v, d);
    break;
  }
  case OP_LRN:
    /* Caffe's LRN alpha defaults to 1; write it always, for the reader. */
    buf_printf(b, "  lrn_param {\n    local_size: %" PRId64 "\n", p->size);
    put_float(b, "    ", "alpha", p->alpha);
    put_float(b, "    ", "beta", p->beta);
    if (p->k != 1) put_float(b, "    ", "k", p->k);
    if (p->within) buf_puts(b, "    norm_region: WITHIN_CHANNEL\n");
    buf_puts(b, "  }\n");
    break;
  case OP_BATCHNORM: {
    static const char *const f[] = {"eps"};
    static const double d[] = {1e-5};
    float_params(b, "batch_norm_param", 1, f, &p->eps, d);
    break;
  }
  case OP_SCALE:
    if (p->bias) buf_puts(b, "  scale_param {\n    bias_term: true\n  }\n");
    break;
  case OP_DROPOUT: {
    static const char *const f[] = {"dropout_ratio"};
    static const double d[] = {0.5};
    float_params(b, "dropout_param", 1, f, &p->ratio, d);
    break;
  }
  case OP_CONCAT:
    if (p->axis != AXIS_C) buf_printf(b, "  concat_param {\n    axis: %d\n  }\n", (int)p->axis + 1);
    break;
  case OP_ADD: case OP_MUL: case OP_MAX:
    buf_printf(b, "  eltwise_param {\n    operation: %s\n  }\n",
               l->op == OP_ADD ? "SUM" : l->op == OP_MUL ? "PROD" : "MAX");
    break;
  case OP_SLICE:
    buf_puts(b, "  slice_param {\n");
    if (p->axis != AXIS_C) buf_printf(b, "    axis: %d\n", (int)p->axis + 1);
    for (uint32_t k = 0; k < p->npoints; k++) put_int(b, "    ", "slice_point", p->points[k]);
    buf_puts(b, "  }\n");
    break;
  case OP_SOFTMAX:
    if (p->axis != AXIS_C)
      buf_printf(b, "  softmax_param {\n    axis: %d\n  }\n", (int)p->axis + 1);
    break;
  default: break;
  }
}

/* ---- the file --------------------------------------------------------------------------- */

static void put_inputs(emitter *e) {
  buf *b = e->out;
  for (uint32_t i = 0; i < e->g->nlayers; i++) {
    const ir_layer *l = &e->g->layers[i];
    if (l->op != OP_INPUT) continue;
    buf_puts(b, "input: ");
    put_string(b, e->blob[e->out_base[i]]);
    buf_puts(b, "\ninput_shape {\n  dim: 1\n");
    for (int k = 0; k < l->p.ndims; k++) put_int(b, "  ", "dim", l->p.dims[k]);
    buf_puts(b, "}\n");
  }
}

/* A network output that layers also read. Caffe's outputs are the blobs
 * nothing reads, so it goes out through a Split layer whose top nothing
 * reads (the import takes a Split's tops for its bottom), named like the
 * output where that name is free; without it the output would be lost. */
static void put_output_split(emitter *e, ir_ref r) {
  uint32_t t = e->out_base[r.layer] + r.output;
  if (e->reads[t] == 0 || e->uses[t] == e->reads[t]) return;
  const char *out = NULL;
  for (uint32_t i = 0; i < e->g->noutputs && !out; i++)
    if (e->g->outputs[i].ref.layer == r.layer && e->g->outputs[i].ref.output == r.output)
      out = e->g->outputs[i].name;
  const char *want = arena_printf(e->arena, "%s_split", e->lname[r.layer]), *name = want;
  for (uint32_t k = 2; !strmap_add(&e->layers, name, strlen(name), 0); k++)
    name = arena_printf(e->arena, "%s_%" PRIu32, want, k);
  buf *b = e->out;
  buf_puts(b, "layer {\n  name: ");
  put_string(b, name);
  buf_puts(b, "\n  type: \"Split\"\n  bottom: ");
  put_string(b, e->blob[t]);
  buf_puts(b, "\n  top: ");
  put_string(b, claim_blob(e, out && *out ? out : e->lname[r.layer]));
  buf_puts(b, "\n}\n");
}

/* Caffe types that take no top: in .arch such a layer still has an output,
 * which nothing reads. */
static bool topless(const emitter *e, uint32_t i) {
  const ir_layer *l = &e->g->layers[i];
  if (l->op != OP_OPAQUE || !l->p.type || l->noutputs != 1) return false;
  if (strcmp(l->p.type, "Silence") != 0 && strcmp(l->p.type, "HDF5Output") != 0) return false;
  return e->reads[e->out_base[i]] == 0;
}

static void put_layer(emitter *e, uint32_t i) {
  buf *b = e->out;
  const ir_layer *l = &e->g->layers[i];
  /* A layer of a type the import maps is opaque for its parameters, or
   * its tops: its parameters are lost, and the import may need them. */
  if (l->op == OP_OPAQUE && l->ninputs && caffe_type_is_mapped(l->p.type))
    buf_puts(b, "# The parameters of this layer were not kept (archc did not model them).\n");
  buf_puts(b, "layer {\n  name: ");
  put_string(b, e->lname[i]);
  buf_puts(b, "\n  type: ");
  put_string(b, caffe_type(l));
  buf_putc(b, '\n');
  for (uint32_t k = 0; k < l->ninputs; k++) {
    buf_puts(b, "  bottom: ");
    put_string(b, e->blob[e->out_base[l->inputs[k].layer] + l->inputs[k].output]);
    buf_putc(b, '\n');
  }
  for (uint32_t k = 0, n = topless(e, i) ? 0 : l->noutputs; k < n; k++) {
    buf_puts(b, "  top: ");
    put_string(b, e->blob[e->out_base[i] + k]);
    buf_putc(b, '\n');
  }
  layer_params(b, l);
  buf_puts(b, "}\n");
}

void caffe_emit(buf *out, const ir_graph *g) {
  arena a;
  arena_init(&a);
  emitter e = {.out = out, .arena = &a, .g = g};
  const char *net;
  e.lname = caffe_layer_names(&a, g, &net);
  strmap_init(&e.layers, &a);
  for (uint32_t i = 0; i < g->nlayers; i++)
    strmap_add(&e.layers, e.lname[i], strlen(e.lname[i]), i);
  name_blobs(&e);
  buf_puts(out, "name: ");
  put_string(out, net ? net : "");
  buf_putc(out, '\n');
  put_inputs(&e);
  for (uint32_t i = 0; i < g->nlayers; i++)
    if (g->layers[i].op == OP_INPUT) put_output_split(&e, (ir_ref){i, 0});
  for (uint32_t i = 0; i < g->nlayers; i++) {
    if (g->layers[i].op == OP_INPUT) continue;
    put_layer(&e, i);
    for (uint32_t k = 0; k < g->layers[i].noutputs; k++) put_output_split(&e, (ir_ref){i, k});
  }
  arena_free(&a);
}

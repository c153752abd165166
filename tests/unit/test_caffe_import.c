/* Unit tests for the Caffe import (src/caffe/import*.c, schema.c): small
 * networks mapped onto the IR, checking layer counts, names, parameters,
 * phases, in-place layers, legacy V1 layers, input declarations, the
 * MENNDL dataset conventions, opaque layers, and each diagnostic code. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "caffe/schema.h"
#include "compile.h"
#include "diag/render.h"
#include "ir/ir.h"

static compilation C;

static const ir_graph *import_opts(const char *text, compile_options opts) {
  compilation_init(&C, 0);
  C.opts = opts;
  compilation_set_text(&C, "t.prototxt", text, strlen(text));
  compilation_lower(&C);
  diag_sort(&C.diags);
  return C.graph;
}

static const ir_graph *import(const char *text) {
  return import_opts(text, (compile_options){0});
}

/* Imports text that must give no errors or warnings (notes are fine). */
static const ir_graph *import_clean_opts(const char *text, compile_options opts) {
  const ir_graph *g = import_opts(text, opts);
  if (C.diags.count[DIAG_ERROR] || C.diags.count[DIAG_WARNING])
    diag_render(stderr, &C.diags, DIAG_FORMAT_TEXT, false);
  assert_int_equal(C.diags.count[DIAG_ERROR], 0);
  assert_int_equal(C.diags.count[DIAG_WARNING], 0);
  assert_non_null(g);
  return g;
}

static const ir_graph *import_clean(const char *text) {
  return import_clean_opts(text, (compile_options){0});
}

static int teardown(void **state) {
  (void)state;
  compilation_fini(&C);
  return 0;
}

static const ir_layer *find(const ir_graph *g, const char *name) {
  for (uint32_t i = 0; i < g->nlayers; i++)
    if (strcmp(g->layers[i].name, name) == 0) return &g->layers[i];
  fail_msg("no layer named '%s'", name);
  return NULL;
}

static uint32_t index_of(const ir_graph *g, const char *name) {
  return (uint32_t)(find(g, name) - g->layers);
}

/* "name:op" of every layer, in graph order. */
static const char *layers(const ir_graph *g) {
  static char out[4096];
  size_t len = 0;
  out[0] = '\0';
  for (uint32_t i = 0; i < g->nlayers; i++)
    len += (size_t)snprintf(out + len, sizeof out - len, "%s%s:%s", i ? " " : "",
                            g->layers[i].name, ir_op_name(g->layers[i].op));
  return out;
}

static const char *outputs(const ir_graph *g) {
  static char out[1024];
  size_t len = 0;
  out[0] = '\0';
  for (uint32_t i = 0; i < g->noutputs; i++)
    len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", i ? " " : "",
                            g->outputs[i].name);
  return out;
}

/* "code@line:col" of every diagnostic (notes of their own included). */
static const char *diags(void) {
  static char out[4096];
  size_t len = 0;
  out[0] = '\0';
  for (const diag *d = C.diags.head; d; d = d->next) {
    src_pos p = d->src ? source_pos(d->src, d->range.start) : (src_pos){0, 0};
    len += (size_t)snprintf(out + len, sizeof out - len, "%s%s@%u:%u", len ? " " : "", d->code,
                            p.line, p.col);
  }
  return out;
}

static const char *message(const char *code) {
  for (const diag *d = C.diags.head; d; d = d->next)
    if (strcmp(d->code, code) == 0) return d->message;
  fail_msg("no diagnostic %s", code);
  return NULL;
}

/* Whether layer `a` reads output `out` of layer `b`. */
static bool reads(const ir_graph *g, const char *a, const char *b, uint32_t out) {
  const ir_layer *l = find(g, a);
  uint32_t src = index_of(g, b);
  for (uint32_t k = 0; k < l->ninputs; k++)
    if (l->inputs[k].layer == src && l->inputs[k].output == out) return true;
  return false;
}

#define INPUT_LAYER(name, dims)                                                        \
  "layer { name: \"" name "\" type: \"Input\" top: \"" name "\"\n"                    \
  "  input_param { shape { dim: 1 " dims " } } }\n"

/* ---- basic mapping ---------------------------------------------------------------------- */

static void lenet_deploy(void **state) {
  (void)state;
  const ir_graph *g = import_clean(
      "name: \"LeNet\"\n"
      INPUT_LAYER("data", "dim: 1 dim: 28 dim: 28")
      "layer { name: \"conv1\" type: \"Convolution\" bottom: \"data\" top: \"conv1\"\n"
      "  convolution_param { num_output: 20 kernel_size: 5 stride: 1 } }\n"
      "layer { name: \"pool1\" type: \"Pooling\" bottom: \"conv1\" top: \"pool1\"\n"
      "  pooling_param { pool: MAX kernel_size: 2 stride: 2 } }\n"
      "layer { name: \"ip1\" type: \"InnerProduct\" bottom: \"pool1\" top: \"ip1\"\n"
      "  inner_product_param { num_output: 500 } }\n"
      "layer { name: \"relu1\" type: \"ReLU\" bottom: \"ip1\" top: \"ip1\" }\n"
      "layer { name: \"ip2\" type: \"InnerProduct\" bottom: \"ip1\" top: \"ip2\"\n"
      "  inner_product_param { num_output: 10 bias_term: false } }\n"
      "layer { name: \"prob\" type: \"Softmax\" bottom: \"ip2\" top: \"prob\" }\n");
  assert_string_equal(g->name, "LeNet");
  assert_string_equal(layers(g), "data:input conv1:conv pool1:maxpool ip1:fc relu1:relu ip2:fc "
                                 "prob:softmax");
  const ir_layer *in = find(g, "data");
  assert_int_equal(in->p.ndims, 3);
  assert_int_equal(in->p.dims[0], 1);
  assert_int_equal(in->p.dims[2], 28);
  assert_string_equal(in->caffe_type, "Input");
  const ir_layer *c = find(g, "conv1");
  assert_int_equal(c->p.features, 20);
  assert_int_equal(c->p.kernel[0], 5);
  assert_int_equal(c->p.kernel[1], 5);
  assert_true(c->p.bias);
  assert_string_equal(c->caffe_name, "conv1");
  assert_string_equal(c->caffe_type, "Convolution");
  const ir_layer *p = find(g, "pool1");
  assert_int_equal(p->p.stride[0], 2);
  assert_true(p->p.ceil);
  assert_false(find(g, "ip2")->p.bias);
  /* In place: ip2 reads relu1's output, not ip1's. */
  assert_true(reads(g, "ip2", "relu1", 0));
  assert_string_equal(outputs(g), "prob");
  assert_int_equal(g->outputs[0].ref.layer, index_of(g, "prob"));
  /* The layer's place is its name. */
  src_pos pos = source_pos(&C.src, c->loc.start);
  assert_int_equal(pos.line, 4);
  assert_int_equal(pos.col, 15);
}

static void convolution_forms(void **state) {
  (void)state;
  const ir_graph *g = import_clean(
      INPUT_LAYER("x", "dim: 8 dim: 32 dim: 32")
      "layer { name: \"a\" type: \"Convolution\" bottom: \"x\" top: \"a\"\n"
      "  convolution_param { num_output: 16 kernel_size: 3 kernel_size: 5 stride: 2\n"
      "    pad: 1 pad: 2 dilation: 2 group: 4 bias_term: false } }\n"
      "layer { name: \"b\" type: \"Convolution\" bottom: \"a\" top: \"b\"\n"
      "  convolution_param { num_output: 4 kernel_h: 1 kernel_w: 7 stride_h: 1 stride_w: 2\n"
      "    pad_h: 0 pad_w: 3 } }\n"
      "layer { name: \"c\" type: \"Deconvolution\" bottom: \"b\" top: \"c\"\n"
      "  convolution_param { num_output: 4 kernel_size: 4 stride: 2 } }\n");
  const ir_layer *a = find(g, "a");
  assert_int_equal(a->p.kernel[0], 3);
  assert_int_equal(a->p.kernel[1], 5);
  assert_int_equal(a->p.stride[0], 2);
  assert_int_equal(a->p.stride[1], 2);
  assert_int_equal(a->p.pad[0], 1);
  assert_int_equal(a->p.pad[1], 2);
  assert_int_equal(a->p.dilation[1], 2);
  assert_int_equal(a->p.groups, 4);
  assert_false(a->p.bias);
  const ir_layer *b = find(g, "b");
  assert_int_equal(b->p.kernel[0], 1);
  assert_int_equal(b->p.kernel[1], 7);
  assert_int_equal(b->p.stride[1], 2);
  assert_int_equal(b->p.pad[1], 3);
  assert_int_equal(find(g, "c")->op, OP_DECONV);
}

static void pooling_forms(void **state) {
  (void)state;
  const ir_graph *g = import_clean(
      INPUT_LAYER("x", "dim: 8 dim: 32 dim: 32")
      "layer { name: \"a\" type: \"Pooling\" bottom: \"x\" top: \"a\"\n"
      "  pooling_param { pool: AVE kernel_h: 3 kernel_w: 2 stride_h: 2 stride_w: 1 pad: 1 } }\n"
      "layer { name: \"b\" type: \"Pooling\" bottom: \"a\" top: \"b\"\n"
      "  pooling_param { pool: STOCHASTIC kernel_size: 2 round_mode: FLOOR } }\n"
      "layer { name: \"c\" type: \"Pooling\" bottom: \"b\" top: \"c\"\n"
      "  pooling_param { kernel_size: 2 ceil_mode: false } }\n"
      "layer { name: \"d\" type: \"Pooling\" bottom: \"c\" top: \"d\" top: \"mask\"\n"
      "  pooling_param { pool: MAX kernel_size: 2 stride: 2 } }\n"
      "layer { name: \"e\" type: \"Pooling\" bottom: \"d\" top: \"e\"\n"
      "  pooling_param { pool: 1 global_pooling: true } }\n");
  const ir_layer *a = find(g, "a");
  assert_int_equal(a->op, OP_AVGPOOL);
  assert_int_equal(a->p.kernel[0], 3);
  assert_int_equal(a->p.kernel[1], 2);
  assert_int_equal(a->p.stride[0], 2);
  assert_int_equal(a->p.stride[1], 1);
  assert_int_equal(a->p.pad[0], 1);
  const ir_layer *b = find(g, "b");
  assert_int_equal(b->op, OP_STOCHPOOL);
  assert_false(b->p.ceil);
  assert_false(find(g, "c")->p.ceil);
  assert_int_equal(find(g, "c")->op, OP_MAXPOOL);
  assert_int_equal(find(g, "d")->noutputs, 2);   /* the argmax mask */
  const ir_layer *e = find(g, "e");
  assert_int_equal(e->op, OP_AVGPOOL);   /* the enum by its number */
  assert_true(e->p.global);
  assert_string_equal(outputs(g), "mask e");
}

static void activations_and_friends(void **state) {
  (void)state;
  const ir_graph *g = import_clean(
      INPUT_LAYER("x", "dim: 8 dim: 16 dim: 16")
      "layer { name: \"r\" type: \"ReLU\" bottom: \"x\" top: \"r\" relu_param { negative_slope: 0.1 } }\n"
      "layer { name: \"p\" type: \"PReLU\" bottom: \"r\" top: \"p\" prelu_param { channel_shared: true } }\n"
      "layer { name: \"e\" type: \"ELU\" bottom: \"p\" top: \"e\" elu_param { alpha: 0.5 } }\n"
      "layer { name: \"s\" type: \"Sigmoid\" bottom: \"e\" top: \"s\" }\n"
      "layer { name: \"t\" type: \"TanH\" bottom: \"s\" top: \"t\" }\n"
      "layer { name: \"a\" type: \"AbsVal\" bottom: \"t\" top: \"a\" }\n"
      "layer { name: \"b\" type: \"BNLL\" bottom: \"a\" top: \"b\" }\n"
      "layer { name: \"w\" type: \"Power\" bottom: \"b\" top: \"w\"\n"
      "  power_param { power: 2 scale: 0.5 shift: 1 } }\n"
      "layer { name: \"l\" type: \"LRN\" bottom: \"w\" top: \"l\"\n"
      "  lrn_param { local_size: 3 alpha: 5e-05 beta: 0.75 norm_region: WITHIN_CHANNEL } }\n"
      "layer { name: \"n\" type: \"BatchNorm\" bottom: \"l\" top: \"n\" batch_norm_param { eps: 0.001 } }\n"
      "layer { name: \"c\" type: \"Scale\" bottom: \"n\" top: \"c\" scale_param { bias_term: true } }\n"
      "layer { name: \"d\" type: \"Dropout\" bottom: \"c\" top: \"d\" dropout_param { dropout_ratio: 0.3 } }\n"
      "layer { name: \"f\" type: \"Flatten\" bottom: \"d\" top: \"f\" }\n"
      "layer { name: \"m\" type: \"Softmax\" bottom: \"f\" top: \"m\" }\n");
  assert_string_equal(layers(g), "x:input r:relu p:prelu e:elu s:sigmoid t:tanh a:abs b:bnll "
                                 "w:power l:lrn n:batchnorm c:scale d:dropout f:flatten "
                                 "m:softmax");
  assert_true(find(g, "r")->p.negative_slope == 0.1);
  assert_true(find(g, "p")->p.shared);
  assert_true(find(g, "e")->p.alpha == 0.5);
  const ir_layer *w = find(g, "w");
  assert_true(w->p.power == 2 && w->p.scale == 0.5 && w->p.shift == 1);
  const ir_layer *l = find(g, "l");
  assert_int_equal(l->p.size, 3);
  assert_true(l->p.alpha == 5e-05);
  assert_true(l->p.within);
  assert_true(find(g, "n")->p.eps == 0.001);
  assert_true(find(g, "c")->p.bias);
  assert_true(find(g, "d")->p.ratio == 0.3);
}

/* Caffe's defaults where the file is silent. */
static void defaults(void **state) {
  (void)state;
  const ir_graph *g = import_clean(
      INPUT_LAYER("x", "dim: 8 dim: 16 dim: 16")
      "layer { name: \"l\" type: \"LRN\" bottom: \"x\" top: \"l\" }\n"
      "layer { name: \"c\" type: \"Scale\" bottom: \"l\" top: \"c\" }\n"
      "layer { name: \"p\" type: \"Pooling\" bottom: \"c\" top: \"p\" pooling_param { kernel_size: 3 } }\n"
      "layer { name: \"d\" type: \"Dropout\" bottom: \"p\" top: \"d\" }\n");
  const ir_layer *l = find(g, "l");
  assert_int_equal(l->p.size, 5);
  assert_true(l->p.alpha == 1.0);    /* caffe.proto says 1, not 1e-4 */
  assert_false(l->p.within);
  assert_false(find(g, "c")->p.bias);
  const ir_layer *p = find(g, "p");
  assert_int_equal(p->op, OP_MAXPOOL);
  assert_int_equal(p->p.stride[0], 1);
  assert_int_equal(p->p.pad[0], 0);
  assert_true(p->p.ceil);
  assert_true(find(g, "d")->p.ratio == 0.5);
}

static void concat_slice_eltwise_split(void **state) {
  (void)state;
  const ir_graph *g = import_clean(
      INPUT_LAYER("x", "dim: 6 dim: 8 dim: 8")
      "layer { name: \"s\" type: \"Slice\" bottom: \"x\" top: \"s1\" top: \"s2\" top: \"s3\"\n"
      "  slice_param { axis: 1 slice_point: 1 slice_point: 4 } }\n"
      "layer { name: \"h\" type: \"Slice\" bottom: \"x\" top: \"h1\" top: \"h2\"\n"
      "  slice_param { slice_dim: 2 slice_point: 3 } }\n"
      "layer { name: \"q\" type: \"Slice\" bottom: \"x\" top: \"q1\" top: \"q2\" top: \"q3\" }\n"
      "layer { name: \"sp\" type: \"Split\" bottom: \"s1\" top: \"c1\" top: \"c2\" }\n"
      "layer { name: \"cat\" type: \"Concat\" bottom: \"c1\" bottom: \"c2\" top: \"cat\" }\n"
      "layer { name: \"catw\" type: \"Concat\" bottom: \"h1\" bottom: \"h2\" top: \"catw\"\n"
      "  concat_param { concat_dim: 3 } }\n"
      "layer { name: \"cath\" type: \"Concat\" bottom: \"h1\" bottom: \"h2\" top: \"cath\"\n"
      "  concat_param { axis: -2 } }\n"
      "layer { name: \"sum\" type: \"Eltwise\" bottom: \"s2\" bottom: \"q2\" top: \"sum\" }\n"
      "layer { name: \"prod\" type: \"Eltwise\" bottom: \"s3\" bottom: \"q3\" top: \"prod\"\n"
      "  eltwise_param { operation: PROD } }\n"
      "layer { name: \"mx\" type: \"Eltwise\" bottom: \"q1\" bottom: \"q1\" top: \"mx\"\n"
      "  eltwise_param { operation: MAX } }\n");
  assert_string_equal(layers(g), "x:input s:slice h:slice q:slice cat:concat catw:concat "
                                 "cath:concat sum:add prod:mul mx:max");
  const ir_layer *s = find(g, "s");
  assert_int_equal(s->noutputs, 3);
  assert_int_equal(s->p.npoints, 2);
  assert_int_equal(s->p.points[1], 4);
  assert_int_equal(s->p.axis, AXIS_C);
  assert_int_equal(find(g, "h")->p.axis, AXIS_H);
  /* Equal parts, from the known channels. */
  const ir_layer *q = find(g, "q");
  assert_int_equal(q->p.npoints, 2);
  assert_int_equal(q->p.points[0], 2);
  assert_int_equal(q->p.points[1], 4);
  /* Split is no layer: its tops are its bottom. */
  assert_true(reads(g, "cat", "s", 0));
  assert_int_equal(find(g, "cat")->ninputs, 2);
  assert_int_equal(find(g, "catw")->p.axis, AXIS_W);
  assert_int_equal(find(g, "cath")->p.axis, AXIS_H);
  assert_true(reads(g, "prod", "q", 2));
}

static void eltwise_coefficients(void **state) {
  (void)state;
  import(INPUT_LAYER("x", "dim: 4 dim: 4 dim: 4")
         "layer { name: \"a\" type: \"ReLU\" bottom: \"x\" top: \"a\" }\n"
         "layer { name: \"s\" type: \"Eltwise\" bottom: \"x\" bottom: \"a\" top: \"s\"\n"
         "  eltwise_param { coeff: 1 coeff: 0.17 } }\n"
         "layer { name: \"t\" type: \"Eltwise\" bottom: \"x\" bottom: \"s\" top: \"t\"\n"
         "  eltwise_param { coeff: 1 coeff: -1 } }\n");
  assert_string_equal(diags(), "eltwise-coefficients@5:26");
  assert_non_null(strstr(message("eltwise-coefficients"), "and of 1 more Eltwise"));
  assert_int_equal(find(C.graph, "s")->op, OP_ADD);
}

/* ---- phases, in-place, legacy formats -------------------------------------------------- */

static const char phased[] =
    "layer { name: \"data\" type: \"Input\" top: \"data\" input_param { shape { dim: 1 dim: 3 dim: 8 dim: 8 } } }\n"
    "layer { name: \"a\" type: \"ReLU\" bottom: \"data\" top: \"a\" include { phase: TRAIN } }\n"
    "layer { name: \"a\" type: \"Sigmoid\" bottom: \"data\" top: \"a\" include { phase: TEST } }\n"
    "layer { name: \"drop\" type: \"Dropout\" bottom: \"a\" top: \"a\" exclude { phase: TEST } }\n"
    "layer { name: \"st\" type: \"TanH\" bottom: \"a\" top: \"st\" include { stage: \"deploy\" } }\n"
    "layer { name: \"lv\" type: \"AbsVal\" bottom: \"a\" top: \"lv\" include { min_level: 1 } }\n";

static void phases(void **state) {
  (void)state;
  const ir_graph *g = import_clean(phased);
  assert_string_equal(layers(g), "data:input a:sigmoid");
  teardown(NULL);
  g = import_clean_opts(phased, (compile_options){.phase_train = true});
  assert_string_equal(layers(g), "data:input a:relu drop:dropout");
  teardown(NULL);
  /* The file's state gives the stages and the level. */
  char text[2048];
  snprintf(text, sizeof text, "state { stage: \"deploy\" level: 2 }\n%s", phased);
  g = import_clean(text);
  assert_string_equal(layers(g), "data:input a:sigmoid st:tanh lv:abs");
}

static void rule_left_out_note(void **state) {
  (void)state;
  import(phased);
  teardown(NULL);
  /* A blob that only a left-out layer writes: the error says why. */
  import("layer { name: \"d\" type: \"Input\" top: \"d\" include { phase: TRAIN }\n"
         "  input_param { shape { dim: 1 dim: 1 } } }\n"
         "layer { name: \"r\" type: \"ReLU\" bottom: \"d\" top: \"r\" }\n");
  assert_string_equal(diags(), "undefined-blob@3:40");
  const diag *d = C.diags.head;
  assert_non_null(d->notes);
  assert_string_equal(d->notes->message,
                      "'d' is written by Input 'd', which is not in phase TEST "
                      "(include phase: TRAIN)");
}

static void in_place_chain(void **state) {
  (void)state;
  const ir_graph *g = import_clean(
      INPUT_LAYER("x", "dim: 4 dim: 8 dim: 8")
      "layer { name: \"c\" type: \"Convolution\" bottom: \"x\" top: \"c\"\n"
      "  convolution_param { num_output: 4 kernel_size: 1 } }\n"
      "layer { name: \"bn\" type: \"BatchNorm\" bottom: \"c\" top: \"c\" }\n"
      "layer { name: \"sc\" type: \"Scale\" bottom: \"c\" top: \"c\" }\n"
      "layer { name: \"r\" type: \"ReLU\" bottom: \"c\" top: \"c\" }\n"
      "layer { name: \"p\" type: \"Pooling\" bottom: \"c\" top: \"p\" pooling_param { kernel_size: 2 } }\n");
  assert_true(reads(g, "bn", "c", 0));
  assert_true(reads(g, "sc", "bn", 0));
  assert_true(reads(g, "r", "sc", 0));
  assert_true(reads(g, "p", "r", 0));
  assert_string_equal(outputs(g), "p");
}

static void v1_layers(void **state) {
  (void)state;
  const ir_graph *g = import_clean(
      "name: \"old\"\n"
      "input: \"data\"\n"
      "input_dim: 10 input_dim: 3 input_dim: 32 input_dim: 32\n"
      "layers { name: \"conv1\" type: CONVOLUTION bottom: \"data\" top: \"conv1\"\n"
      "  blobs_lr: 1 blobs_lr: 2 weight_decay: 1 param: \"w\"\n"
      "  convolution_param { num_output: 8 kernel_size: 3 } }\n"
      "layers { name: \"relu1\" type: RELU bottom: \"conv1\" top: \"conv1\" }\n"
      "layers { name: \"pool1\" type: 17 bottom: \"conv1\" top: \"pool1\"\n"
      "  pooling_param { pool: AVE kernel_size: 2 stride: 2 } }\n"
      "layers { name: \"flat\" type: FLATTEN bottom: \"pool1\" top: \"flat\" }\n"
      "layers { name: \"ip\" type: INNER_PRODUCT bottom: \"flat\" top: \"ip\"\n"
      "  inner_product_param { num_output: 10 } }\n"
      "layers { name: \"loss\" type: SOFTMAX_LOSS bottom: \"ip\" bottom: \"ip\" top: \"loss\" }\n");
  assert_string_equal(layers(g), "data:input conv1:conv relu1:relu pool1:avgpool flat:flatten "
                                 "ip:fc loss:opaque");
  assert_string_equal(find(g, "conv1")->caffe_type, "Convolution");
  assert_string_equal(find(g, "loss")->p.type, "SoftmaxWithLoss");
  const ir_layer *in = find(g, "data");
  assert_int_equal(in->p.ndims, 3);
  assert_int_equal(in->p.dims[0], 3);
  assert_int_equal(in->p.dims[1], 32);
  assert_string_equal(diags(), "training-layer@13:16");
}

static void input_declarations(void **state) {
  (void)state;
  const ir_graph *g = import_clean(
      "input: \"a\" input: \"b\"\n"
      "input_shape { dim: 1 dim: 3 dim: 4 dim: 5 }\n"
      "input_shape { dim: 1 dim: 7 }\n"
      "layer { name: \"c\" type: \"Concat\" bottom: \"a\" bottom: \"a\" top: \"c\" }\n"
      "layer { name: \"f\" type: \"InnerProduct\" bottom: \"b\" top: \"f\"\n"
      "  inner_product_param { num_output: 2 } }\n");
  assert_string_equal(layers(g), "a:input b:input c:concat f:fc");
  assert_int_equal(find(g, "b")->p.ndims, 1);
  assert_int_equal(find(g, "b")->p.dims[0], 7);
  teardown(NULL);
  /* A declaration without shape is dropped (as Caffe does); the Input
   * layer of the same name is what counts. */
  g = import_clean("input: \"data\"\n"
                   INPUT_LAYER("data", "dim: 3 dim: 9 dim: 9")
                   "layer { name: \"r\" type: \"ReLU\" bottom: \"data\" top: \"r\" }\n");
  assert_string_equal(layers(g), "data:input r:relu");
  assert_int_equal(find(g, "data")->p.dims[1], 9);
  teardown(NULL);
  import("input: \"a\" input_dim: 1 input_dim: 3 input_dim: 4\n");
  assert_string_equal(diags(), "bad-input-dims@1:12");
  teardown(NULL);
  import("input: \"a\" input_shape { dim: 1 dim: 0 }\n"
         "layer { name: \"r\" type: \"ReLU\" bottom: \"a\" top: \"r\" }\n");
  assert_string_equal(diags(), "bad-input-dims@1:24 undefined-blob@2:40");
}

/* ---- data layers and the dataset conventions ------------------------------------------- */

static const char train_val[] =
    "name: \"tv\"\n"
    "layer { name: \"mnist\" type: \"Data\" top: \"data\" top: \"label\"\n"
    "  data_param { source: \"db\" batch_size: 64 } }\n"
    "layer { name: \"conv1\" type: \"Convolution\" bottom: \"data\" top: \"conv1\"\n"
    "  convolution_param { num_output: 4 kernel_size: 5 } }\n"
    "layer { name: \"ip\" type: \"InnerProduct\" bottom: \"conv1\" top: \"ip\"\n"
    "  inner_product_param { num_output: 10 } }\n"
    "layer { name: \"acc\" type: \"Accuracy\" bottom: \"ip\" bottom: \"label\" top: \"acc\" }\n"
    "layer { name: \"loss\" type: \"SoftmaxWithLoss\" bottom: \"ip\" bottom: \"label\" top: \"loss\" }\n";

static void data_layer_needs_shape(void **state) {
  (void)state;
  import(train_val);
  assert_string_equal(diags(), "missing-input-shape@2:15 training-layer@8:15");
  assert_string_equal(message("missing-input-shape"),
                      "the shape of 'data', written by Data 'mnist', is not in the file; give it "
                      "with --input data=CxHxW");
  assert_string_equal(C.diags.head->notes->message, "Convolution 'conv1' needs it");
}

static void data_layer_with_input_option(void **state) {
  (void)state;
  input_shape in = {"data", 3, {1, 28, 28}};
  const ir_graph *g = import_clean_opts(train_val, (compile_options){.inputs = &in, .ninputs = 1});
  assert_string_equal(layers(g), "data:input label:input conv1:conv ip:fc acc:opaque "
                                 "loss:opaque");
  const ir_layer *d = find(g, "data");
  assert_string_equal(d->caffe_name, "mnist");
  assert_string_equal(d->caffe_type, "Data");
  assert_int_equal(d->p.dims[0], 1);
  assert_int_equal(find(g, "label")->p.ndims, 1);
  assert_string_equal(outputs(g), "acc loss");
  assert_string_equal(find(g, "acc")->p.type, "Accuracy");
}

static void data_shapes_from_the_file(void **state) {
  (void)state;
  const ir_graph *g = import_clean(
      "layer { name: \"m\" type: \"MemoryData\" top: \"m\" top: \"ml\"\n"
      "  memory_data_param { batch_size: 1 channels: 3 height: 10 width: 12 } }\n"
      "layer { name: \"d\" type: \"DummyData\" top: \"d\" top: \"e\"\n"
      "  dummy_data_param { shape { dim: 5 dim: 2 dim: 7 } } }\n"
      "layer { name: \"o\" type: \"DummyData\" top: \"o\"\n"
      "  dummy_data_param { num: 5 channels: 1 height: 2 width: 3 } }\n"
      "layer { name: \"i\" type: \"ImageData\" top: \"i\" top: \"il\"\n"
      "  image_data_param { source: \"s\" is_color: false new_height: 20 new_width: 30 }\n"
      "  transform_param { crop_size: 16 } }\n"
      "layer { name: \"w\" type: \"WindowData\" top: \"w\" top: \"wl\"\n"
      "  window_data_param { source: \"s\" crop_size: 9 } }\n"
      "layer { name: \"f\" type: \"Data\" top: \"f\" transform_param { crop_size: 5 force_gray: true } }\n"
      "layer { name: \"sink\" type: \"Silence\" bottom: \"m\" bottom: \"ml\" bottom: \"d\" bottom: \"e\"\n"
      "  bottom: \"o\" bottom: \"i\" bottom: \"il\" bottom: \"w\" bottom: \"wl\" bottom: \"f\" }\n");
  static const struct { const char *name; int ndims; int64_t d[3]; } want[] = {
    {"m", 3, {3, 10, 12}}, {"ml", 3, {1, 1, 1}}, {"d", 2, {2, 7, 0}}, {"e", 2, {2, 7, 0}},
    {"o", 3, {1, 2, 3}}, {"i", 3, {1, 16, 16}}, {"il", 1, {1, 0, 0}}, {"w", 3, {3, 9, 9}},
    {"wl", 1, {1, 0, 0}}, {"f", 3, {1, 5, 5}},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    const ir_layer *l = find(g, want[i].name);
    assert_int_equal(l->op, OP_INPUT);
    assert_int_equal(l->p.ndims, want[i].ndims);
    for (int k = 0; k < want[i].ndims; k++) assert_int_equal(l->p.dims[k], want[i].d[k]);
  }
  const ir_layer *sink = find(g, "sink");
  assert_int_equal(sink->op, OP_OPAQUE);
  assert_int_equal(sink->noutputs, 0);
  assert_int_equal(sink->ninputs, 10);
  assert_int_equal(g->noutputs, 0);
}

/* A label that only losses read needs no shape: it stays opaque. */
static void opaque_label(void **state) {
  (void)state;
  input_shape in = {"data", 3, {1, 4, 4}};
  const ir_graph *g = import_clean_opts(
      "layer { name: \"h\" type: \"HDF5Data\" top: \"data\" top: \"label\"\n"
      "  hdf5_data_param { source: \"s\" batch_size: 2 } }\n"
      "layer { name: \"ip\" type: \"InnerProduct\" bottom: \"data\" top: \"ip\"\n"
      "  inner_product_param { num_output: 2 } }\n"
      "layer { name: \"loss\" type: \"SoftmaxWithLoss\" bottom: \"ip\" bottom: \"label\" top: \"loss\" }\n",
      (compile_options){.inputs = &in, .ninputs = 1});
  assert_string_equal(layers(g), "data:input label:opaque ip:fc loss:opaque");
  assert_string_equal(find(g, "label")->p.type, "HDF5Data");
  assert_int_equal(find(g, "label")->ninputs, 0);
}

/* --input for a blob nothing writes declares it; one nothing uses is
 * reported. */
static void input_option_declares(void **state) {
  (void)state;
  input_shape in[2] = {{"data", 2, {3, 3}}, {"nothing", 1, {4}}};
  const ir_graph *g = import_opts(
      "layer { name: \"r\" type: \"ReLU\" bottom: \"data\" top: \"r\" }\n",
      (compile_options){.inputs = in, .ninputs = 2});
  assert_string_equal(layers(g), "data:input r:relu");
  assert_int_equal(find(g, "data")->p.ndims, 2);
  assert_string_equal(diags(), "unused-input@0:0");
}

static const char nova[] =
    "layer { name: \"data\" type: \"Data\" top: \"data\" top: \"label\" include { phase: TRAIN }\n"
    "  data_param { source: \"train\" batch_size: 16 } }\n"
    "layer { name: \"data\" type: \"Data\" top: \"data\" top: \"label\" include { phase: TEST }\n"
    "  data_param { source: \"test\" batch_size: 100 } }\n"
    "layer { name: \"jitter\" type: \"DummyData\" top: \"jitter\"\n"
    "  dummy_data_param { shape { dim: 100 dim: 2 dim: 100 dim: 80 } } }\n"
    "layer { name: \"jd\" type: \"Eltwise\" bottom: \"data\" bottom: \"jitter\" top: \"jd\"\n"
    "  eltwise_param { operation: PROD } }\n"
    "layer { name: \"slice\" type: \"Slice\" bottom: \"jd\" top: \"data0_0\" top: \"data0_1\"\n"
    "  slice_param { slice_dim: 1 slice_point: 1 } }\n"
    "layer { name: \"c0\" type: \"Convolution\" bottom: \"data0_0\" top: \"c0\"\n"
    "  convolution_param { num_output: 4 kernel_size: 3 } }\n"
    "layer { name: \"c1\" type: \"Convolution\" bottom: \"data0_1\" top: \"c1\"\n"
    "  convolution_param { num_output: 4 kernel_size: 3 } }\n"
    "layer { name: \"cat\" type: \"Concat\" bottom: \"c0\" bottom: \"c1\" top: \"cat\" }\n"
    "layer { name: \"ip\" type: \"InnerProduct\" bottom: \"cat\" top: \"ip\"\n"
    "  inner_product_param { num_output: 3 } }\n"
    "layer { name: \"loss\" type: \"SoftmaxWithLoss\" bottom: \"ip\" bottom: \"label\" top: \"loss\" }\n";

static void dataset_nova(void **state) {
  (void)state;
  const ir_graph *g = import_clean_opts(nova, (compile_options){.dataset = "nova"});
  assert_string_equal(layers(g), "label:input data0_0:input data0_1:input c0:conv c1:conv "
                                 "cat:concat ip:fc loss:opaque");
  const ir_layer *in = find(g, "data0_1");
  assert_int_equal(in->p.ndims, 3);
  assert_int_equal(in->p.dims[0], 1);
  assert_int_equal(in->p.dims[1], 100);
  assert_int_equal(in->p.dims[2], 80);
  assert_string_equal(g->meta.dataset, "nova");
  assert_string_equal(diags(), "left-out-layers@9:55 training-layer@18:15");
  assert_string_equal(message("left-out-layers"),
                      "the inputs data0_0, data0_1 take their shapes from --dataset nova; 3 "
                      "layers that only compute them are left out: 'jitter', 'jd', 'slice'");
}

static void dataset_minerva(void **state) {
  (void)state;
  const ir_graph *g = import_clean_opts(
      "layer { name: \"d\" type: \"Data\" top: \"data\" }\n"
      "layer { name: \"s\" type: \"Slice\" bottom: \"data\" top: \"x1\" top: \"x2\"\n"
      "  top: \"data0_1\" top: \"data0_2\" slice_param { slice_point: 2 slice_point: 4 slice_point: 6 } }\n"
      "layer { name: \"x\" type: \"Concat\" bottom: \"x1\" bottom: \"x2\" top: \"data0_0\"\n"
      "  concat_param { axis: 3 } }\n"
      "layer { name: \"cat\" type: \"Concat\" bottom: \"data0_0\" bottom: \"data0_1\"\n"
      "  bottom: \"data0_2\" top: \"cat\" concat_param { axis: 3 } }\n",
      (compile_options){.dataset = "minerva"});
  assert_string_equal(layers(g), "data0_1:input data0_2:input data0_0:input cat:concat");
  assert_int_equal(find(g, "data0_2")->p.dims[2], 47);
  assert_int_equal(find(g, "data0_0")->p.dims[2], 94);
  assert_int_equal(find(g, "data0_0")->p.dims[0], 2);
  teardown(NULL);
  /* No data0 blob at all: the option is reported. */
  import_opts(INPUT_LAYER("x", "dim: 1") "layer { name: \"r\" type: \"ReLU\" bottom: \"x\" top: \"r\" }\n",
              (compile_options){.dataset = "minerva"});
  assert_string_equal(diags(), "no-dataset-inputs@0:0");
}

/* ---- forks and opaque layers ------------------------------------------------------------------ */

static void depthwise_groups(void **state) {
  (void)state;
  const ir_graph *g = import(
      INPUT_LAYER("x", "dim: 32 dim: 8 dim: 8")
      "layer { name: \"bn\" type: \"BatchNorm\" bottom: \"x\" top: \"x\" }\n"
      "layer { name: \"dw\" type: \"ConvolutionDepthwise\" bottom: \"x\" top: \"dw\"\n"
      "  convolution_param { num_output: 32 kernel_size: 3 pad: 1 } }\n"
      "layer { name: \"r\" type: \"Reshape\" bottom: \"dw\" top: \"r\" }\n"
      "layer { name: \"dw2\" type: \"DepthwiseConvolution\" bottom: \"r\" top: \"dw2\"\n"
      "  convolution_param { num_output: 32 kernel_size: 3 } }\n");
  const ir_layer *dw = find(g, "dw");
  assert_int_equal(dw->op, OP_CONV);
  assert_true(dw->p.depthwise);
  assert_int_equal(dw->p.groups, 32);
  /* Behind an opaque layer the channels are unknown: the shape pass
   * decides. */
  const ir_layer *dw2 = find(g, "dw2");
  assert_true(dw2->p.depthwise);
  assert_int_equal(dw2->p.groups, 1);
  assert_string_equal(diags(), "opaque-layer@6:15");
}

static void fork_bn_and_ceil_mode(void **state) {
  (void)state;
  const ir_graph *g = import_clean(
      INPUT_LAYER("x", "dim: 4 dim: 8 dim: 8")
      "layer { name: \"bn\" type: \"BN\" bottom: \"x\" top: \"x\"\n"
      "  bn_param { bn_mode: INFERENCE scale_filler { type: \"constant\" value: 1 } } }\n"
      "layer { name: \"p\" type: \"Pooling\" bottom: \"x\" top: \"p\"\n"
      "  pooling_param { kernel_size: 3 stride: 2 ceil_mode: false } }\n");
  assert_string_equal(layers(g), "x:input bn:batchnorm bn.scale:scale p:maxpool");
  assert_true(find(g, "bn.scale")->p.bias);
  assert_string_equal(find(g, "bn.scale")->caffe_name, "bn");
  assert_true(reads(g, "p", "bn.scale", 0));
  assert_false(find(g, "p")->p.ceil);
}

static void opaque_layers(void **state) {
  (void)state;
  const ir_graph *g = import(
      INPUT_LAYER("x", "dim: 4 dim: 8 dim: 8")
      "layer { name: \"c1\" type: \"Crop\" bottom: \"x\" bottom: \"x\" top: \"c1\" }\n"
      "layer { name: \"c2\" type: \"Crop\" bottom: \"c1\" bottom: \"x\" top: \"c2\" }\n"
      "layer { name: \"s\" type: \"Scale\" bottom: \"c2\" bottom: \"x\" top: \"s\" }\n"
      "layer { name: \"f\" type: \"Flatten\" bottom: \"s\" top: \"f\" flatten_param { axis: 2 } }\n"
      "layer { name: \"k\" type: \"Concat\" bottom: \"x\" bottom: \"x\" top: \"k\"\n"
      "  concat_param { axis: 0 } }\n"
      "layer { name: \"u\" type: \"MyFancyLayer\" bottom: \"k\" top: \"u\" top: \"v\" }\n");
  assert_string_equal(layers(g), "x:input c1:opaque c2:opaque s:opaque f:opaque k:opaque "
                                 "u:opaque");
  assert_string_equal(find(g, "c1")->p.type, "Crop");
  assert_int_equal(find(g, "c1")->ninputs, 2);
  assert_int_equal(find(g, "u")->noutputs, 2);
  assert_string_equal(outputs(g), "f u v");
  assert_string_equal(diags(), "opaque-layer@3:15 opaque-layer@5:15 opaque-layer@6:15 "
                               "opaque-layer@7:15 opaque-layer@9:15");
  assert_string_equal(message("opaque-layer"),
                      "archc does not model layers of type 'Crop'; 'c1' and 1 more are kept as "
                      "opaque layers, and shapes after them are unknown");
  const diag *d = C.diags.head->next->next;
  assert_string_equal(d->message,
                      "Flatten 'f' is not modelled: it flattens axes 2 to -1, not everything "
                      "after the batch; it is kept as an opaque layer, and shapes after it are "
                      "unknown");
}

/* Softmax keeps its axis (1, the channels, by default); the batch axis
 * has no IR axis. */
static void softmax_axes(void **state) {
  (void)state;
  const ir_graph *g = import(
      INPUT_LAYER("x", "dim: 4 dim: 8 dim: 8")
      "layer { name: \"c\" type: \"Softmax\" bottom: \"x\" top: \"c\" }\n"
      "layer { name: \"h\" type: \"Softmax\" bottom: \"c\" top: \"h\"\n"
      "  softmax_param { axis: 2 } }\n"
      "layer { name: \"w\" type: \"Softmax\" bottom: \"h\" top: \"w\"\n"
      "  softmax_param { axis: -1 } }\n"
      "layer { name: \"n\" type: \"Softmax\" bottom: \"w\" top: \"n\"\n"
      "  softmax_param { axis: 0 } }\n");
  assert_string_equal(layers(g), "x:input c:softmax h:softmax w:softmax n:opaque");
  assert_int_equal(find(g, "c")->p.axis, AXIS_C);
  assert_int_equal(find(g, "h")->p.axis, AXIS_H);
  assert_int_equal(find(g, "w")->p.axis, AXIS_W);
  assert_string_equal(diags(), "opaque-layer@8:15");
}

static void names_made_unique(void **state) {
  (void)state;
  const ir_graph *g = import(
      INPUT_LAYER("x", "dim: 4")
      "layer { name: \"r\" type: \"ReLU\" bottom: \"x\" top: \"a\" }\n"
      "layer { name: \"r\" type: \"ReLU\" bottom: \"a\" top: \"b\" }\n"
      "layer { type: \"ReLU\" bottom: \"b\" top: \"c\" }\n");
  assert_string_equal(layers(g), "x:input r:relu r#2:relu c:relu");
  assert_string_equal(find(g, "r#2")->caffe_name, "r");
  assert_string_equal(diags(), "duplicate-layer-name@4:15");
}

/* ---- errors ------------------------------------------------------------------------------------- */

static void undefined_blob(void **state) {
  (void)state;
  import(INPUT_LAYER("data", "dim: 4")
         "layer { name: \"r\" type: \"ReLU\" bottom: \"dta\" top: \"r\" }\n");
  assert_string_equal(diags(), "undefined-blob@3:40");
  assert_string_equal(message("undefined-blob"),
                      "ReLU 'r' reads 'dta', which no layer before it writes in phase TEST");
  assert_string_equal(C.diags.head->notes->message, "did you mean 'data'?");
}

static void duplicate_top(void **state) {
  (void)state;
  import(INPUT_LAYER("x", "dim: 4")
         "layer { name: \"a\" type: \"ReLU\" bottom: \"x\" top: \"y\" }\n"
         "layer { name: \"b\" type: \"ReLU\" bottom: \"x\" top: \"y\" }\n");
  assert_string_equal(diags(), "duplicate-top@4:49");
  assert_non_null(C.diags.head->notes);
}

static void cycles_and_order(void **state) {
  (void)state;
  import(INPUT_LAYER("x", "dim: 4")
         "layer { name: \"a\" type: \"Eltwise\" bottom: \"x\" bottom: \"q\" top: \"p\" }\n"
         "layer { name: \"b\" type: \"ReLU\" bottom: \"p\" top: \"q\" }\n");
  assert_string_equal(diags(), "cycle@3:15");
  assert_string_equal(message("cycle"), "Eltwise 'a' depends on itself: 'a' -> 'b' -> 'a'");
  teardown(NULL);
  import(INPUT_LAYER("x", "dim: 4")
         "layer { name: \"a\" type: \"ReLU\" bottom: \"y\" top: \"z\" }\n"
         "layer { name: \"b\" type: \"ReLU\" bottom: \"x\" top: \"y\" }\n");
  assert_string_equal(diags(), "undefined-blob@3:40");
  assert_string_equal(message("undefined-blob"),
                      "ReLU 'a' reads 'y' before the layer that writes it; Caffe needs the "
                      "writer first");
}

static void parameter_errors(void **state) {
  (void)state;
  static const struct { const char *layer, *want; } cases[] = {
    {"type: \"Convolution\" convolution_param { kernel_size: 3 }", "missing-field@3:78"},
    {"type: \"Convolution\" convolution_param { num_output: 2 }", "missing-field@3:78"},
    {"type: \"Convolution\" convolution_param { num_output: 2 kernel_size: 0 }",
     "out-of-range@3:107"},
    {"type: \"Convolution\" convolution_param { num_output: 2 kernel_size: 3 kernel_h: 3 "
     "kernel_w: 3 }", "conflicting-fields@3:119"},
    {"type: \"Convolution\" convolution_param { num_output: 2 kernel_h: 3 }",
     "missing-field@3:104"},
    {"type: \"Pooling\" pooling_param { stride_h: 2 kernel_size: 2 }", "missing-field@3:82"},
    {"type: \"Pooling\" pooling_param { global_pooling: true kernel_size: 2 }",
     "conflicting-fields@3:106"},
    {"type: \"Pooling\" pooling_param { pool: AVE kernel_size: 2 } top: \"m\"",
     "wrong-arity@3:15"},
    {"type: \"InnerProduct\"", "missing-field@3:15"},
    {"type: \"LRN\" lrn_param { local_size: 4 }", "out-of-range@3:76"},
    {"type: \"Dropout\" dropout_param { dropout_ratio: 1 }", "out-of-range@3:87"},
    {"type: \"Eltwise\" bottom: \"x\" eltwise_param { coeff: 1 coeff: 2 coeff: 3 }",
     "wrong-arity@3:91"},
    {"type: \"Eltwise\" bottom: \"x\" eltwise_param { operation: MAX coeff: 1 coeff: 2 }",
     "conflicting-fields@3:106"},
    {"type: \"Concat\" concat_param { axis: 1 concat_dim: 1 }", "conflicting-fields@3:76"},
    {"type: \"Slice\" top: \"w\" top: \"v\" slice_param { slice_point: 2 }",
     "wrong-arity@3:15"},
    {"type: \"Slice\" top: \"w\" top: \"v\" slice_param { slice_point: 3 slice_point: 2 }",
     "out-of-range@3:114"},
    {"type: \"ReLU\" bottom: \"x\"", "wrong-arity@3:15"},
    {"", "missing-field@3:15"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[1024];
    snprintf(text, sizeof text,
             INPUT_LAYER("x", "dim: 4 dim: 8 dim: 8")
             "layer { name: \"l\" bottom: \"x\" top: \"t\" %s }\n", cases[i].layer);
    import(text);
    if (strcmp(diags(), cases[i].want) != 0) {
      diag_render(stderr, &C.diags, DIAG_FORMAT_TEXT, false);
      fail_msg("case %zu: %s, not %s", i, diags(), cases[i].want);
    }
    teardown(NULL);
  }
}

static void rule_and_format_errors(void **state) {
  (void)state;
  import(INPUT_LAYER("x", "dim: 4")
         "layer { name: \"r\" type: \"ReLU\" bottom: \"x\" top: \"r\"\n"
         "  include { phase: TEST } exclude { phase: TRAIN } }\n");
  assert_string_equal(diags(), "include-and-exclude@4:27");
  teardown(NULL);
  import("layer { name: \"a\" type: \"Input\" top: \"a\" }\n"
         "layers { name: \"b\" type: RELU bottom: \"a\" top: \"b\" }\n");
  assert_string_equal(diags(), "mixed-layer-formats@2:1");
  teardown(NULL);
  import("layers { layer { name: \"conv1\" type: \"conv\" } }\n");
  assert_string_equal(diags(), "unsupported-format@1:10");
  teardown(NULL);
  import("net: \"train_val.prototxt\"\nbase_lr: 0.01\n");
  assert_string_equal(diags(), "unknown-field@1:1 not-a-network@1:1 unknown-field@2:1");
  teardown(NULL);
  import("name: \"empty\"\n");
  assert_string_equal(diags(), "not-a-network@1:1");
}

/* ---- the schema ------------------------------------------------------------------------------------ */

static void schema_errors(void **state) {
  (void)state;
  /* Unknown fields warn, and the network still imports. */
  const ir_graph *g = import(INPUT_LAYER("x", "dim: 4")
                             "layer { name: \"r\" type: \"ReLU\" bottom: \"x\" top: \"r\" jitter: 1\n"
                             "  relu_param { negative_slop: 0.1 } }\n"
                             "layer { name: \"s\" type: \"ReLU\" bottom: \"r\" top: \"s\" jitter: 2 }\n");
  assert_non_null(g);
  assert_string_equal(diags(), "unknown-field@3:53 unknown-field@4:16");
  assert_string_equal(C.diags.head->notes->message, "1 more in other LayerParameter messages");
  assert_string_equal(C.diags.head->next->notes->message, "did you mean 'negative_slope'?");
  teardown(NULL);
  static const struct { const char *text, *want; } cases[] = {
    {"layer { name: 1 }", "wrong-value-type@1:15"},
    {"layer { convolution_param: 5 }", "wrong-value-type@1:28"},
    {"layer { bottom { x: 1 } }", "wrong-value-type@1:16"},
    {"layer { pooling_param { pool: MAXIMUM } }", "bad-enum@1:31"},
    {"layer { pooling_param { pool: 7 } }", "bad-enum@1:31"},
    {"layer { pooling_param { global_pooling: yes } }", "wrong-value-type@1:41"},
    {"layer { convolution_param { num_output: -1 } }", "number-out-of-range@1:41"},
    {"layer { convolution_param { num_output: 4294967296 } }", "number-out-of-range@1:41"},
    {"layer { convolution_param { num_output: 2.5 } }", "wrong-value-type@1:41"},
    {"layer { name: \"a\" name: \"b\" }", "duplicate-field@1:19"},
    {"layer { clip_param { min: 0 } }", "missing-field@1:20"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    import(cases[i].text);
    if (strcmp(diags(), cases[i].want) != 0) {
      diag_render(stderr, &C.diags, DIAG_FORMAT_TEXT, false);
      fail_msg("case %zu: %s, not %s", i, diags(), cases[i].want);
    }
    assert_null(C.graph);
    teardown(NULL);
  }
  /* Accepted spellings of bools and enums. */
  import_clean(INPUT_LAYER("x", "dim: 4 dim: 4 dim: 4")
               "layer { name: \"p\" type: \"Pooling\" bottom: \"x\" top: \"p\"\n"
               "  pooling_param { pool: 2 kernel_size: 1 global_pooling: False engine: CAFFE } }\n"
               "layer { name: \"c\" type: \"Convolution\" bottom: \"p\" top: \"c\"\n"
               "  convolution_param { num_output: 1 kernel_size: 1 bias_term: 0 } }\n");
  assert_false(find(C.graph, "c")->p.bias);
  assert_int_equal(find(C.graph, "p")->op, OP_STOCHPOOL);
}

/* Every table of the schema is consistent: enum defaults name values,
 * message fields point at messages, names are unique per message. */
static void schema_tables(void **state) {
  (void)state;
  uint32_t n;
  const pb_message_def *const *all = caffe_all_messages(&n);
  assert_true(n > 60);
  for (uint32_t i = 0; i < n; i++) {
    const pb_message_def *m = all[i];
    assert_ptr_equal(caffe_message_def(m->name), m);
    for (uint32_t k = 0; k < m->nfields; k++) {
      const pb_field_def *f = &m->fields[k];
      assert_ptr_equal(pb_field_def_find(m, f->name), f);
      if (f->type == PBT_MESSAGE) assert_non_null(f->msg);
      if (f->type == PBT_ENUM) {
        assert_non_null(f->enm);
        if (f->deflt) assert_non_null(pb_enum_by_name(f->enm, f->deflt));
      }
      if (f->label == PB_REPEATED) assert_null(f->deflt);
    }
  }
  assert_string_equal(caffe_v1_type_name("SOFTMAX_LOSS"), "SoftmaxWithLoss");
  assert_null(caffe_v1_type_name("NONE"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_teardown(lenet_deploy, teardown),
    cmocka_unit_test_teardown(convolution_forms, teardown),
    cmocka_unit_test_teardown(pooling_forms, teardown),
    cmocka_unit_test_teardown(activations_and_friends, teardown),
    cmocka_unit_test_teardown(defaults, teardown),
    cmocka_unit_test_teardown(concat_slice_eltwise_split, teardown),
    cmocka_unit_test_teardown(eltwise_coefficients, teardown),
    cmocka_unit_test_teardown(phases, teardown),
    cmocka_unit_test_teardown(rule_left_out_note, teardown),
    cmocka_unit_test_teardown(in_place_chain, teardown),
    cmocka_unit_test_teardown(v1_layers, teardown),
    cmocka_unit_test_teardown(input_declarations, teardown),
    cmocka_unit_test_teardown(data_layer_needs_shape, teardown),
    cmocka_unit_test_teardown(data_layer_with_input_option, teardown),
    cmocka_unit_test_teardown(data_shapes_from_the_file, teardown),
    cmocka_unit_test_teardown(opaque_label, teardown),
    cmocka_unit_test_teardown(input_option_declares, teardown),
    cmocka_unit_test_teardown(dataset_nova, teardown),
    cmocka_unit_test_teardown(dataset_minerva, teardown),
    cmocka_unit_test_teardown(depthwise_groups, teardown),
    cmocka_unit_test_teardown(fork_bn_and_ceil_mode, teardown),
    cmocka_unit_test_teardown(opaque_layers, teardown),
    cmocka_unit_test_teardown(softmax_axes, teardown),
    cmocka_unit_test_teardown(names_made_unique, teardown),
    cmocka_unit_test_teardown(undefined_blob, teardown),
    cmocka_unit_test_teardown(duplicate_top, teardown),
    cmocka_unit_test_teardown(cycles_and_order, teardown),
    cmocka_unit_test_teardown(parameter_errors, teardown),
    cmocka_unit_test_teardown(rule_and_format_errors, teardown),
    cmocka_unit_test_teardown(schema_errors, teardown),
    cmocka_unit_test_teardown(schema_tables, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

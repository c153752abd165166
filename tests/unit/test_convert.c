/* Unit tests for `archc convert` (src/caffe/to_arch*.c) and `--emit
 * prototxt` (src/caffe/emit.c): exact output for small networks (folding,
 * defaults, names, blocks, slices, opaque layers, outputs .arch cannot
 * name), errors, name restoration, and the round trip over the corpus:
 *
 *   prototxt --convert--> .arch --emit--> prototxt --convert--> .arch
 *
 * where both .arch texts must be identical, and every graph on the way
 * must equal the first one up to names. Graphs are compared structurally
 * (same_graph below): each layer is identified by its op, parameters,
 * output shapes, costs and the identities of its inputs, so that two
 * graphs are equal when their multisets of identities and their outputs
 * agree, whatever the layers are called. The corpus part reads
 * $srcdir/../shared/corpus and is skipped when it is absent. */
#include <dirent.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "caffe/caffe.h"
#include "caffe/to_arch.h"
#include "compile.h"
#include "diag/render.h"
#include "passes/passes.h"
#include "util/strmap.h"
#include "util/xalloc.h"

/* ---- compiling and converting ---------------------------------------------------------- */

/* Analyses `text`; true when there are no errors. */
static bool load(compilation *c, const char *name, const char *text, compile_options opts) {
  compilation_init(c, 0);
  c->opts = opts;
  compilation_set_text(c, name, text, strlen(text));
  compilation_analyse(c);
  return c->graph && !diag_has_errors(&c->diags);
}

static void show_diags(compilation *c) {
  diag_sort(&c->diags);
  diag_render(stderr, &c->diags, DIAG_FORMAT_TEXT, false);
}

/* The .arch text of a graph (malloc'ed), or NULL when it cannot be written. */
static char *convert_graph(compilation *c, const char *name) {
  buf out = {0};
  to_arch_opts o = {name, &c->opts};
  if (!caffe_to_arch(&out, c->graph, &o, &c->diags)) {
    buf_free(&out);
    return NULL;
  }
  return buf_take(&out);
}

static char *convert_opts(const char *proto, compile_options opts) {
  compilation c;
  if (!load(&c, "net.prototxt", proto, opts)) show_diags(&c);
  assert_false(diag_has_errors(&c.diags));
  char *text = convert_graph(&c, "net.prototxt");
  compilation_fini(&c);
  assert_non_null(text);
  return text;
}

static char *convert(const char *proto) { return convert_opts(proto, (compile_options){0}); }

static char *emit(compilation *c) {
  buf out = {0};
  caffe_emit(&out, c->graph);
  return buf_take(&out);
}

/* Checks the converted text: it compiles without errors and is formatted. */
static void assert_good_arch(const char *text) {
  compilation c;
  if (!load(&c, "out.arch", text, (compile_options){0})) {
    fprintf(stderr, "%s", text);
    show_diags(&c);
  }
  assert_false(diag_has_errors(&c.diags));
  compilation_fini(&c);
}

static void assert_text(char *got, const char *want) {
  if (strcmp(got, want) != 0) fprintf(stderr, "--- got:\n%s--- want:\n%s", got, want);
  assert_string_equal(got, want);
  assert_good_arch(got);
  free(got);
}

/* ---- comparing graphs up to names ------------------------------------------------------- */

/* The differences between the Caffe import and .arch that the converter
 * documents, applied to any graph before comparing:
 * - a layer's outputs after the first (other than slice's) are dropped,
 *   and their readers read the first (pooling's argmax masks): see
 *   without_extra_outputs, which also computes the costs again;
 * - a layer without outputs (a loss without a top, Silence) has one, and
 *   it is a network output (.arch gives every layer one output);
 * - `depthwise` is not compared: groups are. */
typedef struct canon {
  arena arena;
  strmap ids;
  uint32_t next;
} canon;

static ir_ref norm_ref(const ir_graph *g, ir_ref r) {
  if (r.output > 0 && g->layers[r.layer].op != OP_SLICE) r.output = 0;
  return r;
}

static uint32_t norm_outputs(const ir_layer *l) {
  return l->op == OP_SLICE ? l->noutputs : 1;
}

static void put_params(buf *b, const ir_layer *l) {
  const ir_params *p = &l->p;
  buf_printf(b, "%s/%" PRIu32 " f%" PRId64 " k%" PRId64 "x%" PRId64 " s%" PRId64 "x%" PRId64
             " p%" PRId64 "x%" PRId64 " d%" PRId64 "x%" PRId64 " g%" PRId64 " b%d gl%d c%d a%d"
             " n%" PRId64 " w%d sh%d %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g",
             ir_op_name(l->op), norm_outputs(l), p->features, p->kernel[0], p->kernel[1],
             p->stride[0], p->stride[1], p->pad[0], p->pad[1], p->dilation[0], p->dilation[1],
             p->groups, p->bias, p->global, p->ceil, (int)p->axis, p->size, p->within, p->shared,
             p->negative_slope, p->alpha, p->beta, p->k, p->eps, p->ratio, p->power, p->scale,
             p->shift);
  for (uint32_t k = 0; k < p->npoints; k++) buf_printf(b, " pt%" PRId64, p->points[k]);
  if (l->op == OP_OPAQUE) buf_printf(b, " type=%s", p->type ? p->type : "");
}

static void put_shape(buf *b, const ir_shape *s) {
  buf_putc(b, '[');
  for (int k = 0; k < s->ndims; k++) buf_printf(b, "%s%" PRId64, k ? "x" : "", s->d[k]);
  buf_putc(b, ']');
}

/* Every layer's identity, and its key text (for messages). */
static uint32_t *identify(canon *c, const ir_graph *g, char ***keys) {
  uint32_t *id = xcalloc(g->nlayers + 1, sizeof *id);
  *keys = xcalloc(g->nlayers + 1, sizeof **keys);
  uint32_t ninputs = 0;
  buf b = {0};
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    b.len = 0;
    if (l->op == OP_INPUT) {
      buf_printf(&b, "input#%" PRIu32, ninputs++);
      for (int k = 0; k < l->p.ndims; k++) buf_printf(&b, " %" PRId64, l->p.dims[k]);
    } else {
      put_params(&b, l);
      buf_puts(&b, " <-");
      for (uint32_t k = 0; k < l->ninputs; k++) {
        ir_ref r = norm_ref(g, l->inputs[k]);
        buf_printf(&b, " %" PRIu32 ".%" PRIu32, id[r.layer], r.output);
      }
    }
    buf_puts(&b, " ->");
    for (uint32_t k = 0; k < norm_outputs(l); k++) {
      static const ir_shape none = {0, {0, 0, 0}};
      put_shape(&b, l->shapes && k < l->noutputs ? &l->shapes[k] : &none);
    }
    buf_printf(&b, " $%" PRId64 "/%" PRId64 "/%" PRId64, l->cost.params, l->cost.bn_params,
               l->cost.macs);
    char *key = arena_strdup(&c->arena, b.data);
    if (!strmap_get(&c->ids, key, strlen(key), &id[i])) {
      id[i] = c->next++;
      strmap_add(&c->ids, key, strlen(key), id[i]);
    }
    (*keys)[i] = arena_printf(&c->arena, "%s: %s", l->name, key);
  }
  buf_free(&b);
  return id;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* The network's outputs as sorted identities (layer id << 32 | output). */
static uint64_t *output_ids(const ir_graph *g, const uint32_t *id, uint32_t *n) {
  uint64_t *v = xcalloc(g->noutputs + g->nlayers + 1, sizeof *v);
  *n = 0;
  for (uint32_t i = 0; i < g->noutputs; i++) {
    ir_ref r = norm_ref(g, g->outputs[i].ref);
    v[(*n)++] = (uint64_t)id[r.layer] << 32 | r.output;
  }
  for (uint32_t i = 0; i < g->nlayers; i++)
    if (g->layers[i].noutputs == 0) v[(*n)++] = (uint64_t)id[i] << 32;
  qsort(v, *n, sizeof *v, cmp_u64);
  uint32_t m = 0;   /* each tensor once */
  for (uint32_t i = 0; i < *n; i++)
    if (m == 0 || v[m - 1] != v[i]) v[m++] = v[i];
  *n = m;
  return v;
}

/* The graph the converter promises for `g`: outputs after the first of a
 * layer other than slice dropped, their readers reading the first, shapes
 * and costs computed again. `g` itself when it has no such outputs. */
static const ir_graph *without_extra_outputs(arena *a, const ir_graph *g) {
  bool any = false;
  for (uint32_t i = 0; i < g->nlayers && !any; i++)
    any = g->layers[i].noutputs > 1 && g->layers[i].op != OP_SLICE;
  if (!any) return g;
  ir_graph *n = arena_alloc(a, sizeof *n);
  *n = *g;
  n->layers = arena_calloc(a, g->nlayers, sizeof *n->layers);
  for (uint32_t i = 0; i < g->nlayers; i++) {
    ir_layer *l = &n->layers[i];
    *l = g->layers[i];
    if (l->noutputs > 1 && l->op != OP_SLICE) l->noutputs = 1;
    l->shapes = NULL;
    l->inputs = arena_calloc(a, l->ninputs + 1, sizeof *l->inputs);
    for (uint32_t k = 0; k < l->ninputs; k++) l->inputs[k] = norm_ref(g, g->layers[i].inputs[k]);
  }
  n->outputs = arena_calloc(a, g->noutputs + 1, sizeof *n->outputs);
  for (uint32_t i = 0; i < g->noutputs; i++) {
    n->outputs[i] = g->outputs[i];
    n->outputs[i].ref = norm_ref(g, g->outputs[i].ref);
  }
  diag_list diags;
  diag_list_init(&diags, a);
  pass_shapes(a, n, &diags);
  pass_costs(n);
  return n;
}

/* Whether two graphs are equal up to names; the differences go to stderr,
 * prefixed with `what` (NULL: say nothing). */
static bool same_graph(const ir_graph *a, const ir_graph *b, const char *what) {
  canon c = {.next = 0};
  arena_init(&c.arena);
  strmap_init(&c.ids, &c.arena);
  char **ka, **kb;
  uint32_t *ia = identify(&c, a, &ka), *ib = identify(&c, b, &kb);
  /* Counts of each identity: +1 for a, -1 for b. */
  int32_t *count = xcalloc(c.next + 1, sizeof *count);
  for (uint32_t i = 0; i < a->nlayers; i++) count[ia[i]]++;
  for (uint32_t i = 0; i < b->nlayers; i++) count[ib[i]]--;
  /* The first few of each side: the rest follow from them. */
  int shown_a = 0, shown_b = 0;
  for (uint32_t i = 0; i < a->nlayers; i++)
    if (count[ia[i]] > 0 && shown_a++ < 3 && what)
      fprintf(stderr, "%s: only in the first: %s\n", what, ka[i]);
  for (uint32_t i = 0; i < b->nlayers; i++)
    if (count[ib[i]] < 0 && shown_b++ < 3 && what)
      fprintf(stderr, "%s: only in the second: %s\n", what, kb[i]);
  bool same = shown_a == 0 && shown_b == 0;
  uint32_t na, nb;
  uint64_t *oa = output_ids(a, ia, &na), *ob = output_ids(b, ib, &nb);
  if (na != nb || memcmp(oa, ob, na * sizeof *oa) != 0) {
    if (what)
      fprintf(stderr, "%s: the outputs differ (%" PRIu32 " and %" PRIu32 ")\n", what, na, nb);
    same = false;
  }
  free(oa), free(ob), free(count), free(ia), free(ib), free(ka), free(kb);
  arena_free(&c.arena);
  return same;
}

/* ---- small networks: the .arch output ------------------------------------------------- */

static const char lenet[] =
  "name: \"LeNet\"\n"
  "input: \"data\"\n"
  "input_shape { dim: 64 dim: 1 dim: 28 dim: 28 }\n"
  "layer { name: \"conv1\" type: \"Convolution\" bottom: \"data\" top: \"conv1\"\n"
  "  convolution_param { num_output: 20 kernel_size: 5 stride: 1 } }\n"
  "layer { name: \"relu1\" type: \"ReLU\" bottom: \"conv1\" top: \"conv1\" }\n"
  "layer { name: \"pool1\" type: \"Pooling\" bottom: \"conv1\" top: \"pool1\"\n"
  "  pooling_param { pool: MAX kernel_size: 2 stride: 2 } }\n"
  "layer { name: \"ip1\" type: \"InnerProduct\" bottom: \"pool1\" top: \"ip1\"\n"
  "  inner_product_param { num_output: 500 } }\n"
  "layer { name: \"relu2\" type: \"ReLU\" bottom: \"ip1\" top: \"ip1\" }\n"
  "layer { name: \"drop\" type: \"Dropout\" bottom: \"ip1\" top: \"ip1\" }\n"
  "layer { name: \"ip2\" type: \"InnerProduct\" bottom: \"ip1\" top: \"ip2\"\n"
  "  inner_product_param { num_output: 10 } }\n"
  "layer { name: \"prob\" type: \"Softmax\" bottom: \"ip2\" top: \"prob\" }\n";

static void test_lenet(void **state) {
  (void)state;
  assert_text(convert(lenet),
              "# Converted from net.prototxt by archc convert (phase TEST).\n"
              "\n"
              "network LeNet {\n"
              "  input data: 1x28x28\n"
              "\n"
              "  conv1 = conv(data, 20, 5) relu\n"
              "  pool1 = maxpool(conv1, 2, stride: 2)\n"
              "  ip1 = fc(pool1, 500) relu dropout\n"
              "  ip2 = fc(ip1, 10)\n"
              "  output prob = softmax(ip2)\n"
              "}\n");
}


/* A layer read twice is not folded; the activation that follows it is a
 * statement of its own. */
static void test_no_fold_when_shared(void **state) {
  (void)state;
  assert_text(convert("input: \"x\" input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }\n"
                      "layer { name: \"c\" type: \"Convolution\" bottom: \"x\" top: \"c\"\n"
                      "  convolution_param { num_output: 4 kernel_size: 3 pad: 1 } }\n"
                      "layer { name: \"r\" type: \"ReLU\" bottom: \"c\" top: \"r\" }\n"
                      "layer { name: \"s\" type: \"Eltwise\" bottom: \"c\" bottom: \"r\" top: \"s\" }\n"),
              "# Converted from net.prototxt by archc convert (phase TEST).\n"
              "\n"
              "network net {\n"
              "  input x: 3x8x8\n"
              "\n"
              "  c = conv(x, 4, 3, pad: 1)\n"
              "  r = relu(c)\n"
              "  output s = add(c, r)\n"
              "}\n");
}

/* Parameters appear only where they differ from the defaults, as n or HxW;
 * folded layers with parameters become `->` stages. */
static void test_parameters(void **state) {
  (void)state;
  char *text = convert(
      "input: \"x\" input_shape { dim: 1 dim: 4 dim: 20 dim: 20 }\n"
      "layer { name: \"c\" type: \"Convolution\" bottom: \"x\" top: \"c\"\n"
      "  convolution_param { num_output: 8 kernel_h: 3 kernel_w: 1 stride: 2 pad_h: 1 pad_w: 0\n"
      "    group: 2 bias_term: false dilation: 2 } }\n"
      "layer { name: \"r\" type: \"ReLU\" bottom: \"c\" top: \"c\" relu_param { negative_slope: 0.1 } }\n"
      "layer { name: \"d\" type: \"Dropout\" bottom: \"c\" top: \"c\" }\n"
      "layer { name: \"p\" type: \"Pooling\" bottom: \"c\" top: \"p\"\n"
      "  pooling_param { pool: AVE kernel_size: 2 round_mode: FLOOR } }\n"
      "layer { name: \"n\" type: \"LRN\" bottom: \"p\" top: \"n\"\n"
      "  lrn_param { local_size: 3 norm_region: WITHIN_CHANNEL } }\n"
      "layer { name: \"g\" type: \"Pooling\" bottom: \"n\" top: \"g\"\n"
      "  pooling_param { pool: MAX global_pooling: true } }\n"
      "layer { name: \"b\" type: \"BatchNorm\" bottom: \"g\" top: \"g\" batch_norm_param { eps: 0.001 } }\n"
      "layer { name: \"sc\" type: \"Scale\" bottom: \"g\" top: \"g\" scale_param { bias_term: true } }\n"
      "layer { name: \"e\" type: \"ELU\" bottom: \"g\" top: \"g\" elu_param { alpha: 2 } }\n");
  assert_non_null(strstr(text, "  c = conv(x, 8, 3x1, stride: 2, pad: 1x0, dilation: 2, groups: 2, "
                               "bias: false)\n    -> relu(negative_slope: 0.1) dropout\n"));
  assert_non_null(strstr(text, "  p = avgpool(c, 2, round: floor)\n"));
  /* Caffe's LRN alpha defaults to 1, .arch's to 0.0001. */
  assert_non_null(strstr(text, "  n = lrn(p, size: 3, alpha: 1, region: within)\n"));
  assert_non_null(strstr(text, "  output g = maxpool(n, global: true) -> batchnorm(eps: 0.001) "
                               "-> scale(bias: true) -> elu(alpha: 2)\n"));
  assert_good_arch(text);
  free(text);
}

/* Names that are not identifiers, that are ops or keywords, or that are
 * taken change, with a comment giving the original; an unnamed layer is
 * called after its top, as the import names it. */
static void test_names(void **state) {
  (void)state;
  assert_text(
      convert("name: \"my net\"\n"
              "input: \"data/0\" input_shape { dim: 1 dim: 3 }\n"
              "layer { name: \"Slice Node\" type: \"Slice\" bottom: \"data/0\" top: \"a\" top: \"b\" top: \"z\"\n"
              "  slice_param { slice_point: 1 slice_point: 2 } }\n"
              "layer { name: \"relu\" type: \"ReLU\" bottom: \"a\" top: \"a2\" }\n"
              "layer { name: \"1x1\" type: \"ReLU\" bottom: \"b\" top: \"b2\" }\n"
              "layer { name: \"input\" type: \"Concat\" bottom: \"a2\" bottom: \"b2\" top: \"c\" }\n"
              "layer { name: \"Slice_Node\" type: \"Sigmoid\" bottom: \"c\" top: \"d\" }\n"
              "layer { type: \"InnerProduct\" bottom: \"d\" top: \"e\" inner_product_param { num_output: 3 } }\n"
              "layer { name: \"dup\" type: \"TanH\" bottom: \"e\" top: \"f\" }\n"
              "layer { name: \"dup\" type: \"AbsVal\" bottom: \"e\" top: \"g\" }\n"),
      "# Converted from net.prototxt by archc convert (phase TEST).\n"
      "\n"
      "network my_net {  # caffe: \"my net\"\n"
      "  input data_0: 3  # caffe: \"data/0\"\n"
      "\n"
      "  Slice_Node, Slice_Node_2, Slice_Node_3 = slice(data_0, points: [1, 2])  # caffe: \"Slice Node\"\n"
      "  output Slice_Node_3\n"
      "  relu_ = relu(Slice_Node)  # caffe: \"relu\"\n"
      "  _1x1 = relu(Slice_Node_2)  # caffe: \"1x1\"\n"
      "  input_ = concat(relu_, _1x1) sigmoid  # caffe: \"input\"\n"
      "  e = fc(input_, 3)\n"
      "  output dup = tanh(e)\n"
      "  output dup_2 = abs(e)  # caffe: \"dup\"\n"
      "}\n");
}

/* ---- blocks ------------------------------------------------------------------------------- */

static void add_conv(buf *b, const char *name, const char *bottom, int n, int k, int pad) {
  buf_printf(b, "layer { name: \"%s\" type: \"Convolution\" bottom: \"%s\" top: \"%s\"\n"
             "  convolution_param { num_output: %d kernel_size: %d pad: %d } }\n",
             name, bottom, name, n, k, pad);
}

static void add_relu(buf *b, const char *bottom) {
  buf_printf(b, "layer { name: \"%s/relu\" type: \"ReLU\" bottom: \"%s\" top: \"%s\" }\n", bottom,
             bottom, bottom);
}

static void add_bn(buf *b, const char *bottom) {
  buf_printf(b, "layer { name: \"%s/bn\" type: \"BatchNorm\" bottom: \"%s\" top: \"%s\" }\n"
             "layer { name: \"%s/scale\" type: \"Scale\" bottom: \"%s\" top: \"%s\"\n"
             "  scale_param { bias_term: true } }\n",
             bottom, bottom, bottom, bottom, bottom, bottom);
}

static char *name_of(const char *unit, const char *part) {
  static char out[8][64];
  static int next;
  char *s = out[next++ % 8];
  snprintf(s, 64, "%s/%s", unit, part);
  return s;
}

/* An inception module: 1x1; 1x1 -> 3x3; 3x3 max pool -> 1x1. */
static void add_inception(buf *b, const char *u, const char *in, int a, int r, int c, int p) {
  add_conv(b, name_of(u, "1x1"), in, a, 1, 0);
  add_relu(b, name_of(u, "1x1"));
  add_conv(b, name_of(u, "3x3_reduce"), in, r, 1, 0);
  add_relu(b, name_of(u, "3x3_reduce"));
  add_conv(b, name_of(u, "3x3"), name_of(u, "3x3_reduce"), c, 3, 1);
  add_relu(b, name_of(u, "3x3"));
  buf_printf(b, "layer { name: \"%s/pool\" type: \"Pooling\" bottom: \"%s\" top: \"%s/pool\"\n"
             "  pooling_param { pool: MAX kernel_size: 3 stride: 1 pad: 1 } }\n", u, in, u);
  add_conv(b, name_of(u, "pool_proj"), name_of(u, "pool"), p, 1, 0);
  add_relu(b, name_of(u, "pool_proj"));
  buf_printf(b, "layer { name: \"%s/output\" type: \"Concat\" bottom: \"%s/1x1\" bottom: \"%s/3x3\"\n"
             "  bottom: \"%s/pool_proj\" top: \"%s/output\" }\n", u, u, u, u, u);
}

static const char *header_3x32 = "input: \"data\" input_shape { dim: 1 dim: 3 dim: 32 dim: 32 }\n";

/* Two inception modules: one block, the numbers that differ as parameters. */
static void test_inception_block(void **state) {
  (void)state;
  buf b = {0};
  buf_printf(&b, "name: \"tiny\"\n%s", header_3x32);
  add_inception(&b, "inc_a", "data", 8, 8, 16, 4);
  add_inception(&b, "inc_b", "inc_a/output", 16, 12, 24, 4);
  assert_text(convert(b.data),
              "# Converted from net.prototxt by archc convert (phase TEST).\n"
              "\n"
              "block inception(in, n1, n2, n3) {\n"
              "  p1 = conv(in, n1, 1) relu\n"
              "  p2 = conv(in, n2, 1) relu -> conv(n3, 3, pad: 1) relu\n"
              "  p3 = maxpool(in, 3, pad: 1) -> conv(4, 1) relu\n"
              "  return concat(p1, p2, p3)\n"
              "}\n"
              "\n"
              "network tiny {\n"
              "  input data: 3x32x32\n"
              "\n"
              "  inc_a_output = inception(data, 8, 8, 16)  # caffe: \"inc_a/output\"\n"
              "  output inc_b_output = inception(inc_a_output, 16, 12, 24)  # caffe: \"inc_b/output\"\n"
              "}\n");
  buf_free(&b);
}

/* One module alone is no block: plain statements. */
static void test_single_unit(void **state) {
  (void)state;
  buf b = {0};
  buf_printf(&b, "name: \"one\"\n%s", header_3x32);
  add_inception(&b, "inc", "data", 8, 8, 16, 4);
  char *text = convert(b.data);
  assert_null(strstr(text, "block"));
  assert_non_null(strstr(text, "  inc_3x3 = conv(inc_3x3_reduce, 16, 3, pad: 1) relu"));
  assert_non_null(strstr(text, "  output inc_output = concat(inc_1x1, inc_3x3, inc_pool_proj)"));
  assert_good_arch(text);
  free(text);
  buf_free(&b);
}

/* Residual units with identity shortcuts; the ReLU after the sum stays on
 * the call, outside the block. */
static void test_residual_block(void **state) {
  (void)state;
  buf b = {0};
  buf_printf(&b, "name: \"res\"\n%s", header_3x32);
  add_conv(&b, "conv1", "data", 16, 3, 1);
  const char *in = "conv1";
  static const char *const units[] = {"res2a", "res2b", "res2c"};
  static const int mid[] = {8, 8, 12};
  for (int i = 0; i < 3; i++) {
    char a[32], c[32];
    snprintf(a, sizeof a, "%s_a", units[i]);
    snprintf(c, sizeof c, "%s_b", units[i]);
    add_conv(&b, a, in, mid[i], 1, 0);
    add_bn(&b, a);
    add_relu(&b, a);
    add_conv(&b, c, a, 16, 3, 1);
    add_bn(&b, c);
    buf_printf(&b, "layer { name: \"%s\" type: \"Eltwise\" bottom: \"%s\" bottom: \"%s\" top: \"%s\" }\n",
               units[i], in, c, units[i]);
    add_relu(&b, units[i]);
    in = units[i];
  }
  assert_text(convert(b.data),
              "# Converted from net.prototxt by archc convert (phase TEST).\n"
              "\n"
              "block residual(in, n) {\n"
              "  p1 = conv(in, n, 1) batchnorm\n"
              "    -> scale(bias: true) relu\n"
              "    -> conv(16, 3, pad: 1) batchnorm\n"
              "    -> scale(bias: true)\n"
              "  return add(in, p1)\n"
              "}\n"
              "\n"
              "network res {\n"
              "  input data: 3x32x32\n"
              "\n"
              "  conv1 = conv(data, 16, 3, pad: 1)\n"
              "  res2a = residual(conv1, 8) relu\n"
              "  res2b = residual(res2a, 8) relu\n"
              "  output res2c = residual(res2b, 12) relu\n"
              "}\n");
  buf_free(&b);
}

/* SqueezeNet's fire modules: the squeeze convolution that only the module
 * reads joins the block as its stem. */
static void test_stem(void **state) {
  (void)state;
  buf b = {0};
  buf_printf(&b, "name: \"fires\"\n%s", header_3x32);
  const char *in = "data";
  static const char *const fires[] = {"fire2", "fire3"};
  for (int i = 0; i < 2; i++) {
    char sq[32], e1[32], e3[32];
    snprintf(sq, sizeof sq, "%s/squeeze", fires[i]);
    snprintf(e1, sizeof e1, "%s/expand1x1", fires[i]);
    snprintf(e3, sizeof e3, "%s/expand3x3", fires[i]);
    add_conv(&b, sq, in, 8, 1, 0);
    add_relu(&b, sq);
    add_conv(&b, e1, sq, 16 * (i + 1), 1, 0);
    add_relu(&b, e1);
    add_conv(&b, e3, sq, 16 * (i + 1), 3, 1);
    add_relu(&b, e3);
    buf_printf(&b, "layer { name: \"%s/concat\" type: \"Concat\" bottom: \"%s\" bottom: \"%s\" "
               "top: \"%s/concat\" }\n", fires[i], e1, e3, fires[i]);
    in = i ? in : "fire2/concat";
  }
  assert_text(convert(b.data),
              "# Converted from net.prototxt by archc convert (phase TEST).\n"
              "\n"
              "block inception(in, n) {\n"
              "  s = conv(in, 8, 1) relu\n"
              "  p1 = conv(s, n, 1) relu\n"
              "  p2 = conv(s, n, 3, pad: 1) relu\n"
              "  return concat(p1, p2)\n"
              "}\n"
              "\n"
              "network fires {\n"
              "  input data: 3x32x32\n"
              "\n"
              "  fire2_concat = inception(data, 16)  # caffe: \"fire2/concat\"\n"
              "  output fire3_concat = inception(fire2_concat, 32)  # caffe: \"fire3/concat\"\n"
              "}\n");
  buf_free(&b);
}

/* ---- what .arch cannot say ------------------------------------------------------------ */

static const char segment[] =
  "name: \"segment\"\n"
  "layer { name: \"data\" type: \"Input\" top: \"data\"\n"
  "  input_param { shape { dim: 1 dim: 3 dim: 16 dim: 16 } } }\n"
  "layer { name: \"conv1\" type: \"Convolution\" bottom: \"data\" top: \"conv1\"\n"
  "  convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }\n"
  "layer { name: \"pool1\" type: \"Pooling\" bottom: \"conv1\" top: \"pool1\" top: \"pool1_mask\"\n"
  "  pooling_param { pool: MAX kernel_size: 2 stride: 2 } }\n"
  "layer { name: \"upsample1\" type: \"Upsample\" bottom: \"pool1\" bottom: \"pool1_mask\" top: \"up1\" }\n"
  "layer { name: \"score\" type: \"Convolution\" bottom: \"up1\" top: \"score\"\n"
  "  convolution_param { num_output: 2 kernel_size: 1 } }\n"
  "layer { name: \"label\" type: \"Input\" top: \"label\"\n"
  "  input_param { shape { dim: 1 dim: 1 dim: 16 dim: 16 } } }\n"
  "layer { name: \"loss\" type: \"SoftmaxWithLoss\" bottom: \"score\" bottom: \"label\" }\n"
  "layer { name: \"silence\" type: \"Silence\" bottom: \"label\" }\n";

/* Opaque layers are listed in the header; layers without tops are outputs;
 * the argmax mask, which .arch cannot name, is noted, and its reader reads
 * the pooled output. */
static void test_opaque_and_mask(void **state) {
  (void)state;
  assert_text(convert(segment),
              "# Converted from net.prototxt by archc convert (phase TEST).\n"
              "# Opaque layers: archc does not model them, and shapes after them are unknown:\n"
              "#   upsample1 (Upsample), loss (SoftmaxWithLoss), silence (Silence).\n"
              "# Not kept: .arch names only the first output of a layer, so the layers that read the\n"
              "#   others read the first instead. Outputs not kept: the argmax mask of pool1.\n"
              "\n"
              "network segment {\n"
              "  input data: 3x16x16\n"
              "  input label: 1x16x16\n"
              "\n"
              "  conv1 = conv(data, 8, 3, pad: 1)\n"
              "  pool1 = maxpool(conv1, 2, stride: 2)\n"
              "  upsample1 = opaque(pool1, pool1, type: \"Upsample\")\n"
              "  score = conv(upsample1, 2, 1)\n"
              "  output loss = opaque(score, label, type: \"SoftmaxWithLoss\")\n"
              "  output silence = opaque(label, type: \"Silence\")\n"
              "}\n");
}

/* The header names the options the network was read with. */
static void test_header_options(void **state) {
  (void)state;
  input_shape in = {"data", 3, {1, 28, 28}};
  compile_options opts = {.phase_train = true, .inputs = &in, .ninputs = 1};
  char *text = convert_opts("layer { name: \"d\" type: \"Data\" top: \"data\" }\n"
                            "layer { name: \"r\" type: \"ReLU\" bottom: \"data\" top: \"r\" }\n",
                            opts);
  assert_non_null(strstr(text, "# Converted from net.prototxt by archc convert (phase TRAIN, input "
                               "data=1x28x28).\n"));
  free(text);
}

/* A value .arch has no literal for is an error at the layer. */
static void test_not_writable(void **state) {
  (void)state;
  compilation c;
  assert_true(load(&c, "net.prototxt",
                   "input: \"x\" input_shape { dim: 1 dim: 3 }\n"
                   "layer { name: \"r\" type: \"ReLU\" bottom: \"x\" top: \"r\"\n"
                   "  relu_param { negative_slope: nan } }\n",
                   (compile_options){0}));
  char *text = convert_graph(&c, "net.prototxt");
  assert_null(text);
  assert_int_equal(c.diags.count[DIAG_ERROR], 1);
  diag_sort(&c.diags);
  assert_string_equal(c.diags.head->code, "out-of-range");
  assert_string_equal(c.diags.head->message,
                      "r: its negative_slope is nan, which .arch cannot write");
  compilation_fini(&c);
}

/* ---- --emit prototxt ------------------------------------------------------------------------ */

static const char small_arch[] =
  "network small {\n"
  "  input x: 3x16x16\n"
  "  c1 = conv(x, 8, 5, stride: 2, pad: 2, bias: false) batchnorm -> scale(bias: true) relu\n"
  "  p = avgpool(c1, 3x2, stride: 2, round: floor) -> dropout(ratio: 0.25)\n"
  "  a, b = slice(p, points: [4])\n"
  "  s = max(a, b) -> relu(negative_slope: 0.1)\n"
  "  output y = fc(s, 10)\n"
  "}\n";

static void test_emit(void **state) {
  (void)state;
  compilation c;
  assert_true(load(&c, "small.arch", small_arch, (compile_options){0}));
  char *text = emit(&c);
  assert_string_equal(text,
                      "name: \"small\"\n"
                      "input: \"x\"\n"
                      "input_shape {\n  dim: 1\n  dim: 3\n  dim: 16\n  dim: 16\n}\n"
                      "layer {\n  name: \"c1\"\n  type: \"Convolution\"\n  bottom: \"x\"\n"
                      "  top: \"c1\"\n  convolution_param {\n    num_output: 8\n"
                      "    bias_term: false\n    pad: 2\n    kernel_size: 5\n    stride: 2\n  }\n}\n"
                      "layer {\n  name: \"c1.batchnorm1\"\n  type: \"BatchNorm\"\n  bottom: \"c1\"\n"
                      "  top: \"c1\"\n}\n"
                      "layer {\n  name: \"c1.scale1\"\n  type: \"Scale\"\n  bottom: \"c1\"\n"
                      "  top: \"c1\"\n  scale_param {\n    bias_term: true\n  }\n}\n"
                      "layer {\n  name: \"c1.relu1\"\n  type: \"ReLU\"\n  bottom: \"c1\"\n"
                      "  top: \"c1\"\n}\n"
                      "layer {\n  name: \"p\"\n  type: \"Pooling\"\n  bottom: \"c1\"\n  top: \"p\"\n"
                      "  pooling_param {\n    pool: AVE\n    kernel_h: 3\n    kernel_w: 2\n"
                      "    stride: 2\n    round_mode: FLOOR\n  }\n}\n"
                      "layer {\n  name: \"p.dropout1\"\n  type: \"Dropout\"\n  bottom: \"p\"\n"
                      "  top: \"p\"\n  dropout_param {\n    dropout_ratio: 0.25\n  }\n}\n"
                      "layer {\n  name: \"a\"\n  type: \"Slice\"\n  bottom: \"p\"\n  top: \"a\"\n"
                      "  top: \"a_1\"\n  slice_param {\n    slice_point: 4\n  }\n}\n"
                      "layer {\n  name: \"s\"\n  type: \"Eltwise\"\n  bottom: \"a\"\n"
                      "  bottom: \"a_1\"\n  top: \"s\"\n  eltwise_param {\n    operation: MAX\n"
                      "  }\n}\n"
                      "layer {\n  name: \"s.relu1\"\n  type: \"ReLU\"\n  bottom: \"s\"\n  top: \"s\"\n"
                      "  relu_param {\n    negative_slope: 0.1\n  }\n}\n"
                      "layer {\n  name: \"y\"\n  type: \"InnerProduct\"\n  bottom: \"s\"\n"
                      "  top: \"y\"\n  inner_product_param {\n    num_output: 10\n  }\n}\n");
  /* It imports to the same graph, and converts back to the same network. */
  compilation back;
  assert_true(load(&back, "small.prototxt", text, (compile_options){0}));
  assert_true(same_graph(c.graph, back.graph, "small"));
  char *arch = convert_graph(&back, "small.prototxt");
  assert_non_null(strstr(arch, "  c1 = conv(x, 8, 5, stride: 2, pad: 2, bias: false) batchnorm "
                               "-> scale(bias: true) relu\n"
                               "  p = avgpool(c1, 3x2, stride: 2, round: floor) -> dropout(ratio: 0.25)\n"
                               "  a, a_2 = slice(p, points: [4])\n"
                               "  s = max(a, a_2) -> relu(negative_slope: 0.1)\n"
                               "  output y = fc(s, 10)\n"));
  free(arch);
  free(text);
  compilation_fini(&back);
  compilation_fini(&c);
}

/* The names a converted file keeps in its comments go back into the
 * prototxt, so that converting again gives the same file. */
static void test_emit_restores_names(void **state) {
  (void)state;
  static const char proto[] =
    "name: \"my net\"\n"
    "input: \"data/0\" input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }\n"
    "layer { name: \"conv 1\" type: \"Convolution\" bottom: \"data/0\" top: \"c\"\n"
    "  convolution_param { num_output: 4 kernel_size: 1 } }\n"
    "layer { name: \"relu 1\" type: \"ReLU\" bottom: \"c\" top: \"c\" }\n"
    "layer { name: \"fc\" type: \"InnerProduct\" bottom: \"c\" top: \"f\"\n"
    "  inner_product_param { num_output: 2 } }\n";
  char *arch = convert(proto);
  compilation c;
  assert_true(load(&c, "net.arch", arch, (compile_options){0}));
  char *text = emit(&c);
  assert_non_null(strstr(text, "name: \"my net\"\ninput: \"data/0\"\n"));
  assert_non_null(strstr(text, "  name: \"conv 1\"\n  type: \"Convolution\"\n  bottom: \"data/0\"\n"));
  assert_non_null(strstr(text, "  name: \"fc\"\n  type: \"InnerProduct\"\n"));
  compilation back;
  assert_true(load(&back, "net.prototxt", text, (compile_options){0}));
  char *again = convert_graph(&back, "net.prototxt");
  assert_string_equal(again, arch);
  free(again), free(text), free(arch);
  compilation_fini(&back);
  compilation_fini(&c);
}

/* The comparison itself: names do not matter, parameters and edges do. */
static void test_same_graph(void **state) {
  (void)state;
  static const char *const nets[] = {
    "network a { input x: 3x8x8\n y = conv(x, 4, 3) relu\n z = conv(x, 4, 3) sigmoid\n"
    " output add(y, z) }\n",
    "network b { input q: 3x8x8\n r = conv(q, 4, 3) -> sigmoid\n s = conv(q, 4, 3) relu\n"
    " output t = add(s, r) }\n",
    "network c { input x: 3x8x8\n y = conv(x, 4, 3) relu\n z = conv(x, 4, 3) sigmoid\n"
    " output add(z, y) }\n",
    "network d { input x: 3x8x8\n y = conv(x, 4, 3, bias: false) relu\n z = conv(x, 4, 3) sigmoid\n"
    " output add(y, z) }\n",
  };
  compilation c[4];
  for (int i = 0; i < 4; i++) assert_true(load(&c[i], "n.arch", nets[i], (compile_options){0}));
  assert_true(same_graph(c[0].graph, c[1].graph, "a/b"));
  fprintf(stderr, "(two differences expected below)\n");
  assert_false(same_graph(c[0].graph, c[2].graph, "a/c"));   /* the sum's inputs swapped */
  assert_false(same_graph(c[0].graph, c[3].graph, "a/d"));   /* no bias */
  for (int i = 0; i < 4; i++) compilation_fini(&c[i]);
}

/* ---- the corpus ------------------------------------------------------------------------------- */

/* The options each corpus network is read with, as tests/caffe-corpus.sh
 * gives them: MENNDL's datasets, and the input shapes of networks whose
 * data layers carry none. */
static compile_options corpus_options(const char *name, input_shape *in) {
  compile_options o = {0};
  static const struct { const char *pattern; const char *input; int n; int64_t d[3]; } shapes[] = {
    {"alexnet_train_val", "data", 3, {3, 227, 227}},
    {"caffenet_train_val", "data", 3, {3, 227, 227}},
    {"forresti-SqueezeNet__v1.0_train_val", "data", 3, {3, 227, 227}},
    {"forresti-SqueezeNet__v1.1_train_val", "data", 3, {3, 227, 227}},
    {"googlenet_train_val", "data", 3, {3, 224, 224}},
    {"mnist_lenet_train_test", "data", 3, {1, 28, 28}},
    {"mnist_autoencoder", "data", 3, {1, 28, 28}},
    {"mnist_siamese_train_test", "pair_data", 3, {2, 28, 28}},
    {"cifar10_full_train_test", "data", 3, {3, 32, 32}},
    {"cifar10_full_sigmoid_train_test", "data", 3, {3, 32, 32}},
    {"cifar10_quick_train_test", "data", 3, {3, 32, 32}},
    {"hdf5_classification", "data", 1, {4, 0, 0}},
    {"alexgkendall-SegNet-Tutorial__", "data", 3, {3, 360, 480}},
    {"shelhamer-fcn__voc-fcn-alexnet_val", "data", 3, {3, 500, 500}},
  };
  if (!strncmp(name, "nova-", 5) || !strncmp(name, "seed-nova", 9)) o.dataset = "nova";
  if (!strncmp(name, "minerva-", 8) || !strncmp(name, "seed-minerva", 12)) o.dataset = "minerva";
  for (size_t i = 0; i < sizeof shapes / sizeof shapes[0] && !o.dataset; i++) {
    if (!strstr(name, shapes[i].pattern)) continue;
    *in = (input_shape){shapes[i].input, shapes[i].n, {shapes[i].d[0], shapes[i].d[1], shapes[i].d[2]}};
    o.inputs = in;
    o.ninputs = 1;
    break;
  }
  return o;
}

static char *read_text(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  buf b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_put(&b, chunk, n);
  fclose(f);
  buf_puts(&b, "");
  return buf_take(&b);
}

/* The text without the header paragraph on outputs .arch cannot name, the
 * one thing the first conversion knows and the second cannot. */
static char *without_not_kept(const char *text) {
  buf b = {0};
  bool skipping = false;
  for (const char *line = text; *line;) {
    const char *end = strchr(line, '\n');
    size_t n = end ? (size_t)(end - line + 1) : strlen(line);
    if (!strncmp(line, "# Not kept:", 11)) skipping = true;
    else if (strncmp(line, "#   ", 4) != 0) skipping = false;
    if (!skipping) buf_put(&b, line, n);
    line += n;
  }
  buf_puts(&b, "");
  return buf_take(&b);
}

typedef struct tally {
  int files, converted, arch_equal, fixed, emit_equal, lossy, expected, digits;
} tally;

/* The round trip of one network; false (with messages) if a step fails. */
static bool round_trip(const char *dir, const char *name, tally *t) {
  char *path = xmalloc(strlen(dir) + strlen(name) + 2);
  sprintf(path, "%s/%s", dir, name);
  char *proto = read_text(path);
  free(path);
  if (!proto) {
    fprintf(stderr, "%s/%s: cannot read\n", dir, name);
    return false;
  }
  input_shape in;
  compile_options opts = corpus_options(name, &in);
  compilation c0, c1, c2, c3;
  bool ok = true, loaded = load(&c0, name, proto, opts);
  t->files++;
  if (!strncmp(name, "NVIDIA-DIGITS__", 15)) {
    /* Incomplete by design: no data layers, no num_output. */
    if (loaded) fprintf(stderr, "%s: expected errors\n", name);
    t->digits += !loaded;
    compilation_fini(&c0);
    free(proto);
    return !loaded;
  }
  if (!loaded) show_diags(&c0);
  char *arch1 = loaded ? convert_graph(&c0, name) : NULL;
  if (!arch1) {
    fprintf(stderr, "%s: not converted\n", name);
    compilation_fini(&c0);
    free(proto);
    return false;
  }
  t->converted++;
  if (!load(&c1, "converted.arch", arch1, (compile_options){0})) {
    show_diags(&c1);
    ok = false;
  } else if (same_graph(without_extra_outputs(&c0.arena, c0.graph), c1.graph, name)) {
    t->arch_equal++;
  } else {
    ok = false;
  }
  /* --emit prototxt of the .arch, converted again under the same name; and
   * --emit prototxt of the imported graph. Neither can hold the parameters
   * of an opaque layer of a type archc models otherwise (the emitter says
   * so in the prototxt): if that breaks the round trip, it is an expected
   * difference. */
  char *p1 = emit(&c1), *p0 = emit(&c0), *arch2 = NULL;
  bool lost = strstr(p1, "# The parameters of this layer were not kept") != NULL;
  const char *say = lost ? NULL : name;
  char *arch1k = without_not_kept(arch1);
  t->lossy += strcmp(arch1k, arch1) != 0;
  if (load(&c2, name, p1, opts)) arch2 = convert_graph(&c2, name);
  bool fixed = arch2 && !strcmp(arch1k, arch2) && same_graph(c1.graph, c2.graph, say);
  bool emitted = load(&c3, name, p0, opts) && same_graph(c0.graph, c3.graph, say);
  t->fixed += fixed;
  t->emit_equal += emitted;
  if ((!fixed || !emitted) && lost) {
    fprintf(stderr, "%s: expected difference: a layer's parameters are not kept\n", name);
    t->expected++;
  } else if (!fixed || !emitted) {
    fprintf(stderr, "%s: %s\n", name, !fixed ? "the round trip is not a fixed point"
                                           : "its prototxt imports to another graph");
    ok = false;
  }
  compilation_fini(&c3), compilation_fini(&c2);
  free(p0), free(arch1k), free(arch2), free(p1), free(arch1), free(proto);
  compilation_fini(&c1), compilation_fini(&c0);
  return ok;
}

static int by_name(const struct dirent **a, const struct dirent **b) {
  return strcmp((*a)->d_name, (*b)->d_name);
}

static void test_corpus(void **state) {
  (void)state;
  const char *top = getenv("srcdir");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/../shared/corpus", top && *top ? top : ".");
  tally t = {0};
  int failed = 0;
  for (int k = 0; k < 2; k++) {
    char sub[4200];
    snprintf(sub, sizeof sub, "%s/%s", dir, k ? "menndl" : "caffe");
    struct dirent **list;
    int n = scandir(sub, &list, NULL, by_name);
    if (n < 0) {
      fprintf(stderr, "%s is absent; skipped\n", sub);
      skip();
    }
    for (int i = 0; i < n; i++) {
      size_t len = strlen(list[i]->d_name);
      if (len > 9 && !strcmp(list[i]->d_name + len - 9, ".prototxt"))
        failed += !round_trip(sub, list[i]->d_name, &t);
      free(list[i]);
    }
    free(list);
  }
  fprintf(stderr, "convert corpus: %d files, %d converted (%d DIGITS templates refused), "
          "%d equal graphs, %d fixed points, %d emitted prototxt equal, %d with outputs not "
          "kept, %d expected differences, %d failed\n", t.files, t.converted, t.digits,
          t.arch_equal, t.fixed, t.emit_equal, t.lossy, t.expected, failed);
  assert_int_equal(failed, 0);
  assert_int_equal(t.digits, 2);
  assert_int_equal(t.converted + t.digits, t.files);
  assert_int_equal(t.arch_equal, t.converted);
  assert_int_equal(t.fixed + t.expected, t.converted);
  assert_int_equal(t.expected, 0);
}

/* The examples, written by hand in .arch: --emit prototxt imports to the
 * same graph, and so does their conversion to .arch. */
static void test_examples(void **state) {
  (void)state;
  const char *top = getenv("srcdir");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/examples", top && *top ? top : ".");
  struct dirent **list;
  int n = scandir(dir, &list, NULL, by_name);
  if (n < 0) {
    fprintf(stderr, "%s is absent; skipped\n", dir);
    skip();
  }
  int done = 0, failed = 0;
  for (int i = 0; i < n; i++) {
    const char *name = list[i]->d_name;
    size_t len = strlen(name);
    char *path = xmalloc(strlen(dir) + len + 2);
    sprintf(path, "%s/%s", dir, name);
    char *text = len > 5 && !strcmp(name + len - 5, ".arch") ? read_text(path) : NULL;
    free(path);
    if (text) {
      compilation a, p, c;
      bool ok = load(&a, name, text, (compile_options){0});
      char *proto = ok ? emit(&a) : NULL;
      char *arch = ok ? convert_graph(&a, name) : NULL;
      ok = ok && load(&p, "example.prototxt", proto, (compile_options){0}) &&
           same_graph(a.graph, p.graph, name);
      ok = ok && load(&c, "example.arch", arch, (compile_options){0}) &&
           same_graph(a.graph, c.graph, name);
      if (!ok) fprintf(stderr, "%s: the round trip failed\n", name);
      failed += !ok;
      done++;
      free(arch), free(proto), free(text);
      compilation_fini(&c), compilation_fini(&p), compilation_fini(&a);
    }
    free(list[i]);
  }
  free(list);
  assert_int_equal(failed, 0);
  assert_true(done > 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_lenet),
    cmocka_unit_test(test_no_fold_when_shared),
    cmocka_unit_test(test_parameters),
    cmocka_unit_test(test_names),
    cmocka_unit_test(test_inception_block),
    cmocka_unit_test(test_single_unit),
    cmocka_unit_test(test_residual_block),
    cmocka_unit_test(test_stem),
    cmocka_unit_test(test_opaque_and_mask),
    cmocka_unit_test(test_header_options),
    cmocka_unit_test(test_not_writable),
    cmocka_unit_test(test_emit),
    cmocka_unit_test(test_emit_restores_names),
    cmocka_unit_test(test_same_graph),
    cmocka_unit_test(test_examples),
    cmocka_unit_test(test_corpus),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

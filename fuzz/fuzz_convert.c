/* libFuzzer target: the round trip of `archc convert`, on every input that
 * imports as a .prototxt without errors (with the command line's default
 * options), with the properties tests/convert-corpus.sh and
 * tests/unit/test_convert.c check on the corpus:
 *   1. the .arch text converts, or the converter says with an error why it
 *      cannot (a value .arch has no literal for, a network without an
 *      input) and writes nothing;
 *   2. it compiles without errors and is formatted (`archc check`, `archc
 *      fmt --check`);
 *   3. it lowers to the same graph as the prototxt, compared as
 *      test_convert compares them: up to names, each layer identified by
 *      its op, parameters, output shapes, costs and the identities of its
 *      inputs, and the network's outputs; with the differences the
 *      converter documents (only slice keeps outputs past the first: their
 *      readers, and the network's outputs among them, take the first; a
 *      layer without outputs has one, which is a network output;
 *      `depthwise` is compared through groups);
 *   4. every statement of the network body is named after a layer of the
 *      prototxt, as it is or in its `# caffe: "..."` comment;
 *   5. its `--emit prototxt` parses, imports to the same graph, and
 *      converts back to the same .arch (but for the "Not kept:" paragraph,
 *      which only the first conversion can know); and the `--emit
 *      prototxt` of the imported graph imports to that graph.
 * An emitted prototxt that says a layer's parameters were not kept (an
 * opaque layer of a type archc otherwise models: its parameters live only
 * in the original file) cannot round-trip; for it, 5 checks only that it
 * parses. A broken property aborts. */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch/fmt.h"
#include "caffe/caffe.h"
#include "caffe/to_arch.h"
#include "check.h"
#include "passes/passes.h"
#include "util/strmap.h"
#include "util/xalloc.h"

static const char lost_marker[] = "# The parameters of this layer were not kept";

/* Compiles `text` as the command line would; true when there are no
 * errors. */
static bool load(compilation *c, const char *name, const char *text, size_t len) {
  compilation_init(c, 0);
  compilation_set_text(c, name, text ? text : "", len);
  compilation_analyse(c);
  check_diags(&c->diags);
  if (!c->graph || diag_has_errors(&c->diags)) return false;
  check_graph(c->graph);
  return true;
}

/* ---- graphs up to names ----------------------------------------------------------- */

static ir_ref norm_ref(const ir_graph *g, ir_ref r) {
  if (r.output > 0 && g->layers[r.layer].op != OP_SLICE) r.output = 0;
  return r;
}

static uint32_t norm_outputs(const ir_layer *l) { return l->op == OP_SLICE ? l->noutputs : 1; }

static uint64_t hash(const char *s, size_t n) {
  uint64_t h = 14695981039346656037u;   /* FNV-1a */
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211u;
  return h;
}

/* A number as a value: -0 is 0. The writers leave out a parameter equal
 * to its default, and -0 equals 0, so a -0 comes back as 0. */
static double value(double v) { return v == 0 ? 0.0 : v; }

static void put_params(buf *b, const ir_layer *l) {
  const ir_params *p = &l->p;
  buf_printf(b, "%s/%" PRIu32 " f%" PRId64 " k%" PRId64 "x%" PRId64 " s%" PRId64 "x%" PRId64
             " p%" PRId64 "x%" PRId64 " d%" PRId64 "x%" PRId64 " g%" PRId64 " b%d gl%d c%d a%d"
             " n%" PRId64 " w%d sh%d %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g",
             ir_op_name(l->op), norm_outputs(l), p->features, p->kernel[0], p->kernel[1],
             p->stride[0], p->stride[1], p->pad[0], p->pad[1], p->dilation[0], p->dilation[1],
             p->groups, p->bias, p->global, p->ceil, (int)p->axis, p->size, p->within, p->shared,
             value(p->negative_slope), value(p->alpha), value(p->beta), value(p->k),
             value(p->eps), value(p->ratio), value(p->power), value(p->scale), value(p->shift));
  for (uint32_t k = 0; k < p->npoints; k++) buf_printf(b, " pt%" PRId64, p->points[k]);
  if (l->op == OP_OPAQUE) buf_printf(b, " type=%s", p->type ? p->type : "");
}

/* Every layer's identity: a hash of what it is and of its inputs'
 * identities, names left out. Inputs are told apart by their order. */
static uint64_t *identify(const ir_graph *g) {
  uint64_t *id = xcalloc(g->nlayers + 1, sizeof *id);
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
        buf_printf(&b, " %016" PRIx64 ".%" PRIu32, id[r.layer], r.output);
      }
    }
    buf_puts(&b, " ->");
    for (uint32_t k = 0; k < norm_outputs(l); k++) {
      const ir_shape *s = l->shapes && k < l->noutputs ? &l->shapes[k] : NULL;
      buf_putc(&b, '[');
      for (int d = 0; s && d < s->ndims; d++) buf_printf(&b, "%s%" PRId64, d ? "x" : "", s->d[d]);
      buf_putc(&b, ']');
    }
    buf_printf(&b, " $%" PRId64 "/%" PRId64 "/%" PRId64, l->cost.params, l->cost.bn_params,
               l->cost.macs);
    id[i] = hash(b.data, b.len);
  }
  buf_free(&b);
  return id;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* The network's outputs, each tensor once, as sorted identities. */
static uint64_t *output_ids(const ir_graph *g, const uint64_t *id, uint32_t *n) {
  uint64_t *v = xcalloc(g->noutputs + g->nlayers + 1, sizeof *v);
  *n = 0;
  for (uint32_t i = 0; i < g->noutputs; i++) {
    ir_ref r = norm_ref(g, g->outputs[i].ref);
    v[(*n)++] = id[r.layer] ^ hash((const char *)&r.output, sizeof r.output);
  }
  for (uint32_t i = 0; i < g->nlayers; i++)
    if (g->layers[i].noutputs == 0) v[(*n)++] = id[i] ^ hash("\0\0\0\0", 4);
  qsort(v, *n, sizeof *v, cmp_u64);
  uint32_t m = 0;
  for (uint32_t i = 0; i < *n; i++)
    if (m == 0 || v[m - 1] != v[i]) v[m++] = v[i];
  *n = m;
  return v;
}

static void same_graph(const ir_graph *a, const ir_graph *b) {
  if (a->nlayers != b->nlayers) abort();
  uint64_t *ia = identify(a), *ib = identify(b);
  uint32_t na, nb;
  uint64_t *oa = output_ids(a, ia, &na), *ob = output_ids(b, ib, &nb);
  qsort(ia, a->nlayers, sizeof *ia, cmp_u64);
  qsort(ib, b->nlayers, sizeof *ib, cmp_u64);
  if (memcmp(ia, ib, a->nlayers * sizeof *ia) != 0) abort();
  if (na != nb || memcmp(oa, ob, na * sizeof *oa) != 0) abort();
  free(ia), free(ib), free(oa), free(ob);
}

/* The graph the converter promises for `g`: the outputs past the first of
 * a layer other than slice dropped, their readers (and the network's
 * outputs among them) reading the first, and shapes and costs computed
 * again. */
static const ir_graph *without_extra_outputs(arena *a, const ir_graph *g) {
  ir_graph *n = arena_alloc(a, sizeof *n);
  *n = *g;
  n->layers = arena_calloc(a, g->nlayers + 1, sizeof *n->layers);
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
  diag_list quiet;
  diag_list_init(&quiet, a);
  pass_shapes(a, n, &quiet);
  pass_costs(n);
  return n;
}

/* ---- names -------------------------------------------------------------------------- */

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* The name in a `# caffe: "NAME"` comment, as the converter escapes it
 * (\\ \" \n \t \xHH), or NULL for another comment. */
static char *caffe_comment(arena *a, const char *s, size_t n) {
  static const char tag[] = "# caffe: \"";
  size_t t = sizeof tag - 1;
  if (n < t + 1 || memcmp(s, tag, t) != 0 || s[n - 1] != '"') return NULL;
  char *out = arena_alloc(a, n), *o = out;
  for (size_t i = t; i < n - 1; i++) {
    if (s[i] != '\\') {
      *o++ = s[i];
      continue;
    }
    char e = s[++i];
    if (e == 'n') *o++ = '\n';
    else if (e == 't') *o++ = '\t';
    else if (e != 'x') *o++ = e;
    else if (i + 2 < n - 1) *o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2])), i += 2;
    else return NULL;
  }
  *o = '\0';
  return out;
}

/* The names of the prototxt's layers and inputs: the import's layer names,
 * also without the #2, #3, ... it adds to names that repeat, and the Caffe
 * layers' own (a data layer's opaque top is named after its blob). */
static void add_names(strmap *known, const ir_graph *g) {
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const char *name = g->layers[i].name, *hash_sign = strrchr(name, '#');
    const char *caffe = g->layers[i].caffe_name;
    if (caffe) strmap_add(known, caffe, strlen(caffe), 0);
    strmap_add(known, name, strlen(name), 0);
    if (hash_sign && hash_sign[1] && strspn(hash_sign + 1, "0123456789") == strlen(hash_sign + 1))
      strmap_add(known, name, (size_t)(hash_sign - name), 0);
  }
}

static void check_names(compilation *proto, compilation *arch) {
  strmap known;
  strmap_init(&known, &proto->arena);
  add_names(&known, proto->graph);
  const ast_file *f = arch->ast;
  const char *text = f->src->text;
  size_t next = 0;
  for (size_t i = 0; i < f->nitems; i++) {
    const ast_network *net = f->items[i].network;
    for (size_t k = 0; net && k < net->nbody; k++) {
      const ast_stmt *st = net->body[k];
      if (st->nnames == 0 || st->kind == STMT_META || st->kind == STMT_BLOCK) continue;
      const char *name = st->names[0].name.s;
      /* the comment at the end of the statement's last line */
      while (next < f->ncomments && f->comments[next].loc.start < st->loc.end) next++;
      if (next < f->ncomments) {
        src_range c = f->comments[next].loc;
        if (!memchr(text + st->loc.end, '\n', c.start - st->loc.end)) {
          char *orig = caffe_comment(&proto->arena, text + c.start, c.end - c.start);
          if (orig) name = orig;
        }
      }
      uint32_t v;
      if (!strmap_get(&known, name, strlen(name), &v)) abort();
    }
  }
}

/* ---- the round trip ------------------------------------------------------------------- */

/* The .arch of a graph, or NULL (with an error) when it cannot be written. */
static char *convert(compilation *c, size_t *len) {
  buf out = {0};
  to_arch_opts o = {"fuzz.prototxt", &c->opts};
  if (!caffe_to_arch(&out, c->graph, &o, &c->diags)) {
    if (out.len || !diag_has_errors(&c->diags)) abort();
    buf_free(&out);
    return NULL;
  }
  *len = out.len;
  return buf_take(&out);
}

static char *emit(const ir_graph *g, size_t *len) {
  buf out = {0};
  caffe_emit(&out, g);
  *len = out.len;
  return buf_take(&out);
}

/* The text without the header paragraph on outputs .arch cannot name. */
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

/* The emitted prototxt of `from`: it parses; unless it lost parameters it
 * imports to the same graph; its conversion, when `arch` is given, is
 * that text. */
static void round_trip(const ir_graph *from, const char *arch) {
  size_t len, len2 = 0;
  char *proto = emit(from, &len);
  compilation c;
  compilation_init(&c, 0);
  compilation_set_text(&c, "fuzz.prototxt", proto, len);
  compilation_parse(&c);
  if (!c.pb || diag_has_errors(&c.diags)) abort();
  if (!strstr(proto, lost_marker)) {
    compilation_analyse(&c);
    check_diags(&c.diags);
    if (!c.graph || diag_has_errors(&c.diags)) abort();
    same_graph(from, c.graph);
    if (arch) {
      char *again = convert(&c, &len2), *want = without_not_kept(arch);
      if (!again || strcmp(again, want) != 0) abort();
      free(again), free(want);
    }
  }
  compilation_fini(&c);
  free(proto);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  compilation c0, c1;
  size_t len = 0;
  char *arch = NULL;
  if (load(&c0, "fuzz.prototxt", (const char *)data, size)) arch = convert(&c0, &len);
  if (!arch) {
    compilation_fini(&c0);
    return 0;
  }
  if (!load(&c1, "fuzz.arch", arch, len) || !c1.ast) abort();
  buf formatted = {0};
  arch_format(&formatted, c1.ast);
  if (formatted.len != len || memcmp(formatted.data, arch, len) != 0) abort();
  buf_free(&formatted);
  same_graph(without_extra_outputs(&c0.arena, c0.graph), c1.graph);
  check_names(&c0, &c1);
  round_trip(c1.graph, arch);
  round_trip(c0.graph, NULL);
  free(arch);
  compilation_fini(&c1);
  compilation_fini(&c0);
  return 0;
}

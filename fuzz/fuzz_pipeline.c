/* libFuzzer target: the whole pipeline on arbitrary bytes, as far as an
 * input gets without errors, through the functions the command line calls:
 * - parse, lower, shapes, costs and lint, as `archc lint` runs them
 *   (compilation_diagnose), and the diagnostics in three of the four
 *   formats (see render_diagnostics);
 * - a prototxt that parses: the reference attribute profile, in both of
 *   its dataset modes, as `archc --features --profile reference` computes
 *   it (from the parsed file, whether or not it imports);
 * - a graph without errors of at most OUTPUT_MAX_LAYERS layers: the
 *   corrected and extended attribute columns (`--features --columns
 *   all`), the layer table in every format, the dot and prototxt
 *   emitters, and the report (src/cli/report*.c, linked in) as text,
 *   markdown and JSON, once with the models the network's metadata picks
 *   and once with the reference-profile models (menndl-nova), which write
 *   a .arch network out as prototxt and read it back.
 * Output goes to memory streams.
 *
 * The front end: an input whose first byte is '%' is a Caffe .prototxt,
 * from its second byte on; any other input is a .arch file, whole. '%' is
 * in neither language, so the rule takes nothing from either.
 *
 * Properties (a broken one aborts): those of fuzz/check.h on every list of
 * diagnostics and every graph; every JSON output parses, and the JSON
 * report and layer table name every layer, input and output. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "attr/corrected.h"
#include "attr/ref.h"
#include "attr/ref_read.h"
#include "caffe/caffe.h"
#include "check.h"
#include "cli/report.h"
#include "diag/render.h"

/* A memory stream; the text stays valid after sink_close, until freed. */
typedef struct sink {
  FILE *f;
  char *text;
  size_t len;
} sink;

static FILE *sink_open(sink *s) {
  s->text = NULL;
  s->len = 0;
  s->f = open_memstream(&s->text, &s->len);
  if (!s->f) abort();
  return s->f;
}

static void sink_close(sink *s) {
  if (fclose(s->f) != 0) abort();
}

static json_t *parse_json(const sink *s) {
  json_t *j = json_loadb(s->text, s->len, 0, NULL);
  if (!j) abort();
  return j;
}

/* An array of `n` objects, each with a string `name`. */
static void check_named(json_t *a, size_t n) {
  if (json_array_size(a) != n) abort();
  for (size_t i = 0; i < n; i++)
    if (!json_is_string(json_object_get(json_array_get(a, i), "name"))) abort();
}

static void check_json_report(const sink *s, const ir_graph *g) {
  json_t *doc = parse_json(s);
  size_t ninputs = 0;
  for (uint32_t i = 0; i < g->nlayers; i++) ninputs += g->layers[i].op == OP_INPUT;
  if (!json_is_string(json_object_get(doc, "network"))) abort();
  check_named(json_object_get(doc, "layers"), g->nlayers);
  check_named(json_object_get(doc, "inputs"), ninputs);
  check_named(json_object_get(doc, "outputs"), g->noutputs);
  json_decref(doc);
}

/* What cli_flush_diagnostics does: text and gcc formats always; the
 * jansson document of one of the JSON formats, picked by the length of the
 * input, so that one mutation flips it. The document is built, not
 * written: writing it is jansson's alone (json_dumpf), and its output is
 * JSON by construction. Building, writing and parsing back both documents
 * took two thirds of the target's time; the golden tests write them. */
static void render_diagnostics(compilation *c, size_t size, FILE *out) {
  diag_sort(&c->diags);
  diag_truncate(&c->diags);
  diag_render(out, &c->diags, DIAG_FORMAT_TEXT, true);
  diag_render(out, &c->diags, DIAG_FORMAT_GCC, false);
  diag_doc *doc = diag_doc_new(size % 2 ? DIAG_FORMAT_SARIF : DIAG_FORMAT_JSON);
  diag_doc_add(doc, &c->diags, &c->src, c->src.name);
  diag_doc_free(doc);
}

static void reference_profile(compilation *c) {
  for (int mode = REF_NOVA; mode <= REF_MINERVA; mode++) {
    diag_list diags;
    diag_list_init(&diags, &c->arena);
    ref_net net;
    ref_read(&c->arena, c->pb, &net);
    double v[ATTR_NCOLS];
    ref_attributes(&c->arena, &diags, &net, (ref_mode)mode, v);
    check_diags(&diags);
  }
}

static void report(compilation *c, const char *model, FILE *out) {
  cli_opts o = {.model = model};
  report_data r;
  report_collect(&r, c, &o);
  report_print_text(out, &r);
  report_print_markdown(out, &r);
  sink s;
  report_print_json(sink_open(&s), &r);
  sink_close(&s);
  check_json_report(&s, c->graph);
  free(s.text);
}

static void outputs(compilation *c, bool analysed, FILE *out) {
  const ir_graph *g = c->graph;
  if (analysed) {
    double v[ATTR_NCOLS + ATTR_NEXTENDED];
    attr_corrected(g, v);
    attr_extended(g, v + ATTR_NCOLS);
  }
  for (out_format f = FORMAT_TEXT; f <= FORMAT_MARKDOWN; f++) {
    sink s;
    emit_layers(sink_open(&s), g, f);
    sink_close(&s);
    if (f == FORMAT_JSON) {
      json_t *doc = parse_json(&s);
      check_named(json_object_get(doc, "layers"), g->nlayers);
      json_decref(doc);
    }
    free(s.text);
  }
  emit_dot(out, g);
  buf proto = {0};
  caffe_emit(&proto, g);
  buf_free(&proto);
  report(c, NULL, out);
  report(c, "menndl-nova", out);
}

/* The outputs (a dozen renderings, JSON parsed back) cost 0.04 to 0.07 ms
 * a layer unsanitised and about 0.3 ms under ASan, so a 129-byte input
 * that repeats its way to 93,200 layers ran past libFuzzer's 10 s timeout,
 * while no command of archc took more than a second on it. Larger graphs
 * still go through lowering, shapes, costs and lint; their outputs run
 * the same code as a smaller graph's, so they are left out. 2,000 is twice
 * the largest real network's (inception-resnet-v2 in the model zoo: 987). */
enum { OUTPUT_MAX_LAYERS = 2000 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bool prototxt = size > 0 && data[0] == '%';
  compilation c;
  compilation_init(&c, 50);   /* the command line's --max-errors */
  if (!compilation_set_text(&c, prototxt ? "fuzz.prototxt" : "fuzz.arch",
                            (const char *)data + prototxt, size - prototxt))
    abort();
  compilation_parse(&c);
  if (c.pb && !diag_has_errors(&c.diags)) reference_profile(&c);
  bool analysed = compilation_diagnose(&c, true);
  check_diags(&c.diags);
  bool clean = c.graph && !diag_has_errors(&c.diags);
  if (clean) check_graph(c.graph);

  sink out;
  sink_open(&out);
  render_diagnostics(&c, size, out.f);
  if (clean && c.graph->nlayers <= OUTPUT_MAX_LAYERS) outputs(&c, analysed, out.f);
  sink_close(&out);
  free(out.text);
  compilation_fini(&c);
  return 0;
}

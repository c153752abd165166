/* The per-layer table (`--layers`): name, op, output shape, params and
 * MACs of every layer in graph order, then the totals; JSON adds each
 * layer's batchnorm statistics, activations, receptive field and jump.
 * Numbers are plain integers for scripts; an unknown value is "?" (null in
 * JSON). A layer with several outputs (slice) lists their shapes joined by
 * ';' (in JSON, one array per output). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "diag/render.h"
#include "passes/passes.h"
#include "util/buf.h"

enum { NUM_W = 24 };

static const char *count_str(char buf[NUM_W], int64_t v) {
  if (v < 0) return "?";
  snprintf(buf, NUM_W, "%" PRId64, v);
  return buf;
}

/* The output shapes of a layer, ';'-separated. */
static void shapes_str(buf *b, const ir_layer *l) {
  char s[SHAPE_BUF];
  static const ir_shape unknown = {0, {0, 0, 0}};
  b->len = 0;
  buf_puts(b, "");   /* empty, but terminated */
  for (uint32_t k = 0; k < l->noutputs; k++)
    buf_printf(b, "%s%s", k ? ";" : "", shape_format(s, l->shapes ? &l->shapes[k] : &unknown));
}

static const char *total_label(char *buf, size_t size, const cost_totals *t) {
  if (t->unknown) snprintf(buf, size, "(total, %" PRIu32 " unknown)", t->unknown);
  else snprintf(buf, size, "(total)");
  return buf;
}

/* ---- text and markdown ------------------------------------------------------ */

static size_t max_sz(size_t a, size_t b) { return a > b ? a : b; }

static void emit_text(FILE *out, const ir_graph *g, const cost_totals *t, bool md) {
  char p[NUM_W], m[NUM_W], label[64];
  size_t wn = 4, wo = 2, ws = 6, wp = 6, wm = 4;
  buf s = {0};
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    shapes_str(&s, l);
    wn = max_sz(wn, strlen(l->name));
    wo = max_sz(wo, strlen(ir_op_name(l->op)));
    ws = max_sz(ws, s.len);
    wp = max_sz(wp, strlen(count_str(p, l->cost.params)));
    wm = max_sz(wm, strlen(count_str(m, l->cost.macs)));
  }
  total_label(label, sizeof label, t);
  wn = max_sz(wn, strlen(label));
  wp = max_sz(wp, strlen(count_str(p, t->params)));
  wm = max_sz(wm, strlen(count_str(m, t->macs)));
  if (md) {
    fputs("| name | op | output | params | macs |\n|---|---|---|--:|--:|\n", out);
  } else {
    fprintf(out, "%-*s  %-*s  %-*s  %*s  %*s\n", (int)wn, "name", (int)wo, "op", (int)ws,
            "output", (int)wp, "params", (int)wm, "macs");
  }
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    shapes_str(&s, l);
    if (md)
      fprintf(out, "| %s | %s | %s | %s | %s |\n", l->name, ir_op_name(l->op), s.data,
              count_str(p, l->cost.params), count_str(m, l->cost.macs));
    else
      fprintf(out, "%-*s  %-*s  %-*s  %*s  %*s\n", (int)wn, l->name, (int)wo, ir_op_name(l->op),
              (int)ws, s.data, (int)wp, count_str(p, l->cost.params), (int)wm,
              count_str(m, l->cost.macs));
  }
  if (md)
    fprintf(out, "| %s | | | %s | %s |\n", label, count_str(p, t->params), count_str(m, t->macs));
  else
    fprintf(out, "%-*s  %-*s  %-*s  %*s  %*s\n", (int)wn, label, (int)wo, "", (int)ws, "",
            (int)wp, count_str(p, t->params), (int)wm, count_str(m, t->macs));
  buf_free(&s);
}

/* ---- csv ------------------------------------------------------------------------ */

/* A field, quoted when it holds a comma, a quote or a line end. */
static void csv_field(FILE *out, const char *s) {
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, out);
    return;
  }
  fputc('"', out);
  for (; *s; s++) {
    if (*s == '"') fputc('"', out);
    fputc(*s, out);
  }
  fputc('"', out);
}

static void emit_csv(FILE *out, const ir_graph *g, const cost_totals *t) {
  char p[NUM_W], m[NUM_W], label[64];
  buf s = {0};
  fputs("name,op,output,params,macs\n", out);
  for (uint32_t i = 0; i < g->nlayers; i++) {
    const ir_layer *l = &g->layers[i];
    shapes_str(&s, l);
    csv_field(out, l->name);
    fprintf(out, ",%s,%s,%s,%s\n", ir_op_name(l->op), s.data, count_str(p, l->cost.params),
            count_str(m, l->cost.macs));
  }
  fprintf(out, "%s,,,%s,%s\n", total_label(label, sizeof label, t), count_str(p, t->params),
          count_str(m, t->macs));
  buf_free(&s);
}

/* ---- json ------------------------------------------------------------------------ */

/* Names hold any bytes a prototxt string can; JSON is UTF-8, so invalid
 * sequences become U+FFFD (as in the diagnostics). */
static void put_json_string(FILE *out, const char *s) {
  buf q = {0};
  diag_json_quote(&q, s);
  fwrite(q.data, 1, q.len, out);
  buf_free(&q);
}

static void json_count(FILE *out, int64_t v) {
  if (v < 0) fputs("null", out);
  else fprintf(out, "%" PRId64, v);
}

static void json_layer(FILE *out, const ir_layer *l) {
  fputs("{\"name\": ", out);
  put_json_string(out, l->name);
  fprintf(out, ", \"op\": \"%s\", \"shapes\": [", ir_op_name(l->op));
  for (uint32_t k = 0; k < l->noutputs; k++) {
    const ir_shape *sh = l->shapes ? &l->shapes[k] : NULL;
    fputs(k ? ", " : "", out);
    if (!sh || sh->ndims == 0) {
      fputs("null", out);
      continue;
    }
    fputc('[', out);
    for (int i = 0; i < sh->ndims; i++) fprintf(out, "%s%" PRId64, i ? ", " : "", sh->d[i]);
    fputc(']', out);
  }
  fputs("], \"params\": ", out);
  json_count(out, l->cost.params);
  fputs(", \"macs\": ", out);
  json_count(out, l->cost.macs);
  fputs(", \"bn_params\": ", out);
  json_count(out, l->cost.bn_params);
  fputs(", \"activations\": ", out);
  json_count(out, l->cost.activations);
  for (int f = 0; f < 2; f++) {
    const int64_t *v = f ? l->cost.jump : l->cost.rf;
    fputs(f ? ", \"jump\": " : ", \"rf\": ", out);
    if (v[0] < 0 || v[1] < 0) fputs("null", out);
    else fprintf(out, "[%" PRId64 ", %" PRId64 "]", v[0], v[1]);
  }
  fputc('}', out);
}

static void json_totals(FILE *out, const ir_graph *g, const cost_totals *t) {
  fputs("{\"params\": ", out);
  json_count(out, t->params);
  fputs(", \"bn_params\": ", out);
  json_count(out, t->bn_params);
  fputs(", \"macs\": ", out);
  json_count(out, t->macs);
  fputs(", \"activations\": ", out);
  json_count(out, t->activations);
  fputs(", \"peak_activations\": ", out);
  json_count(out, t->peak_activations);
  fputs(", \"peak_layer\": ", out);
  if (g->nlayers) put_json_string(out, g->layers[t->peak_layer].name);
  else fputs("null", out);
  fprintf(out, ", \"unknown_layers\": %" PRIu32 "}", t->unknown);
}

static void emit_json(FILE *out, const ir_graph *g, const cost_totals *t) {
  fputs("{\n  \"network\": ", out);
  put_json_string(out, g->name);
  fputs(",\n  \"layers\": [", out);
  for (uint32_t i = 0; i < g->nlayers; i++) {
    fputs(i ? ",\n    " : "\n    ", out);
    json_layer(out, &g->layers[i]);
  }
  fputs(g->nlayers ? "\n  ],\n  \"totals\": " : "],\n  \"totals\": ", out);
  json_totals(out, g, t);
  fputs("\n}\n", out);
}

/* One object per line: the layers, then the totals. */
static void emit_jsonl(FILE *out, const ir_graph *g, const cost_totals *t) {
  for (uint32_t i = 0; i < g->nlayers; i++) {
    fputs("{\"network\": ", out);
    put_json_string(out, g->name);
    fputs(", \"layer\": ", out);
    json_layer(out, &g->layers[i]);
    fputs("}\n", out);
  }
  fputs("{\"network\": ", out);
  put_json_string(out, g->name);
  fputs(", \"totals\": ", out);
  json_totals(out, g, t);
  fputs("}\n", out);
}

void emit_layers(FILE *out, const ir_graph *g, out_format f) {
  cost_totals t = costs_total(g);
  switch (f) {
  case FORMAT_CSV: emit_csv(out, g, &t); break;
  case FORMAT_JSON: emit_json(out, g, &t); break;
  case FORMAT_JSONL: emit_jsonl(out, g, &t); break;
  case FORMAT_MARKDOWN: emit_text(out, g, &t, true); break;
  case FORMAT_DEFAULT:
  case FORMAT_TEXT: emit_text(out, g, &t, false); break;
  }
}

/* `archc --features`: one row of attributes per network, for populations
 * of 10^5 networks and more: files from the command line or a list, one
 * compilation at a time (memory does not grow with the population), a row
 * per network that compiles, diagnostics on stderr for the others. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attr/columns.h"
#include "attr/corrected.h"
#include "attr/ref.h"
#include "attr/ref_read.h"
#include "cli/cli.h"
#include "cli/report.h"
#include "diag/render.h"
#include "util/buf.h"
#include "util/num.h"
#include "util/xalloc.h"

/* A row holds the paper's columns, the extended ones, then the two
 * prediction columns of --predict. */
enum { NVALUES = ATTR_NCOLS + ATTR_NEXTENDED + 2, PREDICTED = ATTR_NCOLS + ATTR_NEXTENDED };

typedef struct columns {
  int idx[NVALUES];
  int n;
  bool extended;     /* needs the graph's analysis */
} columns;

static void choose(const cli_opts *o, columns *c) {
  const char *set = o->columns ? o->columns : "paper";
  c->n = 0;
  if (!strcmp(set, "paper32"))
    for (int i = 0; i < ATTR_NPAPER32; i++) c->idx[c->n++] = attr_paper32[i];
  if (!strcmp(set, "paper") || !strcmp(set, "all"))
    for (int i = 0; i < ATTR_NCOLS; i++) c->idx[c->n++] = i;
  c->extended = !strcmp(set, "extended") || !strcmp(set, "all");
  if (c->extended)
    for (int i = 0; i < ATTR_NEXTENDED; i++) c->idx[c->n++] = ATTR_NCOLS + i;
  if (o->predict) {
    c->idx[c->n++] = PREDICTED;
    c->idx[c->n++] = PREDICTED + 1;
  }
}

static const char *column_name(int i) {
  if (i >= PREDICTED) return i == PREDICTED ? "healthy_probability" : "predicted_accuracy";
  return i < ATTR_NCOLS ? attr_column_names[i] : attr_extended_names[i - ATTR_NCOLS];
}

/* JSON keys must differ: the two num_conv_features get suffixes there. */
static const char *json_name(int i) {
  if (i == 24) return "num_conv_features_min";
  if (i == 25) return "num_conv_features_max";
  return column_name(i);
}

/* A whole number in plain digits, as "%.0f" prints it (a negative zero
 * included), without printf's cost. */
static const char *whole(char out[NUM_BUF], double v) {
  char *p = out + NUM_BUF;
  *--p = '\0';
  uint64_t u = (uint64_t)fabs(v);
  do {
    *--p = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (signbit(v)) *--p = '-';
  return p;
}

static void put_value(buf *out, double v, bool json) {
  char text[NUM_BUF];
  if (isnan(v)) {
    buf_puts(out, json ? "null" : "");
  } else if (isinf(v)) {
    buf_puts(out, json ? "null" : v > 0 ? "inf" : "-inf");
  } else if (v == floor(v) && fabs(v) < 1e15) {
    /* whole numbers in plain digits: 202500, not 2.025e+05 */
    buf_puts(out, whole(text, v));
  } else {
    buf_puts(out, num_format(text, v));
  }
}

static void put_csv_field(buf *out, const char *s) {
  if (!strpbrk(s, ",\"\n\r")) {
    buf_puts(out, s);
    return;
  }
  buf_putc(out, '"');
  for (; *s; s++) {
    if (*s == '"') buf_putc(out, '"');
    buf_putc(out, *s);
  }
  buf_putc(out, '"');
}

/* A row is built in `line` and written in one call. */
static void print_row(FILE *out, buf *line, const char *file, const columns *c, const double *v,
                      bool json) {
  line->len = 0;
  if (json) {
    buf_puts(line, "{\"file\":");
    diag_json_quote(line, file);   /* file names hold any bytes */
    for (int k = 0; k < c->n; k++) {
      buf_puts(line, ",\"");
      buf_puts(line, json_name(c->idx[k]));
      buf_puts(line, "\":");
      put_value(line, v[c->idx[k]], true);
    }
    buf_puts(line, "}\n");
  } else {
    put_csv_field(line, file);
    for (int k = 0; k < c->n; k++) {
      buf_putc(line, ',');
      put_value(line, v[c->idx[k]], false);
    }
    buf_putc(line, '\n');
  }
  fwrite(line->data, 1, line->len, out);
}

/* The paper's columns with the reference extractor's rules, from the
 * prototxt as it reads it (not from the graph IR). */
static bool reference(compilation *c, const cli_opts *o, double *v) {
  if (!c->pb) {
    diag_add(&c->diags, DIAG_ERROR, "unsupported", NULL, (src_range){0, 0},
             "%s: the reference profile reads Caffe prototxt (write the network with "
             "'archc --emit prototxt' first)", c->src.name);
    return false;
  }
  const char *ds = o->compile.dataset;
  if (!ds) {
    diag_add(&c->diags, DIAG_ERROR, "missing-dataset", NULL, (src_range){0, 0},
             "the reference profile needs --dataset nova or --dataset minerva (its input "
             "shapes)");
    return false;
  }
  ref_net net;
  ref_read(&c->arena, c->pb, &net);
  return ref_attributes(&c->arena, &c->diags, &net,
                        strcmp(ds, "minerva") == 0 ? REF_MINERVA : REF_NOVA, v);
}

/* The attributes of one network; false (with diagnostics) if it has none. */
static bool attributes(compilation *c, const cli_opts *o, const columns *cols, double *v) {
  for (int i = 0; i < NVALUES; i++) v[i] = NAN;
  bool use_reference = o->profile && strcmp(o->profile, "reference") == 0;
  bool paper = cols->n > (cols->extended ? ATTR_NEXTENDED : 0);
  compilation_parse(c);
  if (diag_has_errors(&c->diags)) return false;
  if (use_reference && paper && !reference(c, o, v)) return false;
  /* The reference models read only the parsed prototxt: no analysis. */
  if (!use_reference || cols->extended || (o->predict && report_models_need_graph(o))) {
    if (!compilation_analyse(c)) return false;
    if (!use_reference) attr_corrected(c->graph, v);
    if (cols->extended) attr_extended(c->graph, v + ATTR_NCOLS);
  }
  if (o->predict) {
    /* The family's first classifier and first regressor, each with the
     * attribute profile it was trained on. */
    report_known known = {
        .corrected = use_reference ? NULL : v,
        .extended = cols->extended ? v + ATTR_NCOLS : NULL,
        .reference = use_reference && paper ? v : NULL,
    };
    report_data r;
    report_predict(&r, c, o, &known);
    for (size_t i = 0; i < r.nmodels; i++) {
      const prediction *p = &r.models[i].pred;
      double *dst = p->task == TASK_CLASSIFY ? &v[PREDICTED] : &v[PREDICTED + 1];
      if (isnan(*dst)) *dst = p->value;
    }
  }
  return true;
}

static bool not_a_note(const diag *d, void *ctx) {
  (void)ctx;
  return d->severity != DIAG_NOTE;
}

/* Reads the next line of `f` into *line (without its end); false at EOF. */
static bool next_line(FILE *f, char **line, size_t *cap) {
  ssize_t n = getline(line, cap, f);
  if (n < 0) return false;
  while (n > 0 && ((*line)[n - 1] == '\n' || (*line)[n - 1] == '\r')) (*line)[--n] = '\0';
  return true;
}

int cmd_features(const cli_opts *o, char **files, int nfiles) {
  columns cols;
  choose(o, &cols);
  bool json = o->format == FORMAT_JSON || o->format == FORMAT_JSONL;
  if (o->format && !json && o->format != FORMAT_CSV) {
    fputs("archc: --features writes csv or jsonl\n", stderr);
    return EXIT_USAGE;
  }
  FILE *list = NULL;
  if (o->files_from) {
    list = strcmp(o->files_from, "-") == 0 ? stdin : fopen(o->files_from, "r");
    if (!list) {
      fprintf(stderr, "archc: error: cannot open %s\n", o->files_from);
      return EXIT_ERRORS;
    }
  }
  if (!json) {
    fputs("file", stdout);
    for (int k = 0; k < cols.n; k++) printf(",%s", column_name(cols.idx[k]));
    putchar('\n');
  }
  bool progress = isatty(STDERR_FILENO);
  int status = EXIT_OK;
  char *line = NULL;
  size_t cap = 0, done = 0;
  buf row = {0};
  for (int i = 0;; i++) {
    const char *path;
    if (i < nfiles) {
      path = files[i];
    } else if (list && next_line(list, &line, &cap)) {
      if (!*line) continue;
      path = line;
    } else {
      break;
    }
    compilation c;
    compilation_init(&c, o->max_errors);
    c.opts = o->compile;
    double v[NVALUES];
    bool ok = compilation_read(&c, path) && attributes(&c, o, &cols, v);
    /* Notes would repeat on every network of a population: warnings and
     * errors only. */
    diag_filter(&c.diags, not_a_note, NULL);
    if (cli_flush_diagnostics(&c, o) || !ok) status = EXIT_ERRORS;
    else print_row(stdout, &row, path, &cols, v, json);
    compilation_fini(&c);
    if (progress && ++done % 100 == 0) fprintf(stderr, "\rarchc: %zu networks", done);
  }
  if (progress && done >= 100) fputc('\n', stderr);
  free(line);
  buf_free(&row);
  if (list && list != stdin) fclose(list);
  if (fflush(stdout) != 0) status = EXIT_ERRORS;
  return status;
}

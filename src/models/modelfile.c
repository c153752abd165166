#include "models/modelfile.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/num.h"
#include "util/xalloc.h"

enum { FORMAT_VERSION = 1 };
/* Bounds on what a file may ask to allocate before its data is read. */
enum { MAX_FEATURES = 1024, MAX_TERMS = 4096 };

/* --- writing ------------------------------------------------------------- */

static void put_num(FILE *out, double x, const char *sep) {
  char b[NUM_BUF];
  fputs(num_format(b, x), out);
  fputs(sep, out);
}

static void put_row(FILE *out, const double *v, size_t n) {
  for (size_t i = 0; i < n; i++) put_num(out, v[i], i + 1 < n ? " " : "");
  fputc('\n', out);
}

/* Line breaks would end a text field early. */
static void put_text(FILE *out, const char *key, const char *s) {
  fprintf(out, "%s ", key);
  for (s = s ? s : ""; *s; s++) fputc(*s == '\n' || *s == '\r' ? ' ' : *s, out);
  fputc('\n', out);
}

int model_save(const model *m, FILE *out) {
  size_t p = m->nfeatures;
  const train_params *tp = &m->params;
  fprintf(out, "archc-model %d\n", FORMAT_VERSION);
  put_text(out, "name", m->name);
  put_text(out, "description", m->description);
  fprintf(out, "kind %s\ntask %s\n", model_kind_name(m->kind), model_task_name(m->task));
  put_text(out, "target", m->target);
  fputs("threshold ", out);
  put_num(out, m->threshold, "\n");
  fputs("resid_q90 ", out);
  put_num(out, m->resid_q90, "\n");
  if (m->quality_metric) {
    fprintf(out, "quality %s ", m->quality_metric);
    put_num(out, m->quality, " ");
    fprintf(out, "%zu\n", m->quality_n);
  }
  fprintf(out, "params %zu %zu %zu %zu %zu %d %d %d %lu\n", tp->trees, tp->max_depth,
          tp->min_split, tp->min_leaf, tp->max_features, tp->bootstrap, tp->interactions,
          tp->box_cox, tp->seed);
  fprintf(out, "features %zu\n", p);
  for (size_t j = 0; j < p; j++) {
    put_num(out, m->fill[j], " ");
    put_num(out, m->domain.min[j], " ");
    put_num(out, m->domain.max[j], " ");
    fprintf(out, "%s\n", m->features[j]);
  }
  fputs("domain ", out);
  put_num(out, m->domain.shrink, " ");
  put_num(out, m->domain.limit, "\n");
  put_row(out, m->domain.center, p);
  put_row(out, m->domain.scale, p);
  for (size_t j = 0; j < p; j++) put_row(out, m->domain.precision + j * p, p);
  if (m->kind == MODEL_OLS) {
    const ols_fit *o = &m->ols;
    fprintf(out, "ols %d %d ", o->interactions, o->box_cox);
    put_num(out, o->lambda, " ");
    fprintf(out, "%zu ", o->nterms);
    put_num(out, o->sigma, " ");
    put_num(out, o->df, " ");
    put_num(out, o->t90, " ");
    fprintf(out, "%zu\n", o->rank);
    put_row(out, o->center, p);
    put_row(out, o->scale, p);
    for (size_t k = 0; k < o->nterms; k++) {
      put_num(out, o->coef[k], " ");
      put_num(out, o->se[k], "\n");
    }
    for (size_t k = 0; k < o->nterms; k++) put_row(out, o->cov + k * o->nterms, o->nterms);
  } else {
    const forest *f = &m->forest;
    fprintf(out, "forest %zu\n", f->ntrees);
    for (size_t t = 0; t < f->ntrees; t++) {
      fprintf(out, "tree %lu\n", (unsigned long)(f->start[t + 1] - f->start[t]));
      for (uint32_t i = f->start[t]; i < f->start[t + 1]; i++) {
        const tree_node *nd = &f->nodes[i];
        fprintf(out, "%ld %lu ", (long)nd->feature, (unsigned long)nd->right);
        put_num(out, nd->value, "\n");
      }
    }
  }
  fputs("end\n", out);
  return ferror(out) ? -1 : 0;
}

int model_save_file(const model *m, const char *path, char *err, size_t errlen) {
  FILE *f = fopen(path, "w");
  if (!f) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return -1;
  }
  int bad = model_save(m, f);
  if (fclose(f) != 0) bad = -1;
  if (bad) snprintf(err, errlen, "%s: cannot write", path);
  return bad;
}

/* --- reading ------------------------------------------------------------- */

typedef struct reader {
  char *text;
  size_t pos, line;
  char *err;
  size_t errlen;
  bool failed;
  char word[64];
} reader;

static void fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(reader *r, const char *fmt, ...) {
  if (r->failed) return;
  r->failed = true;
  int n = snprintf(r->err, r->errlen, "line %zu: ", r->line);
  va_list ap;
  va_start(ap, fmt);
  if (n >= 0 && (size_t)n < r->errlen) vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
  va_end(ap);
}

/* The next space-separated word on the current line ("" at its end),
 * copied so that the text keeps its line ends. */
static const char *word(reader *r) {
  const char *s = r->text + r->pos;
  while (*s == ' ') s++;
  size_t n = 0;
  while (s[n] && s[n] != ' ' && s[n] != '\n') n++;
  r->pos = (size_t)(s + n - r->text);
  if (n >= sizeof r->word) {
    fail(r, "a word is too long");
    n = 0;
  }
  memcpy(r->word, s, n);
  r->word[n] = '\0';
  return r->word;
}

static void end_line(reader *r) {
  while (r->text[r->pos] == ' ') r->pos++;
  if (r->text[r->pos] != '\n') {
    if (r->text[r->pos]) fail(r, "unexpected text at the end of the line");
    else fail(r, "unexpected end of file");
    return;
  }
  r->pos++;
  r->line++;
}

static void expect(reader *r, const char *key) {
  const char *w = word(r);
  if (strcmp(w, key) != 0) fail(r, "expected '%s'", key);
}

static double number(reader *r) {
  const char *w = word(r);
  char *end;
  double v = strtod(w, &end);
  if (*w == '\0' || *end) fail(r, "expected a number");
  return v;
}

static size_t count(reader *r) {
  const char *w = word(r);
  char *end;
  unsigned long long v = strtoull(w, &end, 10);
  if (*w < '0' || *w > '9' || *end || v > UINT32_MAX) fail(r, "expected a count");
  return (size_t)v;
}

static const char *rest_of_line(reader *r, arena *mem) {
  char *s = r->text + r->pos;
  if (*s == ' ') s++;
  char *e = strchr(s, '\n');
  if (!e) {
    fail(r, "unexpected end of file");
    return "";
  }
  r->pos = (size_t)(e - r->text);
  return arena_strndup(mem, s, (size_t)(e - s));
}

static const char *text_field(reader *r, arena *mem, const char *key) {
  expect(r, key);
  const char *s = r->failed ? "" : rest_of_line(r, mem);
  end_line(r);
  return s;
}

static double *numbers(reader *r, arena *mem, size_t n) {
  double *v = arena_calloc(mem, n ? n : 1, sizeof *v);
  for (size_t i = 0; i < n && !r->failed; i++) v[i] = number(r);
  end_line(r);
  return v;
}

static void read_forest(reader *r, model *m) {
  size_t nt = count(r);
  end_line(r);
  uint32_t *start = arena_calloc(&m->mem, nt + 1, sizeof *start);
  tree_node *nodes = NULL;
  size_t len = 0, cap = 0;
  for (size_t t = 0; t < nt && !r->failed; t++) {
    expect(r, "tree");
    size_t nn = count(r);
    end_line(r);
    start[t] = (uint32_t)len;
    if (nn == 0) fail(r, "a tree has at least one node");
    for (size_t i = 0; i < nn && !r->failed; i++) {
      nodes = xgrow(nodes, &cap, len + 1, sizeof *nodes);
      const char *w = word(r);
      char *end;
      long f = strtol(w, &end, 10);
      if (*w == '\0' || *end || f < -1 || f >= (long)m->nfeatures) fail(r, "bad feature index");
      size_t right = count(r);
      double v = number(r);
      end_line(r);
      /* Children must lie after the node and inside the tree: then every
       * walk from the root ends at a leaf. */
      if (f >= 0 && (right <= i + 1 || right >= nn)) fail(r, "bad child index");
      nodes[len++] = (tree_node){(int32_t)f, (uint32_t)(f >= 0 ? right : 0), v};
    }
    if (!r->failed && nodes[len - 1].feature >= 0) fail(r, "a tree must end with a leaf");
  }
  start[nt] = (uint32_t)len;
  tree_node *owned = arena_calloc(&m->mem, len ? len : 1, sizeof *owned);
  if (len) memcpy(owned, nodes, len * sizeof *owned);
  free(nodes);
  m->forest = (forest){nt, start, owned};
}

static void read_ols(reader *r, model *m) {
  ols_fit *o = &m->ols;
  size_t p = m->nfeatures;
  o->interactions = count(r) != 0;
  o->box_cox = count(r) != 0;
  o->lambda = number(r);
  o->nterms = count(r);
  o->sigma = number(r);
  o->df = number(r);
  o->t90 = number(r);
  o->rank = count(r);
  end_line(r);
  size_t q = o->nterms;
  if (!r->failed && q != 1 + p + (o->interactions ? p * (p - (p > 0)) / 2 : 0))
    fail(r, "wrong number of terms");
  if (q > MAX_TERMS) fail(r, "too many terms");
  if (r->failed) return;
  o->center = numbers(r, &m->mem, p);
  o->scale = numbers(r, &m->mem, p);
  double *coef = arena_calloc(&m->mem, q, sizeof *coef);
  double *se = arena_calloc(&m->mem, q, sizeof *se);
  for (size_t k = 0; k < q && !r->failed; k++) {
    coef[k] = number(r);
    se[k] = number(r);
    end_line(r);
  }
  double *cov = arena_calloc(&m->mem, q * q, sizeof *cov);
  for (size_t k = 0; k < q && !r->failed; k++) {
    for (size_t l = 0; l < q && !r->failed; l++) cov[k * q + l] = number(r);
    end_line(r);
  }
  o->coef = coef;
  o->se = se;
  o->cov = cov;
}

/* The optional quality line; files written before it existed, or of
 * models never scored, have none. */
static void read_quality(reader *r, model *m) {
  m->quality = NAN;
  size_t at = r->pos;
  if (strcmp(word(r), "quality") != 0) {
    r->pos = at;
    return;
  }
  const char *w = word(r);
  if (!*w) fail(r, "expected a metric");
  m->quality_metric = arena_strdup(&m->mem, w);
  m->quality = number(r);
  m->quality_n = count(r);
  end_line(r);
}

static void read_model(reader *r, model *m) {
  expect(r, "archc-model");
  if (!r->failed && count(r) != FORMAT_VERSION) fail(r, "unknown format version");
  end_line(r);
  m->name = text_field(r, &m->mem, "name");
  m->description = text_field(r, &m->mem, "description");
  expect(r, "kind");
  int k = model_kind_parse(word(r));
  if (k < 0) fail(r, "unknown model kind");
  end_line(r);
  expect(r, "task");
  int t = model_task_parse(word(r));
  if (t < 0) fail(r, "unknown task");
  end_line(r);
  if (r->failed) return;
  m->kind = (model_kind)k;
  m->task = (model_task)t;
  m->target = text_field(r, &m->mem, "target");
  expect(r, "threshold");
  m->threshold = number(r);
  end_line(r);
  expect(r, "resid_q90");
  m->resid_q90 = number(r);
  end_line(r);
  read_quality(r, m);
  train_params *tp = &m->params;
  expect(r, "params");
  tp->kind = m->kind;
  tp->task = m->task;
  tp->trees = count(r);
  tp->max_depth = count(r);
  tp->min_split = count(r);
  tp->min_leaf = count(r);
  tp->max_features = count(r);
  tp->bootstrap = count(r) != 0;
  tp->interactions = count(r) != 0;
  tp->box_cox = count(r) != 0;
  tp->seed = (unsigned long)count(r);
  end_line(r);
  expect(r, "features");
  size_t p = count(r);
  end_line(r);
  if (p > MAX_FEATURES) fail(r, "too many features");
  if (r->failed) return;
  m->nfeatures = p;
  const char **names = arena_calloc(&m->mem, p ? p : 1, sizeof *names);
  double *fill = arena_calloc(&m->mem, p ? p : 1, sizeof *fill);
  double *lo = arena_calloc(&m->mem, p ? p : 1, sizeof *lo);
  double *hi = arena_calloc(&m->mem, p ? p : 1, sizeof *hi);
  for (size_t j = 0; j < p && !r->failed; j++) {
    fill[j] = number(r);
    lo[j] = number(r);
    hi[j] = number(r);
    names[j] = r->failed ? "" : rest_of_line(r, &m->mem);
    end_line(r);
  }
  m->features = names;
  m->fill = fill;
  expect(r, "domain");
  m->domain.shrink = number(r);
  m->domain.limit = number(r);
  end_line(r);
  if (r->failed) return;
  m->domain.min = lo;
  m->domain.max = hi;
  m->domain.center = numbers(r, &m->mem, p);
  m->domain.scale = numbers(r, &m->mem, p);
  double *prec = arena_calloc(&m->mem, p * p, sizeof *prec);
  for (size_t j = 0; j < p && !r->failed; j++) {
    for (size_t l = 0; l < p && !r->failed; l++) prec[j * p + l] = number(r);
    end_line(r);
  }
  m->domain.precision = prec;
  if (r->failed) return;
  if (m->kind == MODEL_OLS) {
    expect(r, "ols");
    if (!r->failed) read_ols(r, m);
  } else {
    expect(r, "forest");
    if (!r->failed) read_forest(r, m);
  }
  expect(r, "end");
  end_line(r);
}

int model_load(model *m, FILE *in, char *err, size_t errlen) {
  *m = (model){0};
  arena_init(&m->mem);
  buf b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, in)) > 0) buf_put(&b, chunk, n);
  if (ferror(in)) {
    buf_free(&b);
    snprintf(err, errlen, "read error");
    return -1;
  }
  buf_putc(&b, '\0');
  reader r = {.text = b.data, .line = 1, .err = err, .errlen = errlen};
  /* Windows line ends read as Unix ones. */
  for (char *s = r.text, *d = r.text;; s++) {
    if (*s == '\r' && s[1] == '\n') continue;
    *d++ = *s;
    if (!*s) break;
  }
  read_model(&r, m);
  buf_free(&b);
  if (r.failed) {
    model_free(m);
    *m = (model){0};
    return -1;
  }
  return 0;
}

int model_load_file(model *m, const char *path, char *err, size_t errlen) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return -1;
  }
  char inner[512];
  int status = model_load(m, f, inner, sizeof inner);
  if (f != stdin) fclose(f);
  if (status) snprintf(err, errlen, "%s: %s", path, inner);
  return status;
}

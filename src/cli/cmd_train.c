/* `archc train`: fits a model to network features and measured
 * accuracies, prints its cross-validated and held-out metrics, and saves
 * it as a model file or as C tables for compiling into archc. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "models/codegen.h"
#include "models/cv.h"
#include "models/dataset.h"
#include "models/evaluate.h"
#include "models/forest.h"
#include "models/modelfile.h"
#include "models/sample.h"
#include "models/ols.h"
#include "models/sort.h"
#include "models/train.h"
#include "util/buf.h"
#include "util/num.h"
#include "util/xalloc.h"

static const char usage[] =
  "usage: archc train --features FILE --target [FILE:]COLUMN [OPTIONS]\n"
  "\n"
  "Fits a model that predicts a network's trainability (classify) or accuracy\n"
  "(regress) from its attributes, and prints its cross-validated and held-out\n"
  "metrics as 'name value' lines.\n"
  "\n"
  "Data:\n"
  "  --features FILE        attributes, one row per network (archc --features\n"
  "                         output, or the paper's CSV); '-': standard input\n"
  "  --key COLUMN           the column naming each network (default: the first)\n"
  "  --target [FILE:]COLUMN what to predict: a column of the features file, or of\n"
  "                         FILE, joined by network name\n"
  "  --target-key COLUMN    FILE's column of network names (default: the first);\n"
  "                         '#' matches the last number in a network's name with\n"
  "                         FILE's row number (0 for the first row)\n"
  "  --columns LIST         the features: paper32 (the paper's 32, the default) or\n"
  "                         names separated by commas\n"
  "\n"
  "Task and model:\n"
  "  --task T               classify (healthy or broken) or regress (default)\n"
  "  --threshold X          classify: healthy if the target is >= X (otherwise the\n"
  "                         target must be 0 or 1); regress: use only networks\n"
  "                         with a target >= X\n"
  "  --model M              forest (default), extratrees or ols\n"
  "  --trees N              trees in a forest (default 200)\n"
  "  --max-depth N          deepest level of a tree; 0: no limit (default)\n"
  "  --min-split N          fewest networks a node needs to be split (default 2)\n"
  "  --min-leaf N           fewest networks on each side of a split (default 1)\n"
  "  --max-features F       features tried per split: a count, a fraction of them\n"
  "                         (0.5), sqrt, log2 or all (default: sqrt to classify,\n"
  "                         all to regress)\n"
  "  --bootstrap, --no-bootstrap\n"
  "                         draw each tree's networks with replacement (default:\n"
  "                         yes for forest, no for extratrees)\n"
  "  --interactions         ols: add the products of pairs of features\n"
  "  --box-cox              ols: Box-Cox transform the target, lambda by maximum\n"
  "                         likelihood\n"
  "\n"
  "Validation:\n"
  "  --folds K              K-fold cross-validation of the training networks\n"
  "                         (default 5; 0: none); stratified to classify\n"
  "  --holdout F            hold out this fraction of the networks (default 0.2;\n"
  "                         stratified to classify)\n"
  "  --train-list FILE      train on the networks named in FILE (one per line)\n"
  "                         and hold out all the others, instead of --holdout\n"
  "  --seed N               seed of every random choice (default 1)\n"
  "\n"
  "Output:\n"
  "  --out FILE             save the model (trained on the training networks)\n"
  "  --emit-c NAME          write it as C tables to DIR/NAME.c, defining\n"
  "                         model_NAME\n"
  "  --emit-dir DIR         where --emit-c writes (default src/models/generated)\n"
  "  --name NAME            the model's name (default: NAME of --emit-c)\n"
  "  --description TEXT     what the model predicts, from what data\n"
  "  --predictions FILE     write the cross-validated and held-out predictions\n"
  "                         as CSV\n"
  "  --timing               print training and prediction times on stderr\n"
  "                         (wall clock, and CPU time of the process)\n"
  "  -h, --help             print this help and exit\n"
  "\n"
  "Networks without a target value are left out; a missing feature value is\n"
  "replaced by the training median. Results depend on the seed only.\n";

enum {
  OPT_FEATURES = 256, OPT_KEY, OPT_TARGET, OPT_TARGET_KEY, OPT_COLUMNS, OPT_TASK,
  OPT_THRESHOLD, OPT_MODEL, OPT_TREES, OPT_MAX_DEPTH, OPT_MIN_SPLIT, OPT_MIN_LEAF,
  OPT_MAX_FEATURES, OPT_BOOTSTRAP, OPT_NO_BOOTSTRAP, OPT_INTERACTIONS, OPT_BOX_COX,
  OPT_FOLDS, OPT_HOLDOUT, OPT_TRAIN_LIST, OPT_SEED, OPT_OUT, OPT_EMIT_C, OPT_EMIT_DIR,
  OPT_NAME, OPT_DESCRIPTION, OPT_PREDICTIONS, OPT_TIMING,
};

static const struct option longopts[] = {
  {"help", no_argument, NULL, 'h'},
  {"features", required_argument, NULL, OPT_FEATURES},
  {"key", required_argument, NULL, OPT_KEY},
  {"target", required_argument, NULL, OPT_TARGET},
  {"target-key", required_argument, NULL, OPT_TARGET_KEY},
  {"columns", required_argument, NULL, OPT_COLUMNS},
  {"task", required_argument, NULL, OPT_TASK},
  {"threshold", required_argument, NULL, OPT_THRESHOLD},
  {"model", required_argument, NULL, OPT_MODEL},
  {"trees", required_argument, NULL, OPT_TREES},
  {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
  {"min-split", required_argument, NULL, OPT_MIN_SPLIT},
  {"min-leaf", required_argument, NULL, OPT_MIN_LEAF},
  {"max-features", required_argument, NULL, OPT_MAX_FEATURES},
  {"bootstrap", no_argument, NULL, OPT_BOOTSTRAP},
  {"no-bootstrap", no_argument, NULL, OPT_NO_BOOTSTRAP},
  {"interactions", no_argument, NULL, OPT_INTERACTIONS},
  {"box-cox", no_argument, NULL, OPT_BOX_COX},
  {"folds", required_argument, NULL, OPT_FOLDS},
  {"holdout", required_argument, NULL, OPT_HOLDOUT},
  {"train-list", required_argument, NULL, OPT_TRAIN_LIST},
  {"seed", required_argument, NULL, OPT_SEED},
  {"out", required_argument, NULL, OPT_OUT},
  {"emit-c", required_argument, NULL, OPT_EMIT_C},
  {"emit-dir", required_argument, NULL, OPT_EMIT_DIR},
  {"name", required_argument, NULL, OPT_NAME},
  {"description", required_argument, NULL, OPT_DESCRIPTION},
  {"predictions", required_argument, NULL, OPT_PREDICTIONS},
  {"timing", no_argument, NULL, OPT_TIMING},
  {NULL, 0, NULL, 0},
};

/* The random streams of a run (see cv_stream_seed). */
enum { STREAM_HOLDOUT = 1, STREAM_FOLDS = 2 };

typedef struct train_opts {
  dataset_spec data;
  train_params tp;
  const char *max_features;  /* as written; resolved once p is known */
  int bootstrap;             /* -1: the model's default */
  double threshold;          /* NaN: none */
  size_t folds;
  double holdout;
  const char *train_list;
  const char *out, *emit_c, *emit_dir, *name, *description, *predictions;
  bool timing;
} train_opts;

static int bad_usage(const char *fmt, const char *arg) {
  fputs("archc train: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\nTry 'archc train --help' for more information.\n", stderr);
  return EXIT_USAGE;
}

static bool parse_size(const char *s, size_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (*s < '0' || *s > '9' || *end || errno || v > UINT32_MAX) return false;
  *out = (size_t)v;
  return true;
}

static bool parse_real(const char *s, double *out) {
  char *end;
  double v = strtod(s, &end);
  if (*s == '\0' || *end || !isfinite(v)) return false;
  *out = v;
  return true;
}

static int parse_options(train_opts *o, int argc, char **argv) {
  *o = (train_opts){.threshold = NAN, .folds = 5, .holdout = 0.2, .bootstrap = -1,
                    .emit_dir = "src/models/generated"};
  o->tp = (train_params){.kind = MODEL_FOREST, .task = TASK_REGRESS, .trees = 200,
                         .min_split = 2, .min_leaf = 1, .seed = 1};
  const char *target = NULL;
  bool holdout_set = false;
  optind = 1;
  opterr = 0;
  int ch;
  while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
    size_t n;
    double x;
    int w;
    switch (ch) {
    case 'h': fputs(usage, stdout); return EXIT_OK;
    case OPT_FEATURES: o->data.features = optarg; break;
    case OPT_KEY: o->data.key = optarg; break;
    case OPT_TARGET: target = optarg; break;
    case OPT_TARGET_KEY: o->data.target_key = optarg; break;
    case OPT_COLUMNS: o->data.columns = optarg; break;
    case OPT_TASK:
      if ((w = model_task_parse(optarg)) < 0) return bad_usage("unknown task '%s'", optarg);
      o->tp.task = (model_task)w;
      break;
    case OPT_MODEL:
      if ((w = model_kind_parse(optarg)) < 0) return bad_usage("unknown model '%s'", optarg);
      o->tp.kind = (model_kind)w;
      break;
    case OPT_THRESHOLD:
      if (!parse_real(optarg, &o->threshold)) return bad_usage("--threshold takes a number, not '%s'", optarg);
      break;
#define SIZE(field, what)                                                       \
      if (!parse_size(optarg, &n)) return bad_usage(what " takes a whole number, not '%s'", optarg); \
      field = n;                                                                \
      break;
    case OPT_TREES: SIZE(o->tp.trees, "--trees")
    case OPT_MAX_DEPTH: SIZE(o->tp.max_depth, "--max-depth")
    case OPT_MIN_SPLIT: SIZE(o->tp.min_split, "--min-split")
    case OPT_MIN_LEAF: SIZE(o->tp.min_leaf, "--min-leaf")
    case OPT_FOLDS: SIZE(o->folds, "--folds")
#undef SIZE
    case OPT_SEED:
      if (!parse_size(optarg, &n)) return bad_usage("--seed takes a whole number, not '%s'", optarg);
      o->tp.seed = (unsigned long)n;
      break;
    case OPT_MAX_FEATURES:
      if (!forest_parse_max_features(optarg, 1000, &n))
        return bad_usage("--max-features takes a count, a fraction, sqrt, log2 or all, not '%s'", optarg);
      o->max_features = optarg;
      break;
    case OPT_BOOTSTRAP: o->bootstrap = 1; break;
    case OPT_NO_BOOTSTRAP: o->bootstrap = 0; break;
    case OPT_INTERACTIONS: o->tp.interactions = true; break;
    case OPT_BOX_COX: o->tp.box_cox = true; break;
    case OPT_HOLDOUT:
      if (!parse_real(optarg, &x) || x < 0 || x >= 1)
        return bad_usage("--holdout takes a fraction from 0 to below 1, not '%s'", optarg);
      o->holdout = x;
      holdout_set = true;
      break;
    case OPT_TRAIN_LIST: o->train_list = optarg; break;
    case OPT_OUT: o->out = optarg; break;
    case OPT_EMIT_C:
      if (!codegen_ident_ok(optarg)) return bad_usage("--emit-c takes a C identifier, not '%s'", optarg);
      o->emit_c = optarg;
      break;
    case OPT_EMIT_DIR: o->emit_dir = optarg; break;
    case OPT_NAME: o->name = optarg; break;
    case OPT_DESCRIPTION: o->description = optarg; break;
    case OPT_PREDICTIONS: o->predictions = optarg; break;
    case OPT_TIMING: o->timing = true; break;
    case ':': return bad_usage("%s needs a value", argv[optind - 1]);
    default: return bad_usage("unknown option '%s'", argv[optind - 1]);
    }
  }
  if (optind < argc) return bad_usage("unexpected argument '%s'", argv[optind]);
  if (!o->data.features) return bad_usage("%s", "--features is required");
  if (!target) return bad_usage("%s", "--target is required");
  const char *colon = strrchr(target, ':');
  if (colon) {
    o->data.target_file = xstrdup(target);
    ((char *)o->data.target_file)[colon - target] = '\0';
    o->data.target = colon + 1;
    if (!*o->data.target_file || !*o->data.target)
      return bad_usage("--target takes FILE:COLUMN or COLUMN, not '%s'", target);
  } else {
    o->data.target = target;
  }
  if (o->data.target_key && !o->data.target_file)
    return bad_usage("%s", "--target-key goes with --target FILE:COLUMN");
  if (o->train_list && holdout_set)
    return bad_usage("%s", "--holdout and --train-list exclude each other");
  if (o->train_list) o->holdout = 0;
  if (o->tp.kind == MODEL_OLS && o->tp.task == TASK_CLASSIFY)
    return bad_usage("%s", "ols is a regression model: use --task regress");
  if (o->tp.kind != MODEL_OLS && (o->tp.interactions || o->tp.box_cox))
    return bad_usage("%s", "--interactions and --box-cox go with --model ols");
  if (o->tp.trees == 0) return bad_usage("%s", "--trees must be at least 1");
  if (o->folds == 1) return bad_usage("%s", "--folds must be 0 (none) or at least 2");
  o->tp.bootstrap = o->bootstrap < 0 ? o->tp.kind == MODEL_FOREST : o->bootstrap == 1;
  if (o->tp.kind == MODEL_OLS) o->tp.bootstrap = false;
  if (o->tp.min_split < 2) o->tp.min_split = 2;
  if (o->tp.min_leaf < 1) o->tp.min_leaf = 1;
  return -1;
}

/* --- output ------------------------------------------------------------- */

static void put(const char *key, double v) {
  char b[NUM_BUF];
  printf("%s %s\n", key, num_format(b, v));
}

static void put_metrics(const char *prefix, model_task task, const double *mean,
                        const double *sd, bool heldout) {
  char key[128];
  for (int i = 0; i < MET_COUNT; i++) {
    if (!metric_applies((metric_id)i, task)) continue;
    /* Coverage is only meaningful for the final model's intervals. */
    if (!heldout && (i == MET_COVERAGE90 || i == MET_WIDTH90)) continue;
    snprintf(key, sizeof key, "%s.%s", prefix, metric_name((metric_id)i));
    put(key, mean[i]);
    if (sd) {
      snprintf(key, sizeof key, "%s.%s.sd", prefix, metric_name((metric_id)i));
      put(key, sd[i]);
    }
  }
}

static void put_cv(const double *per_fold, size_t k, model_task task) {
  double mean[MET_COUNT], sd[MET_COUNT];
  evaluate_summary(per_fold, k, mean, sd);
  put_metrics("cv", task, mean, sd, false);
}

static int by_importance(const void *a, const void *b) {
  const sort_pair *x = a, *y = b;
  if (x->key != y->key) return x->key > y->key ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static void put_model_details(const model *m, const double *importance) {
  size_t p = m->nfeatures;
  char key[512], term[512], b1[NUM_BUF], b2[NUM_BUF];
  if (m->kind == MODEL_OLS) {
    const ols_fit *o = &m->ols;
    if (o->box_cox) put("ols.lambda", o->lambda);
    printf("ols.terms %zu\nols.rank %zu\n", o->nterms, o->rank);
    put("ols.sigma", o->sigma);
    put("ols.df", o->df);
    for (size_t k = 0; k < o->nterms; k++) {
      snprintf(key, sizeof key, "coef.%s", ols_term_name(k, p, m->features, term, sizeof term));
      printf("%s %s %s\n", key, num_format(b1, o->coef[k]), num_format(b2, o->se[k]));
    }
    return;
  }
  printf("forest.nodes %lu\n", (unsigned long)m->forest.start[m->forest.ntrees]);
  sort_pair *order = xmalloc((p + 1) * sizeof *order);
  for (size_t j = 0; j < p; j++) order[j] = (sort_pair){importance[j], (uint32_t)j};
  qsort(order, p, sizeof *order, by_importance);
  for (size_t j = 0; j < p; j++) {
    snprintf(key, sizeof key, "importance.%s", m->features[order[j].index]);
    put(key, order[j].key);
  }
  free(order);
}

static void csv_field(FILE *f, const char *s) {
  if (!strpbrk(s, ",\"\n\r")) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

static void prediction_row(FILE *f, const sample *r, size_t i, const char *set,
                           const prediction *pr) {
  char b[NUM_BUF];
  csv_field(f, r->keys[i]);
  fprintf(f, ",%s,%s", set, num_format(b, r->target[i]));
  fprintf(f, ",%s", num_format(b, r->y[i]));
  fprintf(f, ",%s", num_format(b, pr->value));
  fprintf(f, ",%s", num_format(b, pr->lo));
  fprintf(f, ",%s", num_format(b, pr->hi));
  fprintf(f, ",%s,%d\n", num_format(b, pr->distance), pr->in_domain);
}

static double clock_s(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double now(void) { return clock_s(CLOCK_MONOTONIC); }
/* On a shared machine the CPU time hardly depends on the other work. */
static double cpu_now(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

/* --- the command -------------------------------------------------------- */

static int save_outputs(model *m, const train_opts *o, int argc, char **argv) {
  char err[1024];
  if (o->out && model_save_file(m, o->out, err, sizeof err)) {
    fprintf(stderr, "archc train: %s\n", err);
    return -1;
  }
  if (o->emit_c) {
    buf path = {0};
    buf_printf(&path, "%s/%s.c", o->emit_dir, o->emit_c);
    FILE *f = fopen(path.data, "w");
    char *prov = codegen_provenance(argc, argv);
    int bad = !f || model_emit_c(m, o->emit_c, prov, f) != 0;
    if (f && fclose(f) != 0) bad = 1;
    if (bad) fprintf(stderr, "archc train: %s: cannot write\n", path.data);
    free(prov);
    buf_free(&path);
    if (bad) return -1;
  }
  return 0;
}

static int run(const train_opts *o, int argc, char **argv) {
  char err[1024];
  dataset d;
  if (dataset_load(&d, &o->data, err, sizeof err)) {
    fprintf(stderr, "archc train: %s\n", err);
    return EXIT_ERRORS;
  }
  train_params tp = o->tp;
  forest_parse_max_features(o->max_features, d.p, &tp.max_features);
  sample r;
  size_t missing = 0;
  int status = EXIT_ERRORS;
  if (sample_select(&r, &d, tp.task, o->threshold, err, sizeof err) ||
      (o->train_list && sample_split_list(&r, o->train_list, err, sizeof err))) {
    fprintf(stderr, "archc train: %s\n", err);
    goto done;
  }
  if (!o->train_list)
    sample_split_random(&r, o->holdout, tp.task == TASK_CLASSIFY,
                        cv_stream_seed(tp.seed, STREAM_HOLDOUT));
  if (r.ntrain < 2) {
    fprintf(stderr, "archc train: %zu training networks; at least 2 are needed\n", r.ntrain);
    goto done;
  }
  for (size_t i = 0; i < r.n * r.p; i++) missing += isnan(r.x[i]);

  printf("model %s\ntask %s\ntarget %s\n", model_kind_name(tp.kind), model_task_name(tp.task),
         d.target);
  if (isfinite(o->threshold)) put("threshold", o->threshold);
  printf("features %zu\nnetworks %zu\n", d.p, d.n);
  if (o->data.target_file) printf("networks.unmatched %zu\n", d.unmatched);
  printf("networks.no_target %zu\n", r.no_target - (o->data.target_file ? d.unmatched : 0));
  if (tp.task == TASK_REGRESS && isfinite(o->threshold))
    printf("networks.below_threshold %zu\n", r.below);
  printf("networks.used %zu\n", r.n);
  if (tp.task == TASK_CLASSIFY) {
    size_t healthy = 0;
    for (size_t i = 0; i < r.n; i++) healthy += r.y[i] > 0.5;
    printf("networks.healthy %zu\nnetworks.broken %zu\n", healthy, r.n - healthy);
  }
  printf("missing_values %zu\ntraining %zu\nheldout %zu\nseed %lu\n", missing, r.ntrain,
         r.nheld, tp.seed);

  double *xt = xmalloc((r.n * r.p + 1) * sizeof *xt), *yt = xmalloc((r.n + 1) * sizeof *yt);
  size_t *it = xmalloc((r.n + 1) * sizeof *it), *ih = xmalloc((r.n + 1) * sizeof *ih);
  double *xh = xmalloc((r.n * r.p + 1) * sizeof *xh), *yh = xmalloc((r.n + 1) * sizeof *yh);
  prediction *oof = xcalloc(r.n + 1, sizeof *oof), *ph = xcalloc(r.n + 1, sizeof *ph);
  double *importance = xcalloc(r.p + 1, sizeof *importance);
  size_t *fold = xmalloc((r.n + 1) * sizeof *fold);
  double *per_fold = xmalloc((o->folds * MET_COUNT + 1) * sizeof *per_fold);
  size_t nt = sample_pack(&r, false, xt, yt, it), nh = sample_pack(&r, true, xh, yh, ih);
  bool cv = o->folds >= 2;
  model m = {0};
  bool fitted = false;

  if (cv) {
    if (o->folds > nt) {
      fprintf(stderr, "archc train: %zu folds for %zu training networks\n", o->folds, nt);
      goto free_all;
    }
    cv_folds(fold, nt, o->folds, tp.task == TASK_CLASSIFY ? yt : NULL,
             cv_stream_seed(tp.seed, STREAM_FOLDS));
    if (evaluate_cv(&tp, d.columns, xt, yt, nt, r.p, fold, o->folds, oof, per_fold, err,
                    sizeof err)) {
      fprintf(stderr, "archc train: %s\n", err);
      goto free_all;
    }
  }
  double t0 = now(), c0 = cpu_now();
  if (model_fit(&m, &tp, d.columns, xt, yt, nt, r.p, importance, err, sizeof err)) {
    fprintf(stderr, "archc train: %s\n", err);
    goto free_all;
  }
  fitted = true;
  double t_train = now() - t0, c_train = cpu_now() - c0;
  tp = m.params;
  if (tp.kind == MODEL_OLS)
    printf("params.interactions %d\nparams.box_cox %d\n", tp.interactions, tp.box_cox);
  else
    printf("params.trees %zu\nparams.max_depth %zu\nparams.min_split %zu\nparams.min_leaf %zu\n"
           "params.max_features %zu\nparams.bootstrap %d\n",
           tp.trees, tp.max_depth, tp.min_split, tp.min_leaf, tp.max_features, tp.bootstrap);

  arena *mem = &m.mem;
  m.target = arena_strdup(mem, d.target);
  m.threshold = o->threshold;
  m.name = arena_strdup(mem, o->name ? o->name : o->emit_c ? o->emit_c : "model");
  if (o->description) m.description = arena_strdup(mem, o->description);
  /* A forest's intervals are widened by the typical cross-validated
   * error (see predict.h). */
  if (cv && tp.task == TASK_REGRESS) m.resid_q90 = evaluate_resid_q90(yt, oof, nt);
  {
    /* In-sample, for comparison with published in-sample figures. */
    prediction *pt = xcalloc(nt + 1, sizeof *pt);
    for (size_t i = 0; i < nt; i++) model_predict(&m, xt + i * r.p, &pt[i]);
    double met[MET_COUNT];
    evaluate_metrics(tp.task, yt, pt, nt, met);
    put_metrics("train", tp.task, met, NULL, false);
    free(pt);
  }
  if (cv) {
    printf("cv.folds %zu\n", o->folds);
    put_cv(per_fold, o->folds, tp.task);
  }
  double t1 = now(), c1 = cpu_now(), t_pred, c_pred;
  size_t rounds = 0;
  /* With --timing, enough rounds for a stable time per network. */
  do {
    for (size_t i = 0; i < nh; i++) model_predict(&m, xh + i * r.p, &ph[i]);
    rounds++;
    t_pred = now() - t1;
    c_pred = cpu_now() - c1;
  } while (o->timing && nh && c_pred < 0.2);
  if (nh) {
    double met[MET_COUNT];
    evaluate_metrics(tp.task, yh, ph, nh, met);
    put_metrics("heldout", tp.task, met, NULL, true);
    evaluate_set_quality(&m, met, nh);
  }
  if (isfinite(m.resid_q90)) put("resid_q90", m.resid_q90);
  put("domain.limit", m.domain.limit);
  put_model_details(&m, importance);
  if (o->timing) {
    fprintf(stderr, "time.train_s %.6f\ntime.train_cpu_s %.6f\n", t_train, c_train);
    if (nh)
      fprintf(stderr, "time.predict_us_per_network %.3f\ntime.predict_cpu_us_per_network %.3f\n",
              1e6 * t_pred / (double)(nh * rounds), 1e6 * c_pred / (double)(nh * rounds));
  }
  if (o->predictions) {
    FILE *f = fopen(o->predictions, "w");
    if (!f) {
      fprintf(stderr, "archc train: %s: %s\n", o->predictions, strerror(errno));
      goto free_all;
    }
    fputs("key,set,target,truth,prediction,lo,hi,distance,in_domain\n", f);
    for (size_t i = 0; cv && i < nt; i++) prediction_row(f, &r, it[i], "cv", &oof[i]);
    for (size_t i = 0; i < nh; i++) prediction_row(f, &r, ih[i], "heldout", &ph[i]);
    if (fclose(f) != 0) {
      fprintf(stderr, "archc train: %s: cannot write\n", o->predictions);
      goto free_all;
    }
  }
  if (save_outputs(&m, o, argc, argv) == 0) status = EXIT_OK;

free_all:
  if (fitted) model_free(&m);
  free(xt), free(yt), free(it), free(ih), free(xh), free(yh);
  free(oof), free(ph), free(importance), free(fold), free(per_fold);
done:
  sample_free(&r);
  dataset_free(&d);
  return status;
}

int cmd_train(int argc, char **argv) {
  train_opts o;
  int status = parse_options(&o, argc, argv);
  if (status < 0) status = run(&o, argc, argv);
  free((char *)o.data.target_file);
  return status;
}

/* archc's command line: subcommands, options, exit status. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archc/archc.h"
#include "cli/cli.h"
#include "util/xalloc.h"

static const char usage[] =
  "usage: archc [OPTIONS] FILE...            analyse networks (default: --report)\n"
  "       archc check [OPTIONS] FILE...      report diagnostics only\n"
  "       archc fmt [-i | --check] FILE...   print .arch files in canonical style\n"
  "       archc convert [-o OUT] FILE        Caffe prototxt to .arch\n"
  "       archc convert --output-dir=DIR FILE...\n"
  "                                          several, each to DIR/NAME.arch\n"
  "       archc lint [OPTIONS] FILE...       diagnostics and lint rules\n"
  "       archc train [TRAIN OPTIONS]        fit prediction models (train --help)\n"
  "       archc lsp                          language server on stdin and stdout\n"
  "\n"
  "FILE is a .arch file or a Caffe .prototxt (by its extension, or --from); '-'\n"
  "reads standard input.\n"
  "\n"
  "Analysis (one or more; the default is --report):\n"
  "  --report                 summary: inputs, outputs, layers by kind, metadata\n"
  "  --layers                 per-layer table: name, op, output shape, params, MACs\n"
  "  --features               one row of attributes per network (CSV or JSON lines)\n"
  "  --emit=KIND              dot (Graphviz), prototxt (Caffe) or arch\n"
  "  --format=F               text, csv, json, jsonl or markdown, where the output\n"
  "                           supports it\n"
  "  --columns=SET            features: paper, paper32, extended or all\n"
  "  --profile=P              features: corrected (the default) or reference\n"
  "  --files-from=LIST        read file names from LIST, one per line ('-': stdin)\n"
  "  --model=NAME             report: predict with this built-in model or family\n"
  "                           (menndl-nova, ...; default: those whose domain fits)\n"
  "  --predict=NAME           features: add healthy_probability and\n"
  "                           predicted_accuracy columns from the family NAME\n"
  "\n"
  "Reading Caffe networks:\n"
  "  --from=KIND              arch or prototxt, whatever the file is called\n"
  "  --phase=PHASE            test (the default) or train: which include/exclude\n"
  "                           rules apply\n"
  "  --input=NAME=CxHxW       the shape of an input or data layer's top NAME\n"
  "                           (repeatable)\n"
  "  --dataset=NAME           nova or minerva: MENNDL's input shapes\n"
  "\n"
  "Formatting and conversion:\n"
  "  -i, --in-place           fmt: rewrite files in place (atomically)\n"
  "      --check              fmt: print the names of files that are not formatted;\n"
  "                           exit 1 if there are any\n"
  "  -o, --output=FILE        convert: write to FILE instead of standard output\n"
  "  --output-dir=DIR         convert: write each FILE to DIR/NAME.arch, NAME its\n"
  "                           base name less its extension (DIR is created)\n"
  "\n"
  "Diagnostics:\n"
  "  --color=WHEN             auto (on a terminal; the default), always or never;\n"
  "                           NO_COLOR in the environment means never\n"
  "  --diagnostics-format=F   text (with source line and caret; the default), gcc\n"
  "                           (one line each), json or sarif (check and lint: one\n"
  "                           document on standard output)\n"
  "  --max-errors=N           stop after N errors and warnings per file\n"
  "                           (default 50; 0: no limit)\n"
  "\n"
  "  -h, --help               print this help and exit\n"
  "  -V, --version            print the version and exit\n"
  "\n"
  "Limits: 256 MiB per file; 4096 bytes per token; 200 nested parentheses or\n"
  "brackets; blocks nested 64 calls deep; per network 1,000,000 layers,\n"
  "2,000,000 op and block applications and 64 MiB of layer names; repeat counts\n"
  "1 to 10000.\n"
  "\n"
  "Exit status: 0 no errors (warnings allowed), 1 errors in an input or an input\n"
  "that cannot be read, 2 usage error.\n"
  "The language is described in grammar/README.md; see also archc(1).\n";

enum {
  OPT_COLOR = 256, OPT_DIAG_FORMAT, OPT_MAX_ERRORS, OPT_REPORT, OPT_CHECK, OPT_LAYERS,
  OPT_FEATURES, OPT_EMIT, OPT_FORMAT, OPT_COLUMNS, OPT_PROFILE, OPT_FILES_FROM, OPT_FROM,
  OPT_PHASE, OPT_INPUT, OPT_DATASET, OPT_MODEL, OPT_PREDICT, OPT_OUTPUT_DIR,
};

static bool want_color(const char *when) {
  if (strcmp(when, "always") == 0) return true;
  if (strcmp(when, "never") == 0) return false;
  const char *term = getenv("TERM");
  const char *no_color = getenv("NO_COLOR");
  return isatty(STDERR_FILENO) && !(no_color && *no_color) && !(term && strcmp(term, "dumb") == 0);
}

static int bad_usage(const char *fmt, const char *arg) {
  fputs("archc: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\nTry 'archc --help' for more information.\n", stderr);
  return EXIT_USAGE;
}

/* Returns the index of `arg` in the NULL-terminated `words`, or -1. */
static int one_of(const char *arg, const char *const *words) {
  for (int i = 0; words[i]; i++)
    if (strcmp(arg, words[i]) == 0) return i;
  return -1;
}

/* NAME=CxHxW, with 1 to 3 dimensions of at least 1. */
static bool parse_input(const char *arg, input_shape *in) {
  const char *eq = strrchr(arg, '=');
  if (!eq || eq == arg) return false;
  in->name = xstrdup(arg);
  ((char *)in->name)[eq - arg] = '\0';
  in->ndims = 0;
  const char *p = eq + 1;
  for (;;) {
    char *end;
    if (*p < '0' || *p > '9' || in->ndims == 3) return false;
    long long d = strtoll(p, &end, 10);
    if (d < 1 || d > (1LL << 40)) return false;
    in->dims[in->ndims++] = d;
    if (*end == '\0') return true;
    if (*end != 'x') return false;
    p = end + 1;
  }
}

int main(int argc, char **argv) {
  enum { MODE_ANALYSE, MODE_CHECK, MODE_FMT, MODE_CONVERT, MODE_LINT } mode = MODE_ANALYSE;
  static const char *const modes[] = {"", "check", "fmt", "convert", "lint", NULL};
  int first = 1;
  /* train and lsp have options of their own. */
  if (argc > 1 && strcmp(argv[1], "train") == 0) return cmd_train(argc - 1, argv + 1);
  if (argc > 1 && strcmp(argv[1], "lsp") == 0) return cmd_lsp(argc - 1, argv + 1);
  if (argc > 1 && one_of(argv[1], modes) > 0) mode = one_of(argv[1], modes), first = 2;

  static const struct option longopts[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {"in-place", no_argument, NULL, 'i'},
    {"output", required_argument, NULL, 'o'},
    {"output-dir", required_argument, NULL, OPT_OUTPUT_DIR},
    {"check", no_argument, NULL, OPT_CHECK},
    {"color", required_argument, NULL, OPT_COLOR},
    {"colour", required_argument, NULL, OPT_COLOR},
    {"diagnostics-format", required_argument, NULL, OPT_DIAG_FORMAT},
    {"max-errors", required_argument, NULL, OPT_MAX_ERRORS},
    {"report", no_argument, NULL, OPT_REPORT},
    {"layers", no_argument, NULL, OPT_LAYERS},
    {"features", no_argument, NULL, OPT_FEATURES},
    {"emit", required_argument, NULL, OPT_EMIT},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"columns", required_argument, NULL, OPT_COLUMNS},
    {"profile", required_argument, NULL, OPT_PROFILE},
    {"files-from", required_argument, NULL, OPT_FILES_FROM},
    {"from", required_argument, NULL, OPT_FROM},
    {"phase", required_argument, NULL, OPT_PHASE},
    {"input", required_argument, NULL, OPT_INPUT},
    {"dataset", required_argument, NULL, OPT_DATASET},
    {"model", required_argument, NULL, OPT_MODEL},
    {"predict", required_argument, NULL, OPT_PREDICT},
    {NULL, 0, NULL, 0},
  };
  static const char *const colors[] = {"auto", "always", "never", NULL};
  static const char *const dformats[] = {"text", "gcc", "json", "sarif", NULL};
  static const char *const emits[] = {"", "dot", "prototxt", "arch", NULL};
  static const char *const formats[] = {"", "text", "csv", "json", "jsonl", "markdown", NULL};
  static const char *const columns[] = {"paper", "paper32", "extended", "all", NULL};
  static const char *const profiles[] = {"corrected", "reference", NULL};
  static const char *const fronts[] = {"", "arch", "prototxt", NULL};
  static const char *const phases[] = {"test", "train", NULL};
  static const char *const datasets[] = {"nova", "minerva", NULL};

  cli_opts o = {.diag_format = DIAG_FORMAT_TEXT, .max_errors = 50};
  const char *color = "auto";
  input_shape *inputs = NULL;
  size_t ninputs = 0, cap_inputs = 0;
  int sub_argc = argc - first + 1;
  char **sub_argv = argv + first - 1;
  int status = -1;
  optind = 1;
  opterr = 0;
  int ch;
  while (status < 0 && (ch = getopt_long(sub_argc, sub_argv, ":hVio:", longopts, NULL)) != -1) {
    switch (ch) {
    case 'h': fputs(usage, stdout); status = EXIT_OK; break;
    case 'V': printf("archc %s\n", archc_version()); status = EXIT_OK; break;
    case 'i': o.in_place = true; break;
    case 'o': o.output = optarg; break;
    case OPT_OUTPUT_DIR: o.output_dir = optarg; break;
    case OPT_CHECK: o.check_only = true; break;
    case OPT_REPORT: o.report = true; break;
    case OPT_LAYERS: o.layers = true; break;
    case OPT_FEATURES: o.features = true; break;
#define WORD(set, dst, what)                                                          \
    if (one_of(optarg, set) <= (set[0][0] ? -1 : 0)) {                                \
      status = bad_usage("unknown " what " '%s'", optarg);                          \
      break;                                                                          \
    }                                                                                 \
    dst;                                                                              \
    break;
    case OPT_COLOR: WORD(colors, color = optarg, "colour setting")
    case OPT_DIAG_FORMAT:
      WORD(dformats, o.diag_format = (diag_format)one_of(optarg, dformats), "diagnostics format")
    case OPT_EMIT: WORD(emits, o.emit = (emit_kind)one_of(optarg, emits), "--emit kind")
    case OPT_FORMAT: WORD(formats, o.format = (out_format)one_of(optarg, formats), "format")
    case OPT_COLUMNS: WORD(columns, o.columns = optarg, "column set")
    case OPT_PROFILE: WORD(profiles, o.profile = optarg, "profile")
    case OPT_FROM: WORD(fronts, o.compile.from = (front_kind)one_of(optarg, fronts), "input kind")
    case OPT_PHASE: WORD(phases, o.compile.phase_train = one_of(optarg, phases) == 1, "phase")
    case OPT_DATASET: WORD(datasets, o.compile.dataset = optarg, "dataset")
#undef WORD
    case OPT_FILES_FROM: o.files_from = optarg; break;
    case OPT_MODEL: o.model = optarg; break;
    case OPT_PREDICT: o.model = optarg; o.predict = true; break;
    case OPT_INPUT:
      inputs = xgrow(inputs, &cap_inputs, ninputs + 1, sizeof *inputs);
      if (!parse_input(optarg, &inputs[ninputs])) {
        status = bad_usage("--input takes NAME=CxHxW (1 to 3 sizes of at least 1), not '%s'",
                           optarg);
        free((char *)inputs[ninputs].name);
        break;
      }
      ninputs++;
      break;
    case OPT_MAX_ERRORS: {
      char *end;
      long n = strtol(optarg, &end, 10);
      if (*optarg == '\0' || *end != '\0' || n < 0)
        status = bad_usage("--max-errors takes a whole number, not '%s'", optarg);
      else
        o.max_errors = (size_t)n;
      break;
    }
    case ':': status = bad_usage("%s needs a value", sub_argv[optind - 1]); break;
    default: status = bad_usage("unknown option '%s'", sub_argv[optind - 1]); break;
    }
  }
  o.compile.inputs = inputs;
  o.compile.ninputs = ninputs;
  o.color = want_color(color);
  char **files = sub_argv + optind;
  int nfiles = sub_argc - optind;
  bool analysis = o.report || o.layers || o.features || o.emit || o.format || o.columns ||
                  o.profile || o.files_from || o.model;

  if (status >= 0) {
  } else if (nfiles == 0 && !o.files_from) {
    status = bad_usage("%s", "no input files");
  } else if (mode != MODE_ANALYSE && analysis) {
    status = bad_usage("%s", "analysis options go without a subcommand: 'archc --report FILE'");
  } else if (mode != MODE_FMT && (o.in_place || o.check_only)) {
    status = bad_usage("%s", "-i and --check go with 'archc fmt'");
  } else if (mode != MODE_CONVERT && (o.output || o.output_dir)) {
    status = bad_usage("%s", "-o and --output-dir go with 'archc convert'");
  } else if (o.output && o.output_dir) {
    status = bad_usage("%s", "-o and --output-dir exclude each other");
  } else if (o.in_place && o.check_only) {
    status = bad_usage("%s", "-i and --check exclude each other");
  } else if (o.files_from && !o.features) {
    status = bad_usage("%s", "--files-from goes with --features");
  } else if (o.predict && !o.features) {
    status = bad_usage("%s", "--predict goes with --features (the report has --model)");
  } else if ((o.columns || o.profile) && !o.features) {
    status = bad_usage("%s", "--columns and --profile go with --features");
  } else if (o.features && (o.report || o.layers || o.emit)) {
    status = bad_usage("%s", "--features prints one row per network; use it on its own");
  } else if (o.diag_format >= DIAG_FORMAT_JSON && mode != MODE_CHECK && mode != MODE_LINT) {
    status = bad_usage("%s", "--diagnostics-format=json and sarif go with 'archc check' and "
                             "'archc lint'");
  } else if (mode == MODE_CONVERT && nfiles != 1 && !o.output_dir) {
    status = bad_usage("%s", "convert takes one file (several with --output-dir)");
  } else {
    for (int i = 0; i < nfiles && status < 0; i++) {
      if (strcmp(files[i], "-") != 0) continue;
      if (o.in_place) status = bad_usage("%s", "-i cannot rewrite standard input");
      else if (o.output_dir)
        status = bad_usage("%s", "--output-dir needs file names; standard input has none");
    }
  }
  if (status < 0) {
    switch (mode) {
    case MODE_CHECK: status = cmd_check(&o, files, nfiles); break;
    case MODE_LINT: status = cmd_lint(&o, files, nfiles); break;
    case MODE_FMT: status = cmd_fmt(&o, files, nfiles); break;
    case MODE_CONVERT: status = cmd_convert(&o, files, nfiles); break;
    case MODE_ANALYSE:
      status = o.features ? cmd_features(&o, files, nfiles) : cmd_analyse(&o, files, nfiles);
      break;
    }
  }
  for (size_t i = 0; i < ninputs; i++) free((char *)inputs[i].name);
  free(inputs);
  return status;
}

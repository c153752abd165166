/* archc's command line: subcommands, options, exit status. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archc/archc.h"
#include "cli/cli.h"

static const char usage[] =
  "usage: archc [OPTIONS] FILE...          analyse networks (default: --report)\n"
  "       archc check [OPTIONS] FILE...    report diagnostics only\n"
  "       archc fmt [-i | --check] FILE... print files in canonical style\n"
  "\n"
  "FILE is a .arch file; '-' reads standard input.\n"
  "\n"
  "Analysis:\n"
  "  --report                 summary of the network: inputs, outputs, layers by kind,\n"
  "                           metadata\n"
  "\n"
  "Formatting (archc fmt):\n"
  "  -i, --in-place           rewrite files in place (atomically: temporary file, rename)\n"
  "      --check              print the names of files that are not formatted; exit 1\n"
  "                           if there are any\n"
  "\n"
  "Diagnostics:\n"
  "  --color=WHEN             colour diagnostics: auto (on a terminal; the default),\n"
  "                           always or never; NO_COLOR in the environment means never\n"
  "  --diagnostics-format=F   text (with source line and caret; the default) or gcc\n"
  "                           (one line each)\n"
  "  --max-errors=N           stop after N errors and warnings per file (default 50;\n"
  "                           0: no limit)\n"
  "\n"
  "  -h, --help               print this help and exit\n"
  "  -V, --version            print the version and exit\n"
  "\n"
  "Limits: 256 MiB per file; 4096 bytes per token; 200 nested parentheses or\n"
  "brackets; blocks nested 64 calls deep; 1,000,000 layers per network; repeat\n"
  "counts 1 to 10000.\n"
  "\n"
  "Exit status: 0 no errors (warnings allowed), 1 errors in an input or an input\n"
  "that cannot be read, 2 usage error.\n"
  "The language is described in grammar/README.md; see also archc(1).\n";

enum { OPT_COLOR = 256, OPT_DIAG_FORMAT, OPT_MAX_ERRORS, OPT_REPORT, OPT_CHECK };

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

int main(int argc, char **argv) {
  enum { MODE_ANALYSE, MODE_CHECK, MODE_FMT } mode = MODE_ANALYSE;
  int first = 1;
  if (argc > 1 && strcmp(argv[1], "check") == 0) mode = MODE_CHECK, first = 2;
  else if (argc > 1 && strcmp(argv[1], "fmt") == 0) mode = MODE_FMT, first = 2;

  static const struct option longopts[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {"in-place", no_argument, NULL, 'i'},
    {"check", no_argument, NULL, OPT_CHECK},
    {"color", required_argument, NULL, OPT_COLOR},
    {"colour", required_argument, NULL, OPT_COLOR},
    {"diagnostics-format", required_argument, NULL, OPT_DIAG_FORMAT},
    {"max-errors", required_argument, NULL, OPT_MAX_ERRORS},
    {"report", no_argument, NULL, OPT_REPORT},
    {NULL, 0, NULL, 0},
  };
  cli_opts o = {.diag_format = DIAG_FORMAT_TEXT, .max_errors = 50};
  const char *color = "auto";
  int sub_argc = argc - first + 1;
  char **sub_argv = argv + first - 1;
  optind = 1;
  opterr = 0;
  int ch;
  while ((ch = getopt_long(sub_argc, sub_argv, "+:hVi", longopts, NULL)) != -1) {
    switch (ch) {
    case 'h': fputs(usage, stdout); return EXIT_OK;
    case 'V': printf("archc %s\n", archc_version()); return EXIT_OK;
    case 'i': o.in_place = true; break;
    case OPT_CHECK: o.check_only = true; break;
    case OPT_REPORT: o.report = true; break;
    case OPT_COLOR:
      if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
        return bad_usage("--color takes auto, always or never, not '%s'", optarg);
      color = optarg;
      break;
    case OPT_DIAG_FORMAT:
      if (strcmp(optarg, "text") == 0) o.diag_format = DIAG_FORMAT_TEXT;
      else if (strcmp(optarg, "gcc") == 0) o.diag_format = DIAG_FORMAT_GCC;
      else return bad_usage("--diagnostics-format takes text or gcc, not '%s'", optarg);
      break;
    case OPT_MAX_ERRORS: {
      char *end;
      long n = strtol(optarg, &end, 10);
      if (*optarg == '\0' || *end != '\0' || n < 0)
        return bad_usage("--max-errors takes a whole number, not '%s'", optarg);
      o.max_errors = (size_t)n;
      break;
    }
    case ':': return bad_usage("%s needs a value", sub_argv[optind - 1]);
    default: return bad_usage("unknown option '%s'", sub_argv[optind - 1]);
    }
  }
  o.color = want_color(color);
  char **files = sub_argv + optind;
  int nfiles = sub_argc - optind;
  if (nfiles == 0) return bad_usage("%s", "no input files");
  if (mode != MODE_FMT && (o.in_place || o.check_only))
    return bad_usage("%s", "-i and --check go with 'archc fmt'");
  if (mode == MODE_FMT && o.report) return bad_usage("%s", "--report does not go with 'archc fmt'");
  if (mode == MODE_CHECK && o.report) return bad_usage("%s", "--report does not go with 'archc check'");
  if (o.in_place && o.check_only) return bad_usage("%s", "-i and --check exclude each other");
  for (int i = 0; i < nfiles && o.in_place; i++)
    if (strcmp(files[i], "-") == 0) return bad_usage("%s", "-i cannot rewrite standard input");

  switch (mode) {
  case MODE_CHECK: return cmd_check(&o, files, nfiles);
  case MODE_FMT: return cmd_fmt(&o, files, nfiles);
  case MODE_ANALYSE: break;
  }
  return cmd_analyse(&o, files, nfiles);
}

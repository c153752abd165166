/* `archc check` and the default analysis. */
#include "cli/cli.h"

bool cli_flush_diagnostics(compilation *c, const cli_opts *o) {
  diag_sort(&c->diags);
  fflush(stdout);   /* keep stdout and stderr in order on a shared terminal */
  diag_render(stderr, &c->diags, o->diag_format, o->color);
  return diag_has_errors(&c->diags);
}

static int run(const cli_opts *o, char **files, int nfiles, bool report) {
  int status = EXIT_OK;
  int reported = 0;
  for (int i = 0; i < nfiles; i++) {
    compilation c;
    compilation_init(&c, o->max_errors);
    if (compilation_read(&c, files[i])) compilation_lower(&c);
    bool errors = cli_flush_diagnostics(&c, o);
    if (errors) status = EXIT_ERRORS;
    else if (report && c.graph) {
      if (reported++) putchar('\n');
      report_text(stdout, &c);
    }
    compilation_fini(&c);
  }
  return status;
}

int cmd_check(const cli_opts *o, char **files, int nfiles) {
  return run(o, files, nfiles, false);
}

int cmd_analyse(const cli_opts *o, char **files, int nfiles) {
  /* The report is the only analysis so far, so it is also the default. */
  return run(o, files, nfiles, true);
}

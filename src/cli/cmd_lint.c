/* `archc lint`: the checks of `archc check` plus the lint rules, with
 * suppression directives applied and every diagnostics format. */
#include "cli/cli.h"
#include "diag/suppress.h"
#include "passes/lint.h"

/* check (lint false) and lint: text and gcc go to standard error file by
 * file, as the analysis does; JSON and SARIF are a document for tools, so
 * they go to standard output, once, at the end. */
int cli_diagnose(const cli_opts *o, char **files, int nfiles, bool lint) {
  int status = EXIT_OK;
  bool document = o->diag_format == DIAG_FORMAT_JSON || o->diag_format == DIAG_FORMAT_SARIF;
  diag_doc *doc = document ? diag_doc_new(o->diag_format) : NULL;
  for (int i = 0; i < nfiles; i++) {
    compilation c;
    cli_compile(&c, o, files[i]);
    compilation_diagnose(&c, lint);
    diag_sort(&c.diags);
    diag_truncate(&c.diags);  /* --max-errors: after suppression, so it counts what is shown */
    if (diag_has_errors(&c.diags)) status = EXIT_ERRORS;
    if (doc) {
      diag_doc_add(doc, &c.diags, c.loaded ? &c.src : NULL, files[i]);
    } else {
      fflush(stdout);
      diag_render(stderr, &c.diags, o->diag_format, o->color);
    }
    compilation_fini(&c);
  }
  if (doc) {
    if (!diag_doc_write(doc, stdout) || fflush(stdout) != 0) {
      fputs("archc: cannot write the diagnostics to standard output\n", stderr);
      status = EXIT_ERRORS;
    }
    diag_doc_free(doc);
  }
  return status;
}

int cmd_lint(const cli_opts *o, char **files, int nfiles) {
  return cli_diagnose(o, files, nfiles, true);
}

/* `archc check` and the default analysis: report, layer table, emitters. */
#include <string.h>

#include "caffe/caffe.h"
#include "cli/cli.h"
#include "util/buf.h"

void cli_compile(compilation *c, const cli_opts *o, const char *path) {
  compilation_init(c, o->max_errors);
  c->opts = o->compile;
  if (compilation_read(c, path)) compilation_lower(c);
}

bool cli_flush_diagnostics(compilation *c, const cli_opts *o) {
  diag_sort(&c->diags);
  diag_truncate(&c->diags);
  fflush(stdout);   /* keep stdout and stderr in order on a shared terminal */
  diag_render(stderr, &c->diags, o->diag_format, o->color);
  return diag_has_errors(&c->diags);
}

int cmd_check(const cli_opts *o, char **files, int nfiles) {
  return cli_diagnose(o, files, nfiles, false);
}

static void print_outputs(const cli_opts *o, const compilation *c, bool first) {
  bool report = o->report || (!o->layers && !o->emit);
  if (report) {
    if (!first) putchar('\n');
    report_print(stdout, (compilation *)c, o);
  }
  if (o->layers) {
    if (!first || report) putchar('\n');
    emit_layers(stdout, c->graph, o->format);
  }
  switch (o->emit) {
  case EMIT_DOT: emit_dot(stdout, c->graph); break;
  case EMIT_PROTOTXT: {
    buf out = {0};
    caffe_emit(&out, c->graph);
    fwrite(out.data ? out.data : "", 1, out.len, stdout);
    buf_free(&out);
    break;
  }
  case EMIT_ARCH:  /* the converter's job; see cmd_convert */
  case EMIT_NONE: break;
  }
}

int cmd_analyse(const cli_opts *o, char **files, int nfiles) {
  if (o->emit == EMIT_ARCH) return cmd_convert(o, files, nfiles);
  int status = EXIT_OK;
  bool first = true;
  for (int i = 0; i < nfiles; i++) {
    compilation c;
    cli_compile(&c, o, files[i]);
    compilation_analyse(&c);
    if (cli_flush_diagnostics(&c, o)) {
      status = EXIT_ERRORS;
    } else if (c.graph) {
      print_outputs(o, &c, first);
      first = false;
    }
    compilation_fini(&c);
  }
  return status;
}

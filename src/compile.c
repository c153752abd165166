#include "compile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/lower.h"
#include "arch/parse.h"
#include "caffe/caffe.h"
#include "diag/suppress.h"
#include "passes/lint.h"
#include "passes/passes.h"
#include "util/xalloc.h"

void compilation_init(compilation *c, size_t max_diagnostics) {
  memset(c, 0, sizeof *c);
  arena_init(&c->arena);
  diag_list_init(&c->diags, &c->arena);
  c->diags.limit = max_diagnostics;
}

void compilation_fini(compilation *c) {
  if (c->loaded) source_fini(&c->src);
  free(c->text);
  arena_free(&c->arena);
  memset(c, 0, sizeof *c);
}

static bool too_large(compilation *c, const char *name) {
  diag_add(&c->diags, DIAG_ERROR, "file-too-large", NULL, (src_range){0, 0},
           "%s: larger than the limit of %u MiB", name, COMPILE_MAX_SOURCE >> 20);
  return false;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void adopt(compilation *c, const char *name, char *text, size_t len) {
  c->text = text;
  c->text[len] = '\0';
  source_init(&c->src, arena_strdup(&c->arena, name), c->text, (uint32_t)len);
  c->loaded = true;
  c->front = c->opts.from;
  if (c->front == FRONT_AUTO)
    c->front = ends_with(name, ".prototxt") || ends_with(name, ".pbtxt") ? FRONT_PROTOTXT
                                                                          : FRONT_ARCH;
}

bool compilation_set_text(compilation *c, const char *name, const char *text, size_t len) {
  if (len > COMPILE_MAX_SOURCE) return too_large(c, name);
  char *copy = xmalloc(len + 1);
  memcpy(copy, text, len);
  adopt(c, name, copy, len);
  return true;
}

bool compilation_read(compilation *c, const char *path) {
  bool is_stdin = strcmp(path, "-") == 0;
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  if (!f) {
    diag_add(&c->diags, DIAG_ERROR, "cannot-read", NULL, (src_range){0, 0}, "cannot open %s: %s",
             path, strerror(errno));
    return false;
  }
  size_t cap = 1 << 16, len = 0;
  char *text = xmalloc(cap + 1);
  for (;;) {
    size_t got = fread(text + len, 1, cap - len, f);
    len += got;
    if (got == 0) break;
    if (len > COMPILE_MAX_SOURCE) break;
    if (len == cap) {
      cap *= 2;
      text = xrealloc(text, cap + 1);
    }
  }
  bool failed = ferror(f);
  int err = errno;
  if (!is_stdin) fclose(f);
  if (failed) {
    free(text);
    diag_add(&c->diags, DIAG_ERROR, "cannot-read", NULL, (src_range){0, 0}, "cannot read %s: %s",
             path, strerror(err));
    return false;
  }
  if (len > COMPILE_MAX_SOURCE) {
    free(text);
    return too_large(c, path);
  }
  adopt(c, path, text, len);
  return true;
}

void compilation_parse(compilation *c) {
  if (!c->loaded || c->ast || c->pb) return;
  if (c->front == FRONT_PROTOTXT) c->pb = pb_parse(&c->arena, &c->diags, &c->src);
  else c->ast = arch_parse(&c->arena, &c->diags, &c->src);
}

void compilation_lower(compilation *c) {
  compilation_parse(c);
  if (c->graph) return;
  if (c->pb) {
    if (!diag_has_errors(&c->diags))
      c->graph = caffe_lower(&c->arena, &c->diags, c->pb, &c->opts);
    return;
  }
  if (!c->ast) return;
  /* Lowering goes on after syntax errors, so that one run reports the
   * semantic mistakes too; it then stays quiet about what the dropped
   * statements may have defined. */
  c->graph = arch_lower(&c->arena, &c->diags, c->ast, diag_has_errors(&c->diags));
}

bool compilation_analyse(compilation *c) {
  compilation_lower(c);
  if (!c->graph || diag_has_errors(&c->diags)) return false;
  bool ok = pass_shapes(&c->arena, c->graph, &c->diags);
  if (ok) pass_costs(c->graph);
  return ok && !diag_has_errors(&c->diags);
}

bool compilation_diagnose(compilation *c, bool lint) {
  compilation_lower(c);
  /* Lint rules need a whole graph; shape errors only hide shapes. */
  bool lowered = c->graph && !diag_has_errors(&c->diags);
  bool ok = compilation_analyse(c);
  if (lint && lowered) pass_lint(&c->arena, c->graph, &c->diags);
  if (c->loaded) suppress_apply(&c->diags, &c->src);
  return ok;
}

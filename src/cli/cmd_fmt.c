/* `archc fmt`: print canonical source, or rewrite it in place. */
#define _POSIX_C_SOURCE 200809L  /* mkstemp, fdopen, fchmod */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arch/fmt.h"
#include "cli/cli.h"
#include "util/xalloc.h"

/* Writes `text` next to `path` and renames it over `path`, so that readers
 * see the old file or the new one, never half of one. Keeps the mode. */
static bool replace_file(const char *path, const char *text, size_t len) {
  size_t n = strlen(path);
  char *tmp = xmalloc(n + sizeof ".fmt-XXXXXX");
  memcpy(tmp, path, n);
  memcpy(tmp + n, ".fmt-XXXXXX", sizeof ".fmt-XXXXXX");
  int fd = mkstemp(tmp);
  if (fd < 0) {
    fprintf(stderr, "archc: error: cannot create a temporary file for %s: %s\n", path,
            strerror(errno));
    free(tmp);
    return false;
  }
  struct stat st;
  if (stat(path, &st) == 0) fchmod(fd, st.st_mode & 07777);
  FILE *f = fdopen(fd, "wb");
  bool ok = f && fwrite(text, 1, len, f) == len;
  ok = (f ? fclose(f) == 0 : (close(fd), false)) && ok;
  if (ok && rename(tmp, path) != 0) ok = false;
  if (!ok) {
    fprintf(stderr, "archc: error: cannot write %s: %s\n", path, strerror(errno));
    remove(tmp);
  }
  free(tmp);
  return ok;
}

int cmd_fmt(const cli_opts *o, char **files, int nfiles) {
  int status = EXIT_OK;
  for (int i = 0; i < nfiles; i++) {
    compilation c;
    compilation_init(&c, o->max_errors);
    c.opts = o->compile;
    if (compilation_read(&c, files[i])) compilation_parse(&c);
    if (cli_flush_diagnostics(&c, o)) {
      /* Never format what did not parse: the output would drop code. */
      status = EXIT_ERRORS;
      compilation_fini(&c);
      continue;
    }
    buf out = {0};
    arch_format(&out, c.ast);
    const char *text = out.data ? out.data : "";
    bool same = out.len == c.src.len && memcmp(text, c.src.text, out.len) == 0;
    if (o->check_only) {
      if (!same) {
        printf("%s\n", files[i]);
        status = EXIT_ERRORS;
      }
    } else if (o->in_place) {
      if (!same && !replace_file(files[i], text, out.len)) status = EXIT_ERRORS;
    } else {
      fwrite(text, 1, out.len, stdout);
    }
    buf_free(&out);
    compilation_fini(&c);
  }
  if (fflush(stdout) != 0) status = EXIT_ERRORS;
  return status;
}

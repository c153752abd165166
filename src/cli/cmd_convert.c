/* `archc convert FILE [-o OUT]` and `archc --emit arch FILE`: a network
 * (a Caffe prototxt unless the name ends in .arch or --from says
 * otherwise) written as canonical .arch, on standard output or to OUT.
 * OUT is replaced atomically: a reader sees the old file or the new one.
 * Nothing is written when the network has errors. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caffe/to_arch.h"
#include "cli/cli.h"

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* A new file next to `path`, created with O_EXCL so that the default mode
 * (0666 less the umask) applies; its name goes to `tmp`. */
static int create_temp(const char *path, buf *tmp) {
  for (unsigned k = 0; k < 100; k++) {
    tmp->len = 0;
    buf_printf(tmp, "%s.convert-%ld-%u", path, (long)getpid(), k);
    int fd = open(tmp->data, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  return -1;
}

static bool write_file(const char *path, const char *text, size_t len) {
  buf tmp = {0};
  int fd = create_temp(path, &tmp);
  if (fd < 0) {
    fprintf(stderr, "archc: error: cannot create a temporary file for %s: %s\n", path,
            strerror(errno));
    buf_free(&tmp);
    return false;
  }
  struct stat st;
  if (stat(path, &st) == 0) fchmod(fd, st.st_mode & 07777);   /* keep an existing file's mode */
  FILE *f = fdopen(fd, "wb");
  bool ok = f && fwrite(text, 1, len, f) == len;
  ok = (f ? fclose(f) == 0 : (close(fd), false)) && ok;
  if (ok && rename(tmp.data, path) != 0) ok = false;
  if (!ok) {
    fprintf(stderr, "archc: error: cannot write %s: %s\n", path, strerror(errno));
    remove(tmp.data);
  }
  buf_free(&tmp);
  return ok;
}

int cmd_convert(const cli_opts *o, char **files, int nfiles) {
  if (nfiles != 1) {
    fputs("archc: convert takes one file\nTry 'archc --help' for more information.\n", stderr);
    return EXIT_USAGE;
  }
  const char *path = files[0];
  compilation c;
  compilation_init(&c, o->max_errors);
  c.opts = o->compile;
  if (c.opts.from == FRONT_AUTO && !ends_with(path, ".arch")) c.opts.from = FRONT_PROTOTXT;
  if (compilation_read(&c, path)) compilation_analyse(&c);
  buf out = {0};
  bool ok = c.graph && !diag_has_errors(&c.diags);
  if (ok) {
    /* The phase and the shapes given matter only to a Caffe network. */
    to_arch_opts to = {strcmp(path, "-") == 0 ? "standard input" : base_name(path),
                       c.front == FRONT_PROTOTXT ? &c.opts : NULL};
    ok = caffe_to_arch(&out, c.graph, &to, &c.diags);
  }
  ok = !cli_flush_diagnostics(&c, o) && ok;
  int status = ok ? EXIT_OK : EXIT_ERRORS;
  if (ok) {
    const char *text = out.data ? out.data : "";
    if (o->output && strcmp(o->output, "-") != 0) {
      if (!write_file(o->output, text, out.len)) status = EXIT_ERRORS;
    } else if (fwrite(text, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
      status = EXIT_ERRORS;
    }
  }
  buf_free(&out);
  compilation_fini(&c);
  return status;
}

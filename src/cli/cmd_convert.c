/* `archc convert FILE [-o OUT]`, `archc convert --output-dir=DIR FILE...`
 * and `archc --emit arch FILE`: a network (a Caffe prototxt unless the name
 * ends in .arch or --from says otherwise) written as canonical .arch, on
 * standard output, to OUT, or to DIR/NAME.arch for each FILE (NAME: its
 * base name less its extension). Files are replaced atomically: a reader
 * sees the old file or the new one. Nothing is written for a network with
 * errors; with --output-dir the other files are still converted. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caffe/to_arch.h"
#include "cli/cli.h"
#include "util/arena.h"
#include "util/strmap.h"

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

/* Converts `path` into `out`; false (with the diagnostics printed) if the
 * network has errors. */
static bool convert(const cli_opts *o, const char *path, buf *out) {
  compilation c;
  compilation_init(&c, o->max_errors);
  c.opts = o->compile;
  if (c.opts.from == FRONT_AUTO && !ends_with(path, ".arch")) c.opts.from = FRONT_PROTOTXT;
  if (compilation_read(&c, path)) compilation_analyse(&c);
  bool ok = c.graph && !diag_has_errors(&c.diags);
  if (ok) {
    /* The phase and the shapes given matter only to a Caffe network. */
    to_arch_opts to = {strcmp(path, "-") == 0 ? "standard input" : base_name(path),
                       c.front == FRONT_PROTOTXT ? &c.opts : NULL};
    ok = caffe_to_arch(out, c.graph, &to, &c.diags);
  }
  ok = !cli_flush_diagnostics(&c, o) && ok;
  compilation_fini(&c);
  return ok;
}

/* DIR/NAME.arch for `path`: its base name less the last extension. */
static void output_path(buf *dst, const char *dir, const char *path) {
  const char *name = base_name(path), *dot = strrchr(name, '.');
  size_t n = dot && dot != name ? (size_t)(dot - name) : strlen(name);
  size_t d = strlen(dir);
  while (d > 1 && dir[d - 1] == '/') d--;
  dst->len = 0;
  buf_printf(dst, "%.*s/%.*s.arch", (int)d, dir, (int)n, name);
}

static int convert_to_dir(const cli_opts *o, char **files, int nfiles) {
  if (mkdir(o->output_dir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "archc: error: cannot create %s: %s\n", o->output_dir, strerror(errno));
    return EXIT_ERRORS;
  }
  int status = EXIT_OK;
  arena names_arena;
  arena_init(&names_arena);
  strmap written;   /* output path -> index of the file it came from */
  strmap_init(&written, &names_arena);
  buf dst = {0}, out = {0};
  for (int i = 0; i < nfiles; i++) {
    output_path(&dst, o->output_dir, files[i]);
    uint32_t first;
    if (strmap_get(&written, dst.data, dst.len, &first)) {
      fprintf(stderr, "archc: error: %s and %s both convert to %s; %s is not converted\n",
              files[first], files[i], dst.data, files[i]);
      status = EXIT_ERRORS;
      continue;
    }
    strmap_add(&written, arena_strndup(&names_arena, dst.data, dst.len), dst.len, (uint32_t)i);
    out.len = 0;
    if (!convert(o, files[i], &out) || !write_file(dst.data, out.data ? out.data : "", out.len))
      status = EXIT_ERRORS;
  }
  buf_free(&dst);
  buf_free(&out);
  arena_free(&names_arena);
  return status;
}

int cmd_convert(const cli_opts *o, char **files, int nfiles) {
  if (o->output_dir) return convert_to_dir(o, files, nfiles);
  const char *path = files[0];   /* main() lets one file through */
  buf out = {0};
  int status = convert(o, path, &out) ? EXIT_OK : EXIT_ERRORS;
  if (status == EXIT_OK) {
    const char *text = out.data ? out.data : "";
    if (o->output && strcmp(o->output, "-") != 0) {
      if (!write_file(o->output, text, out.len)) status = EXIT_ERRORS;
    } else if (fwrite(text, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
      status = EXIT_ERRORS;
    }
  }
  buf_free(&out);
  return status;
}

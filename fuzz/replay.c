/* Replays inputs through a fuzz target without libFuzzer: linked with
 * fuzz/fuzz_NAME.c into fuzz/fuzz_NAME_replay, a check program of the
 * ordinary build (gcc or clang, with or without --enable-sanitizers).
 *
 *   fuzz_NAME_replay              every committed input of the target:
 *                                 $srcdir/fuzz/corpus/NAME/ and
 *                                 $srcdir/tests/fuzz-regressions/NAME/
 *   fuzz_NAME_replay FILE|DIR...  the files given, and the files in the
 *                                 directories given
 *
 * NAME comes from the program's own name; srcdir comes from the
 * environment (make check sets it) and defaults to ".". Directories are read
 * one level deep, in name order, skipping names that start with '.'; a
 * target's committed corpus must exist and hold at least one input.
 *
 * Each input is handed to LLVMFuzzerTestOneInput in a buffer of exactly
 * its size, as libFuzzer does, so that the sanitizers see any read past
 * its end. A target reports a broken property by aborting, so a failing
 * input ends the run with the signal; its name is the last one printed.
 * An input running longer than $REPLAY_SECONDS seconds (default 5, as
 * tools/fuzz-smoke's -timeout; 0: no limit, for valgrind) is a hang: the
 * run stops with status 3.
 * Exit status: 0 when every input ran, 1 when an input could not be read,
 * 2 on a usage error, 3 on a hang. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *program = "replay";
static unsigned long replayed;
static unsigned seconds = 5;   /* per input; 0: no limit */

static void timed_out(int sig) {
  (void)sig;
  static const char msg[] = "ran longer than REPLAY_SECONDS: a hang\n";
  ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
  (void)ignored;
  _exit(3);
}

/* Reads a whole file into a buffer of exactly its size. */
static int read_file(const char *path, uint8_t **data, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  uint8_t *buf = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len == cap) {
      size_t ncap = cap ? cap * 2 : 4096;
      uint8_t *p = realloc(buf, ncap);
      if (!p) {
        free(buf);
        fclose(f);
        errno = ENOMEM;
        return -1;
      }
      buf = p;
      cap = ncap;
    }
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0) break;
  }
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    free(buf);
    errno = EIO;
    return -1;
  }
  /* An empty input too comes as a non-null pointer, as from libFuzzer:
   * malloc(0) gives one to no bytes where it can. */
  uint8_t *exact = malloc(len);
  if (!exact && len == 0) exact = malloc(1);
  if (!exact) {
    free(buf);
    errno = ENOMEM;
    return -1;
  }
  memcpy(exact, buf, len);
  free(buf);
  *data = exact;
  *size = len;
  return 0;
}

static int replay_file(const char *path) {
  uint8_t *data = NULL;
  size_t size = 0;
  fprintf(stderr, "%s: %s ... ", program, path);
  fflush(stderr);
  if (read_file(path, &data, &size) != 0) {
    fprintf(stderr, "cannot read: %s\n", strerror(errno));
    return -1;
  }
  alarm(seconds);
  LLVMFuzzerTestOneInput(data, size);
  alarm(0);
  free(data);
  replayed++;
  fprintf(stderr, "ok\n");
  return 0;
}

static int skip_dotfiles(const struct dirent *e) { return e->d_name[0] != '.'; }

/* Replays the regular files in `dir`, in name order. `must_exist`: a
 * missing or empty directory is an error. */
static int replay_dir(const char *dir, int must_exist) {
  struct dirent **list;
  int n = scandir(dir, &list, skip_dotfiles, alphasort);
  if (n < 0) {
    if (!must_exist && errno == ENOENT) return 0;
    fprintf(stderr, "%s: cannot read directory %s: %s\n", program, dir, strerror(errno));
    return -1;
  }
  int status = 0, files = 0;
  for (int i = 0; i < n; i++) {
    size_t len = strlen(dir) + 1 + strlen(list[i]->d_name) + 1;
    char *path = malloc(len);
    if (!path) {
      fprintf(stderr, "%s: out of memory\n", program);
      exit(1);
    }
    snprintf(path, len, "%s/%s", dir, list[i]->d_name);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
      files++;
      if (replay_file(path) != 0) status = -1;
    }
    free(path);
    free(list[i]);
  }
  free(list);
  if (must_exist && files == 0) {
    fprintf(stderr, "%s: no inputs in %s\n", program, dir);
    return -1;
  }
  return status;
}

static int replay_path(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "%s: %s: %s\n", program, path, strerror(errno));
    return -1;
  }
  return S_ISDIR(st.st_mode) ? replay_dir(path, 1) : replay_file(path);
}

/* NAME in fuzz_NAME_replay, the program's name (after its directory and
 * libtool's "lt-"); NULL if the name has another form. */
static char *target_name(const char *argv0) {
  static const char prefix[] = "fuzz_", suffix[] = "_replay";
  const size_t np = sizeof prefix - 1, ns = sizeof suffix - 1;
  const char *base = strrchr(argv0, '/');
  base = base ? base + 1 : argv0;
  if (strncmp(base, "lt-", 3) == 0) base += 3;
  size_t len = strlen(base);
  if (len <= np + ns || strncmp(base, prefix, np) != 0 ||
      strcmp(base + len - ns, suffix) != 0)
    return NULL;
  char *name = malloc(len - np - ns + 1);
  if (!name) return NULL;
  memcpy(name, base + np, len - np - ns);
  name[len - np - ns] = '\0';
  return name;
}

static char *join(const char *a, const char *b, const char *c) {
  size_t len = strlen(a) + strlen(b) + strlen(c) + 1;
  char *s = malloc(len);
  if (!s) {
    fprintf(stderr, "%s: out of memory\n", program);
    exit(1);
  }
  snprintf(s, len, "%s%s%s", a, b, c);
  return s;
}

int main(int argc, char **argv) {
  if (argc > 0 && argv[0][0] != '\0') {
    const char *slash = strrchr(argv[0], '/');
    program = slash ? slash + 1 : argv[0];
  }
  if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    printf("usage: %s [FILE|DIR]...\n"
           "Runs each input through the fuzz target once, without libFuzzer.\n"
           "With no arguments: $srcdir/fuzz/corpus/NAME and\n"
           "$srcdir/tests/fuzz-regressions/NAME, where this program is\n"
           "fuzz_NAME_replay ($srcdir defaults to \".\").\n",
           program);
    return 0;
  }
  const char *limit = getenv("REPLAY_SECONDS");
  if (limit && *limit) {
    char *end;
    unsigned long n = strtoul(limit, &end, 10);
    if (*end != '\0' || n > 86400) {
      fprintf(stderr, "%s: REPLAY_SECONDS must be 0 to 86400, not '%s'\n", program, limit);
      return 2;
    }
    seconds = (unsigned)n;
  }
  signal(SIGALRM, timed_out);
  int status = 0;
  if (argc > 1) {
    for (int i = 1; i < argc; i++)
      if (replay_path(argv[i]) != 0) status = 1;
  } else {
    char *name = target_name(argc > 0 ? argv[0] : "");
    if (!name) {
      fprintf(stderr, "%s: cannot tell the target from the program's name; give inputs\n",
              program);
      return 2;
    }
    const char *srcdir = getenv("srcdir");
    if (!srcdir || !*srcdir) srcdir = ".";
    char *corpus = join(srcdir, "/fuzz/corpus/", name);
    char *regressions = join(srcdir, "/tests/fuzz-regressions/", name);
    if (replay_dir(corpus, 1) != 0) status = 1;
    if (replay_dir(regressions, 0) != 0) status = 1;
    free(corpus);
    free(regressions);
    free(name);
  }
  fprintf(stderr, "%s: %lu input%s replayed%s\n", program, replayed, replayed == 1 ? "" : "s",
          status ? ", some could not be read" : "");
  return status;
}

#include "lsp/transport.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

typedef enum line_status { LINE_OK, LINE_EOF, LINE_EOF_INSIDE } line_status;

/* Reads one header line without its LF (and a CR before it). A line longer
 * than the buffer is consumed to its end and reported as `*too_long`. */
static line_status read_line(FILE *in, char line[LSP_MAX_HEADER_LINE + 1], size_t *n,
                             bool *too_long) {
  *n = 0;
  *too_long = false;
  bool any = false;
  int ch;
  while ((ch = getc(in)) != EOF) {
    any = true;
    if (ch == '\n') break;
    if (*n < LSP_MAX_HEADER_LINE) line[(*n)++] = (char)ch;
    else *too_long = true;
  }
  if (ch == EOF) return any ? LINE_EOF_INSIDE : LINE_EOF;
  if (*n > 0 && line[*n - 1] == '\r') (*n)--;
  line[*n] = '\0';
  return LINE_OK;
}

/* A header value of decimal digits, with blanks around it. */
static bool parse_length(const char *v, size_t *out) {
  while (*v == ' ' || *v == '\t') v++;
  if (!isdigit((unsigned char)*v)) return false;
  uint64_t n = 0;
  for (; isdigit((unsigned char)*v); v++) {
    if (n > (UINT64_MAX - 9) / 10) return false;
    n = n * 10 + (uint64_t)(*v - '0');
  }
  while (*v == ' ' || *v == '\t') v++;
  if (*v || n > SIZE_MAX / 2) return false;
  *out = (size_t)n;
  return true;
}

static bool name_is(const char *line, size_t n, const char *name) {
  size_t k = strlen(name);
  if (n != k) return false;
  for (size_t i = 0; i < k; i++)
    if (tolower((unsigned char)line[i]) != tolower((unsigned char)name[i])) return false;
  return true;
}

/* Reads or skips `len` bytes; false if the input ends first. The buffer
 * grows as bytes arrive, so a false length costs no memory up front. */
static bool read_body(FILE *in, size_t len, bool keep, lsp_message *m) {
  char skip[4096];
  size_t cap = 0, got = 0;
  char *body = NULL;
  while (got < len) {
    size_t want = len - got;
    char *dst = skip;
    if (keep) {
      if (got == cap) {
        cap = cap ? cap * 2 : 65536;
        if (cap > len) cap = len;
        body = xrealloc(body, cap + 1);
      }
      dst = body + got;
      if (want > cap - got) want = cap - got;
    } else if (want > sizeof skip) {
      want = sizeof skip;
    }
    size_t n = fread(dst, 1, want, in);
    if (n == 0) {
      free(body);
      return false;
    }
    got += n;
  }
  if (keep) {
    if (!body) body = xmalloc(1);
    body[len] = '\0';
    m->body = body;
    m->len = len;
  }
  return true;
}

lsp_read_status lsp_read_message(FILE *in, size_t max, lsp_message *m) {
  memset(m, 0, sizeof *m);
  char line[LSP_MAX_HEADER_LINE + 1];
  bool started = false, have_len = false, conflict = false;
  size_t len = 0;
  const char *problem = NULL;
  for (;;) {
    size_t n;
    bool too_long;
    line_status st = read_line(in, line, &n, &too_long);
    if (st == LINE_EOF) return started ? LSP_READ_TRUNCATED : LSP_READ_EOF;
    if (st == LINE_EOF_INSIDE) return LSP_READ_TRUNCATED;
    if (n == 0 && !too_long) {
      if (started) break;
      continue;  /* blank lines between messages are harmless */
    }
    started = true;
    if (too_long) {
      problem = "a header line is too long";
      continue;
    }
    char *colon = memchr(line, ':', n);
    if (!colon) {
      problem = "a header line has no ':'";
      continue;
    }
    size_t nlen = (size_t)(colon - line);
    while (nlen > 0 && (line[nlen - 1] == ' ' || line[nlen - 1] == '\t')) nlen--;
    if (!name_is(line, nlen, "Content-Length")) continue;  /* Content-Type and others */
    size_t v = 0;
    if (!parse_length(colon + 1, &v)) {
      problem = "the Content-Length header is not a number";
      conflict = true;
      continue;
    }
    if (have_len && v != len) {
      problem = "two different Content-Length headers";
      conflict = true;
    }
    have_len = true;
    len = v;
  }
  /* Other malformed lines are forgiven when the length is clear: the body
   * can still be found. */
  if (!have_len || conflict) {
    snprintf(m->why, sizeof m->why, "%s", problem ? problem : "no Content-Length header");
    return LSP_READ_BAD_HEADER;
  }
  if (len > max) {
    m->declared = len;
    return read_body(in, len, false, m) ? LSP_READ_TOO_LARGE : LSP_READ_TRUNCATED;
  }
  return read_body(in, len, true, m) ? LSP_READ_OK : LSP_READ_TRUNCATED;
}

bool lsp_write_message(FILE *out, const char *body, size_t len) {
  fprintf(out, "Content-Length: %zu\r\n\r\n", len);
  fwrite(body, 1, len, out);
  return fflush(out) == 0 && !ferror(out);
}

/* libFuzzer target: the language server on an arbitrary client stream.
 * The input is everything a client writes to `archc lsp` (headers, JSON
 * bodies, documents opened and changed, requests at any position); the
 * server reads it to the end as lsp_serve does from standard input, so
 * the framing, the JSON-RPC dispatch, every handler and the compilations
 * of the documents are all reached.
 *
 * Property (a broken one aborts): everything the server writes is a
 * sequence of well-framed messages, "Content-Length: N" and a blank line
 * then N bytes, each a JSON object. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsp/lsp.h"

static void check_framing(const char *p, size_t n) {
  static const char header[] = "Content-Length: ";
  const size_t nh = sizeof header - 1;
  while (n > 0) {
    if (n < nh || memcmp(p, header, nh) != 0) abort();
    p += nh, n -= nh;
    size_t len = 0, digits = 0;
    while (n > 0 && *p >= '0' && *p <= '9' && digits < 19) {
      len = len * 10 + (size_t)(*p - '0');
      p++, n--, digits++;
    }
    if (digits == 0 || n < 4 || memcmp(p, "\r\n\r\n", 4) != 0) abort();
    p += 4, n -= 4;
    if (len > n) abort();
    json_t *msg = json_loadb(p, len, 0, NULL);
    if (!json_is_object(msg)) abort();
    json_decref(msg);
    p += len, n -= len;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* fmemopen may refuse an empty buffer; an empty stream is /dev/null. */
  FILE *in = size ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
  if (!in) abort();
  char *out_text = NULL, *log_text = NULL;
  size_t out_len = 0, log_len = 0;
  FILE *out = open_memstream(&out_text, &out_len);
  FILE *log = open_memstream(&log_text, &log_len);
  if (!out || !log) abort();
  int status = lsp_serve(in, out, log);
  if (status != 0 && status != 1) abort();
  fclose(in);
  if (fclose(out) != 0 || fclose(log) != 0) abort();
  check_framing(out_text, out_len);
  free(out_text);
  free(log_text);
  return 0;
}

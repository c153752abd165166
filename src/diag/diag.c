#include "diag/diag.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void diag_list_init(diag_list *l, arena *a) {
  memset(l, 0, sizeof *l);
  l->arena = a;
  l->tail = &l->head;
  strmap_init(&l->seen, a);
}

diag *diag_vadd(diag_list *l, diag_severity sev, const char *code, const source *src,
                src_range range, const char *fmt, va_list ap) {
  /* A hard cap on what is kept, for inputs with a mistake on every line;
   * the user's --max-errors applies after sorting (diag_truncate). */
  if (l->count[DIAG_ERROR] + l->count[DIAG_WARNING] >= DIAG_HARD_CAP) {
    l->truncated = true;
    if (sev == DIAG_ERROR) l->count[DIAG_ERROR]++;  /* keep the exit status honest */
    return NULL;
  }
  char *msg = arena_vprintf(l->arena, fmt, ap);
  char *key = arena_printf(l->arena, "%d|%s|%p|%u|%u|%s", (int)sev, code ? code : "",
                           (const void *)src, range.start, range.end, msg);
  if (!strmap_add(&l->seen, key, strlen(key), 0)) return NULL;
  diag *d = arena_alloc(l->arena, sizeof *d);
  d->severity = sev;
  d->code = code;
  d->src = src;
  d->range = range;
  d->message = msg;
  d->notes_tail = &d->notes;
  d->fixits_tail = &d->fixits;
  d->seq = l->count[0] + l->count[1] + l->count[2];
  *l->tail = d;
  l->tail = &d->next;
  l->count[sev]++;
  return d;
}

diag *diag_add(diag_list *l, diag_severity sev, const char *code, const source *src,
               src_range range, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag *d = diag_vadd(l, sev, code, src, range, fmt, ap);
  va_end(ap);
  return d;
}

/* Trailing notes go last; the others before the first trailing one. */
static void link_note(diag *d, diag_note *n) {
  diag_note **at = &d->notes;
  if (!n->trailing)
    while (*at && !(*at)->trailing) at = &(*at)->next;
  else
    at = d->notes_tail;
  n->next = *at;
  *at = n;
  if (!n->next) d->notes_tail = &n->next;
}

static void note_vadd(diag_list *l, diag *d, bool trailing, const source *src, src_range range,
                      const char *fmt, va_list ap) {
  if (!d) return;
  diag_note *n = arena_alloc(l->arena, sizeof *n);
  n->src = src;
  n->range = range;
  n->trailing = trailing;
  n->message = arena_vprintf(l->arena, fmt, ap);
  link_note(d, n);
}

void diag_note_add(diag_list *l, diag *d, const source *src, src_range range,
                   const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  note_vadd(l, d, false, src, range, fmt, ap);
  va_end(ap);
}

void diag_note_add_trailing(diag_list *l, diag *d, const source *src, src_range range,
                            const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  note_vadd(l, d, true, src, range, fmt, ap);
  va_end(ap);
}

void diag_truncate(diag_list *l) {
  if (!l->limit) return;
  size_t kept = 0;
  for (diag **p = &l->head; *p; p = &(*p)->next)
    if (++kept == l->limit && (*p)->next) {
      (*p)->next = NULL;
      l->tail = &(*p)->next;
      l->truncated = true;
      return;
    }
}

enum { FIXIT_QUOTE_MAX = 40 };

/* The fix-it and the note that spells it out for people (`message`, or
 * NULL for "fix: replace with ..."). */
static void fixit_with_note(diag_list *l, diag *d, src_range range, const char *text,
                            const char *message) {
  if (!d || !d->src || range.start > range.end || range.end > d->src->len) return;
  diag_fixit *f = arena_alloc(l->arena, sizeof *f);
  f->range = range;
  f->text = arena_strdup(l->arena, text);
  *d->fixits_tail = f;
  d->fixits_tail = &f->next;

  /* The note: at the diagnostic's own place it needs no second excerpt. */
  diag_note *n = arena_alloc(l->arena, sizeof *n);
  bool same = range.start == d->range.start && range.end == d->range.end;
  n->src = same ? NULL : d->src;
  n->range = range;
  n->fixit = f;
  if (message) {
    n->message = arena_strdup(l->arena, message);
    link_note(d, n);
    return;
  }
  const char *old = d->src->text + range.start;
  size_t old_len = range.end - range.start;
  if (range.start == range.end)
    n->message = arena_printf(l->arena, "fix: insert '%s'", text);
  else if (*text)
    n->message = arena_printf(l->arena, "fix: replace with '%s'", text);
  else if (old_len <= FIXIT_QUOTE_MAX && !memchr(old, '\n', old_len) && !memchr(old, '\r', old_len))
    n->message = arena_printf(l->arena, "fix: remove '%.*s'", (int)old_len, old);
  else
    n->message = arena_strdup(l->arena, "fix: remove this");
  link_note(d, n);
}

void diag_fixit_add(diag_list *l, diag *d, src_range range, const char *text) {
  fixit_with_note(l, d, range, text, NULL);
}

void diag_fixit_suggest(diag_list *l, diag *d, src_range range, const char *text) {
  char *message = arena_printf(l->arena, "did you mean '%s'?", text);
  fixit_with_note(l, d, range, text, message);
}

void diag_filter(diag_list *l, bool (*keep)(const diag *d, void *ctx), void *ctx) {
  diag **link = &l->head;
  l->tail = &l->head;
  while (*link) {
    diag *d = *link;
    if (keep(d, ctx)) {
      link = &d->next;
      l->tail = link;
    } else {
      *link = d->next;
      l->count[d->severity]--;
    }
  }
}

static int diag_cmp(const void *pa, const void *pb) {
  const diag *a = *(diag *const *)pa, *b = *(diag *const *)pb;
  /* Diagnostics without a file come first, then by file name and offset;
   * the recording order breaks ties, which makes the sort stable. */
  if (!a->src != !b->src) return a->src ? 1 : -1;
  if (a->src && b->src && a->src != b->src) {
    int c = strcmp(a->src->name, b->src->name);
    if (c) return c;
  }
  if (a->src && a->range.start != b->range.start) return a->range.start < b->range.start ? -1 : 1;
  return (a->seq > b->seq) - (a->seq < b->seq);
}

void diag_sort(diag_list *l) {
  size_t n = 0;
  for (diag *d = l->head; d; d = d->next) n++;
  if (n < 2) return;
  diag **v = xmalloc(n * sizeof *v);
  size_t i = 0;
  for (diag *d = l->head; d; d = d->next) v[i++] = d;
  qsort(v, n, sizeof *v, diag_cmp);
  l->head = NULL;
  l->tail = &l->head;
  for (i = 0; i < n; i++) {
    v[i]->next = NULL;
    *l->tail = v[i];
    l->tail = &v[i]->next;
  }
  free(v);
}

/* ---- the codes ---------------------------------------------------------- */

/* Sorted by code (diag_code_find searches it); tests/diag-codes.sh checks
 * that every code the sources use is here and documented. */
static const diag_code_info codes[] = {
  {"bad-axis", DIAG_ERROR, "concat, slice or softmax along an axis the input does not have"},
  {"bad-directive", DIAG_WARNING, "an 'archc:' comment that is not a valid suppression directive"},
  {"bad-enum", DIAG_ERROR, "a value that names no member of the field's enum"},
  {"bad-escape", DIAG_ERROR, "an unknown escape sequence in a string"},
  {"bad-groups", DIAG_ERROR, "groups that do not divide the input channels or the features"},
  {"bad-input-dims", DIAG_ERROR, "an input shape with too few or too many dimensions"},
  {"bad-meta", DIAG_ERROR, "an unknown metadata key, or a value of the wrong kind"},
  {"bad-number", DIAG_ERROR, "a malformed number"},
  {"bad-rank", DIAG_ERROR, "an input with the wrong number of dimensions for the op"},
  {"bad-repeat", DIAG_ERROR, "a repeat count outside 1..10000, or a repeated first stage"},
  {"bad-shape", DIAG_ERROR, "a malformed shape literal"},
  {"bad-slice-point", DIAG_ERROR, "a slice point outside the sliced dimension"},
  {"bias-before-batchnorm", DIAG_WARNING, "a bias that the following batchnorm cancels"},
  {"binary-file", DIAG_ERROR, "a binary file where a text prototxt is expected"},
  {"cannot-read", DIAG_ERROR, "an input file that cannot be opened or read"},
  {"collapsed-grid", DIAG_WARNING, "a kernel larger than 1 along an axis where the grid is 1 cell"},
  {"conflicting-fields", DIAG_ERROR, "two fields of which Caffe takes only one"},
  {"conflicting-parameters", DIAG_ERROR, "parameters that exclude each other"},
  {"cycle", DIAG_ERROR, "tensors that depend on themselves"},
  {"duplicate-field", DIAG_ERROR, "a field that is not repeated, given twice"},
  {"duplicate-layer-name", DIAG_WARNING, "two layers of the phase with the same name"},
  {"duplicate-name", DIAG_ERROR, "a name defined twice in one body"},
  {"duplicate-operand", DIAG_WARNING, "add, mul or max of a tensor with itself"},
  {"duplicate-parameter", DIAG_ERROR, "a parameter given twice"},
  {"duplicate-top", DIAG_ERROR, "a blob written again by a layer that is not in place"},
  {"eltwise-coefficients", DIAG_NOTE, "Eltwise coefficients, which archc does not represent"},
  {"expansion-limit", DIAG_ERROR, "blocks nested too deep, or a network with too many layers"},
  {"file-too-large", DIAG_ERROR, "an input file larger than 256 MiB"},
  {"include-and-exclude", DIAG_ERROR, "a layer with both include and exclude rules"},
  {"kernel-too-large", DIAG_ERROR, "a kernel larger than the padded input"},
  {"large-fc-input", DIAG_WARNING, "an fc layer on more than 2^20 inputs"},
  {"left-out-layers", DIAG_NOTE, "layers left out because they only compute input shapes"},
  {"misplaced-dropout", DIAG_WARNING, "dropout that does not feed an fc layer"},
  {"misplaced-statement", DIAG_ERROR, "a statement where it is not allowed"},
  {"missing-dataset", DIAG_ERROR, "the reference profile without --dataset"},
  {"missing-field", DIAG_ERROR, "a value Caffe needs that the layer does not give"},
  {"missing-input-shape", DIAG_ERROR, "an input whose shape the file does not give"},
  {"missing-parameter", DIAG_ERROR, "a required parameter left out"},
  {"mixed-layer-formats", DIAG_ERROR, "'layer' and the legacy 'layers' in one file"},
  {"multiple-networks", DIAG_ERROR, "a file with more than one network"},
  {"nesting-too-deep", DIAG_ERROR, "parentheses or brackets nested more than 200 deep"},
  {"no-dataset-inputs", DIAG_WARNING, "--dataset given, but no blob named like 'data0'"},
  {"no-input", DIAG_ERROR, "a network without inputs"},
  {"no-network", DIAG_ERROR, "a file without a network"},
  {"no-output", DIAG_ERROR, "a network without outputs"},
  {"non-positive-size", DIAG_ERROR, "a layer whose output would have no cells"},
  {"not-a-network", DIAG_ERROR, "a prototxt that is not a network (a solver, say)"},
  {"not-a-tensor", DIAG_ERROR, "a value where a tensor is needed"},
  {"nul-byte", DIAG_ERROR, "a NUL byte in the source"},
  {"number-out-of-range", DIAG_ERROR, "a number too large to represent"},
  {"opaque-layer", DIAG_WARNING, "a Caffe layer archc does not model, kept as opaque"},
  {"out-of-range", DIAG_ERROR, "a parameter value outside its allowed range"},
  {"pad-too-large", DIAG_ERROR, "pooling padding not smaller than the window"},
  {"pool-1x1", DIAG_WARNING, "pooling with a 1x1 window: a no-op or pure subsampling"},
  {"pool-after-pool", DIAG_WARNING, "pooling straight after pooling"},
  {"recursion", DIAG_ERROR, "a block that calls itself"},
  {"redundant-activation", DIAG_WARNING,
   "an activation that is the identity on its non-negative input"},
  {"reference-column", DIAG_WARNING, "attribute columns the reference extractor cannot compute"},
  {"reference-construction", DIAG_ERROR, "a network the reference extractor cannot process"},
  {"reserved-name", DIAG_ERROR, "a tensor or block named like an op"},
  {"saturating-activation", DIAG_WARNING, "sigmoid or tanh deep inside a network"},
  {"shape-assertion", DIAG_ERROR, "a tensor whose shape differs from the one asserted"},
  {"shape-mismatch", DIAG_ERROR, "inputs whose shapes do not fit together"},
  {"shape-overflow", DIAG_ERROR, "a shape whose size overflows 64 bits"},
  {"single-input-concat", DIAG_WARNING, "a concat of a single input"},
  {"stride-exceeds-kernel", DIAG_WARNING,
   "a stride larger than the kernel: input cells never read"},
  {"syntax-error", DIAG_ERROR, "text that does not follow the grammar"},
  {"token-too-long", DIAG_ERROR, "a token longer than 4096 bytes"},
  {"too-many-errors", DIAG_ERROR, "so many lexical errors that the rest is not read"},
  {"training-layer", DIAG_NOTE, "training-only layers (losses, accuracy) kept as opaque"},
  {"undefined-blob", DIAG_ERROR, "a blob that no earlier layer of the phase writes"},
  {"undefined-name", DIAG_ERROR, "a name that nothing defines in scope"},
  {"unexpected-character", DIAG_ERROR, "a character that cannot start a token"},
  {"unknown-code", DIAG_WARNING, "an unknown diagnostic code in a suppression directive"},
  {"unknown-field", DIAG_WARNING, "a field the Caffe schema does not have; ignored"},
  {"unknown-op", DIAG_ERROR, "a call to something that is neither an op nor a block"},
  {"unknown-parameter", DIAG_ERROR, "a named argument the op or block does not take"},
  {"unsupported", DIAG_ERROR, "an input archc cannot read yet"},
  {"unsupported-format", DIAG_ERROR, "Caffe's oldest (V0) prototxt format"},
  {"unterminated-string", DIAG_ERROR, "a string without its closing quote"},
  {"unused-block", DIAG_WARNING, "a block that nothing calls"},
  {"unused-input", DIAG_WARNING, "an input nothing uses"},
  {"unused-layer", DIAG_WARNING, "a tensor that no output depends on"},
  {"unused-output", DIAG_WARNING, "an output of a slice that nothing uses"},
  {"unused-parameter", DIAG_WARNING, "a block parameter the body never uses"},
  {"wrong-arity", DIAG_ERROR, "too many or too few inputs or arguments"},
  {"wrong-type", DIAG_ERROR, "a value of the wrong kind"},
  {"wrong-value-type", DIAG_ERROR, "a field value of the wrong kind"},
};

static int code_cmp(const void *key, const void *elem) {
  const struct { const char *s; size_t n; } *k = key;
  const char *code = ((const diag_code_info *)elem)->code;
  size_t m = strlen(code);
  int c = memcmp(k->s, code, k->n < m ? k->n : m);
  if (c) return c;
  return (k->n > m) - (k->n < m);
}

const diag_code_info *diag_code_find(const char *code, size_t len) {
  struct { const char *s; size_t n; } key = {code, len};
  return bsearch(&key, codes, sizeof codes / sizeof codes[0], sizeof codes[0], code_cmp);
}

const diag_code_info *diag_code_table(size_t *n) {
  *n = sizeof codes / sizeof codes[0];
  return codes;
}

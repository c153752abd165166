/* Fix-its for lint warnings. Each reads the source text of the call that
 * made the layer and gives up, offering no fix, whenever the text is not
 * in the simple form it expects (a comment inside, a repeat, a block
 * expansion, a Caffe layer). */
#include <string.h>

#include "passes/lint.h"

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }
static bool space(char c) { return blank(c) || c == '\n' || c == '\r'; }
static bool ident(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The layer's call, if it was written where it stands as `name...`. */
static const char *call_text(const ir_layer *l, const char *name) {
  if (l->site || !l->src || l->loc.end > l->src->len || l->loc.start >= l->loc.end) return NULL;
  const char *t = l->src->text + l->loc.start;
  size_t n = strlen(name), len = l->loc.end - l->loc.start;
  if (len < n || memcmp(t, name, n) != 0 || (len > n && ident(t[n]))) return NULL;
  if (memchr(t, '#', len)) return NULL;
  return t;
}

/* The offset of the '(' after the op's name, or 0 if there is none. */
static uint32_t open_paren(const ir_layer *l, const char *name) {
  const char *text = l->src->text;
  uint32_t p = l->loc.start + (uint32_t)strlen(name);
  while (p < l->loc.end && space(text[p])) p++;
  return p < l->loc.end && text[p] == '(' && text[l->loc.end - 1] == ')' ? p : 0;
}

void lint_fix_remove_stage(lint_ctx *cx, diag *d, const ir_layer *l) {
  if (!d || !call_text(l, ir_op_name(l->op))) return;
  const char *text = l->src->text;
  uint32_t s = l->loc.start, e = l->loc.end, len = l->src->len;
  uint32_t q = e;
  while (q < len && blank(text[q])) q++;
  if (q < len && text[q] == '*') return;  /* the repeat belongs to this stage */
  bool at_line_end = q == len || text[q] == '\n' || text[q] == '\r' || text[q] == '#';
  bool bare = true;  /* a name without arguments */
  for (uint32_t i = s; i < e && bare; i++) bare = ident(text[i]);
  uint32_t p = s;
  while (p > 0 && blank(text[p - 1])) p--;
  uint32_t from;
  if (p >= 2 && text[p - 2] == '-' && text[p - 1] == '>') {
    from = p - 2;
    while (from > 0 && blank(text[from - 1])) from--;
    bool line_start = from == 0 || text[from - 1] == '\n' || text[from - 1] == '\r';
    /* "  -> maxpool(1) relu" on a line of its own: the bare relu would be
     * left to start a statement. */
    bool follows_arrow = q + 1 < len && text[q] == '-' && text[q + 1] == '>';
    if (line_start && !at_line_end && !follows_arrow) return;
  } else if (bare && p < s && p > 0 && (ident(text[p - 1]) || text[p - 1] == ')')) {
    from = p;  /* a bare name after an application: " relu" */
  } else {
    return;  /* the first stage: its inputs are in its arguments */
  }
  diag_fixit_add(cx->diags, d, (src_range){from, e}, "");
}

/* Whether the call's arguments already name `param` at the top level. */
static bool names_param(const char *text, uint32_t open, uint32_t close, const char *param,
                        size_t n) {
  int depth = 0;
  for (uint32_t i = open + 1; i < close; i++) {
    char c = text[i];
    if (c == '(' || c == '[') depth++;
    else if (c == ')' || c == ']') depth--;
    else if (depth == 0 && ident(c) && !ident(text[i - 1])) {
      uint32_t j = i;
      while (j < close && ident(text[j])) j++;
      uint32_t k = j;
      while (k < close && space(text[k])) k++;
      if (j - i == n && memcmp(text + i, param, n) == 0 && k < close && text[k] == ':') return true;
      i = j - 1;
    }
  }
  return false;
}

void lint_fix_add_argument(lint_ctx *cx, diag *d, const ir_layer *l, const char *arg) {
  const char *name = ir_op_name(l->op);
  if (!d || !call_text(l, name)) return;
  uint32_t open = open_paren(l, name), close = l->loc.end - 1;
  if (!open) return;
  const char *text = l->src->text, *colon = strchr(arg, ':');
  if (!colon || names_param(text, open, close, arg, (size_t)(colon - arg))) return;
  uint32_t at = close;
  while (at > open + 1 && space(text[at - 1])) at--;
  const char *sep = ", ";
  if (at == open + 1) sep = "";
  else if (text[at - 1] == ',') sep = " ";  /* a trailing comma is there already */
  diag_fixit_add(cx->diags, d, (src_range){at, at}, arena_printf(cx->arena, "%s%s", sep, arg));
}

void lint_fix_unwrap_call(lint_ctx *cx, diag *d, const ir_layer *l) {
  const char *name = ir_op_name(l->op);
  if (!d || !call_text(l, name)) return;
  uint32_t open = open_paren(l, name), close = l->loc.end - 1;
  if (!open) return;
  const char *text = l->src->text;
  int depth = 0;
  for (uint32_t i = open + 1; i < close; i++) {
    char c = text[i];
    if (c == '(' || c == '[') depth++;
    else if (c == ')' || c == ']') depth--;
    else if (depth == 0 && (c == ',' || c == ':')) return;  /* more than one argument */
  }
  uint32_t a = open + 1, b = close;
  while (a < b && space(text[a])) a++;
  while (b > a && space(text[b - 1])) b--;
  if (a == b) return;
  diag_fixit_add(cx->diags, d, l->loc, arena_strndup(cx->arena, text + a, b - a));
}

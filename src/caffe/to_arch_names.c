/* Names in the converted file. A source name becomes an identifier by
 * turning every byte other than a letter, digit or underscore into '_'
 * (and putting '_' before a leading digit); a name that is a keyword, an
 * op or a block gets a trailing '_'; a name already taken gets `_2`, `_3`,
 * ... Names are handed out in graph order (blocks, inputs, statements), so
 * the same graph always gets the same names. A statement whose name is not
 * its source name carries a comment giving the original. */
#include <inttypes.h>
#include <string.h>

#include "caffe/to_arch_int.h"

/* Longer source names are cut: .arch identifiers stop at 4096 bytes. */
enum { MAX_NAME = 1000 };

static bool is_keyword(const char *s) {
  static const char *const words[] = {"network", "block", "input", "output", "return", "meta",
                                      "true", "false"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strcmp(s, words[i]) == 0) return true;
  return false;
}

static bool reserved(const ta *t, const char *s) {
  ir_op op;
  if (is_keyword(s) || ir_op_lookup(s, strlen(s), &op)) return true;
  for (uint32_t i = 0; i < t->nblocks; i++)
    if (t->blocks[i].name && strcmp(t->blocks[i].name, s) == 0) return true;
  return false;
}

static bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static char *sanitise(arena *a, const char *src) {
  size_t n = strlen(src);
  if (n > MAX_NAME) n = MAX_NAME;
  bool digit = n && src[0] >= '0' && src[0] <= '9';
  char *out = arena_alloc(a, n + 2);
  size_t k = 0;
  if (digit || n == 0) out[k++] = '_';
  for (size_t i = 0; i < n; i++) out[k++] = ident_char(src[i]) ? src[i] : '_';
  out[k] = '\0';
  return out;
}

static bool try_claim(ta *t, const char *name) {
  return strmap_add(&t->taken, name, strlen(name), 0);
}

/* A free name for `want` (already an identifier). */
static const char *claim(ta *t, const char *want) {
  const char *base = reserved(t, want) ? arena_printf(t->arena, "%s_", want) : want;
  if (try_claim(t, base)) return base;
  for (uint32_t k = 2;; k++) {
    const char *name = arena_printf(t->arena, "%s_%" PRIu32, base, k);
    if (try_claim(t, name)) return name;
  }
}

/* The name for a source name, and the original when it had to change. */
static const char *name_for(ta *t, const char *src, const char **orig) {
  const char *name = claim(t, sanitise(t->arena, src));
  *orig = strcmp(name, src) == 0 ? NULL : src;
  return name;
}

static void name_blocks(ta *t) {
  for (uint32_t i = 0; i < t->nblocks; i++) {
    const char *kind = t->blocks[i].name;
    t->blocks[i].name = NULL;
    const char *name = kind;
    /* inception, inception_b, inception_c, ...: as the papers number them. */
    for (uint32_t k = 1; !try_claim(t, name); k++)
      name = k < 26 ? arena_printf(t->arena, "%s_%c", kind, (char)('a' + k))
                    : arena_printf(t->arena, "%s_%" PRIu32, kind, k + 1);
    t->blocks[i].name = name;
  }
}

void ta_assign_names(ta *t) {
  name_blocks(t);
  const ir_graph *g = t->g;
  for (uint32_t i = 0; i < g->nlayers; i++)
    if (g->layers[i].op == OP_INPUT)
      t->input_name[i] = name_for(t, ta_source_name(t, i), &t->input_orig[i]);
  for (uint32_t s = 0; s < t->nstmts; s++) {
    ta_stmt *st = &t->stmts[s];
    if (st->unit != TA_NONE && t->units[st->unit].merge != s) continue;
    st->name = name_for(t, ta_source_name(t, st->head), &st->orig);
    uint32_t nout = g->layers[st->last].noutputs;
    if (g->layers[st->last].op != OP_SLICE || nout < 2) continue;
    st->names = arena_calloc(t->arena, nout, sizeof *st->names);
    st->names[0] = st->name;
    for (uint32_t k = 1; k < nout; k++)
      st->names[k] = claim(t, arena_printf(t->arena, "%s_%" PRIu32, st->name, k + 1));
  }
  /* The network's name is not in any scope; it only must not be a keyword. */
  const char *net = sanitise(t->arena, t->net_name ? t->net_name : "");
  if (is_keyword(net)) net = arena_printf(t->arena, "%s_", net);
  t->net_orig = t->net_name && strcmp(net, t->net_name) == 0 ? NULL : t->net_name;
  t->net_name = net;
}

void ta_put_name_comment(buf *b, const char *orig) {
  buf_puts(b, "  # caffe: \"");
  for (const unsigned char *c = (const unsigned char *)orig; *c; c++) {
    if (*c == '"' || *c == '\\') buf_printf(b, "\\%c", *c);
    else if (*c == '\n') buf_puts(b, "\\n");
    else if (*c == '\t') buf_puts(b, "\\t");
    else if (*c < 0x20 || *c == 0x7f) buf_printf(b, "\\x%02x", *c);
    else buf_putc(b, (char)*c);
  }
  buf_putc(b, '"');
}

/* Caffe layer names for a graph, for `--emit prototxt` (and for converting
 * a graph that was lowered from .arch).
 *
 * Lowering names a statement's last layer after the statement and the
 * earlier ones `NAME.OPk` (src/arch/lower.c); Caffe, and the converter,
 * name a statement after its first layer. So the layers of one statement
 * (NAME and NAME.OPk, with OP an op or a block) are renamed: the first
 * takes NAME, and the last takes the `NAME.OPk` the first had no use for.
 * A statement of the network body with a `# caffe: "..."` comment (the
 * converter writes them) gives its first layer that name instead; so does
 * the network. Converting the result back then gives the same .arch. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "arch/parse.h"
#include "caffe/to_arch.h"
#include "util/strmap.h"

#define NONE UINT32_MAX

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Whether `comp` is OPk or BLOCKk for an op or a block of the graph. */
static bool generated_component(const char *comp, const strmap *blocks) {
  size_t n = strlen(comp), d = n;
  while (d > 0 && is_digit(comp[d - 1])) d--;
  if (d == 0 || d == n) return false;
  /* The count may start inside a block's own name: a block `inception2`
   * called first in a chain gives `inception21`. */
  for (size_t k = d; k < n; k++) {
    ir_op op;
    uint32_t v;
    if (ir_op_lookup(comp, k, &op) || strmap_get(blocks, comp, k, &v)) return true;
  }
  return false;
}

/* ---- `# caffe: "..."` comments ---------------------------------------------------------- */

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* The name in a comment `# caffe: "NAME"`, or NULL. */
static const char *comment_name(arena *a, const char *s, size_t n) {
  static const char tag[] = "# caffe: \"";
  size_t t = sizeof tag - 1;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
  if (n < t + 1 || memcmp(s, tag, t) != 0 || s[n - 1] != '"') return NULL;
  char *out = arena_alloc(a, n);
  size_t k = 0;
  for (size_t i = t; i < n - 1; i++) {
    if (s[i] == '"') return NULL;
    if (s[i] != '\\') {
      out[k++] = s[i];
      continue;
    }
    char e = ++i < n - 1 ? s[i] : '\0';
    if (e == '\\' || e == '"') out[k++] = e;
    else if (e == 'n') out[k++] = '\n';
    else if (e == 't') out[k++] = '\t';
    else if (e == 'x' && i + 2 < n - 1 && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      out[k++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      i += 2;
    } else {
      return NULL;
    }
  }
  out[k] = '\0';
  return out;
}

/* The comment on the same line as offset `at`, after it (or NULL). */
static const char *comment_after(arena *a, const ast_file *f, uint32_t at, size_t *next) {
  const char *text = f->src->text;
  for (; *next < f->ncomments && f->comments[*next].loc.start < at; (*next)++) {}
  if (*next == f->ncomments) return NULL;
  src_range c = f->comments[*next].loc;
  for (uint32_t i = at; i < c.start; i++)
    if (text[i] == '\n' || text[i] == '\r') return NULL;
  return comment_name(a, text + c.start, c.end - c.start);
}

/* Names that the network's comments give back: statement name -> original. */
static void read_comments(arena *a, const ir_graph *g, strmap *orig, const char ***origs,
                          const char **net_name) {
  arena scratch;
  arena_init(&scratch);
  diag_list diags;
  diag_list_init(&diags, &scratch);
  ast_file *f = arch_parse(&scratch, &diags, g->src);
  size_t next = 0, n = 0, cap = 0;
  const char **list = NULL;
  for (size_t i = 0; i < f->nitems && !diag_has_errors(&diags); i++) {
    const ast_network *net = f->items[i].network;
    if (!net) continue;
    const char *nn = comment_after(a, f, net->name.loc.end, &next);
    if (nn) *net_name = nn;
    for (size_t k = 0; k < net->nbody; k++) {
      const ast_stmt *st = net->body[k];
      if (st->nnames == 0 || st->kind == STMT_META || st->kind == STMT_BLOCK) continue;
      const char *name = comment_after(a, f, st->loc.end, &next);
      if (!name) continue;
      if (n == cap) {
        cap = cap ? 2 * cap : 16;
        const char **grown = arena_calloc(a, cap, sizeof *grown);
        if (n) memcpy(grown, list, n * sizeof *grown);
        list = grown;
      }
      list[n] = name;
      const char *key = arena_strdup(a, st->names[0].name.s);
      strmap_add(orig, key, strlen(key), (uint32_t)n++);
    }
  }
  *origs = list;
  arena_free(&scratch);
}

/* ---- grouping layers by statement ----------------------------------------------------------- */

const char **caffe_layer_names(arena *a, const ir_graph *g, const char **net_name) {
  uint32_t n = g->nlayers;
  const char **names = arena_calloc(a, n ? n : 1, sizeof *names);
  *net_name = g->name;
  bool from_caffe = false;
  for (uint32_t i = 0; i < n && !from_caffe; i++) from_caffe = g->layers[i].caffe_type;
  if (from_caffe || !g->src) {
    for (uint32_t i = 0; i < n; i++) names[i] = g->layers[i].name;
    return names;
  }

  strmap by_name, blocks, orig;
  strmap_init(&by_name, a);
  strmap_init(&blocks, a);
  strmap_init(&orig, a);
  for (uint32_t i = 0; i < n; i++) {
    strmap_add(&by_name, g->layers[i].name, strlen(g->layers[i].name), i);
    for (const ir_site *s = g->layers[i].site; s; s = s->parent)
      strmap_add(&blocks, s->block, strlen(s->block), 0);
  }
  const char **origs = NULL;
  read_comments(a, g, &orig, &origs, net_name);

  /* Each layer's statement: the layer that carries the statement's name. */
  uint32_t *owner = malloc((n ? n : 1) * sizeof *owner);
  uint32_t *head = malloc((n ? n : 1) * sizeof *head);
  for (uint32_t i = 0; i < n; i++) {
    const char *name = g->layers[i].name, *dot = strrchr(name, '.');
    head[i] = NONE;
    if (!dot || !generated_component(dot + 1, &blocks) ||
        !strmap_get(&by_name, name, (size_t)(dot - name), &owner[i]))
      owner[i] = i;
  }
  /* A block called in a chain nests: `c.conv_bn1.conv1` belongs to
   * `c.conv_bn1`, which belongs to `c`. Owners have shorter names, so
   * this ends. */
  for (uint32_t i = 0; i < n; i++)
    while (owner[owner[i]] != owner[i]) owner[i] = owner[owner[i]];
  for (uint32_t i = 0; i < n; i++)
    if (head[owner[i]] == NONE) head[owner[i]] = i;   /* graph order: its first layer */
  strmap used;
  strmap_init(&used, a);
  for (uint32_t i = 0; i < n; i++) {
    if (head[i] == NONE) continue;
    const char *base = g->layers[i].name;
    uint32_t k;
    const char *given = strmap_get(&orig, base, strlen(base), &k) ? origs[k] : base;
    names[head[i]] = given;
    strmap_add(&used, given, strlen(given), head[i]);
  }
  for (uint32_t i = 0; i < n; i++) {
    if (names[i]) continue;
    const char *name = g->layers[i].name;
    if (owner[i] == i) {
      /* The statement's last layer: a `NAME.OPk` of its own. */
      const char *op = ir_op_name(g->layers[i].op);
      uint32_t v;
      for (uint32_t k = 1;; k++) {
        name = arena_printf(a, "%s.%s%" PRIu32, g->layers[i].name, op, k);
        size_t len = strlen(name);
        if (!strmap_get(&by_name, name, len, &v) && !strmap_get(&used, name, len, &v)) break;
      }
    }
    names[i] = name;
    strmap_add(&used, name, strlen(name), i);
  }
  free(owner);
  free(head);
  return names;
}

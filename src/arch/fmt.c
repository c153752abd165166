/* The canonical formatter. The output is a function of the syntax tree,
 * plus the comments and blank lines of the source; formatting is
 * idempotent, and the output parses to the same tree.
 *
 * The canonical style:
 *
 *   Layout    Two spaces per nesting level. One statement per line; `;` is
 *             never printed. `network NAME {` ... `}` and
 *             `block NAME(a, b, c = 1) {` ... `}`; an empty body prints
 *             its braces on two lines.
 *   Items     Top-level items are separated by exactly one blank line; the
 *             comments before an item come after that blank line.
 *   Blanks    A blank line in the source between two statements (or a
 *             statement and a comment) is kept; several collapse to one.
 *             None is printed right after `{`, before `}`, or at the start
 *             or end of the file.
 *   Statements
 *             `input x: 1x28x28`, `a, b = CHAIN`, `output CHAIN`,
 *             `output y = CHAIN`, `return CHAIN`, and a shape assertion
 *             `y = CHAIN : 64x?x?`.
 *   Chains    Stages are joined by ` -> `; the bare words of a stage follow
 *             its application after one space (`conv(x, 64, 3) relu`); a
 *             repetition is ` * N`. Calls print as `name(a, b, key: v)`: no
 *             space inside the parentheses, no trailing comma. A bare name
 *             stays bare and a call without arguments prints `name()`.
 *             Chains used as values print inline the same way.
 *   Values    Numbers print as written (`1e-4`, `0.50`, `-3`); shapes from
 *             their dimensions (`?` for a wildcard; a one-dimension shape is
 *             its integer); `true`, `false`; lists `[1, 2]`; strings are
 *             re-escaped from their value (`\\`, `\"`, `\n`, `\t`).
 *   meta      `meta { task: "x", classes: 10 }` on one line when that line
 *             fits in 100 columns, else `meta {`, one `key: value` per line,
 *             and `}`.
 *   Width     A statement line longer than 100 columns whose chain has more
 *             than one stage is broken before every `->` after the first
 *             stage; continuation lines are indented two more spaces than
 *             the statement and start with `-> `. Argument lists are never
 *             broken, so a line may still be longer than 100 columns.
 *   Comments  Every comment is kept, in source order, with its trailing
 *             blanks removed:
 *             - a comment on a line of its own goes on a line of its own at
 *               the indentation of what follows it (for a comment before
 *               `}`, the indentation of the body);
 *             - a comment after code on the last line of a statement, or
 *               after `{` or `}`, stays at the end of that printed line,
 *               after two spaces;
 *             - a comment inside a statement or inside a block's parameter
 *               list moves before it, on its own line;
 *             - comments after the last item end the file (after a blank
 *               line if the source had one).
 *
 * The output has no trailing blanks and ends with exactly one newline,
 * unless it is empty. */
#include "arch/fmt.h"

#include <inttypes.h>
#include <string.h>

enum { FMT_WIDTH = 100, FMT_INDENT = 2 };

typedef struct fmt {
  buf *out;
  const ast_file *file;
  const char *text;       /* the source */
  uint32_t len;
  size_t next_comment;    /* the first comment not printed yet */
  uint32_t last_end;      /* source offset just past what was printed last */
  bool at_open;           /* nothing printed yet since `{` or the file start */
  bool force_blank;       /* a blank line is due before the next line */
} fmt;

/* ---- values, chains and statement text ---- */

static void put_str(buf *b, ast_str s) { buf_put(b, s.s, s.len); }

static void put_shape(buf *b, const ast_shape *sh) {
  for (int i = 0; i < sh->ndims; i++) {
    if (i) buf_putc(b, 'x');
    if (sh->dims[i] == AST_DIM_ANY) buf_putc(b, '?');
    else buf_printf(b, "%" PRId64, sh->dims[i]);
  }
}

static void put_string(buf *b, ast_str s) {
  buf_putc(b, '"');
  for (uint32_t i = 0; i < s.len; i++) {
    char c = s.s[i];
    switch (c) {
    case '\\': buf_puts(b, "\\\\"); break;
    case '"': buf_puts(b, "\\\""); break;
    case '\n': buf_puts(b, "\\n"); break;
    case '\t': buf_puts(b, "\\t"); break;
    default: buf_putc(b, c);
    }
  }
  buf_putc(b, '"');
}

static void put_chain(buf *b, const ast_chain *c, int break_indent);

static void put_expr(buf *b, const ast_expr *e) {
  switch (e->kind) {
  case EXPR_INT:
  case EXPR_FLOAT: put_str(b, e->text); break;
  case EXPR_SHAPE: put_shape(b, &e->u.shape); break;
  case EXPR_STRING: put_string(b, e->u.str); break;
  case EXPR_BOOL: buf_puts(b, e->u.b ? "true" : "false"); break;
  case EXPR_NAME: put_str(b, e->u.str); break;
  case EXPR_LIST:
    buf_putc(b, '[');
    for (size_t i = 0; i < e->u.list.n; i++) {
      if (i) buf_puts(b, ", ");
      put_expr(b, e->u.list.items[i]);
    }
    buf_putc(b, ']');
    break;
  case EXPR_CHAIN: put_chain(b, e->u.chain, -1); break;
  }
}

static void put_arg(buf *b, const ast_arg *a) {
  if (a->name.len) {
    put_str(b, a->name);
    buf_puts(b, ": ");
  }
  put_expr(b, a->value);
}

static void put_app(buf *b, const ast_app *a) {
  put_str(b, a->name);
  if (!a->call) return;
  buf_putc(b, '(');
  for (size_t i = 0; i < a->nargs; i++) {
    if (i) buf_puts(b, ", ");
    put_arg(b, &a->args[i]);
  }
  buf_putc(b, ')');
}

static void put_stage(buf *b, const ast_stage *s) {
  for (size_t i = 0; i < s->napps; i++) {
    if (i) buf_putc(b, ' ');
    put_app(b, &s->apps[i]);
  }
  /* `* 0` has the count of no repetition; its location shows it was written. */
  if (s->has_repeat)
    buf_printf(b, " * %" PRId64, s->repeat);
}

/* Inline when break_indent < 0; else every stage after the first starts a
 * line indented by break_indent spaces. */
static void put_chain(buf *b, const ast_chain *c, int break_indent) {
  for (size_t i = 0; i < c->nstages; i++) {
    if (i && break_indent < 0) {
      buf_puts(b, " -> ");
    } else if (i) {
      buf_putc(b, '\n');
      buf_fill(b, ' ', (size_t)break_indent);
      buf_puts(b, "-> ");
    }
    put_stage(b, &c->stages[i]);
  }
}

static void put_names(buf *b, const ast_stmt *s) {
  for (size_t i = 0; i < s->nnames; i++) {
    if (i) buf_puts(b, ", ");
    put_str(b, s->names[i].name);
  }
}

/* A statement with a chain (assignment, output, return), without its
 * indentation. */
static void put_chain_stmt(buf *b, const ast_stmt *s, int break_indent) {
  if (s->kind == STMT_OUTPUT) buf_puts(b, "output ");
  else if (s->kind == STMT_RETURN) buf_puts(b, "return ");
  if (s->nnames) {
    put_names(b, s);
    buf_puts(b, " = ");
  }
  put_chain(b, s->chain, break_indent);
  if (s->has_shape) {
    buf_puts(b, " : ");
    put_shape(b, &s->shape);
  }
}

/* ---- comments and blank lines ---- */

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

static void indent(fmt *f, int level) { buf_fill(f->out, ' ', (size_t)(level * FMT_INDENT)); }

/* Whether the source has a blank line between offsets `from` and `to`
 * (which hold only blanks, line ends and `;`). */
static bool blank_between(const fmt *f, uint32_t from, uint32_t to) {
  int ends = 0;
  for (uint32_t i = from; i < to && i < f->len; i++) {
    char c = f->text[i];
    if (c == '\r' && i + 1 < to && f->text[i + 1] == '\n') i++;
    if (c == '\n' || c == '\r') ends++;
  }
  return ends >= 2;
}

/* Called before printing a line that starts something found at `start` in
 * the source: prints the blank line due before it, if any. */
static void separate(fmt *f, uint32_t start) {
  if (!f->at_open && (f->force_blank || blank_between(f, f->last_end, start)))
    buf_putc(f->out, '\n');
  f->at_open = false;
  f->force_blank = false;
}

static bool have_comment_before(const fmt *f, uint32_t offset) {
  return f->next_comment < f->file->ncomments &&
         f->file->comments[f->next_comment].loc.start < offset;
}

static void put_comment(fmt *f, const ast_comment *c) {
  uint32_t end = c->loc.end;
  while (end > c->loc.start && is_blank(f->text[end - 1])) end--;
  buf_put(f->out, f->text + c->loc.start, end - c->loc.start);
}

/* Comments on their own lines before `offset`, each printed on its own line,
 * keeping the blank lines between them and what precedes them. */
static void leading_comments(fmt *f, uint32_t offset, int level) {
  while (have_comment_before(f, offset)) {
    const ast_comment *c = &f->file->comments[f->next_comment++];
    separate(f, c->loc.start);
    indent(f, level);
    put_comment(f, c);
    buf_putc(f->out, '\n');
    f->last_end = c->loc.end;
  }
}

/* Comments inside a construct that spans [start, end) in the source go
 * before it. Prints the blank line due before the construct; the construct
 * itself then follows without one. */
static void open_construct(fmt *f, uint32_t start, uint32_t end, int level) {
  separate(f, start);
  while (have_comment_before(f, end)) {
    indent(f, level);
    put_comment(f, &f->file->comments[f->next_comment++]);
    buf_putc(f->out, '\n');
  }
}

/* Ends a printed line whose source ends at `end`: a comment after it on the
 * same source line (with only blanks or `;` between) stays on that line. */
static void end_line(fmt *f, uint32_t end) {
  f->last_end = end;
  if (f->next_comment < f->file->ncomments) {
    const ast_comment *c = &f->file->comments[f->next_comment];
    uint32_t i = end;
    while (i < c->loc.start && i < f->len && (is_blank(f->text[i]) || f->text[i] == ';')) i++;
    if (i == c->loc.start && c->loc.start >= end) {
      buf_puts(f->out, "  ");
      put_comment(f, c);
      f->next_comment++;
      f->last_end = c->loc.end;
    }
  }
  buf_putc(f->out, '\n');
}

/* ---- statements, blocks and the file ---- */

/* The offset of the `{` that opens a network or block body. Between the
 * last thing the tree records and the `)` of a parameter list there can be
 * only blanks, line ends, commas and comments. */
static uint32_t open_brace(const fmt *f, uint32_t from, bool params) {
  uint32_t i = from;
  if (params) {
    while (i < f->len && f->text[i] != ')') {
      if (f->text[i] == '#')
        while (i < f->len && f->text[i] != '\n' && f->text[i] != '\r') i++;
      else
        i++;
    }
    if (i < f->len) i++;
  }
  while (i < f->len && is_blank(f->text[i])) i++;
  return i;
}

static void format_body(fmt *f, ast_stmt *const *body, size_t n, uint32_t close, int level);

static void format_block(fmt *f, const ast_block *b, int level) {
  uint32_t from = b->name.loc.end;
  if (b->nparams) {
    const ast_param *last = &b->params[b->nparams - 1];
    from = last->deflt ? last->deflt->loc.end : last->name.loc.end;
  }
  uint32_t brace = open_brace(f, from, true);
  open_construct(f, b->loc.start, brace, level);
  indent(f, level);
  buf_puts(f->out, "block ");
  put_str(f->out, b->name.name);
  buf_putc(f->out, '(');
  for (size_t i = 0; i < b->nparams; i++) {
    if (i) buf_puts(f->out, ", ");
    put_str(f->out, b->params[i].name.name);
    if (b->params[i].deflt) {
      buf_puts(f->out, " = ");
      put_expr(f->out, b->params[i].deflt);
    }
  }
  buf_puts(f->out, ") {");
  end_line(f, brace + 1);
  format_body(f, b->body, b->nbody, b->close_loc.start, level + 1);
  indent(f, level);
  buf_putc(f->out, '}');
}

static void format_network(fmt *f, const ast_network *n, int level) {
  uint32_t brace = open_brace(f, n->name.loc.end, false);
  open_construct(f, n->loc.start, brace, level);
  indent(f, level);
  buf_puts(f->out, "network ");
  put_str(f->out, n->name.name);
  buf_puts(f->out, " {");
  end_line(f, brace + 1);
  format_body(f, n->body, n->nbody, n->close_loc.start, level + 1);
  indent(f, level);
  buf_putc(f->out, '}');
}

static void format_meta(fmt *f, const ast_stmt *s, int level) {
  buf line = {0};
  buf_puts(&line, "meta {");
  for (size_t i = 0; i < s->nmeta; i++) {
    buf_puts(&line, i ? ", " : " ");
    put_arg(&line, &s->meta[i]);
  }
  buf_puts(&line, s->nmeta ? " }" : "}");
  if ((size_t)(level * FMT_INDENT) + line.len <= FMT_WIDTH) {
    buf_put(f->out, line.data, line.len);
  } else {
    buf_puts(f->out, "meta {\n");
    for (size_t i = 0; i < s->nmeta; i++) {
      indent(f, level + 1);
      put_arg(f->out, &s->meta[i]);
      buf_putc(f->out, '\n');
    }
    indent(f, level);
    buf_putc(f->out, '}');
  }
  buf_free(&line);
}

static void format_stmt(fmt *f, const ast_stmt *s, int level) {
  leading_comments(f, s->loc.start, level);
  if (s->kind == STMT_BLOCK) {
    format_block(f, s->block, level);
    end_line(f, s->loc.end);
    return;
  }
  open_construct(f, s->loc.start, s->loc.end, level);
  indent(f, level);
  switch (s->kind) {
  case STMT_INPUT:
    buf_puts(f->out, "input ");
    put_str(f->out, s->names[0].name);
    buf_puts(f->out, ": ");
    put_shape(f->out, &s->shape);
    break;
  case STMT_ASSIGN:
  case STMT_OUTPUT:
  case STMT_RETURN: {
    buf line = {0};
    put_chain_stmt(&line, s, -1);
    if ((size_t)(level * FMT_INDENT) + line.len > FMT_WIDTH && s->chain->nstages > 1)
      put_chain_stmt(f->out, s, (level + 1) * FMT_INDENT);
    else
      buf_put(f->out, line.data, line.len);
    buf_free(&line);
    break;
  }
  case STMT_META: format_meta(f, s, level); break;
  case STMT_BLOCK: break;
  }
  end_line(f, s->loc.end);
}

static void format_body(fmt *f, ast_stmt *const *body, size_t n, uint32_t close, int level) {
  f->at_open = true;
  for (size_t i = 0; i < n; i++) format_stmt(f, body[i], level);
  leading_comments(f, close, level);
  f->at_open = false;
}

void arch_format(buf *out, const ast_file *file) {
  fmt f = {.out = out, .file = file, .text = file->src->text, .len = file->src->len,
           .at_open = true};
  for (size_t i = 0; i < file->nitems; i++) {
    const ast_item *it = &file->items[i];
    uint32_t start = it->network ? it->network->loc.start : it->block->loc.start;
    uint32_t end = it->network ? it->network->loc.end : it->block->loc.end;
    f.force_blank = i > 0;
    leading_comments(&f, start, 0);
    if (it->network) format_network(&f, it->network, 0);
    else format_block(&f, it->block, 0);
    end_line(&f, end);
    f.at_open = false;
  }
  f.force_blank = false;
  leading_comments(&f, UINT32_MAX, 0);
  if (!out->data) buf_put(out, "", 0);  /* a NUL-terminated text even when empty */
}

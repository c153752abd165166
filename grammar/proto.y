/* The protobuf text format: a pure, reentrant canonical LR(1) parser that
 * builds the tree of src/caffe/pbtext.h in the compilation's arena. Fields
 * of the messages being read wait on one stack in the parser; a closing
 * brace moves its message's fields into the arena in one piece. A syntax
 * error inside a message skips to that message's closing bracket; at the
 * top level, to the next stray closing bracket.
 *
 * Canonical LR tables that reduce by default only in states with nothing
 * else to do find a syntax error in the state that read the bad token,
 * and hold there exactly the tokens that could have come instead: what
 * LAC gives an LALR parser, without its exploratory run before every
 * reduction that needs a lookahead (a fifth of the parser's time). */
%require "3.6"
%define api.pure full
%define api.prefix {pb_yy}
%define api.token.prefix {TOK_}
%define api.value.type union
%define api.location.type {src_range}
%define parse.error custom
%define lr.type canonical-lr
%define lr.default-reduction consistent
%locations
%expect 0

%param {yyscan_t scanner}
%parse-param {pb_parser *p}

%code requires {
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "caffe/pbtext.h"
typedef void *yyscan_t;

/* An integer as the scanner read it: its magnitude, before any sign. */
typedef struct pb_tok_int {
  uint64_t mag;
  bool huge;               /* more than 64 bits */
} pb_tok_int;

/* State shared by the scanner (grammar/proto.l), this grammar and the
 * driver (src/caffe/pb_parse.c); nothing else sees it. */
typedef struct pb_parser {
  arena *arena;
  diag_list *diags;
  const source *src;
  uint32_t offset;                   /* scanner: byte offset of the next token */
  int nesting;                       /* open '{', '<' and '[' */
  uint32_t open_at[PB_MAX_NESTING];  /* where each open one is */
  bool nesting_reported;
  bool abandoned;                    /* a hard limit was hit: read no further */
  uint32_t lexical_errors;
  pb_field *stack;                   /* fields of the open messages (malloc'd) */
  size_t nstack, cap_stack;
  size_t frames[PB_MAX_NESTING];     /* where each open message's fields start */
  int nframes;
} pb_parser;

#define YYLLOC_DEFAULT(cur, rhs, n)                               \
  do {                                                            \
    if (n) { (cur).start = YYRHSLOC(rhs, 1).start;                \
             (cur).end = YYRHSLOC(rhs, n).end; }                  \
    else { (cur).start = (cur).end = YYRHSLOC(rhs, 0).end; }      \
  } while (0)
}

%code provides {
int pb_yylex(PB_YYSTYPE *lval, PB_YYLTYPE *lloc, yyscan_t scanner);
/* Pushes a field onto the parser's stack (the driver's). */
void pb_push_field(pb_parser *p, const char *name, src_range name_loc, const pb_value *v);
}

%code {
#include <math.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"

static void pb_yyerror(const PB_YYLTYPE *loc, yyscan_t scanner, pb_parser *p, const char *msg);
static pb_value close_message(pb_parser *p, size_t base, src_range loc);
static void name_list(pb_parser *p, size_t base, const char *name);
static pb_value int_value(pb_tok_int t, bool negative, src_range loc);
static pb_value ident_value(pb_parser *p, const char *s, bool negative, src_range loc);
static pb_value join_strings(pb_parser *p, const pb_value *a, const pb_value *b);
static void push_int(pb_parser *p, const char *name, src_range at, pb_tok_int t, bool negative,
                     src_range loc);
static void push_float(pb_parser *p, const char *name, src_range at, double f, src_range loc);
static void push_ident(pb_parser *p, const char *name, src_range at, const char *s,
                       bool negative, src_range loc);
}

%token <const char *> IDENT "identifier"
%token <pb_tok_int> INT "integer"
%token <double> FLOAT "number"
%token <pb_value> STRING "string"
/* Messages list expected tokens in this order. */
%token '}' '>' ']' ',' ';' ':' '[' '{' '<' '-'

%type <pb_value> scalar joined message item
%type <size_t> list open_brace open_angle open_bracket

%%

file:
  top_fields
;

/* A field may be followed by one ',' or ';'. Each scalar kind is a rule
 * of its own, and the separator belongs to the list rules: a field then
 * costs the parser two or three reductions instead of five. A stray
 * closing bracket at the top level ends an error; so does the end of the
 * file (the parse then stops). */
top_fields:
  %empty
| top_fields field
| top_fields field ','
| top_fields field ';'
| top_fields error closer          { yyerrok; }
;

closer: '}' | '>' | ']' ;

fields:
  %empty
| fields field
| fields field ','
| fields field ';'
;

field:
  IDENT ':' STRING                 { pb_push_field(p, $1, @1, &$3); }
| IDENT ':' joined                 { pb_push_field(p, $1, @1, &$3); }
| IDENT ':' INT                    { push_int(p, $1, @1, $3, false, @3); }
| IDENT ':' '-' INT                { push_int(p, $1, @1, $4, true, src_span(@3, @4)); }
| IDENT ':' FLOAT                  { push_float(p, $1, @1, $3, @3); }
| IDENT ':' '-' FLOAT              { push_float(p, $1, @1, -$4, src_span(@3, @4)); }
| IDENT ':' IDENT                  { push_ident(p, $1, @1, $3, false, @3); }
| IDENT ':' '-' IDENT              { push_ident(p, $1, @1, $4, true, src_span(@3, @4)); }
| IDENT ':' message                { pb_push_field(p, $1, @1, &$3); }
| IDENT message                    { pb_push_field(p, $1, @1, &$2); }
| IDENT ':' list                   { name_list(p, $3, $1); }
| IDENT list                       { name_list(p, $2, $1); }
;

/* The elements of a list become fields of the enclosing message, named
 * when the list closes; its value is where they start on the stack. */
list:
  open_bracket items ']'           { $$ = $1; }
;

open_bracket: '['                  { $$ = p->nstack; }
;

items:
  %empty
| item_list
;

item_list:
  item                             { pb_push_field(p, NULL, @1, &$1); }
| item_list ',' item               { pb_push_field(p, NULL, @3, &$3); }
;

item: scalar | message ;

message:
  open_brace fields '}'            { $$ = close_message(p, $1, @$); }
| open_brace fields error '}'      { $$ = close_message(p, $1, @$); yyerrok; }
| open_angle fields '>'            { $$ = close_message(p, $1, @$); }
| open_angle fields error '>'      { $$ = close_message(p, $1, @$); yyerrok; }
;

/* Where the message's fields start on the stack. */
open_brace: '{'                    { $$ = p->frames[p->nframes++] = p->nstack; } ;
open_angle: '<'                    { $$ = p->frames[p->nframes++] = p->nstack; } ;

/* A list element; a field's value takes the rules of `field` above. */
scalar:
  STRING                           { $$ = $1; }
| joined                           { $$ = $1; }
| INT                              { $$ = int_value($1, false, @$); }
| '-' INT                          { $$ = int_value($2, true, @$); }
| FLOAT                            { $$ = (pb_value){.kind = PB_FLOAT, .loc = @$, .u.f = $1}; }
| '-' FLOAT                        { $$ = (pb_value){.kind = PB_FLOAT, .loc = @$, .u.f = -$2}; }
| IDENT                            { $$ = ident_value(p, $1, false, @$); }
| '-' IDENT                        { $$ = ident_value(p, $2, true, @$); }
;

/* Adjacent literals are one string, as in C. A single one is not a
 * `joined`: that saves the parser a reduction on most fields. */
joined:
  STRING STRING                    { $$ = join_strings(p, &$1, &$2); }
| joined STRING                    { $$ = join_strings(p, &$1, &$2); }
;

%%

static void pb_yyerror(const PB_YYLTYPE *loc, yyscan_t scanner, pb_parser *p, const char *msg) {
  (void)scanner;
  /* Only "memory exhausted" reaches here; the scanner's nesting limit
   * keeps the parser's stack far from it. */
  diag_add(p->diags, DIAG_ERROR, "nesting-too-deep", p->src, *loc, "%s", msg);
}

static pb_value close_message(pb_parser *p, size_t base, src_range loc) {
  size_t n = 0;
  pb_field *fields = NULL;
  if (p->nstack > base) {
    fields = arena_calloc(p->arena, p->nstack - base, sizeof *fields);
    /* Elements of a list that a syntax error left open have no name yet;
     * they are dropped. */
    for (size_t i = base; i < p->nstack; i++)
      if (p->stack[i].name) fields[n++] = p->stack[i];
  }
  p->nstack = base;
  p->nframes--;
  return (pb_value){.kind = PB_MESSAGE, .loc = loc, .len = (uint32_t)n, .u.fields = fields};
}

static void name_list(pb_parser *p, size_t base, const char *name) {
  for (size_t i = base; i < p->nstack; i++) p->stack[i].name = name;
}

static pb_value int_value(pb_tok_int t, bool negative, src_range loc) {
  pb_value v = {.kind = PB_INT, .loc = loc};
  const uint64_t min_mag = (uint64_t)INT64_MAX + 1;
  if (negative) {
    v.overflow = t.huge || t.mag > min_mag;
    v.u.i = v.overflow || t.mag == min_mag ? INT64_MIN : -(int64_t)t.mag;
  } else {
    v.overflow = t.huge || t.mag > (uint64_t)INT64_MAX;
    v.u.i = v.overflow ? INT64_MAX : (int64_t)t.mag;
  }
  return v;
}

/* inf, infinity and nan (any case) are numbers wherever they stand as a
 * value; any other word is an identifier, and cannot take a sign. */
static pb_value ident_value(pb_parser *p, const char *s, bool negative, src_range loc) {
  double f;
  if (strcasecmp(s, "inf") == 0 || strcasecmp(s, "infinity") == 0) f = HUGE_VAL;
  else if (strcasecmp(s, "nan") == 0) f = NAN;
  else {
    if (negative)
      diag_add(p->diags, DIAG_ERROR, "bad-number", p->src, loc,
               "'-' must be followed by a number, not '%s'", s);
    return (pb_value){.kind = PB_IDENT, .loc = loc, .len = (uint32_t)strlen(s), .u.s = s};
  }
  return (pb_value){.kind = PB_FLOAT, .loc = loc, .u.f = negative ? -f : f};
}

static void push_int(pb_parser *p, const char *name, src_range at, pb_tok_int t, bool negative,
                     src_range loc) {
  pb_value v = int_value(t, negative, loc);
  pb_push_field(p, name, at, &v);
}

static void push_float(pb_parser *p, const char *name, src_range at, double f, src_range loc) {
  pb_value v = {.kind = PB_FLOAT, .loc = loc, .u.f = f};
  pb_push_field(p, name, at, &v);
}

static void push_ident(pb_parser *p, const char *name, src_range at, const char *s,
                       bool negative, src_range loc) {
  pb_value v = ident_value(p, s, negative, loc);
  pb_push_field(p, name, at, &v);
}

static pb_value join_strings(pb_parser *p, const pb_value *a, const pb_value *b) {
  char *s = arena_alloc(p->arena, (size_t)a->len + b->len + 1);
  memcpy(s, a->u.s, a->len);
  memcpy(s + a->len, b->u.s, b->len);
  pb_value v = *a;
  v.loc = src_span(a->loc, b->loc);
  v.len = a->len + b->len;
  v.u.s = s;
  return v;
}

/* The unexpected token, for the message: "identifier 'foo'". */
static void describe(buf *out, const pb_parser *p, yysymbol_kind_t sym, src_range loc) {
  if (sym == YYSYMBOL_YYEOF) {
    buf_puts(out, "end of file");
    return;
  }
  buf_puts(out, yysymbol_name(sym));
  if (sym != YYSYMBOL_IDENT && sym != YYSYMBOL_INT && sym != YYSYMBOL_FLOAT &&
      sym != YYSYMBOL_STRING)
    return;
  /* The token as written (a string keeps its own quotes), cut at 40 bytes. */
  uint32_t n = loc.end - loc.start;
  const char *quote = sym == YYSYMBOL_STRING ? "" : "'";
  buf_printf(out, " %s%.*s%s%s", quote, n > 40 ? 40 : (int)n, p->src->text + loc.start,
             n > 40 ? "..." : "", quote);
}

/* "unexpected X, expected A, B or C": the tables are exact (see the top of
 * this file), so the list holds only tokens that really can follow. An
 * unclosed bracket gets a note. */
static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t scanner, pb_parser *p) {
  (void)scanner;
  enum { MAX_EXPECTED = 8 };
  yysymbol_kind_t expected[MAX_EXPECTED];
  int n = yypcontext_expected_tokens(ctx, expected, MAX_EXPECTED);
  yysymbol_kind_t got = yypcontext_token(ctx);
  src_range loc = *yypcontext_location(ctx);
  if (got == YYSYMBOL_YYerror || p->abandoned) return 0;  /* already reported */
  buf msg = {0};
  buf_puts(&msg, "unexpected ");
  describe(&msg, p, got, loc);
  bool wants_close = false;
  if (n > 0) {
    buf_puts(&msg, ", expected ");
    for (int i = 0; i < n; i++) {
      if (i) buf_puts(&msg, i + 1 == n ? " or " : ", ");
      buf_puts(&msg, yysymbol_name(expected[i]));
      const char *name = yysymbol_name(expected[i]);
      wants_close |= strcmp(name, "'}'") == 0 || strcmp(name, "'>'") == 0 ||
                     strcmp(name, "']'") == 0;
    }
  }
  diag *d = diag_add(p->diags, DIAG_ERROR, "syntax-error", p->src, loc, "%s", msg.data);
  buf_free(&msg);
  if (wants_close && p->nesting > 0 && p->nesting <= PB_MAX_NESTING) {
    uint32_t at = p->open_at[p->nesting - 1];
    if (source_pos(p->src, at).line != source_pos(p->src, loc.start).line)
      diag_note_add(p->diags, d, p->src, (src_range){at, at + 1}, "to match this '%c'",
                    p->src->text[at]);
  }
  return 0;
}

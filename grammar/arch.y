/* The .arch grammar: a pure, reentrant LALR(1) parser that builds the AST
 * of src/arch/ast.h in the compilation's arena. Statements end at a newline
 * or ';' (the scanner decides which newlines count); a syntax error skips to
 * the end of the statement, so one run reports every broken statement. */
%require "3.6"
%define api.pure full
%define api.prefix {arch_yy}
%define api.token.prefix {TOK_}
%define api.value.type union
%define api.location.type {src_range}
%define parse.error custom
%define parse.lac full
%locations
%expect 0

%param {yyscan_t scanner}
%parse-param {arch_parser *p}

%code requires {
#include "arch/parser.h"
typedef void *yyscan_t;
#define YYLLOC_DEFAULT(cur, rhs, n)                               \
  do {                                                            \
    if (n) { (cur).start = YYRHSLOC(rhs, 1).start;                \
             (cur).end = YYRHSLOC(rhs, n).end; }                  \
    else { (cur).start = (cur).end = YYRHSLOC(rhs, 0).end; }      \
  } while (0)
}

%code provides {
int arch_yylex(ARCH_YYSTYPE *lval, ARCH_YYLTYPE *lloc, yyscan_t scanner);
}

%code {
#include <string.h>
#include "arch/build.h"
static void arch_yyerror(const ARCH_YYLTYPE *loc, yyscan_t scanner, arch_parser *p,
                         const char *msg);
}

%token NETWORK "'network'" BLOCK "'block'" INPUT "'input'" OUTPUT "'output'"
%token RETURN "'return'" META "'meta'"
%token ARROW "'->'" NL "end of line"
%token <bool> BOOL "'true' or 'false'"
%token <ast_str> IDENT "identifier"
%token <tok_string> STRING "string"
%token <tok_int> INT "integer"
%token <tok_float> FLOAT "number"
%token <tok_shape> SHAPE "shape"

%type <ast_network *> network
%type <ast_block *> block_def
%type <ast_stmt *> stmt
%type <avec> stmts stages body names params param_list args arg_list list_items meta_entries postfix
%type <ast_param> param
%type <ast_arg> arg meta_entry
%type <ast_expr *> value literal
%type <ast_app> app
%type <ast_stage> stage
%type <ast_chain *> chain
%type <tok_shape> shape_lit

%%

file:
  %empty
| file NL
| file network         { build_item(p, $2, NULL); }
| file block_def       { build_item(p, NULL, $2); }
| file error NL
| file error '}'
;

network:
  NETWORK IDENT '{' body '}'
    { $$ = build_network(p, $2, @2, &$4, @$, @5); }
;

block_def:
  BLOCK IDENT '(' params ')' '{' body '}'
    { $$ = build_block(p, $2, @2, &$4, &$7, @$, @8); }
;

body:
  stmts                { $$ = $1; }
| stmts stmt           { $$ = $1; *(ast_stmt **)avec_push(p->arena, &$$, sizeof(ast_stmt *)) = $2; }
;

stmts:
  %empty               { $$ = (avec){0}; }
| stmts NL             { $$ = $1; }
| stmts stmt NL        { $$ = $1; *(ast_stmt **)avec_push(p->arena, &$$, sizeof(ast_stmt *)) = $2; }
| stmts error NL       { $$ = $1; yyerrok; }
;

stmt:
  INPUT IDENT ':' shape_lit     { $$ = build_input(p, $2, @2, &$4, @4, @$); }
| names '=' chain               { $$ = build_assign(p, STMT_ASSIGN, &$1, $3, NULL, @$, @$); }
| names '=' chain ':' shape_lit { $$ = build_assign(p, STMT_ASSIGN, &$1, $3, &$5, @5, @$); }
| OUTPUT chain                  { $$ = build_assign(p, STMT_OUTPUT, NULL, $2, NULL, @$, @$); }
| OUTPUT chain ':' shape_lit    { $$ = build_assign(p, STMT_OUTPUT, NULL, $2, &$4, @4, @$); }
| OUTPUT names '=' chain        { $$ = build_assign(p, STMT_OUTPUT, &$2, $4, NULL, @$, @$); }
| OUTPUT names '=' chain ':' shape_lit
                                { $$ = build_assign(p, STMT_OUTPUT, &$2, $4, &$6, @6, @$); }
| RETURN chain                  { $$ = build_return(p, $2, @$); }
| META '{' meta_entries '}'     { $$ = build_meta(p, &$3, @$); }
| META '{' meta_entries meta_entry '}'
    { avec v = $3; *(ast_arg *)avec_push(p->arena, &v, sizeof(ast_arg)) = $4;
      $$ = build_meta(p, &v, @$); }
| block_def                     { $$ = build_block_stmt(p, $1); }
;

names:
  IDENT                { $$ = (avec){0}; build_name(p, &$$, $1, @1); }
| names ',' IDENT      { $$ = $1; build_name(p, &$$, $3, @3); }
;

shape_lit:
  SHAPE                { $$ = $1; }
| INT                  { $$ = shape_of_int(&$1); }
;

meta_entries:
  %empty                         { $$ = (avec){0}; }
| meta_entries NL                { $$ = $1; }
| meta_entries ','               { $$ = $1; }
| meta_entries meta_entry NL     { $$ = $1; *(ast_arg *)avec_push(p->arena, &$$, sizeof(ast_arg)) = $2; }
| meta_entries meta_entry ','    { $$ = $1; *(ast_arg *)avec_push(p->arena, &$$, sizeof(ast_arg)) = $2; }
;

meta_entry:
  IDENT ':' literal    { $$ = build_arg($1, @1, $3, @$); }
;

params:
  %empty               { $$ = (avec){0}; }
| param_list           { $$ = $1; }
| param_list ','       { $$ = $1; }
;

param_list:
  param                { $$ = (avec){0}; *(ast_param *)avec_push(p->arena, &$$, sizeof(ast_param)) = $1; }
| param_list ',' param { $$ = $1; *(ast_param *)avec_push(p->arena, &$$, sizeof(ast_param)) = $3; }
;

param:
  IDENT                { $$ = (ast_param){{$1, @1}, NULL}; }
| IDENT '=' literal    { $$ = (ast_param){{$1, @1}, $3}; }
| IDENT '=' IDENT      { $$ = (ast_param){{$1, @1}, build_word_expr(p, $3, @3)}; }
;

/* A chain: the head stage takes its inputs from its arguments; every stage
 * after "->" takes the previous output as its first input. */
chain:
  stages               { $$ = build_chain(p, &$1, @$); }
;

stages:
  stage                { $$ = (avec){0}; *(ast_stage *)avec_push(p->arena, &$$, sizeof(ast_stage)) = $1; }
| stages ARROW stage   { $$ = $1; *(ast_stage *)avec_push(p->arena, &$$, sizeof(ast_stage)) = $3; }
;

stage:
  app postfix                { $$ = build_stage(p, &$1, &$2, NULL, @$, @$); }
| app postfix '*' INT        { $$ = build_stage(p, &$1, &$2, &$4, @4, @$); }
;

/* Bare words written after an application: `conv(x, 64, 3) relu`. */
postfix:
  %empty               { $$ = (avec){0}; }
| postfix IDENT        { $$ = $1; build_word(p, &$$, $2, @2); }
;

app:
  IDENT                { $$ = build_app($1, @1, false, NULL, @$); }
| IDENT '(' args ')'   { $$ = build_app($1, @1, true, &$3, @$); }
;

args:
  %empty               { $$ = (avec){0}; }
| arg_list             { $$ = $1; }
| arg_list ','         { $$ = $1; }
;

arg_list:
  arg                  { $$ = (avec){0}; *(ast_arg *)avec_push(p->arena, &$$, sizeof(ast_arg)) = $1; }
| arg_list ',' arg     { $$ = $1; *(ast_arg *)avec_push(p->arena, &$$, sizeof(ast_arg)) = $3; }
;

arg:
  value                { $$ = build_arg((ast_str){0}, @$, $1, @$); }
| IDENT ':' value      { $$ = build_arg($1, @1, $3, @$); }
;

value:
  literal              { $$ = $1; }
| chain                { $$ = build_chain_expr(p, $1, @$); }
;

literal:
  INT                  { $$ = build_int(p, &$1, false, @$); }
| '-' INT              { $$ = build_int(p, &$2, true, @$); }
| FLOAT                { $$ = build_float(p, &$1, false, @$); }
| '-' FLOAT            { $$ = build_float(p, &$2, true, @$); }
| SHAPE                { $$ = build_shape(p, &$1, @$); }
| STRING               { $$ = build_string(p, &$1, @$); }
| BOOL                 { $$ = build_bool(p, $1, @$); }
| '[' list_items ']'   { $$ = build_list(p, &$2, @$); }
| '[' list_items ',' ']' { $$ = build_list(p, &$2, @$); }
| '[' ']'              { $$ = build_list(p, NULL, @$); }
;

list_items:
  value                { $$ = (avec){0}; *(ast_expr **)avec_push(p->arena, &$$, sizeof(ast_expr *)) = $1; }
| list_items ',' value { $$ = $1; *(ast_expr **)avec_push(p->arena, &$$, sizeof(ast_expr *)) = $3; }
;

%%

static void arch_yyerror(const ARCH_YYLTYPE *loc, yyscan_t scanner, arch_parser *p,
                         const char *msg) {
  (void)scanner;
  /* Only "memory exhausted" reaches here: the input nests too deeply for
   * the parser's stack. Syntax errors go through yyreport_syntax_error. */
  src_range r = *loc;
  diag_add(p->diags, DIAG_ERROR, "nesting-too-deep", p->src, r, "%s", msg);
}

/* "unexpected X, expected A, B or C": the expected list comes from LAC, so
 * it holds only tokens that really can follow. */
static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t scanner, arch_parser *p) {
  (void)scanner;
  enum { MAX_EXPECTED = 8 };
  yysymbol_kind_t expected[MAX_EXPECTED];
  int n = yypcontext_expected_tokens(ctx, expected, MAX_EXPECTED);
  yysymbol_kind_t got = yypcontext_token(ctx);
  const ARCH_YYLTYPE *loc = yypcontext_location(ctx);
  if (got == YYSYMBOL_YYerror) return 0;  /* the scanner has reported it */
  buf msg = {0};
  if (got == YYSYMBOL_ARROW && n > 0 && strcmp(yysymbol_name(expected[0]), "end of line") == 0) {
    /* A line that starts with "->" continues the line before, whose
     * statement cannot take a stage. */
    diag_add(p->diags, DIAG_ERROR, "syntax-error", p->src, *loc,
             "a line starting with '->' continues the chain of the line before, "
             "which has none");
    return 0;
  }
  build_describe_token(&msg, p, got, *loc);
  if (n > 0) {
    buf_puts(&msg, ", expected ");
    for (int i = 0; i < n; i++) {
      if (i) buf_puts(&msg, i + 1 == n ? " or " : ", ");
      buf_puts(&msg, yysymbol_name(expected[i]));
    }
  }
  diag *d = diag_add(p->diags, DIAG_ERROR, "syntax-error", p->src, *loc, "%s", msg.data);
  buf_free(&msg);
  /* Point at the bracket left open, as in "')' expected (to close '(' at ...)". */
  bool wants_close = false, wants_brace = false;
  for (int i = 0; i < n; i++) {
    const char *name = yysymbol_name(expected[i]);
    wants_close |= strcmp(name, "')'") == 0 || strcmp(name, "']'") == 0;
    wants_brace |= strcmp(name, "'}'") == 0;
  }
  if (wants_brace && got == YYSYMBOL_YYEOF && p->brace_depth > 0 &&
      p->brace_depth <= ARCH_MAX_NESTING) {
    uint32_t at = p->brace_at[p->brace_depth - 1];
    diag_note_add(p->diags, d, p->src, (src_range){at, at + 1}, "to match this '{'");
  }
  if (wants_close && p->nesting > 0 && p->nesting <= ARCH_MAX_NESTING) {
    uint32_t at = p->open_at[p->nesting - 1];
    /* On the same line the caret already shows it. */
    if (source_pos(p->src, at).line != source_pos(p->src, loc->start).line)
      diag_note_add(p->diags, d, p->src, (src_range){at, at + 1}, "to match this '%c'",
                    p->src->text[at]);
  }
  /* Inside a broken call, newlines must end statements again, or the
   * rest of the file would be read as part of it. */
  p->nesting = 0;

  return 0;
}

const char *arch_token_name(int symbol_kind) {
  return yysymbol_name((yysymbol_kind_t)symbol_kind);
}

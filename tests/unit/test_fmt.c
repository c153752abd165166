/* The canonical formatter: a table of inputs and their expected output, and
 * the properties every formatted file must have (checked on every input of
 * the table and on every example):
 *   - the output parses without errors, to the same syntax tree;
 *   - formatting is idempotent;
 *   - every comment is kept, in order;
 *   - no trailing blanks, at most one blank line in a row, no blank line at
 *     the start, and exactly one newline at the end (unless empty). */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L  /* opendir */
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/ast_equal.h"
#include "arch/fmt.h"
#include "arch/parse.h"
#include "diag/render.h"
#include "util/arena.h"
#include "util/buf.h"

#ifndef ARCHC_SRCDIR
#define ARCHC_SRCDIR "."
#endif

typedef struct fmt_case {
  const char *name;
  const char *input;
  const char *expected;
} fmt_case;

/* A long statement for the line-breaking cases: 106 columns on one line. */
#define LONG_CHAIN                                                               \
  "conv(x, 64, 7, stride: 2, pad: 3) relu -> maxpool(3, stride: 2) -> lrn(size: 5) " \
  "-> dropout(ratio: 0.5)"

static const fmt_case cases[] = {
    {"empty file", "", ""},
    {"only blank lines", "\n\n  \n;\n", ""},
    {"only comments",
     "\n\n# one   \n\n\n   # two\n# three",
     "# one\n\n# two\n# three\n"},
    {"readme example",
     "# LeNet-5, as in Caffe's MNIST example\n"
     "network lenet {\n"
     "  meta { task: \"classification\", dataset: \"mnist\", classes: 10 }\n"
     "  input data: 1x28x28\n"
     "  c1 = conv(data, 20, 5) -> maxpool(2, stride: 2)\n"
     "  c2 = conv(c1, 50, 5) -> maxpool(2, stride: 2)\n"
     "  f3 = fc(c2, 500) relu\n"
     "  output prob = fc(f3, 10) softmax\n"
     "}\n",
     "# LeNet-5, as in Caffe's MNIST example\n"
     "network lenet {\n"
     "  meta { task: \"classification\", dataset: \"mnist\", classes: 10 }\n"
     "  input data: 1x28x28\n"
     "  c1 = conv(data, 20, 5) -> maxpool(2, stride: 2)\n"
     "  c2 = conv(c1, 50, 5) -> maxpool(2, stride: 2)\n"
     "  f3 = fc(c2, 500) relu\n"
     "  output prob = fc(f3, 10) softmax\n"
     "}\n"},
    {"spacing and indentation",
     "network   n{\n"
     "input x:1x28x28\n"
     "\t\t  y=conv( x ,20,5 ,stride : 2, )relu\n"
     "        output   y\n"
     "}",
     "network n {\n"
     "  input x: 1x28x28\n"
     "  y = conv(x, 20, 5, stride: 2) relu\n"
     "  output y\n"
     "}\n"},
    {"blank lines collapse, none after { or before }",
     "network n {\n"
     "\n\n"
     "  input x: 1\n"
     "\n\n\n"
     "  y = fc(x, 2)\n"
     "  \n"
     "  output y\n"
     "\n\n"
     "}\n",
     "network n {\n"
     "  input x: 1\n"
     "\n"
     "  y = fc(x, 2)\n"
     "\n"
     "  output y\n"
     "}\n"},
    {"semicolons split statements",
     "network n { input x: 1x8x8; y = relu(x);; output y }\n",
     "network n {\n"
     "  input x: 1x8x8\n"
     "  y = relu(x)\n"
     "  output y\n"
     "}\n"},
    {"empty bodies",
     "network n {}\nblock b() {\n\n}\n",
     "network n {\n"
     "}\n"
     "\n"
     "block b() {\n"
     "}\n"},
    {"items separated by exactly one blank line",
     "block a(x) { return x }\n\n\n\nblock b(x) { return x }\nnetwork n {\n  input x: 1\n}\n",
     "block a(x) {\n"
     "  return x\n"
     "}\n"
     "\n"
     "block b(x) {\n"
     "  return x\n"
     "}\n"
     "\n"
     "network n {\n"
     "  input x: 1\n"
     "}\n"},
    {"tuple assignment and output forms",
     "network n {\n"
     "  input x: 3x8x8\n"
     "  a,b ,c=slice(x,points:[1,2])\n"
     "  output a\n"
     "  output d = relu(b)\n"
     "  output e,f = slice(c, points: [1])\n"
     "  output fc(x, 2) -> softmax\n"
     "}\n",
     "network n {\n"
     "  input x: 3x8x8\n"
     "  a, b, c = slice(x, points: [1, 2])\n"
     "  output a\n"
     "  output d = relu(b)\n"
     "  output e, f = slice(c, points: [1])\n"
     "  output fc(x, 2) -> softmax\n"
     "}\n"},
    {"shape assertions and shapes",
     "network n {\n"
     "  input x: 003x224x0224\n"
     "  input v: 0100\n"
     "  y = conv(x, 64, 3, pad: 1):64x?x?\n"
     "  z = fc(v, 10)   :   10\n"
     "  w = conv(y, 8, 05x05, stride: 1x2) : ?x?x?x?\n"
     "  output p = add(y, y) : 64x224x224\n"
     "  output fc(z, 2) : 2\n"
     "}\n",
     "network n {\n"
     "  input x: 3x224x224\n"
     "  input v: 100\n"
     "  y = conv(x, 64, 3, pad: 1) : 64x?x?\n"
     "  z = fc(v, 10) : 10\n"
     "  w = conv(y, 8, 5x5, stride: 1x2) : ?x?x?x?\n"
     "  output p = add(y, y) : 64x224x224\n"
     "  output fc(z, 2) : 2\n"
     "}\n"},
    {"negative numbers",
     "block b(x, s = - 1, t = -0.5) {\n"
     "  return power(x, shift: - 3, scale: -2.5e-3, power: -007)\n"
     "}\n",
     "block b(x, s = -1, t = -0.5) {\n"
     "  return power(x, shift: -3, scale: -2.5e-3, power: -007)\n"
     "}\n"},
    {"numbers kept as written",
     "block b(x) {\n"
     "  return lrn(x, alpha: 1e-4, beta: 0.750, k: 2., eps: .5, big: 2.5E+3, n: 0010)\n"
     "}\n",
     "block b(x) {\n"
     "  return lrn(x, alpha: 1e-4, beta: 0.750, k: 2., eps: .5, big: 2.5E+3, n: 0010)\n"
     "}\n"},
    {"strings are re-escaped",
     "network n {\n"
     "  meta { source: \"a \\\"quoted\\\" \\\\ path\\n\tend\\t!\" }\n"
     "  input x: 1\n"
     "  y = opaque(x, type: \"\")\n"
     "}\n",
     "network n {\n"
     "  meta { source: \"a \\\"quoted\\\" \\\\ path\\n\\tend\\t!\" }\n"
     "  input x: 1\n"
     "  y = opaque(x, type: \"\")\n"
     "}\n"},
    {"booleans, lists and trailing commas",
     "block b(x, flag = false, l = [ ], m = [1,[2 , 3 ,],]) {\n"
     "  return conv(x, 8, 3, bias: true, ) -> prelu(shared:false)\n"
     "}\n",
     "block b(x, flag = false, l = [], m = [1, [2, 3]]) {\n"
     "  return conv(x, 8, 3, bias: true) -> prelu(shared: false)\n"
     "}\n"},
    {"calls without arguments and bare names",
     "block b(x) {\n"
     "  y = f( ) -> g\n"
     "  return y->relu()->flatten\n"
     "}\n",
     "block b(x) {\n"
     "  y = f() -> g\n"
     "  return y -> relu() -> flatten\n"
     "}\n"},
    {"bare words and repetition",
     "block b(x) {\n"
     "  y = conv(x,64,3)relu   dropout\n"
     "  return y->conv(64,3,pad:1)relu*2->maxpool(2)* 3\n"
     "}\n",
     "block b(x) {\n"
     "  y = conv(x, 64, 3) relu dropout\n"
     "  return y -> conv(64, 3, pad: 1) relu * 2 -> maxpool(2) * 3\n"
     "}\n"},
    {"repeat count zero is kept",
     "block b(x) {\n  return x -> relu*0\n}\n",
     "block b(x) {\n  return x -> relu * 0\n}\n"},
    {"nested chains as arguments",
     "network n {\n"
     "  input x: 1x28x28\n"
     "  y = fc(flatten(x),10)\n"
     "  z = concat(x->relu,conv(x,3,1)relu,x relu,axis:c)\n"
     "  w = add(y, fc(z -> flatten, 10) * 2, [x -> relu])\n"
     "  output w\n"
     "}\n",
     "network n {\n"
     "  input x: 1x28x28\n"
     "  y = fc(flatten(x), 10)\n"
     "  z = concat(x -> relu, conv(x, 3, 1) relu, x relu, axis: c)\n"
     "  w = add(y, fc(z -> flatten, 10) * 2, [x -> relu])\n"
     "  output w\n"
     "}\n"},
    {"blocks with parameters and defaults",
     "block inception(in,a,b,\n   c = 16,\n   s = 1x1,\n) {\n"
     "  p1 = conv(in, a, 1) relu\n"
     "  return concat(p1, in)\n"
     "}\n",
     "block inception(in, a, b, c = 16, s = 1x1) {\n"
     "  p1 = conv(in, a, 1) relu\n"
     "  return concat(p1, in)\n"
     "}\n"},
    {"block nested in a network",
     "network n {\n"
     "  input x: 1\n"
     "  block inner(t, k = 2) {\n"
     "    return fc(t, k)\n"
     "  }\n"
     "\n"
     "\n"
     "  block empty() {}\n"
     "  output inner(x)\n"
     "}\n",
     "network n {\n"
     "  input x: 1\n"
     "  block inner(t, k = 2) {\n"
     "    return fc(t, k)\n"
     "  }\n"
     "\n"
     "  block empty() {\n"
     "  }\n"
     "  output inner(x)\n"
     "}\n"},
    {"meta on one line",
     "network n {\n"
     "  meta {\n"
     "    task: \"classification\"\n"
     "    classes: 10,\n"
     "    accuracy: 0.91,\n"
     "  }\n"
     "  meta { }\n"
     "}\n",
     "network n {\n"
     "  meta { task: \"classification\", classes: 10, accuracy: 0.91 }\n"
     "  meta {}\n"
     "}\n"},
    {"meta over several lines when too long",
     "network n {\n"
     "  meta { task: \"vertex finding\", dataset: \"minerva\", classes: 11, accuracy: 0.9012, "
     "source: \"MENNDL\" }\n"
     "}\n",
     "network n {\n"
     "  meta {\n"
     "    task: \"vertex finding\"\n"
     "    dataset: \"minerva\"\n"
     "    classes: 11\n"
     "    accuracy: 0.9012\n"
     "    source: \"MENNDL\"\n"
     "  }\n"
     "}\n"},
    {"meta fitting exactly in 100 columns",
     "network n {\n"
     "  meta { task: \"classification\", dataset: \"imagenet\", classes: 1000, accuracy: 0.5, "
     "source: \"ab\" }\n"
     "  meta { task: \"classification\", dataset: \"imagenet\", classes: 1000, accuracy: 0.5, "
     "source: \"abcde\" }\n"
     "}\n",
     "network n {\n"
     "  meta { task: \"classification\", dataset: \"imagenet\", classes: 1000, accuracy: 0.5, "
     "source: \"ab\" }\n"
     "  meta {\n"
     "    task: \"classification\"\n"
     "    dataset: \"imagenet\"\n"
     "    classes: 1000\n"
     "    accuracy: 0.5\n"
     "    source: \"abcde\"\n"
     "  }\n"
     "}\n"},
    {"long chain is broken before each arrow",
     "network n {\n"
     "  s = " LONG_CHAIN "\n"
     "}\n",
     "network n {\n"
     "  s = conv(x, 64, 7, stride: 2, pad: 3) relu\n"
     "    -> maxpool(3, stride: 2)\n"
     "    -> lrn(size: 5)\n"
     "    -> dropout(ratio: 0.5)\n"
     "}\n"},
    {"long chain in a nested block, with an assertion and a comment",
     "network n {\n"
     "  block b(x) {\n"
     "    y = " LONG_CHAIN " : 64x?x?  # shape\n"
     "    return x -> b(1) -> b(2) -> b(3) -> b(4) -> b(5) -> b(6) -> b(7) -> b(8) -> b(9) "
     "-> b(10) -> b(11)\n"
     "  }\n"
     "}\n",
     "network n {\n"
     "  block b(x) {\n"
     "    y = conv(x, 64, 7, stride: 2, pad: 3) relu\n"
     "      -> maxpool(3, stride: 2)\n"
     "      -> lrn(size: 5)\n"
     "      -> dropout(ratio: 0.5) : 64x?x?  # shape\n"
     "    return x\n"
     "      -> b(1)\n"
     "      -> b(2)\n"
     "      -> b(3)\n"
     "      -> b(4)\n"
     "      -> b(5)\n"
     "      -> b(6)\n"
     "      -> b(7)\n"
     "      -> b(8)\n"
     "      -> b(9)\n"
     "      -> b(10)\n"
     "      -> b(11)\n"
     "  }\n"
     "}\n"},
    {"line of exactly 100 columns is not broken, 101 is",
     "network n {\n"
     "  output s = conv(x, 64, 7, stride: 2, pad: 3) relu -> maxpool(3, stride: 2) -> "
     "lrn(size: 5, k: 123)\n"
     "  output t = conv(x, 64, 7, stride: 2, pad: 3) relu -> maxpool(3, stride: 2) -> "
     "lrn(size: 5, k: 1234)\n"
     "}\n",
     "network n {\n"
     "  output s = conv(x, 64, 7, stride: 2, pad: 3) relu -> maxpool(3, stride: 2) -> "
     "lrn(size: 5, k: 123)\n"
     "  output t = conv(x, 64, 7, stride: 2, pad: 3) relu\n"
     "    -> maxpool(3, stride: 2)\n"
     "    -> lrn(size: 5, k: 1234)\n"
     "}\n"},
    {"short chain written over several lines is joined",
     "network n {\n"
     "  s = conv(x, 64, 7)\n"
     "    -> relu\n"
     "\n"
     "    -> maxpool(3,\n"
     "               stride: 2) ->\n"
     "    flatten\n"
     "}\n",
     "network n {\n"
     "  s = conv(x, 64, 7) -> relu -> maxpool(3, stride: 2) -> flatten\n"
     "}\n"},
    {"one long stage is never broken",
     "network n {\n"
     "  s = opaque(x, type: \"a very long type name that makes this line longer than one "
     "hundred columns\")\n"
     "}\n",
     "network n {\n"
     "  s = opaque(x, type: \"a very long type name that makes this line longer than one "
     "hundred columns\")\n"
     "}\n"},
    {"comments on their own lines",
     "# file\n"
     "network n {\n"
     "# about x\n"
     "      # more about x\n"
     "  input x: 1\n"
     "\n"
     "\n"
     "  # group\n"
     "\n"
     "  # about y\n"
     "  y = fc(x, 2)\n"
     "  # before the brace\n"
     "}\n",
     "# file\n"
     "network n {\n"
     "  # about x\n"
     "  # more about x\n"
     "  input x: 1\n"
     "\n"
     "  # group\n"
     "\n"
     "  # about y\n"
     "  y = fc(x, 2)\n"
     "  # before the brace\n"
     "}\n"},
    {"comment right after { drops the blank line",
     "network n {\n"
     "\n"
     "  # first\n"
     "  input x: 1\n"
     "\n"
     "  # last\n"
     "\n"
     "}\n",
     "network n {\n"
     "  # first\n"
     "  input x: 1\n"
     "\n"
     "  # last\n"
     "}\n"},
    {"comments at the end of lines",
     "network n {   # header\t \n"
     "  input x: 1x8x8# input\n"
     "  y = relu(x);   # after a semicolon\n"
     "  a = relu(x); b = relu(a)  # on b\n"
     "  meta { classes: 2 }  # meta\n"
     "  block k(t) {  # block header\n"
     "    return t  # return\n"
     "  }  # block end\n"
     "}   # network end   \n",
     "network n {  # header\n"
     "  input x: 1x8x8  # input\n"
     "  y = relu(x)  # after a semicolon\n"
     "  a = relu(x)\n"
     "  b = relu(a)  # on b\n"
     "  meta { classes: 2 }  # meta\n"
     "  block k(t) {  # block header\n"
     "    return t  # return\n"
     "  }  # block end\n"
     "}  # network end\n"},
    {"comments inside statements move before them",
     "network n {\n"
     "  input x: 1\n"
     "\n"
     "  s = conv(x,  # features next\n"
     "           64, 3) ->  # then relu\n"
     "      relu  # last\n"
     "  t = x -> relu  # stays on t's line\n"
     "    -> flatten\n"
     "}\n",
     "network n {\n"
     "  input x: 1\n"
     "\n"
     "  # features next\n"
     "  # then relu\n"
     "  s = conv(x, 64, 3) -> relu  # last\n"
     "  # stays on t's line\n"
     "  t = x -> relu -> flatten\n"
     "}\n"},
    {"comments inside meta move before it",
     "network n {\n"
     "  meta {\n"
     "    task: \"classification\"  # as in the paper\n"
     "    # measured\n"
     "    accuracy: 0.5\n"
     "  }\n"
     "}\n",
     "network n {\n"
     "  # as in the paper\n"
     "  # measured\n"
     "  meta { task: \"classification\", accuracy: 0.5 }\n"
     "}\n"},
    {"comments in a parameter list move before the block",
     "# shared\n"
     "block b(x,   # the input\n"
     "        # the width\n"
     "        k = 2,\n"
     "        # no more\n"
     ") {\n"
     "  return fc(x, k)\n"
     "}\n",
     "# shared\n"
     "# the input\n"
     "# the width\n"
     "# no more\n"
     "block b(x, k = 2) {\n"
     "  return fc(x, k)\n"
     "}\n"},
    {"comments between and after items",
     "block a(x) { return x }  # end of a\n"
     "# about b\n"
     "block b(x) { return x }\n"
     "\n"
     "\n"
     "# about n\n"
     "\n"
     "# still about n\n"
     "network n {\n"
     "  input x: 1\n"
     "}\n"
     "# trailer 1\n"
     "\n"
     "\n"
     "# trailer 2\n",
     "block a(x) {\n"
     "  return x\n"
     "}  # end of a\n"
     "\n"
     "# about b\n"
     "block b(x) {\n"
     "  return x\n"
     "}\n"
     "\n"
     "# about n\n"
     "\n"
     "# still about n\n"
     "network n {\n"
     "  input x: 1\n"
     "}\n"
     "# trailer 1\n"
     "\n"
     "# trailer 2\n"},
    {"comments in an empty body",
     "network n {  # h\n"
     "\n"
     "  # only\n"
     "\n"
     "  # comments\n"
     "}\n",
     "network n {  # h\n"
     "  # only\n"
     "\n"
     "  # comments\n"
     "}\n"},
    {"comment in a continued chain stays at its statement",
     "network n {\n"
     "  s = conv(x, 64, 3) relu  # big conv\n"
     "    -> maxpool(3, stride: 2)  # pool\n"
     "  output s\n"
     "}\n",
     "network n {\n"
     "  # big conv\n"
     "  s = conv(x, 64, 3) relu -> maxpool(3, stride: 2)  # pool\n"
     "  output s\n"
     "}\n"},
    {"CR LF line ends",
     "# crlf\r\nnetwork n {\r\n  input x: 1  # x\r\n\r\n\r\n  output relu(x)\r\n}\r\n",
     "# crlf\nnetwork n {\n  input x: 1  # x\n\n  output relu(x)\n}\n"},
    {"CR line ends",
     "network n {\r  input x: 1\r\r  # c\r  output relu(x)\r}",
     "network n {\n  input x: 1\n\n  # c\n  output relu(x)\n}\n"},
    {"canonical file is unchanged",
     "# A small network.\n"
     "\n"
     "block res(x, f) {\n"
     "  a = conv(x, f, 3, pad: 1) batchnorm scale relu\n"
     "  b = conv(a, f, 3, pad: 1) batchnorm scale\n"
     "  return add(x, b) -> relu\n"
     "}\n"
     "\n"
     "network net {\n"
     "  meta { task: \"classification\", classes: 10 }\n"
     "  input data: 3x32x32  # CIFAR-10\n"
     "\n"
     "  s = conv(data, 16, 3, pad: 1) relu\n"
     "  r = s -> res(16) * 3 : 16x32x32\n"
     "  output prob = r -> avgpool(global: true) -> fc(10) softmax\n"
     "}\n",
     "# A small network.\n"
     "\n"
     "block res(x, f) {\n"
     "  a = conv(x, f, 3, pad: 1) batchnorm scale relu\n"
     "  b = conv(a, f, 3, pad: 1) batchnorm scale\n"
     "  return add(x, b) -> relu\n"
     "}\n"
     "\n"
     "network net {\n"
     "  meta { task: \"classification\", classes: 10 }\n"
     "  input data: 3x32x32  # CIFAR-10\n"
     "\n"
     "  s = conv(data, 16, 3, pad: 1) relu\n"
     "  r = s -> res(16) * 3 : 16x32x32\n"
     "  output prob = r -> avgpool(global: true) -> fc(10) softmax\n"
     "}\n"},
    {"comment text is kept byte for byte",
     "#no space\t#  inner  #\n#\nnetwork n {\n  #\t\ttabs inside\n}\n",
     "#no space\t#  inner  #\n#\nnetwork n {\n  #\t\ttabs inside\n}\n"},
};

enum { NCASES = sizeof cases / sizeof cases[0] };

/* ---- helpers ---- */

/* One parsed text with everything it needs; free with parsed_fini. */
typedef struct parsed {
  arena arena;
  diag_list diags;
  source src;
  char *text;
  ast_file *file;
} parsed;

/* Parses `len` bytes of `text`; false (with the diagnostics printed) when
 * there were errors. */
static bool parse_text(parsed *p, const char *name, const char *text, size_t len) {
  p->text = malloc(len + 1);
  assert_non_null(p->text);
  memcpy(p->text, text, len);
  p->text[len] = '\0';
  arena_init(&p->arena);
  diag_list_init(&p->diags, &p->arena);
  source_init(&p->src, name, p->text, (uint32_t)len);
  p->file = arch_parse(&p->arena, &p->diags, &p->src);
  if (diag_has_errors(&p->diags)) {
    diag_render(stderr, &p->diags, DIAG_FORMAT_TEXT, false);
    return false;
  }
  return true;
}

static void parsed_fini(parsed *p) {
  source_fini(&p->src);
  arena_free(&p->arena);
  free(p->text);
}

static void format_file(buf *out, const ast_file *file) {
  *out = (buf){0};
  arch_format(out, file);
  assert_non_null(out->data);
}

/* A comment's text without its trailing blanks. */
static ast_str comment_text(const parsed *p, size_t i) {
  const ast_comment *c = &p->file->comments[i];
  uint32_t end = c->loc.end;
  while (end > c->loc.start) {
    char ch = p->text[end - 1];
    if (ch != ' ' && ch != '\t' && ch != '\f' && ch != '\v') break;
    end--;
  }
  ast_str s = {p->text + c->loc.start, end - c->loc.start};
  return s;
}

static void show_difference(const char *what, const char *name, const char *want,
                            const char *got) {
  fprintf(stderr, "--- %s: %s\n--- expected:\n%s--- got:\n%s---\n", name, what, want, got);
}

/* Checks the layout rules every output must follow. */
static bool layout_ok(const char *name, const char *s, size_t len) {
  if (len == 0) return true;
  const char *why = NULL;
  if (s[len - 1] != '\n') why = "no newline at the end";
  else if (s[0] == '\n') why = "blank line at the start";
  else if (len >= 2 && s[len - 2] == '\n') why = "blank line at the end";
  for (size_t i = 0; !why && i < len; i++) {
    if (s[i] == '\r') why = "carriage return";
    else if (s[i] == '\n' && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t')) why = "trailing blank";
    else if (s[i] == '\n' && i + 2 < len && s[i + 1] == '\n' && s[i + 2] == '\n')
      why = "two blank lines in a row";
  }
  if (why) fprintf(stderr, "--- %s: %s in:\n%s---\n", name, why, s);
  return !why;
}

/* The properties, on one input; returns the number of failures. */
static int check_properties(const char *name, const char *text, size_t len) {
  int failures = 0;
  parsed in, once;
  if (!parse_text(&in, name, text, len)) {
    fprintf(stderr, "--- %s: the input does not parse\n", name);
    parsed_fini(&in);
    return 1;
  }
  buf out1, out2;
  format_file(&out1, in.file);
  if (!layout_ok(name, out1.data, out1.len)) failures++;

  if (!parse_text(&once, name, out1.data, out1.len)) {
    fprintf(stderr, "--- %s: the output does not parse:\n%s---\n", name, out1.data);
    failures++;
  } else {
    if (!ast_equal(in.file, once.file)) {
      fprintf(stderr, "--- %s: the output has a different syntax tree:\n%s---\n", name,
              out1.data);
      failures++;
    }
    /* Every comment, in order, with the same text. */
    bool same = in.file->ncomments == once.file->ncomments;
    for (size_t i = 0; same && i < in.file->ncomments; i++) {
      ast_str a = comment_text(&in, i), b = comment_text(&once, i);
      same = a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
    }
    if (!same) {
      fprintf(stderr, "--- %s: comments were lost or reordered:\n%s---\n", name, out1.data);
      failures++;
    }
    format_file(&out2, once.file);
    if (out1.len != out2.len || memcmp(out1.data, out2.data, out1.len) != 0) {
      show_difference("not idempotent", name, out1.data, out2.data);
      failures++;
    }
    buf_free(&out2);
  }
  parsed_fini(&once);
  buf_free(&out1);
  parsed_fini(&in);
  return failures;
}

/* ---- tests ---- */

static void test_expected_output(void **state) {
  (void)state;
  int failures = 0;
  for (size_t i = 0; i < NCASES; i++) {
    const fmt_case *c = &cases[i];
    parsed p;
    if (!parse_text(&p, c->name, c->input, strlen(c->input))) {
      fprintf(stderr, "--- %s: the input does not parse\n", c->name);
      failures++;
    } else {
      buf out;
      format_file(&out, p.file);
      if (strcmp(out.data, c->expected) != 0) {
        show_difference("unexpected output", c->name, c->expected, out.data);
        failures++;
      }
      buf_free(&out);
    }
    parsed_fini(&p);
  }
  assert_int_equal(failures, 0);
}

/* The expected outputs are canonical themselves. */
static void test_expected_is_fixed_point(void **state) {
  (void)state;
  int failures = 0;
  for (size_t i = 0; i < NCASES; i++) {
    const fmt_case *c = &cases[i];
    parsed p;
    if (!parse_text(&p, c->name, c->expected, strlen(c->expected))) {
      fprintf(stderr, "--- %s: the expected output does not parse\n", c->name);
      failures++;
    } else {
      buf out;
      format_file(&out, p.file);
      if (strcmp(out.data, c->expected) != 0) {
        show_difference("expected output is not canonical", c->name, c->expected, out.data);
        failures++;
      }
      buf_free(&out);
    }
    parsed_fini(&p);
  }
  assert_int_equal(failures, 0);
}

static void test_properties_of_cases(void **state) {
  (void)state;
  int failures = 0;
  for (size_t i = 0; i < NCASES; i++)
    failures += check_properties(cases[i].name, cases[i].input, strlen(cases[i].input));
  assert_int_equal(failures, 0);
}

static char *read_file(const char *path, size_t *len) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  buf b = {0};
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) buf_put(&b, chunk, n);
  fclose(fp);
  *len = b.len;
  return buf_take(&b);
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_properties_of_examples(void **state) {
  (void)state;
  const char *dir = ARCHC_SRCDIR "/examples";
  DIR *d = opendir(dir);
  if (!d) return;  /* no examples (yet) */
  char **names = NULL;
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (len <= 5 || strcmp(e->d_name + len - 5, ".arch") != 0) continue;
    names = realloc(names, (n + 1) * sizeof *names);
    assert_non_null(names);
    buf path = {0};
    buf_printf(&path, "%s/%s", dir, e->d_name);
    names[n++] = buf_take(&path);
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, compare_names);
  int failures = 0;
  for (size_t i = 0; i < n; i++) {
    size_t len;
    char *text = read_file(names[i], &len);
    if (!text) {
      fprintf(stderr, "--- %s: cannot be read\n", names[i]);
      failures++;
    } else {
      failures += check_properties(names[i], text, len);
    }
    free(text);
    free(names[i]);
  }
  free(names);
  assert_int_equal(failures, 0);
}

/* ast_equal itself: it must tell apart what the formatter must keep. */
static bool same_tree(const char *a, const char *b) {
  parsed pa, pb;
  bool ok_a = parse_text(&pa, "a", a, strlen(a));
  bool ok_b = parse_text(&pb, "b", b, strlen(b));
  assert_true(ok_a);
  assert_true(ok_b);
  bool eq = ast_equal(pa.file, pb.file);
  parsed_fini(&pa);
  parsed_fini(&pb);
  return eq;
}

/* A network around one statement, and a block around one return value. */
#define NET(stmt) "network n { input x: 1x8x8\n " stmt " }"
#define RET(value) "block b(x) { return " value " }"

static void test_ast_equal(void **state) {
  (void)state;
  const char *base = NET("y = conv(x, 8, 3) relu -> fc(2) * 2");
  assert_true(same_tree(base, base));
  assert_true(same_tree(base, "# c\nnetwork  n {\n\n input x: 1x8x08; y = conv(x,8,3)relu\n"
                              "  -> fc(2)*2\n}"));
  assert_false(same_tree(
      base, "network m { input x: 1x8x8\n y = conv(x, 8, 3) relu -> fc(2) * 2 }"));
  assert_false(same_tree(
      base, "network n { input x: 1x8x9\n y = conv(x, 8, 3) relu -> fc(2) * 2 }"));
  assert_false(same_tree(base, NET("y = conv(x, 8, 3) -> relu -> fc(2) * 2")));
  assert_false(same_tree(base, NET("y = conv(x, 8, 3) relu -> fc(2) * 3")));
  assert_false(same_tree(base, NET("y = conv(x, 8, 3) relu -> fc(2)")));
  assert_false(same_tree(base, NET("y = conv(x, 8, k: 3) relu -> fc(2) * 2")));
  assert_false(same_tree(base, NET("y = conv(x, 8, 3.0) relu -> fc(2) * 2")));
  assert_false(same_tree(base, NET("y = conv(x, 8, 3) relu -> fc(2) * 2 : 2")));
  assert_false(same_tree(base, NET("output y = conv(x, 8, 3) relu -> fc(2) * 2")));
  assert_false(same_tree(base, NET("y = conv(x(), 8, 3) relu -> fc(2) * 2")));
  assert_false(same_tree(base, NET("z = conv(x, 8, 3) relu -> fc(2) * 2")));
  assert_false(same_tree(base, "network n { input x: 1x8x8 }"));
  assert_false(same_tree("block b(x) { return x }", "block b(x = 1) { return x }"));
  assert_false(same_tree("block b(x) { return x }", "block b(y) { return x }"));
  assert_false(same_tree(RET("x -> relu"), RET("x -> relu * 0")));
  assert_false(same_tree(RET("f(\"a\")"), RET("f(\"b\")")));
  assert_true(same_tree(RET("f(\"a\tb\")"), RET("f(\"a\\tb\")")));
  assert_false(same_tree(RET("f([1, 2])"), RET("f([1, [2]])")));
  assert_false(same_tree(RET("f(true)"), RET("f(false)")));
  assert_false(same_tree(RET("f(1)"), RET("f(01)")));
  assert_false(same_tree(RET("f(1)"), RET("f(1.0)")));
  assert_false(same_tree(RET("f(x)"), RET("f(x relu)")));
  assert_false(same_tree(RET("f(5x5)"), RET("f(5x5x1)")));
  assert_true(same_tree(RET("f(5x5)"), RET("f(05x5)")));
  assert_false(same_tree(RET("x") "\nnetwork n {}", "network n {}\n" RET("x")));
  assert_false(same_tree("network n { meta { a: 1 } }", "network n { meta { a: 2 } }"));
  assert_false(same_tree("network n { block b() { return x } }",
                         "network n { block b() { return y } }"));
}

static void test_format_is_appended(void **state) {
  (void)state;
  parsed p;
  assert_true(parse_text(&p, "t", "network n {}", 12));
  buf out = {0};
  buf_puts(&out, "before\n");
  arch_format(&out, p.file);
  assert_string_equal(out.data, "before\nnetwork n {\n}\n");
  buf_free(&out);
  parsed_fini(&p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_expected_output),
      cmocka_unit_test(test_expected_is_fixed_point),
      cmocka_unit_test(test_properties_of_cases),
      cmocka_unit_test(test_properties_of_examples),
      cmocka_unit_test(test_ast_equal),
      cmocka_unit_test(test_format_is_appended),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Structural equality of two syntax trees, for checking that formatting
 * (or any other rewrite of the text) keeps a file's meaning. */
#ifndef ARCHC_ARCH_AST_EQUAL_H
#define ARCHC_ARCH_AST_EQUAL_H

#include <stdbool.h>

#include "arch/ast.h"

/* True when both files have the same items, statements, names, values and
 * chains in the same order. Locations and comments are ignored. Numbers
 * compare by value and by lexeme (the formatter keeps lexemes); strings by
 * their unescaped value; shapes by their dimensions. */
bool ast_equal(const ast_file *a, const ast_file *b);

#endif

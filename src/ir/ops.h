/* The op table: every op's .arch name, its inputs, and its parameters with
 * types, defaults and ranges. Lowering checks calls against it; the
 * formatter, the language reference and the editor grammars follow it. */
#ifndef ARCHC_IR_OPS_H
#define ARCHC_IR_OPS_H

#include "ir/ir.h"

typedef enum op_ptype {
  PT_INT,       /* a whole number */
  PT_FLOAT,     /* a number */
  PT_BOOL,
  PT_DIM2,      /* a whole number n (n x n) or HxW */
  PT_AXIS,      /* c, h or w */
  PT_ROUND,     /* ceil or floor */
  PT_REGION,    /* across or within */
  PT_INTLIST,   /* [n, ...] */
  PT_STRING,
} op_ptype;

typedef struct op_param {
  const char *name;
  op_ptype type;
  bool required;
  double min, max;        /* inclusive range for numbers and each list element */
  const char *deflt;      /* the default as written in .arch, for documentation */
  bool open_min;          /* the minimum itself is excluded (eps > 0) */
} op_param;

enum { OP_MAX_PARAMS = 8, OP_VARIADIC = -1 };

typedef struct op_info {
  const char *name;
  int inputs;             /* fixed count, or OP_VARIADIC */
  int min_inputs;         /* for variadic ops */
  const char *summary;
  op_param params[OP_MAX_PARAMS];
} op_info;

const op_info *op_table(ir_op op);

#endif

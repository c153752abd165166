/* Internal interface of the converter (src/caffe/to_arch*.c): the graph
 * cut into statements, the units the block recogniser finds, names, and
 * the writers of .arch text. */
#ifndef ARCHC_CAFFE_TO_ARCH_INT_H
#define ARCHC_CAFFE_TO_ARCH_INT_H

#include <stdint.h>

#include "caffe/to_arch.h"
#include "util/strmap.h"

#define TA_NONE UINT32_MAX

/* A statement: a head layer and the layers folded onto it, in order
 * (linked by ta.next). */
typedef struct ta_stmt {
  uint32_t head, last;         /* layer indices */
  uint32_t unit;               /* the unit it belongs to (TA_NONE: none) */
  const char *name;            /* in the network body; a slice names one per output */
  const char **names;
  const char *orig;            /* the source's name when `name` differs from it */
  bool output;                 /* its value is a network output */
} ta_stmt;

/* A fork-join unit: branches that start from one tensor (after optional
 * stem statements) and meet at a merge layer (concat, add, mul, max). */
typedef struct ta_unit {
  uint32_t merge;              /* the statement whose head merges the branches */
  ir_ref input;                /* the unit's input tensor */
  uint32_t *stems;             /* statements from the input to the fork, in order */
  uint32_t nstems;
  uint32_t nbranches;          /* the merge's inputs, in order */
  uint32_t *bstart;            /* nbranches + 1 offsets into bstmts */
  uint32_t *bstmts;            /* each branch's statements, from the fork on */
  const char *sig;             /* the structure, without the numbers */
  uint32_t block;              /* the block it is an instance of */
} ta_unit;

/* Kinds of numeric parameters, for block parameter names. */
typedef enum ta_slot_kind { SK_FEATURES, SK_KERNEL, SK_STRIDE, SK_PAD, SK_DILATION,
                            SK_GROUPS, SK_SIZE, SK_FLOAT } ta_slot_kind;

enum { TA_MAX_SLOTS = 6 };

/* A numeric parameter of a layer: an integer, a pair, or a number. */
typedef struct ta_slot {
  ta_slot_kind kind;
  int64_t i[2];
  double f;
} ta_slot;

typedef struct ta_block {
  const char *name;
  uint32_t *units;             /* its instances, in graph order */
  uint32_t nunits;
  uint32_t nslots;             /* numeric parameters of one instance's layers */
  uint32_t *param_of;          /* per slot: its block parameter, or TA_NONE */
  const char **params;         /* parameter names, after the input `in` */
  uint32_t *param_slot;        /* per parameter: the first slot that carries it */
  uint32_t nparams;
} ta_block;

typedef struct ta {
  arena *arena;
  diag_list *diags;
  const ir_graph *g;
  const to_arch_opts *opts;
  bool failed;
  uint32_t *out_base;          /* per layer: the index of its output 0 among tensors */
  uint32_t *uses;              /* per tensor: reading edges, plus one if an output */
  uint32_t *stmt_of;           /* per layer: its statement (TA_NONE for inputs) */
  uint32_t *next;              /* per layer: the next layer of its statement, or TA_NONE */
  ta_stmt *stmts;
  uint32_t nstmts;
  ta_unit *units;
  uint32_t nunits;
  ta_block *blocks;
  uint32_t nblocks;
  const char **input_name;     /* per layer: an input's name, else NULL */
  const char **input_orig;     /* per layer: an input's source name when it changed */
  const char **src_names;      /* a graph lowered from .arch: the names --emit prototxt
                                  gives its layers */
  const char *net_name, *net_orig;
  strmap taken;                /* names of the network body and of the blocks */
  uint32_t *lossy;             /* layers with outputs .arch cannot name (a pooling
                                  layer's argmax mask): their readers read output 0 */
  uint32_t nlossy;
} ta;

/* ---- to_arch.c ----------------------------------------------------------- */

/* A tensor as .arch sees it: outputs that .arch cannot name (all but the
 * first of a layer other than slice) stand for the first. */
ir_ref ta_ref(const ta *t, ir_ref r);
/* Uses of a tensor: reading edges, plus one if it is a network output. */
uint32_t ta_uses(const ta *t, ir_ref r);
/* The layer's name in the source it came from (Caffe's, when it has one). */
const char *ta_source_name(const ta *t, uint32_t layer);
/* A tensor's name in the network body. */
const char *ta_tensor_name(const ta *t, ir_ref r);

/* ---- to_arch_blocks.c: the block recogniser ------------------------------ */

/* Finds fork-join units, groups the structurally identical ones, and makes
 * a block of every group of two or more; other units are left as plain
 * statements. Sets stmts[].unit, units and blocks (not yet named). */
void ta_find_blocks(ta *t);

/* ---- to_arch_names.c ----------------------------------------------------- */

/* Names every block, input and statement of the network body, unique and
 * never a keyword, an op or a block name. */
void ta_assign_names(ta *t);
/* Appends ` # caffe: "NAME"` (NAME escaped so the comment stays one line). */
void ta_put_name_comment(buf *b, const char *orig);

/* ---- to_arch_text.c: values and calls ------------------------------------ */

/* A layer's numeric parameters, in a fixed order per op; returns how many. */
uint32_t ta_layer_slots(const ir_layer *l, ta_slot out[TA_MAX_SLOTS]);
/* The layer's structure apart from its numbers (op and flags), for unit
 * signatures. */
void ta_put_layer_sig(buf *b, const ir_layer *l);
/* Writes a value of the slot's kind: `64`, `3`, `1x7`, `0.0001`. */
void ta_put_slot(buf *b, const ta_slot *s);
bool ta_slot_equal(const ta_slot *a, const ta_slot *b);
/* A .arch string literal. */
void ta_put_string(buf *b, const char *s);
/* Reports every value of the graph that .arch cannot write (a number that
 * is not finite or outside the op's range, a string with a line break);
 * returns false if there is one. */
bool ta_check_values(ta *t);
/* How a statement's head is written. */
typedef enum ta_head {
  HEAD_CALL,     /* `op(ins..., params)` */
  HEAD_STAGE,    /* ` -> op(params)`: a later stage of a chain */
  HEAD_FOLLOW,   /* as a folded layer: a bare word, or ` -> op(params)` */
} ta_head;

/* Writes the chain of a statement: its head (applied to the `nins` input
 * names when HEAD_CALL), then its folded layers as bare words or `->`
 * stages. `param` names a block parameter for each numeric slot of the
 * chain's layers, in order (NULL entries, or NULL for all: write the
 * literal, and only where it differs from the default); the number of
 * slots used is added to `*slot`. */
void ta_put_stmt_chain(const ta *t, buf *b, uint32_t first, ta_head how, const char *const *ins,
                       uint32_t nins, const char *const *param, uint32_t *slot);
/* Writes one application of a multi-input head (`concat(a, b, axis: h)`). */
void ta_put_call(buf *b, const ir_layer *l, const char *const *ins, uint32_t nins);

/* ---- to_arch_write.c ----------------------------------------------------- */

/* The whole file as raw text (the caller formats it). */
void ta_write(ta *t, buf *b);

#endif

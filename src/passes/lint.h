/* The lint pass: warnings about networks that are valid but probably not
 * what their author meant. It runs on a graph without errors, after the
 * shape pass when there is one; rules that need shapes skip layers whose
 * shapes are unknown. Every rule is documented in doc/diagnostics.md
 * under its code. */
#ifndef ARCHC_PASSES_LINT_H
#define ARCHC_PASSES_LINT_H

#include <stdbool.h>
#include <stdint.h>

#include "diag/diag.h"
#include "ir/ir.h"
#include "util/arena.h"

/* saturating-activation: sigmoid or tanh with more weight layers (conv,
 * deconv, fc) than this on the longest path from an input up to it. */
#define LINT_SATURATING_DEPTH 5
/* large-fc-input: fc layers on more inputs than this (2^20). */
#define LINT_FC_MAX_INPUTS (INT64_C(1) << 20)

/* Runs every rule; temporary data goes into `a`. */
void pass_lint(arena *a, const ir_graph *g, diag_list *diags);

/* ---- for the rules (lint*.c) ---------------------------------------- */

typedef struct lint_use {
  uint32_t layer;              /* the consumer */
  uint32_t input;              /* which of its inputs */
} lint_use;

typedef struct lint_ctx {
  const ir_graph *g;
  diag_list *diags;
  arena *arena;
  /* The consumers of layer i are uses[use_start[i] .. use_start[i + 1]). */
  const uint32_t *use_start;
  const lint_use *uses;
  const bool *is_output;       /* an output of the layer is a network output */
} lint_ctx;

/* A warning at the layer, with notes pointing at the block calls it was
 * expanded from. Messages should not name expanded layers where the place
 * says enough: identical warnings from several expansions are one. */
diag *lint_warn(lint_ctx *cx, const ir_layer *l, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A note at another layer. */
void lint_note(lint_ctx *cx, diag *d, const ir_layer *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The shape of input `k` of `l`, or NULL when unknown (no shape pass, an
 * opaque layer upstream). */
const ir_shape *lint_input_shape(const lint_ctx *cx, const ir_layer *l, uint32_t k);
/* The kernel as the input sees it: dilation spreads it. */
int64_t lint_span(const ir_layer *l, int axis);
bool lint_is_weight(ir_op op);
/* "3x3", "1x4": a spatial pair, height first. */
const char *lint_pair(lint_ctx *cx, const int64_t v[2]);

/* lint_fix.c: fix-its, offered only where the edit is mechanical and the
 * layer was written where it stands (not expanded from a block, whose
 * other calls the edit would change too). */
/* Removes the stage that made `l` ("-> maxpool(1)", " relu"). */
void lint_fix_remove_stage(lint_ctx *cx, diag *d, const ir_layer *l);
/* Adds the named argument `arg` ("bias: false") to the call that made `l`. */
void lint_fix_add_argument(lint_ctx *cx, diag *d, const ir_layer *l, const char *arg);
/* Replaces a call with its only argument: "concat(a)" becomes "a". */
void lint_fix_unwrap_call(lint_ctx *cx, diag *d, const ir_layer *l);

/* The rules, by file. */
void lint_windows(lint_ctx *cx);     /* lint_window.c */
void lint_flow(lint_ctx *cx);        /* lint_flow.c */
void lint_structure(lint_ctx *cx);   /* lint_graph.c */

#endif

/* Internal state of the lowering pass, shared by src/arch/lower*.c. */
#ifndef ARCHC_ARCH_LOWER_INT_H
#define ARCHC_ARCH_LOWER_INT_H

#include "arch/lower.h"
#include "arch/parser.h"
#include "ir/ops.h"
#include "util/strmap.h"

/* A value during expansion. Tensors may be pending: a name whose
 * definition has not been expanded yet (definitions may come later in the
 * source), resolved when the whole network is expanded. */
typedef enum val_kind {
  VAL_NONE,      /* an error was reported; stay quiet about it */
  VAL_TENSOR,
  VAL_PENDING,
  VAL_INT, VAL_FLOAT, VAL_BOOL, VAL_SHAPE, VAL_STRING,
  VAL_WORD,      /* an identifier that names nothing in scope: c, ceil, ... */
  VAL_LIST,
} val_kind;

typedef struct val val;
struct val {
  val_kind kind;
  src_range loc;
  union {
    ir_ref ref;            /* TENSOR */
    uint32_t pending;      /* PENDING: index into lower.pending */
    int64_t i;
    double f;
    bool b;
    ast_shape shape;
    ast_str str;           /* STRING, WORD */
    struct { val *items; size_t n; } list;
  } u;
};

/* A name in a body: a statement's tensor or a block parameter. */
typedef struct binding {
  ast_str name;
  src_range loc;           /* where it is defined */
  const ast_stmt *stmt;    /* NULL for a parameter */
  uint32_t index;          /* which of the statement's names */
  bool is_param;
  bool done;               /* the statement was expanded: `v` is final */
  val v;
} binding;

typedef struct scope {
  strmap names;            /* name -> index into bindings */
  avec bindings;            /* binding */
  const char *prefix;      /* "" for the network, "m." inside instance m */
  const ir_site *site;     /* the call that created this scope, or NULL */
  const ast_block *block;  /* NULL for the network body */
} scope;

static inline binding *binding_at(const scope *sc, size_t i) {
  return &((binding *)sc->bindings.data)[i];
}

typedef struct pending {
  scope *sc;
  uint32_t binding;
  src_range use;           /* where the name was used */
  int state;               /* 0 open, 1 resolving, 2 resolved */
  val result;
} pending;

/* A layer under construction; inputs may still be pending values. */
typedef struct wlayer {
  ir_layer l;
  val *ins;
  const char *label;       /* the statement's name as written; NULL for a block's result */
} wlayer;

typedef struct lower {
  arena *arena;
  diag_list *diags;
  const source *src;
  const ast_file *file;
  strmap blocks;           /* name -> index into block_defs */
  avec block_list;         /* const ast_block * */
  const ast_block **block_defs;  /* block_list.data */
  size_t nblocks;
  bool *block_active;      /* on the expansion stack: recursion */
  bool *block_used;
  bool *block_recursive;   /* part of a recursion already reported */
  const ast_stmt *current_stmt;  /* the statement being lowered, for suggestions */
  int depth;
  wlayer *layers;
  size_t nlayers, cap_layers;
  bool layer_limit_hit;
  size_t steps;            /* op and block applications, against LOWER_MAX_STEPS */
  strmap reported;         /* severity|code|place of every report */
  size_t errors;           /* errors reported, repeats included */
  size_t name_bytes;       /* all layer names so far, against LOWER_MAX_NAME_BYTES */
  pending *pending;
  size_t npending, cap_pending;
  strmap layer_names;
  struct wout { const char *name; val v; src_range loc; } *outputs;
  size_t noutputs, cap_outputs;
  struct wassert { val v; ast_shape shape; src_range loc; } *asserts;
  size_t nasserts, cap_asserts;
  ir_meta meta;
  bool failed;             /* a fatal limit: stop expanding */
  bool quiet_names;        /* after syntax errors: no undefined-name, no-input, no-output */
} lower;

/* Per-statement naming: the statement's name, and counters of the ops and
 * blocks applied so far, for `NAME.OPk`. */
typedef struct namer {
  const char *base;        /* the statement's full name, prefix included */
  const char *label;       /* the name as written, for messages (NULL: a block's result) */
  struct { const char *op; uint32_t n; } counts[16];
  size_t ncounts;
  strmap more;             /* counters beyond the first 16 distinct ops */
  uint32_t *more_counts;
  size_t nmore, cap_more;
} namer;

/* lower.c */
diag *lower_error(lower *L, const scope *sc, const char *code, src_range r, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
diag *lower_warning(lower *L, const scope *sc, const char *code, src_range r, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
val lower_chain(lower *L, scope *sc, const ast_chain *ch, namer *nm, bool final);
const char *lower_value_desc(const val *v);

/* lower_args.c: matching a call's arguments to an op's inputs and
 * parameters, checking types and ranges. Returns false after an error. */
bool lower_op_call(lower *L, scope *sc, ir_op op, const ast_app *app, const val *piped,
                   namer *nm, val **inputs, uint32_t *ninputs, ir_params *params);
val lower_expr(lower *L, scope *sc, const ast_expr *e, namer *nm);
bool lower_expect_tensor(lower *L, scope *sc, const val *v, const char *what);

/* lower_graph.c */
void lower_finish(lower *L, ir_graph *g);

#endif

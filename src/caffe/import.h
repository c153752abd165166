/* Internal interface of the Caffe import (src/caffe/import*.c): checking
 * the tree against the schema, reading typed values from it, and mapping a
 * NetParameter onto the graph IR. */
#ifndef ARCHC_CAFFE_IMPORT_H
#define ARCHC_CAFFE_IMPORT_H

#include <stdarg.h>

#include "caffe/caffe.h"
#include "caffe/pbtext.h"
#include "caffe/schema.h"
#include "util/strmap.h"

/* ---- import_check.c ------------------------------------------------------ */

/* Checks every field of the file against the schema: unknown fields are
 * warnings (forks add their own); a known field with a value of the wrong
 * kind, a bad enum value, a number out of range, a singular field given
 * twice or a required field missing are errors. */
void caffe_check(arena *a, diag_list *diags, const pb_file *file, const pb_message_def *root);

/* ---- import_view.c --------------------------------------------------------- */

/* A message of the tree together with its schema: reads give the value
 * written, or the schema's default. `fields` is NULL for an absent message,
 * whose reads all give defaults. */
typedef struct pbv {
  const pb_field *fields;
  uint32_t n;
  const pb_message_def *def;
  src_range loc;             /* the message's braces (or where it would be) */
} pbv;

pbv pbv_of(const pb_value *msg, const pb_message_def *def, src_range loc);
/* The first field of that name, or NULL. */
const pb_field *pbv_field(pbv v, const char *name);
bool pbv_has(pbv v, const char *name);
uint32_t pbv_count(pbv v, const char *name);
/* The i-th value of a (repeated) field, or NULL. */
const pb_field *pbv_nth(pbv v, const char *name, uint32_t i);
/* A sub-message; absent: a view with no fields and the right schema. */
pbv pbv_msg(pbv v, const char *name);
pbv pbv_msg_nth(pbv v, const char *name, uint32_t i);
int64_t pbv_int(pbv v, const char *name);
int64_t pbv_int_nth(pbv v, const char *name, uint32_t i);
double pbv_float(pbv v, const char *name);
double pbv_float_nth(pbv v, const char *name, uint32_t i);
bool pbv_bool(pbv v, const char *name);
const char *pbv_string(pbv v, const char *name);
const char *pbv_string_nth(pbv v, const char *name, uint32_t i);
/* An enum's value name (the default's when absent). */
const char *pbv_enum(pbv v, const char *name);
/* Where a field's value is, or the message's place when it is absent. */
src_range pbv_loc(pbv v, const char *name);

/* ---- import.c: the state of one import ---------------------------------- */

/* How the import treats a layer type. */
typedef enum ckind {
  CK_MAPPED,     /* an op of the IR */
  CK_SPLIT,      /* copies of its bottom: no layer of its own */
  CK_SOURCE,     /* no bottoms: its tops are inputs (data layers) */
  CK_TRAINING,   /* losses, accuracy, Silence: kept opaque, with one note */
  CK_OPAQUE,     /* anything else: kept opaque, with a warning */
} ckind;

typedef struct cname {
  const char *s;
  src_range loc;
} cname;

/* A version of a blob: each top writes a new one; consumers read the
 * newest version of a name at their place in the file. */
typedef struct cblob {
  const char *name;
  src_range loc;             /* the top (or input declaration) that writes it */
  uint32_t layer;            /* the writing layer, or UINT32_MAX for a declared input */
  uint32_t top;
  uint32_t nuses;            /* readers in the phase */
  uint32_t first_use;        /* the first reader, for messages */
  bool cut;                  /* given a shape by --input or --dataset: becomes an input */
  bool needed;               /* something kept reads it, or nothing reads it */
  int ndims;                 /* the shape, when it is an input */
  int64_t dims[3];
  const char *shape_from;    /* where the shape comes from, for messages */
  bool has_ref;
  ir_ref ref;                /* the IR tensor that holds it */
  int64_t channels;          /* known channels (-1: unknown), for depthwise and slices */
  int rank;                  /* known axes without the batch (0: unknown) */
} cblob;

typedef struct clayer {
  pbv msg;
  bool v1;
  const char *name;          /* "" when the layer has none */
  const char *type;          /* LayerParameter's type; V1 enum names are upgraded */
  src_range loc;             /* its name, or the `layer` keyword */
  src_range type_loc;
  cname *bottoms, *tops;
  uint32_t nbottoms, ntops;
  bool in_phase;
  const char *rule;          /* for a layer left out: the rule, e.g. `phase: TRAIN` */
  src_range rule_loc;
  ckind kind;
  uint32_t *in;              /* per bottom: a blob version, or UINT32_MAX */
  uint32_t *out;             /* per top: its blob version */
  bool kept;                 /* false: left out because it only computes cut blobs */
} clayer;

typedef struct imp {
  arena *arena;
  diag_list *diags;
  const source *src;
  const pb_file *file;
  const compile_options *opts;
  pbv net;
  clayer *layers;
  uint32_t nlayers;
  cblob *blobs;              /* versions, in the order they are written */
  uint32_t nblobs;
  size_t cap_blobs;
  strmap blob_names;         /* name -> index into `current` */
  uint32_t *current;         /* newest version of each name */
  uint32_t ncurrent;
  size_t cap_current;
  /* the IR under construction */
  ir_layer *ir;
  uint32_t nir;
  size_t cap_ir;
  strmap ir_names;
  strmap name_suffix;        /* a repeated name -> the next suffix to try */
  uint32_t errors_before;
  /* grouped diagnostics */
  uint32_t first_training, ntraining;
  uint32_t first_coeff, ncoeff;
  struct opaque_use { uint32_t layer; const char *why; uint32_t more; } *opaque;
  uint32_t nopaque;
  size_t cap_opaque;
  strmap opaque_groups;      /* "type|why" -> the group's first use */
  uint32_t nundefined;       /* undefined blobs reported so far */
} imp;

diag *imp_error(imp *I, const char *code, src_range r, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
diag *imp_warning(imp *I, const char *code, src_range r, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void imp_note(imp *I, diag *d, src_range r, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* "Convolution 'conv1'" */
const char *imp_layer_desc(imp *I, const clayer *L);

/* ---- import_blobs.c ------------------------------------------------------- */

uint32_t imp_blob_add(imp *I, const char *name, src_range loc, uint32_t layer, uint32_t top);
/* The newest version of a name, or UINT32_MAX. */
uint32_t imp_blob_lookup(imp *I, const char *name);
/* Resolves bottoms and tops of the layers in the phase, in file order;
 * reports undefined blobs, blobs written twice and cycles. */
void imp_resolve(imp *I);
/* Marks the layers that only compute blobs that became inputs. */
void imp_leave_out(imp *I);
/* Blobs that nothing in the phase reads become the network's outputs. */
void imp_outputs(imp *I, ir_graph *g);

/* ---- import_inputs.c -------------------------------------------------------- */

/* Declared inputs (`input:` with `input_dim` or `input_shape`) and inputs
 * that --input names but no layer writes; before the layers. */
void imp_declared_inputs(imp *I);
/* Marks the blobs --input and --dataset give shapes to. */
void imp_cut_inputs(imp *I);
/* The IR nodes of a source layer's tops (and of cut tops of any layer). */
void imp_cut_nodes(imp *I, uint32_t li);
void imp_source_nodes(imp *I, uint32_t li);

/* ---- import_layers.c ------------------------------------------------------ */

ckind imp_kind(const char *type, uint32_t nbottoms, uint32_t ntops);
/* Checks the numbers of bottoms and tops Caffe allows for the type. */
bool imp_check_arity(imp *I, const clayer *L);
/* Adds the IR layer(s) of one kept layer. */
void imp_layer_nodes(imp *I, uint32_t li);
/* One warning for each kind of opaque layer, when all are known. */
void imp_opaque_warnings(imp *I);

/* Adds an IR layer; its name is made unique. Returns its index. */
uint32_t imp_ir_add(imp *I, ir_op op, const char *name, src_range loc, const clayer *L);

#endif

/* Internal state of the reference profile, shared by src/attr/ref_*.c. */
#ifndef ARCHC_ATTR_REF_INT_H
#define ARCHC_ATTR_REF_INT_H

#include "attr/ref.h"
#include "util/avec.h"
#include "util/strmap.h"

/* The record types the columns ask about, resolved once per record: the
 * rules compare types for every record on every path. */
typedef enum rec_kind {
  RK_OTHER, RK_CONV, RK_POOL, RK_IP, RK_CONCAT, RK_FLATTEN, RK_LRN, RK_SPLIT, RK_SLICE,
  RK_PLACEHOLDER, RK_INPUT, RK_DROPOUT,
} rec_kind;

/* One record of the reference's layer graph (spec §1, §4). Lists hold
 * keys, resolved through the key map when they are followed. */
typedef struct rec {
  const char *key, *type;
  rec_kind kind;
  bool passthrough;            /* type in S: an activation or Dropout */
  bool inception;              /* its key contains "inception" */
  bool inception_concat;       /* a Concat whose key contains "inception" */
  ref_phase phase;
  avec bottoms, tops;          /* const char * */
  const uint32_t *bottom_ids, *top_ids;  /* the same, looked up (NO_REC: none); set
                                          * when the graph is complete */
  bool deleted;
  bool has_table;              /* a parameter table (§3's list of types) */
  const ref_layer *layer;      /* the layer that made it (NULL: placeholder/input) */
  int64_t kh, kw, sh, sw, ph, pw;
  int pool;
  int64_t axis;
  bool has_num;                /* num_output */
  int64_t num;
  bool has_grid, has_in_grid;  /* output and (padded) input grids, C x H x W */
  int64_t grid[3], in_grid[3];
  bool has_num_input;          /* InnerProduct */
  int64_t num_input;
  const char *tag;             /* activation tag (§4.8 g) */
} rec;

#define NO_REC UINT32_MAX /* no record; an enum constant must fit in int */

typedef struct refg {
  arena *arena;
  diag_list *diags;
  const ref_net *net;
  ref_mode mode;
  rec *recs;                   /* slots; order = slot order, deleted ones skipped */
  size_t nrecs, cap;
  strmap keys;                 /* key -> slot (NO_REC after deletion) */
  avec inputs;                 /* the input list of §4.6: const char * keys */
  bool failed;                 /* a construction error was reported */
} refg;

uint32_t ref_lookup(const refg *g, const char *key);
static inline rec *ref_rec(refg *g, uint32_t i) { return &g->recs[i]; }
static inline bool ref_in_phase(const rec *r) { return r->phase != REF_TRAIN; }
static inline bool ref_is_passthrough(const rec *r) { return r->passthrough; }
static inline bool ref_is_inception_concat(const rec *r) { return r->inception_concat; }

/* ref_build.c: §4 and §5. Returns false after a construction error;
 * otherwise every record's bottom_ids and top_ids are set. */
bool ref_build(refg *g);

#endif

/* The reference profile of the attribute pass: the paper's extractor
 * reproduced value for value, quirks included (spec/attributes.md §3–§10).
 * It works on Caffe's layer list as the reference reads it, not on the
 * graph IR, because its quirks depend on Caffe-level details (layer names,
 * phases, in-place tops, replaced twins). */
#ifndef ARCHC_ATTR_REF_H
#define ARCHC_ATTR_REF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "attr/columns.h"
#include "diag/diag.h"
#include "util/arena.h"

typedef enum ref_phase { REF_ALL, REF_TRAIN, REF_TEST } ref_phase;
typedef enum ref_mode { REF_NOVA, REF_MINERVA } ref_mode;

/* One `layer` of the prototxt with the values the reference reads (§3):
 * the reader applies the reference's rules (first kernel_size value, the
 * pooling stride default of 1, ...) before filling this in. */
typedef struct ref_layer {
  const char *name, *type;
  const char *const *bottoms;
  size_t nbottoms;
  const char *const *tops;
  size_t ntops;
  ref_phase phase;             /* of the first include rule; ALL without one */
  src_range loc;               /* for diagnostics */
  int64_t num_output;          /* Convolution, InnerProduct */
  int64_t kernel_h, kernel_w, stride_h, stride_w, pad_h, pad_w;  /* Convolution, Pooling */
  bool pool_1x1;               /* Pooling dropped by §4.2 */
  int pool;                    /* 0 MAX, 1 AVE, 2 STOCHASTIC */
  int64_t concat_axis;         /* concat_param.axis (default 1) */
} ref_layer;

typedef struct ref_net {
  const ref_layer *layers;
  size_t nlayers;
  const source *src;
} ref_net;

/* Computes the 87 attribute columns into `out` (NaN where undefined).
 * Networks the reference cannot process (§10) get an error and false
 * (construction) or NaN columns with a warning (column errors). */
bool ref_attributes(arena *a, diag_list *diags, const ref_net *net, ref_mode mode,
                    double out[ATTR_NCOLS]);

#endif

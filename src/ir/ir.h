/* The graph IR shared by both front ends: layers (op, parameters, stable
 * name, source location) in topological order, and edges as references to
 * layer outputs. Every pass after lowering works on this only. */
#ifndef ARCHC_IR_IR_H
#define ARCHC_IR_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/source.h"

typedef enum ir_op {
  OP_INPUT,
  OP_CONV, OP_DECONV,
  OP_MAXPOOL, OP_AVGPOOL, OP_STOCHPOOL,
  OP_FC,
  OP_RELU, OP_PRELU, OP_ELU, OP_SIGMOID, OP_TANH, OP_ABS, OP_BNLL, OP_POWER,
  OP_LRN, OP_BATCHNORM, OP_SCALE, OP_DROPOUT,
  OP_FLATTEN, OP_CONCAT, OP_ADD, OP_MUL, OP_MAX, OP_SLICE, OP_SOFTMAX,
  OP_OPAQUE,
  OP__COUNT
} ir_op;

typedef enum ir_axis { AXIS_C, AXIS_H, AXIS_W } ir_axis;

/* A tensor: output `output` of layer `layer`. */
typedef struct ir_ref {
  uint32_t layer, output;
} ir_ref;

/* Where a layer came from when it was expanded from a block: the call
 * site, and the site that call was itself expanded from. */
typedef struct ir_site {
  const struct ir_site *parent;
  const char *block;       /* the block's name */
  src_range loc;           /* the call */
} ir_site;

/* Parameters, by op; fields an op does not use stay at their defaults.
 * Spatial pairs are {height, width}. */
typedef struct ir_params {
  int64_t features;            /* conv/deconv output channels, fc neurons */
  int64_t kernel[2], stride[2], pad[2], dilation[2];
  int64_t groups;
  bool depthwise;              /* conv: groups = the input's channels (Caffe forks'
                                  depthwise layers); when the import could not tell
                                  them, groups is 1 until the shape pass sets it */
  bool bias;                   /* conv/deconv/fc bias term; scale's bias */
  bool global;                 /* pooling over the whole grid */
  bool ceil;                   /* pooling output rounding (Caffe: ceil) */
  ir_axis axis;                /* concat, slice, softmax */
  int64_t *points;             /* slice points along `axis` */
  uint32_t npoints;
  int64_t size;                /* lrn window */
  bool within;                 /* lrn WITHIN_CHANNEL */
  bool shared;                 /* prelu channel_shared */
  double negative_slope, alpha, beta, k, eps, ratio, power, scale, shift;
  const char *type;            /* opaque: the layer type it stands for */
  int ndims;                   /* input: its declared shape */
  int64_t dims[4];
} ir_params;

/* A tensor's shape, C x H x W with the batch left out; a vector has one
 * dimension. ndims == 0: unknown (an opaque layer, or an error upstream). */
typedef struct ir_shape {
  int ndims;
  int64_t d[3];
} ir_shape;

/* What a layer costs, filled in by the cost pass. -1: unknown. */
typedef struct ir_cost {
  int64_t params;              /* learnable weights and biases */
  int64_t bn_params;           /* BatchNorm statistics (mean, variance, factor) */
  int64_t macs;                /* multiply-accumulates for one input */
  int64_t activations;         /* output elements */
  int64_t rf[2];               /* receptive field {h, w} of one output cell */
  int64_t jump[2];             /* distance in input cells between output cells */
} ir_cost;

typedef struct ir_layer {
  ir_op op;
  const char *name;            /* stable: `instance.layer` for expansions */
  const source *src;
  src_range loc;               /* the application that made this layer */
  const ir_site *site;         /* NULL unless expanded from a block */
  ir_ref *inputs;
  uint32_t ninputs;
  uint32_t noutputs;
  ir_params p;
  ir_shape *shapes;            /* one per output; NULL until the shape pass, and
                                  for a layer without outputs */
  ir_shape in_shape;           /* shape of input 0 as this layer sees it */
  ir_cost cost;
  /* Where a Caffe import found it (NULL for .arch): the layer's own name
   * and type in the prototxt, kept for reports and for converting back. */
  const char *caffe_name, *caffe_type;
} ir_layer;

/* A shape the source asserts for a tensor (`y = ... : 64x?x?`). */
typedef struct ir_assert {
  ir_ref ref;
  int ndims;
  int64_t dims[4];             /* -1: any size */
  src_range loc;
} ir_assert;

typedef struct ir_meta {
  const char *task, *dataset, *source;
  int64_t classes;             /* -1: not given */
  double accuracy, initial_accuracy;  /* NaN: not given */
} ir_meta;

typedef struct ir_output {
  const char *name;
  ir_ref ref;
} ir_output;

typedef struct ir_graph {
  const char *name;
  const source *src;
  ir_layer *layers;            /* topological order: inputs before users */
  uint32_t nlayers;
  ir_output *outputs;
  uint32_t noutputs;
  ir_assert *asserts;
  uint32_t nasserts;
  ir_meta meta;
} ir_graph;

/* The op's name in .arch (`conv`, `maxpool`, ...). */
const char *ir_op_name(ir_op op);
/* Parses an op name; returns false for anything else. */
bool ir_op_lookup(const char *name, size_t len, ir_op *op);
const char *ir_axis_name(ir_axis a);

bool ir_op_is_pool(ir_op op);
bool ir_op_is_activation(ir_op op);
/* Caffe's default parameters for an op. */
void ir_params_default(ir_op op, ir_params *p);

#endif

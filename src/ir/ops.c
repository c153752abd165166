#include "ir/ops.h"

#include <math.h>
#include <string.h>

#define BIG 9.3e18   /* above every 64-bit count: no upper limit */

static const op_info ops[OP__COUNT] = {
  [OP_INPUT] = {"input", 0, 0, "a network input (declared with `input`)", {{0}}},
/* A convolution and a transposed one take the same parameters. */
#define CONV(NAME, WHAT)                                               \
  {NAME, 1, 1, WHAT, {                                                 \
    {"features", PT_INT, true, 1, BIG, NULL, false},                   \
    {"kernel", PT_DIM2, true, 1, BIG, NULL, false},                    \
    {"stride", PT_DIM2, false, 1, BIG, "1", false},                    \
    {"pad", PT_DIM2, false, 0, BIG, "0", false},                       \
    {"dilation", PT_DIM2, false, 1, BIG, "1", false},                  \
    {"groups", PT_INT, false, 1, BIG, "1", false},                     \
    {"bias", PT_BOOL, false, 0, 0, "true", false},                     \
  }}
  [OP_CONV] = CONV("conv", "convolution (Caffe Convolution)"),
  [OP_DECONV] = CONV("deconv", "transposed convolution (Caffe Deconvolution)"),
#undef CONV
#define POOL(NAME, WHAT)                                               \
  {NAME, 1, 1, WHAT, {                                                 \
    {"kernel", PT_DIM2, true, 1, BIG, NULL, false},                    \
    {"stride", PT_DIM2, false, 1, BIG, "1", false},                    \
    {"pad", PT_DIM2, false, 0, BIG, "0", false},                       \
    {"global", PT_BOOL, false, 0, 0, "false", false},                  \
    {"round", PT_ROUND, false, 0, 0, "ceil", false},                   \
  }}
  [OP_MAXPOOL] = POOL("maxpool", "max pooling (Caffe Pooling MAX)"),
  [OP_AVGPOOL] = POOL("avgpool", "average pooling (Caffe Pooling AVE)"),
  [OP_STOCHPOOL] = POOL("stochpool", "stochastic pooling (Caffe Pooling STOCHASTIC)"),
#undef POOL
  [OP_FC] = {"fc", 1, 1, "fully connected layer (Caffe InnerProduct)", {
    {"neurons", PT_INT, true, 1, BIG, NULL, false},
    {"bias", PT_BOOL, false, 0, 0, "true", false},
  }},
  [OP_RELU] = {"relu", 1, 1, "rectified linear unit; leaky with a negative slope", {
    {"negative_slope", PT_FLOAT, false, -HUGE_VAL, HUGE_VAL, "0", false},
  }},
  [OP_PRELU] = {"prelu", 1, 1, "parametric ReLU, one slope per channel", {
    {"shared", PT_BOOL, false, 0, 0, "false", false},
  }},
  [OP_ELU] = {"elu", 1, 1, "exponential linear unit", {
    {"alpha", PT_FLOAT, false, -HUGE_VAL, HUGE_VAL, "1", false},
  }},
  [OP_SIGMOID] = {"sigmoid", 1, 1, "logistic sigmoid", {{0}}},
  [OP_TANH] = {"tanh", 1, 1, "hyperbolic tangent", {{0}}},
  [OP_ABS] = {"abs", 1, 1, "absolute value", {{0}}},
  [OP_BNLL] = {"bnll", 1, 1, "binomial normal log likelihood, log(1 + e^x)", {{0}}},
  [OP_POWER] = {"power", 1, 1, "(shift + scale * x) ^ power", {
    {"power", PT_FLOAT, false, -HUGE_VAL, HUGE_VAL, "1", false},
    {"scale", PT_FLOAT, false, -HUGE_VAL, HUGE_VAL, "1", false},
    {"shift", PT_FLOAT, false, -HUGE_VAL, HUGE_VAL, "0", false},
  }},
  [OP_LRN] = {"lrn", 1, 1, "local response normalization", {
    {"size", PT_INT, false, 1, BIG, "5", false},
    {"alpha", PT_FLOAT, false, -HUGE_VAL, HUGE_VAL, "0.0001", false},
    {"beta", PT_FLOAT, false, -HUGE_VAL, HUGE_VAL, "0.75", false},
    {"k", PT_FLOAT, false, -HUGE_VAL, HUGE_VAL, "1", false},
    {"region", PT_REGION, false, 0, 0, "across", false},
  }},
  [OP_BATCHNORM] = {"batchnorm", 1, 1, "batch normalization (statistics only; add `scale`)", {
    {"eps", PT_FLOAT, false, 0, HUGE_VAL, "0.00001", .open_min = true},
  }},
  [OP_SCALE] = {"scale", 1, 1, "learned per-channel scale, optionally with a bias", {
    {"bias", PT_BOOL, false, 0, 0, "false", false},
  }},
  [OP_DROPOUT] = {"dropout", 1, 1, "dropout (training only; the shape is unchanged)", {
    {"ratio", PT_FLOAT, false, 0, 0.999999999, "0.5", false},
  }},
  [OP_FLATTEN] = {"flatten", 1, 1, "C x H x W to a vector of C*H*W", {{0}}},
  [OP_CONCAT] = {"concat", OP_VARIADIC, 1, "concatenation along an axis", {
    {"axis", PT_AXIS, false, 0, 0, "c", false},
  }},
  [OP_ADD] = {"add", OP_VARIADIC, 2, "element-wise sum (Caffe Eltwise SUM)", {{0}}},
  [OP_MUL] = {"mul", OP_VARIADIC, 2, "element-wise product (Caffe Eltwise PROD)", {{0}}},
  [OP_MAX] = {"max", OP_VARIADIC, 2, "element-wise maximum (Caffe Eltwise MAX)", {{0}}},
  [OP_SLICE] = {"slice", 1, 1, "split along an axis at the given points; one output per piece", {
    {"points", PT_INTLIST, true, 1, BIG, NULL, false},
    {"axis", PT_AXIS, false, 0, 0, "c", false},
  }},
  [OP_SOFTMAX] = {"softmax", 1, 1, "softmax along an axis, by default the channels", {
    {"axis", PT_AXIS, false, 0, 0, "c", false},
  }},
  [OP_OPAQUE] = {"opaque", OP_VARIADIC, 0, "a layer archc does not model; its shape is unknown", {
    {"type", PT_STRING, true, 0, 0, NULL, false},
  }},
};

const op_info *op_table(ir_op op) { return &ops[op]; }

const char *ir_op_name(ir_op op) { return ops[op].name; }

bool ir_op_lookup(const char *name, size_t len, ir_op *op) {
  for (int i = 0; i < OP__COUNT; i++) {
    if (i == OP_INPUT) continue;  /* declared with the `input` statement */
    if (strlen(ops[i].name) == len && memcmp(ops[i].name, name, len) == 0) {
      *op = (ir_op)i;
      return true;
    }
  }
  return false;
}

const char *ir_axis_name(ir_axis a) {
  static const char *const names[] = {"c", "h", "w"};
  return names[a];
}

bool ir_op_is_pool(ir_op op) {
  return op == OP_MAXPOOL || op == OP_AVGPOOL || op == OP_STOCHPOOL;
}

bool ir_op_is_activation(ir_op op) {
  switch (op) {
  case OP_RELU: case OP_PRELU: case OP_ELU: case OP_SIGMOID: case OP_TANH:
  case OP_ABS: case OP_BNLL: case OP_POWER:
    return true;
  default:
    return false;
  }
}

void ir_params_default(ir_op op, ir_params *p) {
  memset(p, 0, sizeof *p);
  p->stride[0] = p->stride[1] = 1;
  p->dilation[0] = p->dilation[1] = 1;
  p->groups = 1;
  p->bias = op != OP_SCALE;
  p->ceil = true;
  p->axis = AXIS_C;
  p->size = 5;
  p->alpha = op == OP_LRN ? 1e-4 : 1.0;
  p->beta = 0.75;
  p->k = 1.0;
  p->eps = 1e-5;
  p->ratio = 0.5;
  p->power = 1.0;
  p->scale = 1.0;
}

/* The tables of schema.h: Caffe's messages for network definitions. Names,
 * types and defaults follow BVLC Caffe's caffe.proto; fork additions name
 * their fork. Each table lists fields in the .proto's order. */
#include "caffe/schema.h"

#include <string.h>

#define N(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

/* ---- enums ------------------------------------------------------------ */

#define ENUM(id, label, ...)                                                  \
  static const pb_enum_value id##_values[] = {__VA_ARGS__};                   \
  static const pb_enum_def id = {label, id##_values, N(id##_values)};

ENUM(e_phase, "Phase", {"TRAIN", 0}, {"TEST", 1})
ENUM(e_engine, "Engine", {"DEFAULT", 0}, {"CAFFE", 1}, {"CUDNN", 2})
ENUM(e_variance_norm, "FillerParameter.VarianceNorm", {"FAN_IN", 0}, {"FAN_OUT", 1},
     {"AVERAGE", 2})
ENUM(e_dim_check, "DimCheckMode", {"STRICT", 0}, {"PERMISSIVE", 1})
ENUM(e_normalization, "LossParameter.NormalizationMode", {"FULL", 0}, {"VALID", 1},
     {"BATCH_SIZE", 2}, {"NONE", 3})
ENUM(e_db, "DataParameter.DB", {"LEVELDB", 0}, {"LMDB", 1})
ENUM(e_eltwise_op, "EltwiseParameter.EltwiseOp", {"PROD", 0}, {"SUM", 1}, {"MAX", 2})
ENUM(e_hinge_norm, "HingeLossParameter.Norm", {"L1", 1}, {"L2", 2})
ENUM(e_norm_region, "LRNParameter.NormRegion", {"ACROSS_CHANNELS", 0}, {"WITHIN_CHANNEL", 1})
ENUM(e_pool_method, "PoolMethod", {"MAX", 0}, {"AVE", 1}, {"STOCHASTIC", 2})
ENUM(e_round_mode, "PoolingParameter.RoundMode", {"CEIL", 0}, {"FLOOR", 1})
ENUM(e_reduction_op, "ReductionParameter.ReductionOp", {"SUM", 1}, {"ASUM", 2}, {"SUMSQ", 3},
     {"MEAN", 4})
ENUM(e_bn_mode, "BNParameter.BNMode", {"LEARN", 0}, {"INFERENCE", 1})
ENUM(e_code_type, "PriorBoxParameter.CodeType", {"CORNER", 1}, {"CENTER_SIZE", 2},
     {"CORNER_SIZE", 3})
ENUM(e_v1_type, "V1LayerParameter.LayerType",
     {"NONE", 0}, {"ABSVAL", 35}, {"ACCURACY", 1}, {"ARGMAX", 30}, {"BNLL", 2},
     {"CONCAT", 3}, {"CONTRASTIVE_LOSS", 37}, {"CONVOLUTION", 4}, {"DATA", 5},
     {"DECONVOLUTION", 39}, {"DROPOUT", 6}, {"DUMMY_DATA", 32}, {"EUCLIDEAN_LOSS", 7},
     {"ELTWISE", 25}, {"EXP", 38}, {"FLATTEN", 8}, {"HDF5_DATA", 9}, {"HDF5_OUTPUT", 10},
     {"HINGE_LOSS", 28}, {"IM2COL", 11}, {"IMAGE_DATA", 12}, {"INFOGAIN_LOSS", 13},
     {"INNER_PRODUCT", 14}, {"LRN", 15}, {"MEMORY_DATA", 29},
     {"MULTINOMIAL_LOGISTIC_LOSS", 16}, {"MVN", 34}, {"POOLING", 17}, {"POWER", 26},
     {"RELU", 18}, {"SIGMOID", 19}, {"SIGMOID_CROSS_ENTROPY_LOSS", 27}, {"SILENCE", 36},
     {"SOFTMAX", 20}, {"SOFTMAX_LOSS", 21}, {"SPLIT", 22}, {"SLICE", 33}, {"TANH", 23},
     {"WINDOW_DATA", 24}, {"THRESHOLD", 31})

/* The V1 enum name, then the LayerParameter type it became. */
static const struct { const char *v1, *v2; } v1_types[] = {
  {"ABSVAL", "AbsVal"}, {"ACCURACY", "Accuracy"}, {"ARGMAX", "ArgMax"}, {"BNLL", "BNLL"},
  {"CONCAT", "Concat"}, {"CONTRASTIVE_LOSS", "ContrastiveLoss"},
  {"CONVOLUTION", "Convolution"}, {"DATA", "Data"}, {"DECONVOLUTION", "Deconvolution"},
  {"DROPOUT", "Dropout"}, {"DUMMY_DATA", "DummyData"}, {"EUCLIDEAN_LOSS", "EuclideanLoss"},
  {"ELTWISE", "Eltwise"}, {"EXP", "Exp"}, {"FLATTEN", "Flatten"}, {"HDF5_DATA", "HDF5Data"},
  {"HDF5_OUTPUT", "HDF5Output"}, {"HINGE_LOSS", "HingeLoss"}, {"IM2COL", "Im2col"},
  {"IMAGE_DATA", "ImageData"}, {"INFOGAIN_LOSS", "InfogainLoss"},
  {"INNER_PRODUCT", "InnerProduct"}, {"LRN", "LRN"}, {"MEMORY_DATA", "MemoryData"},
  {"MULTINOMIAL_LOGISTIC_LOSS", "MultinomialLogisticLoss"}, {"MVN", "MVN"},
  {"POOLING", "Pooling"}, {"POWER", "Power"}, {"RELU", "ReLU"}, {"SIGMOID", "Sigmoid"},
  {"SIGMOID_CROSS_ENTROPY_LOSS", "SigmoidCrossEntropyLoss"}, {"SILENCE", "Silence"},
  {"SOFTMAX", "Softmax"}, {"SOFTMAX_LOSS", "SoftmaxWithLoss"}, {"SPLIT", "Split"},
  {"SLICE", "Slice"}, {"TANH", "TanH"}, {"WINDOW_DATA", "WindowData"},
  {"THRESHOLD", "Threshold"},
};

/* ---- field helpers ------------------------------------------------------ */

#define OPT(n, t, d)      {n, PBT_##t, PB_OPTIONAL, NULL, NULL, d, NULL}
#define REQ(n, t)         {n, PBT_##t, PB_REQUIRED, NULL, NULL, NULL, NULL}
#define REP(n, t)         {n, PBT_##t, PB_REPEATED, NULL, NULL, NULL, NULL}
#define OPT_E(n, e, d)    {n, PBT_ENUM, PB_OPTIONAL, &e, NULL, d, NULL}
#define REP_E(n, e)       {n, PBT_ENUM, PB_REPEATED, &e, NULL, NULL, NULL}
#define OPT_M(n, m)       {n, PBT_MESSAGE, PB_OPTIONAL, NULL, &m, NULL, NULL}
#define REP_M(n, m)       {n, PBT_MESSAGE, PB_REPEATED, NULL, &m, NULL, NULL}
/* A field a fork adds to a BVLC message. */
#define FORK(fork, n, t, d)     {n, PBT_##t, PB_OPTIONAL, NULL, NULL, d, fork}
#define FORK_M(fork, n, m)      {n, PBT_MESSAGE, PB_OPTIONAL, NULL, &m, NULL, fork}

#define MESSAGE(id, label, fields) \
  static const pb_message_def id = {label, fields, N(fields), false, NULL};
#define FORK_MESSAGE(id, label, fields, fork) \
  static const pb_message_def id = {label, fields, N(fields), false, fork};

#define SEGNET "SegNet and ENet (caffe-segnet, caffe-enet)"
#define FRCNN "py-faster-rcnn"
#define SSD "SSD (weiliu89/caffe)"
#define DANN "domain adaptation (gradient reversal) as used by MENNDL"
#define CEIL_FORK "forks with PoolingParameter.ceil_mode (e.g. DenseNet-Caffe)"

/* Every message, declared first: the tables refer to each other. */
static const pb_message_def m_blob_shape, m_blob_proto, m_filler, m_net, m_net_state,
    m_net_state_rule, m_param_spec, m_layer, m_transform, m_loss, m_accuracy, m_argmax,
    m_clip, m_concat, m_batch_norm, m_bias, m_contrastive_loss, m_convolution, m_crop,
    m_data, m_dropout, m_dummy_data, m_eltwise, m_elu, m_embed, m_exp, m_flatten,
    m_hdf5_data, m_hdf5_output, m_hinge_loss, m_image_data, m_infogain_loss,
    m_inner_product, m_input, m_log, m_lrn, m_memory_data, m_mvn, m_parameter, m_pooling,
    m_power, m_python, m_recurrent, m_reduction, m_relu, m_reshape, m_scale, m_sigmoid,
    m_softmax, m_swish, m_tanh, m_tile, m_threshold, m_window_data, m_spp, m_prelu,
    m_slice, m_v1_layer, m_v0_layer, m_bn, m_upsample, m_dense_image_data, m_roi_pooling,
    m_permute, m_prior_box, m_detection_output, m_nms, m_save_output, m_normalize,
    m_gradient_scaler;

/* ---- basic messages ------------------------------------------------------- */

static const pb_field_def f_blob_shape[] = {REP("dim", INT64)};
MESSAGE(m_blob_shape, "BlobShape", f_blob_shape)

static const pb_field_def f_blob_proto[] = {
  OPT_M("shape", m_blob_shape), REP("data", FLOAT), REP("diff", FLOAT),
  REP("double_data", DOUBLE), REP("double_diff", DOUBLE), OPT("num", INT32, "0"),
  OPT("channels", INT32, "0"), OPT("height", INT32, "0"), OPT("width", INT32, "0"),
};
MESSAGE(m_blob_proto, "BlobProto", f_blob_proto)

static const pb_field_def f_filler[] = {
  OPT("type", STRING, "constant"), OPT("value", FLOAT, "0"), OPT("min", FLOAT, "0"),
  OPT("max", FLOAT, "1"), OPT("mean", FLOAT, "0"), OPT("std", FLOAT, "1"),
  OPT("sparse", INT32, "-1"), OPT_E("variance_norm", e_variance_norm, "FAN_IN"),
};
MESSAGE(m_filler, "FillerParameter", f_filler)

static const pb_field_def f_net[] = {
  OPT("name", STRING, NULL), REP("input", STRING), REP_M("input_shape", m_blob_shape),
  REP("input_dim", INT32), OPT("force_backward", BOOL, "false"), OPT_M("state", m_net_state),
  OPT("debug_info", BOOL, "false"), REP_M("layer", m_layer), REP_M("layers", m_v1_layer),
};
MESSAGE(m_net, "NetParameter", f_net)

static const pb_field_def f_net_state[] = {
  OPT_E("phase", e_phase, "TEST"), OPT("level", INT32, "0"), REP("stage", STRING),
};
MESSAGE(m_net_state, "NetState", f_net_state)

static const pb_field_def f_net_state_rule[] = {
  OPT_E("phase", e_phase, NULL), OPT("min_level", INT32, NULL), OPT("max_level", INT32, NULL),
  REP("stage", STRING), REP("not_stage", STRING),
};
MESSAGE(m_net_state_rule, "NetStateRule", f_net_state_rule)

static const pb_field_def f_param_spec[] = {
  OPT("name", STRING, NULL), OPT_E("share_mode", e_dim_check, NULL),
  OPT("lr_mult", FLOAT, "1.0"), OPT("decay_mult", FLOAT, "1.0"),
};
MESSAGE(m_param_spec, "ParamSpec", f_param_spec)

/* ---- LayerParameter ----------------------------------------------------- */

static const pb_field_def f_layer[] = {
  OPT("name", STRING, NULL), OPT("type", STRING, NULL), REP("bottom", STRING),
  REP("top", STRING), OPT_E("phase", e_phase, NULL), REP("loss_weight", FLOAT),
  REP_M("param", m_param_spec), REP_M("blobs", m_blob_proto), REP("propagate_down", BOOL),
  REP_M("include", m_net_state_rule), REP_M("exclude", m_net_state_rule),
  OPT_M("transform_param", m_transform), OPT_M("loss_param", m_loss),
  OPT_M("accuracy_param", m_accuracy), OPT_M("argmax_param", m_argmax),
  OPT_M("batch_norm_param", m_batch_norm), OPT_M("bias_param", m_bias),
  OPT_M("clip_param", m_clip), OPT_M("concat_param", m_concat),
  OPT_M("contrastive_loss_param", m_contrastive_loss),
  OPT_M("convolution_param", m_convolution), OPT_M("crop_param", m_crop),
  OPT_M("data_param", m_data), OPT_M("dropout_param", m_dropout),
  OPT_M("dummy_data_param", m_dummy_data), OPT_M("eltwise_param", m_eltwise),
  OPT_M("elu_param", m_elu), OPT_M("embed_param", m_embed), OPT_M("exp_param", m_exp),
  OPT_M("flatten_param", m_flatten), OPT_M("hdf5_data_param", m_hdf5_data),
  OPT_M("hdf5_output_param", m_hdf5_output), OPT_M("hinge_loss_param", m_hinge_loss),
  OPT_M("image_data_param", m_image_data), OPT_M("infogain_loss_param", m_infogain_loss),
  OPT_M("inner_product_param", m_inner_product), OPT_M("input_param", m_input),
  OPT_M("log_param", m_log), OPT_M("lrn_param", m_lrn),
  OPT_M("memory_data_param", m_memory_data), OPT_M("mvn_param", m_mvn),
  OPT_M("parameter_param", m_parameter), OPT_M("pooling_param", m_pooling),
  OPT_M("power_param", m_power), OPT_M("prelu_param", m_prelu),
  OPT_M("python_param", m_python), OPT_M("recurrent_param", m_recurrent),
  OPT_M("reduction_param", m_reduction), OPT_M("relu_param", m_relu),
  OPT_M("reshape_param", m_reshape), OPT_M("scale_param", m_scale),
  OPT_M("sigmoid_param", m_sigmoid), OPT_M("softmax_param", m_softmax),
  OPT_M("spp_param", m_spp), OPT_M("slice_param", m_slice), OPT_M("swish_param", m_swish),
  OPT_M("tanh_param", m_tanh), OPT_M("threshold_param", m_threshold),
  OPT_M("tile_param", m_tile), OPT_M("window_data_param", m_window_data),
  FORK_M(SEGNET, "bn_param", m_bn), FORK_M(SEGNET, "upsample_param", m_upsample),
  FORK_M(SEGNET, "dense_image_data_param", m_dense_image_data),
  FORK_M(FRCNN, "roi_pooling_param", m_roi_pooling),
  FORK_M(SSD, "permute_param", m_permute), FORK_M(SSD, "prior_box_param", m_prior_box),
  FORK_M(SSD, "detection_output_param", m_detection_output),
  FORK_M(SSD, "norm_param", m_normalize),
  FORK_M(DANN, "gradient_scaler_param", m_gradient_scaler),
};
MESSAGE(m_layer, "LayerParameter", f_layer)

/* ---- parameters of LayerParameter ---------------------------------------- */

static const pb_field_def f_transform[] = {
  OPT("scale", FLOAT, "1"), OPT("mirror", BOOL, "false"), OPT("crop_size", UINT32, "0"),
  OPT("mean_file", STRING, NULL), REP("mean_value", FLOAT),
  OPT("force_color", BOOL, "false"), OPT("force_gray", BOOL, "false"),
};
MESSAGE(m_transform, "TransformationParameter", f_transform)

static const pb_field_def f_loss[] = {
  OPT("ignore_label", INT32, NULL), OPT_E("normalization", e_normalization, "VALID"),
  OPT("normalize", BOOL, NULL),
};
MESSAGE(m_loss, "LossParameter", f_loss)

static const pb_field_def f_accuracy[] = {
  OPT("top_k", UINT32, "1"), OPT("axis", INT32, "1"), OPT("ignore_label", INT32, NULL),
};
MESSAGE(m_accuracy, "AccuracyParameter", f_accuracy)

static const pb_field_def f_argmax[] = {
  OPT("out_max_val", BOOL, "false"), OPT("top_k", UINT32, "1"), OPT("axis", INT32, NULL),
};
MESSAGE(m_argmax, "ArgMaxParameter", f_argmax)

static const pb_field_def f_clip[] = {REQ("min", FLOAT), REQ("max", FLOAT)};
MESSAGE(m_clip, "ClipParameter", f_clip)

static const pb_field_def f_concat[] = {
  OPT("axis", INT32, "1"), OPT("concat_dim", UINT32, "1"),
};
MESSAGE(m_concat, "ConcatParameter", f_concat)

static const pb_field_def f_batch_norm[] = {
  OPT("use_global_stats", BOOL, NULL), OPT("moving_average_fraction", FLOAT, ".999"),
  OPT("eps", FLOAT, "1e-5"),
};
MESSAGE(m_batch_norm, "BatchNormParameter", f_batch_norm)

static const pb_field_def f_bias[] = {
  OPT("axis", INT32, "1"), OPT("num_axes", INT32, "1"), OPT_M("filler", m_filler),
};
MESSAGE(m_bias, "BiasParameter", f_bias)

static const pb_field_def f_contrastive_loss[] = {
  OPT("margin", FLOAT, "1.0"), OPT("legacy_version", BOOL, "false"),
};
MESSAGE(m_contrastive_loss, "ContrastiveLossParameter", f_contrastive_loss)

static const pb_field_def f_convolution[] = {
  OPT("num_output", UINT32, NULL), OPT("bias_term", BOOL, "true"), REP("pad", UINT32),
  REP("kernel_size", UINT32), REP("stride", UINT32), REP("dilation", UINT32),
  OPT("pad_h", UINT32, "0"), OPT("pad_w", UINT32, "0"), OPT("kernel_h", UINT32, NULL),
  OPT("kernel_w", UINT32, NULL), OPT("stride_h", UINT32, NULL),
  OPT("stride_w", UINT32, NULL), OPT("group", UINT32, "1"),
  OPT_M("weight_filler", m_filler), OPT_M("bias_filler", m_filler),
  OPT_E("engine", e_engine, "DEFAULT"), OPT("axis", INT32, "1"),
  OPT("force_nd_im2col", BOOL, "false"),
};
MESSAGE(m_convolution, "ConvolutionParameter", f_convolution)

static const pb_field_def f_crop[] = {OPT("axis", INT32, "2"), REP("offset", UINT32)};
MESSAGE(m_crop, "CropParameter", f_crop)

static const pb_field_def f_data[] = {
  OPT("source", STRING, NULL), OPT("batch_size", UINT32, NULL),
  OPT("rand_skip", UINT32, "0"), OPT_E("backend", e_db, "LEVELDB"),
  OPT("scale", FLOAT, "1"), OPT("mean_file", STRING, NULL), OPT("crop_size", UINT32, "0"),
  OPT("mirror", BOOL, "false"), OPT("force_encoded_color", BOOL, "false"),
  OPT("prefetch", UINT32, "4"),
};
MESSAGE(m_data, "DataParameter", f_data)

static const pb_field_def f_dropout[] = {
  OPT("dropout_ratio", FLOAT, "0.5"),
  FORK(FRCNN, "scale_train", BOOL, "true"),
  FORK(SEGNET, "sample_weights_test", BOOL, "false"),
};
MESSAGE(m_dropout, "DropoutParameter", f_dropout)

static const pb_field_def f_dummy_data[] = {
  REP_M("data_filler", m_filler), REP_M("shape", m_blob_shape), REP("num", UINT32),
  REP("channels", UINT32), REP("height", UINT32), REP("width", UINT32),
};
MESSAGE(m_dummy_data, "DummyDataParameter", f_dummy_data)

static const pb_field_def f_eltwise[] = {
  OPT_E("operation", e_eltwise_op, "SUM"), REP("coeff", FLOAT),
  OPT("stable_prod_grad", BOOL, "true"),
};
MESSAGE(m_eltwise, "EltwiseParameter", f_eltwise)

static const pb_field_def f_elu[] = {OPT("alpha", FLOAT, "1")};
MESSAGE(m_elu, "ELUParameter", f_elu)

static const pb_field_def f_embed[] = {
  OPT("num_output", UINT32, NULL), OPT("input_dim", UINT32, NULL),
  OPT("bias_term", BOOL, "true"), OPT_M("weight_filler", m_filler),
  OPT_M("bias_filler", m_filler),
};
MESSAGE(m_embed, "EmbedParameter", f_embed)

static const pb_field_def f_exp[] = {
  OPT("base", FLOAT, "-1.0"), OPT("scale", FLOAT, "1.0"), OPT("shift", FLOAT, "0.0"),
};
MESSAGE(m_exp, "ExpParameter", f_exp)

static const pb_field_def f_flatten[] = {OPT("axis", INT32, "1"), OPT("end_axis", INT32, "-1")};
MESSAGE(m_flatten, "FlattenParameter", f_flatten)

static const pb_field_def f_hdf5_data[] = {
  OPT("source", STRING, NULL), OPT("batch_size", UINT32, NULL),
  OPT("shuffle", BOOL, "false"),
};
MESSAGE(m_hdf5_data, "HDF5DataParameter", f_hdf5_data)

static const pb_field_def f_hdf5_output[] = {OPT("file_name", STRING, NULL)};
MESSAGE(m_hdf5_output, "HDF5OutputParameter", f_hdf5_output)

static const pb_field_def f_hinge_loss[] = {OPT_E("norm", e_hinge_norm, "L1")};
MESSAGE(m_hinge_loss, "HingeLossParameter", f_hinge_loss)

static const pb_field_def f_image_data[] = {
  OPT("source", STRING, NULL), OPT("batch_size", UINT32, "1"),
  OPT("rand_skip", UINT32, "0"), OPT("shuffle", BOOL, "false"),
  OPT("new_height", UINT32, "0"), OPT("new_width", UINT32, "0"),
  OPT("is_color", BOOL, "true"), OPT("scale", FLOAT, "1"), OPT("mean_file", STRING, NULL),
  OPT("crop_size", UINT32, "0"), OPT("mirror", BOOL, "false"),
  OPT("root_folder", STRING, ""),
};
MESSAGE(m_image_data, "ImageDataParameter", f_image_data)

static const pb_field_def f_infogain_loss[] = {
  OPT("source", STRING, NULL), OPT("axis", INT32, "1"),
};
MESSAGE(m_infogain_loss, "InfogainLossParameter", f_infogain_loss)

static const pb_field_def f_inner_product[] = {
  OPT("num_output", UINT32, NULL), OPT("bias_term", BOOL, "true"),
  OPT_M("weight_filler", m_filler), OPT_M("bias_filler", m_filler),
  OPT("axis", INT32, "1"), OPT("transpose", BOOL, "false"),
};
MESSAGE(m_inner_product, "InnerProductParameter", f_inner_product)

static const pb_field_def f_input[] = {REP_M("shape", m_blob_shape)};
MESSAGE(m_input, "InputParameter", f_input)

static const pb_field_def f_log[] = {
  OPT("base", FLOAT, "-1.0"), OPT("scale", FLOAT, "1.0"), OPT("shift", FLOAT, "0.0"),
};
MESSAGE(m_log, "LogParameter", f_log)

static const pb_field_def f_lrn[] = {
  OPT("local_size", UINT32, "5"), OPT("alpha", FLOAT, "1."), OPT("beta", FLOAT, "0.75"),
  OPT_E("norm_region", e_norm_region, "ACROSS_CHANNELS"), OPT("k", FLOAT, "1."),
  OPT_E("engine", e_engine, "DEFAULT"),
};
MESSAGE(m_lrn, "LRNParameter", f_lrn)

static const pb_field_def f_memory_data[] = {
  OPT("batch_size", UINT32, NULL), OPT("channels", UINT32, NULL),
  OPT("height", UINT32, NULL), OPT("width", UINT32, NULL),
};
MESSAGE(m_memory_data, "MemoryDataParameter", f_memory_data)

static const pb_field_def f_mvn[] = {
  OPT("normalize_variance", BOOL, "true"), OPT("across_channels", BOOL, "false"),
  OPT("eps", FLOAT, "1e-9"),
};
MESSAGE(m_mvn, "MVNParameter", f_mvn)

static const pb_field_def f_parameter[] = {OPT_M("shape", m_blob_shape)};
MESSAGE(m_parameter, "ParameterParameter", f_parameter)

static const pb_field_def f_pooling[] = {
  OPT_E("pool", e_pool_method, "MAX"), OPT("pad", UINT32, "0"), OPT("pad_h", UINT32, "0"),
  OPT("pad_w", UINT32, "0"), OPT("kernel_size", UINT32, NULL),
  OPT("kernel_h", UINT32, NULL), OPT("kernel_w", UINT32, NULL), OPT("stride", UINT32, "1"),
  OPT("stride_h", UINT32, NULL), OPT("stride_w", UINT32, NULL),
  OPT_E("engine", e_engine, "DEFAULT"), OPT("global_pooling", BOOL, "false"),
  OPT_E("round_mode", e_round_mode, "CEIL"),
  FORK(CEIL_FORK, "ceil_mode", BOOL, "true"),
};
MESSAGE(m_pooling, "PoolingParameter", f_pooling)

static const pb_field_def f_power[] = {
  OPT("power", FLOAT, "1.0"), OPT("scale", FLOAT, "1.0"), OPT("shift", FLOAT, "0.0"),
};
MESSAGE(m_power, "PowerParameter", f_power)

static const pb_field_def f_python[] = {
  OPT("module", STRING, NULL), OPT("layer", STRING, NULL), OPT("param_str", STRING, ""),
  OPT("share_in_parallel", BOOL, "false"),
};
MESSAGE(m_python, "PythonParameter", f_python)

static const pb_field_def f_recurrent[] = {
  OPT("num_output", UINT32, "0"), OPT_M("weight_filler", m_filler),
  OPT_M("bias_filler", m_filler), OPT("debug_info", BOOL, "false"),
  OPT("expose_hidden", BOOL, "false"),
};
MESSAGE(m_recurrent, "RecurrentParameter", f_recurrent)

static const pb_field_def f_reduction[] = {
  OPT_E("operation", e_reduction_op, "SUM"), OPT("axis", INT32, "0"),
  OPT("coeff", FLOAT, "1.0"),
};
MESSAGE(m_reduction, "ReductionParameter", f_reduction)

static const pb_field_def f_relu[] = {
  OPT("negative_slope", FLOAT, "0"), OPT_E("engine", e_engine, "DEFAULT"),
};
MESSAGE(m_relu, "ReLUParameter", f_relu)

static const pb_field_def f_reshape[] = {
  OPT_M("shape", m_blob_shape), OPT("axis", INT32, "0"), OPT("num_axes", INT32, "-1"),
};
MESSAGE(m_reshape, "ReshapeParameter", f_reshape)

static const pb_field_def f_scale[] = {
  OPT("axis", INT32, "1"), OPT("num_axes", INT32, "1"), OPT_M("filler", m_filler),
  OPT("bias_term", BOOL, "false"), OPT_M("bias_filler", m_filler),
};
MESSAGE(m_scale, "ScaleParameter", f_scale)

static const pb_field_def f_sigmoid[] = {OPT_E("engine", e_engine, "DEFAULT")};
MESSAGE(m_sigmoid, "SigmoidParameter", f_sigmoid)

static const pb_field_def f_softmax[] = {
  OPT_E("engine", e_engine, "DEFAULT"), OPT("axis", INT32, "1"),
};
MESSAGE(m_softmax, "SoftmaxParameter", f_softmax)

static const pb_field_def f_swish[] = {OPT("beta", FLOAT, "1")};
MESSAGE(m_swish, "SwishParameter", f_swish)

static const pb_field_def f_tanh[] = {OPT_E("engine", e_engine, "DEFAULT")};
MESSAGE(m_tanh, "TanHParameter", f_tanh)

static const pb_field_def f_tile[] = {OPT("axis", INT32, "1"), OPT("tiles", INT32, NULL)};
MESSAGE(m_tile, "TileParameter", f_tile)

static const pb_field_def f_threshold[] = {OPT("threshold", FLOAT, "0")};
MESSAGE(m_threshold, "ThresholdParameter", f_threshold)

static const pb_field_def f_window_data[] = {
  OPT("source", STRING, NULL), OPT("scale", FLOAT, "1"), OPT("mean_file", STRING, NULL),
  OPT("batch_size", UINT32, NULL), OPT("crop_size", UINT32, "0"),
  OPT("mirror", BOOL, "false"), OPT("fg_threshold", FLOAT, "0.5"),
  OPT("bg_threshold", FLOAT, "0.5"), OPT("fg_fraction", FLOAT, "0.25"),
  OPT("context_pad", UINT32, "0"), OPT("crop_mode", STRING, "warp"),
  OPT("cache_images", BOOL, "false"), OPT("root_folder", STRING, ""),
};
MESSAGE(m_window_data, "WindowDataParameter", f_window_data)

static const pb_field_def f_spp[] = {
  OPT("pyramid_height", UINT32, NULL), OPT_E("pool", e_pool_method, "MAX"),
  OPT_E("engine", e_engine, "DEFAULT"),
};
MESSAGE(m_spp, "SPPParameter", f_spp)

static const pb_field_def f_prelu[] = {
  OPT_M("filler", m_filler), OPT("channel_shared", BOOL, "false"),
};
MESSAGE(m_prelu, "PReLUParameter", f_prelu)

static const pb_field_def f_slice[] = {
  OPT("axis", INT32, "1"), REP("slice_point", UINT32), OPT("slice_dim", UINT32, "1"),
};
MESSAGE(m_slice, "SliceParameter", f_slice)

/* ---- legacy layers -------------------------------------------------------- */

static const pb_field_def f_v1_layer[] = {
  REP("bottom", STRING), REP("top", STRING), OPT("name", STRING, NULL),
  REP_M("include", m_net_state_rule), REP_M("exclude", m_net_state_rule),
  OPT_E("type", e_v1_type, NULL), REP_M("blobs", m_blob_proto), REP("param", STRING),
  REP_E("blob_share_mode", e_dim_check), REP("blobs_lr", FLOAT),
  REP("weight_decay", FLOAT), REP("loss_weight", FLOAT),
  OPT_M("accuracy_param", m_accuracy), OPT_M("argmax_param", m_argmax),
  OPT_M("concat_param", m_concat), OPT_M("contrastive_loss_param", m_contrastive_loss),
  OPT_M("convolution_param", m_convolution), OPT_M("data_param", m_data),
  OPT_M("dropout_param", m_dropout), OPT_M("dummy_data_param", m_dummy_data),
  OPT_M("eltwise_param", m_eltwise), OPT_M("exp_param", m_exp),
  OPT_M("hdf5_data_param", m_hdf5_data), OPT_M("hdf5_output_param", m_hdf5_output),
  OPT_M("hinge_loss_param", m_hinge_loss), OPT_M("image_data_param", m_image_data),
  OPT_M("infogain_loss_param", m_infogain_loss),
  OPT_M("inner_product_param", m_inner_product), OPT_M("lrn_param", m_lrn),
  OPT_M("memory_data_param", m_memory_data), OPT_M("mvn_param", m_mvn),
  OPT_M("pooling_param", m_pooling), OPT_M("power_param", m_power),
  OPT_M("relu_param", m_relu), OPT_M("sigmoid_param", m_sigmoid),
  OPT_M("softmax_param", m_softmax), OPT_M("slice_param", m_slice),
  OPT_M("tanh_param", m_tanh), OPT_M("threshold_param", m_threshold),
  OPT_M("window_data_param", m_window_data), OPT_M("transform_param", m_transform),
  OPT_M("loss_param", m_loss), OPT_M("layer", m_v0_layer),
};
MESSAGE(m_v1_layer, "V1LayerParameter", f_v1_layer)

/* The oldest format, nested in V1 layers; archc reports it instead of
 * reading it, so its contents go unchecked. */
static const pb_message_def m_v0_layer = {"V0LayerParameter", NULL, 0, true, NULL};

/* ---- messages of forks ---------------------------------------------------- */

static const pb_field_def f_bn[] = {
  OPT_E("bn_mode", e_bn_mode, "LEARN"), OPT_M("scale_filler", m_filler),
  OPT_M("shift_filler", m_filler),
};
FORK_MESSAGE(m_bn, "BNParameter", f_bn, SEGNET)

static const pb_field_def f_upsample[] = {
  OPT("scale", UINT32, "2"), OPT("scale_h", UINT32, NULL), OPT("scale_w", UINT32, NULL),
  OPT("pad_out_h", BOOL, "false"), OPT("pad_out_w", BOOL, "false"),
  OPT("upsample_h", UINT32, NULL), OPT("upsample_w", UINT32, NULL),
};
FORK_MESSAGE(m_upsample, "UpsampleParameter", f_upsample, SEGNET)

static const pb_field_def f_dense_image_data[] = {
  OPT("source", STRING, NULL), OPT("batch_size", UINT32, NULL),
  OPT("rand_skip", UINT32, "0"), OPT("shuffle", BOOL, "false"),
  OPT("new_height", UINT32, "0"), OPT("new_width", UINT32, "0"),
  OPT("is_color", BOOL, "true"), OPT("mean_file", STRING, NULL),
  OPT("root_folder", STRING, ""), OPT("mirror", BOOL, "false"),
  OPT("crop_width", UINT32, "0"), OPT("crop_height", UINT32, "0"),
};
FORK_MESSAGE(m_dense_image_data, "DenseImageDataParameter", f_dense_image_data, SEGNET)

static const pb_field_def f_roi_pooling[] = {
  OPT("pooled_h", UINT32, "0"), OPT("pooled_w", UINT32, "0"),
  OPT("spatial_scale", FLOAT, "1"),
};
FORK_MESSAGE(m_roi_pooling, "ROIPoolingParameter", f_roi_pooling, FRCNN)

static const pb_field_def f_permute[] = {REP("order", UINT32)};
FORK_MESSAGE(m_permute, "PermuteParameter", f_permute, SSD)

static const pb_field_def f_prior_box[] = {
  REP("min_size", FLOAT), REP("max_size", FLOAT), REP("aspect_ratio", FLOAT),
  OPT("flip", BOOL, "true"), OPT("clip", BOOL, "false"), REP("variance", FLOAT),
  OPT("img_size", UINT32, NULL), OPT("img_h", UINT32, NULL), OPT("img_w", UINT32, NULL),
  OPT("step", FLOAT, NULL), OPT("step_h", FLOAT, NULL), OPT("step_w", FLOAT, NULL),
  OPT("offset", FLOAT, "0.5"),
};
FORK_MESSAGE(m_prior_box, "PriorBoxParameter", f_prior_box, SSD)

static const pb_field_def f_detection_output[] = {
  OPT("num_classes", UINT32, NULL), OPT("share_location", BOOL, "true"),
  OPT("background_label_id", INT32, "0"), OPT_M("nms_param", m_nms),
  OPT_M("save_output_param", m_save_output), OPT_E("code_type", e_code_type, "CORNER"),
  OPT("variance_encoded_in_target", BOOL, "false"), OPT("keep_top_k", INT32, "-1"),
  OPT("confidence_threshold", FLOAT, NULL), OPT("visualize", BOOL, "false"),
  OPT("visualize_threshold", FLOAT, NULL), OPT("save_file", STRING, NULL),
};
FORK_MESSAGE(m_detection_output, "DetectionOutputParameter", f_detection_output, SSD)

static const pb_field_def f_nms[] = {
  OPT("nms_threshold", FLOAT, "0.3"), OPT("top_k", INT32, NULL), OPT("eta", FLOAT, "1.0"),
};
FORK_MESSAGE(m_nms, "NonMaximumSuppressionParameter", f_nms, SSD)

/* Where SSD writes its detections: not part of the network's shape. */
static const pb_message_def m_save_output = {"SaveOutputParameter", NULL, 0, true, SSD};

static const pb_field_def f_normalize[] = {
  OPT("across_spatial", BOOL, "true"), OPT_M("scale_filler", m_filler),
  OPT("channel_shared", BOOL, "true"), OPT("eps", FLOAT, "1e-10"),
};
FORK_MESSAGE(m_normalize, "NormalizeParameter", f_normalize, SSD)

static const pb_field_def f_gradient_scaler[] = {
  OPT("lower_bound", FLOAT, "0"), OPT("upper_bound", FLOAT, "1"),
  OPT("alpha", FLOAT, "10"), OPT("max_iter", FLOAT, "1"),
};
FORK_MESSAGE(m_gradient_scaler, "GradientScalerParameter", f_gradient_scaler, DANN)

/* ---- lookups ------------------------------------------------------------ */

static const pb_message_def *const all[] = {
  &m_net, &m_net_state, &m_net_state_rule, &m_param_spec, &m_layer, &m_v1_layer,
  &m_v0_layer, &m_blob_shape, &m_blob_proto, &m_filler, &m_transform, &m_loss,
  &m_accuracy, &m_argmax, &m_clip, &m_concat, &m_batch_norm, &m_bias, &m_contrastive_loss,
  &m_convolution, &m_crop, &m_data, &m_dropout, &m_dummy_data, &m_eltwise, &m_elu,
  &m_embed, &m_exp, &m_flatten, &m_hdf5_data, &m_hdf5_output, &m_hinge_loss,
  &m_image_data, &m_infogain_loss, &m_inner_product, &m_input, &m_log, &m_lrn,
  &m_memory_data, &m_mvn, &m_parameter, &m_pooling, &m_power, &m_python, &m_recurrent,
  &m_reduction, &m_relu, &m_reshape, &m_scale, &m_sigmoid, &m_softmax, &m_swish, &m_tanh,
  &m_tile, &m_threshold, &m_window_data, &m_spp, &m_prelu, &m_slice, &m_bn, &m_upsample,
  &m_dense_image_data, &m_roi_pooling, &m_permute, &m_prior_box, &m_detection_output,
  &m_nms, &m_save_output, &m_normalize, &m_gradient_scaler,
};

const pb_message_def *caffe_net_def(void) { return &m_net; }

const pb_message_def *caffe_message_def(const char *name) {
  for (uint32_t i = 0; i < N(all); i++)
    if (strcmp(all[i]->name, name) == 0) return all[i];
  return NULL;
}

const pb_message_def *const *caffe_all_messages(uint32_t *n) {
  *n = N(all);
  return all;
}

const pb_field_def *pb_field_def_find(const pb_message_def *m, const char *name) {
  for (uint32_t i = 0; i < m->nfields; i++)
    if (m->fields[i].name[0] == name[0] && strcmp(m->fields[i].name, name) == 0)
      return &m->fields[i];
  return NULL;
}

const pb_enum_value *pb_enum_by_name(const pb_enum_def *e, const char *name) {
  for (uint32_t i = 0; i < e->nvalues; i++)
    if (strcmp(e->values[i].name, name) == 0) return &e->values[i];
  return NULL;
}

const pb_enum_value *pb_enum_by_number(const pb_enum_def *e, int64_t number) {
  for (uint32_t i = 0; i < e->nvalues; i++)
    if (e->values[i].number == number) return &e->values[i];
  return NULL;
}

const char *pb_type_desc(pb_type t) {
  switch (t) {
  case PBT_INT32: return "a 32-bit integer";
  case PBT_INT64: return "a 64-bit integer";
  case PBT_UINT32: return "an unsigned 32-bit integer";
  case PBT_UINT64: return "an unsigned 64-bit integer";
  case PBT_FLOAT: case PBT_DOUBLE: return "a number";
  case PBT_BOOL: return "true or false";
  case PBT_STRING: case PBT_BYTES: return "a string";
  case PBT_ENUM: return "an enum value";
  case PBT_MESSAGE: return "a message";
  }
  return "a value";
}

const char *caffe_v1_type_name(const char *enum_name) {
  for (uint32_t i = 0; i < N(v1_types); i++)
    if (strcmp(v1_types[i].v1, enum_name) == 0) return v1_types[i].v2;
  return NULL;
}

#include "attr/columns.h"

const char *const attr_column_names[ATTR_NCOLS] = {
  "net_depth_min", "net_depth_max", "net_depth_avg", "num_conv_layers",
  "num_inception_modules", "num_pooling_layers", "num_IP_layers", "min_IP_neurons",
  "max_IP_neurons", "avg_IP_neurons", "min_IP_weights", "max_IP_weights", "avg_IP_weights",
  "num_splits", "min_split_width", "max_split_width", "avg_split_width", "num_concats",
  "min_concat_width", "max_concat_width", "avg_concat_width", "min_conv_ker_area",
  "max_conv_ker_area", "avg_conv_ker_area", "num_conv_features", "num_conv_features",
  "avg_num_conv_features", "prop_conv_into_pool", "prop_pool_into_pool", "prop_padded_conv",
  "prop_same_padded_conv", "prop_1x1_conv", "prop_square_kernels", "prop_horiz_kernels",
  "prop_vert_kernels", "num_relu", "num_sigmoid", "num_tanh", "num_max_pool", "num_avg_pool",
  "num_stochastic_pool", "min_grid_reduction_area_consecutive",
  "max_grid_reduction_area_consecutive", "avg_grid_reduction_area_consecutive",
  "min_grid_reduction_height_consecutive", "max_grid_reduction_height_consecutive",
  "avg_grid_reduction_height_consecutive", "min_grid_reduction_width_consecutive",
  "max_grid_reduction_width_consecutive", "avg_grid_reduction_width_consecutive",
  "min_grid_reduction_area_total", "max_grid_reduction_area_total",
  "avg_grid_reduction_area_total", "min_grid_reduction_height_total",
  "max_grid_reduction_height_total", "avg_grid_reduction_height_total",
  "min_grid_reduction_width_total", "max_grid_reduction_width_total",
  "avg_grid_reduction_width_total", "prop_nonoverlapping", "min_stride_h", "max_stride_h",
  "avg_stride_h", "min_stride_w", "max_stride_w", "avg_stride_w",
  "min_ratio_features_to_depth", "max_ratio_features_to_depth", "avg_ratio_features_to_depth",
  "min_ratio_features_to_kerArea", "max_ratio_features_to_kerArea",
  "avg_ratio_features_to_kerArea", "min_ratio_features_to_kerWidth",
  "max_ratio_features_to_kerWidth", "avg_ratio_features_to_kerWidth",
  "min_ratio_features_to_kerHeight", "max_ratio_features_to_kerHeight",
  "avg_ratio_features_to_kerHeight", "min_ratio_kerArea_to_depth",
  "max_ratio_kerArea_to_depth", "avg_ratio_kerArea_to_depth", "min_ratio_kerWidth_to_depth",
  "max_ratio_kerWidth_to_depth", "avg_ratio_kerWidth_to_depth", "min_ratio_kerHeight_to_depth",
  "max_ratio_kerHeight_to_depth", "avg_ratio_kerHeight_to_depth",
};

/* The spec's column numbers minus 4. */
const int attr_paper32[ATTR_NPAPER32] = {
  2, 3, 5, 9, 12, 16, 20, 26, 27, 28, 31, 32, 33, 34, 35, 36,
  43, 46, 49, 52, 55, 58, 59, 62, 65, 68, 71, 74, 77, 80, 83, 86,
};

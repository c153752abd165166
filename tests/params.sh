#!/bin/sh
# Learnable parameter counts (weights and biases; BatchNorm statistics
# apart) of the example networks, from `archc --layers --format=csv`,
# against the figures published for the models they reproduce. Each figure
# names its source. Exits 1 on any mismatch, 77 (skip) when archc cannot be
# run or examples/ is missing.
#
# Environment: ARCHC, the program (default ./archc); srcdir, the top of the
# source tree holding examples/ (default .).
set -u

archc=${ARCHC:-./archc}
top=${srcdir:-.}
exdir=$top/examples

if [ ! -x "$archc" ] || [ -d "$archc" ]; then
  echo "params: $archc is not an executable program; skipped"
  exit 77
fi
if [ ! -d "$exdir" ]; then
  echo "params: no $exdir; skipped"
  exit 77
fi

status=0
checked=0

# The "(total)" row of the CSV table: field 4 is params.
total_params() {
  "$archc" --layers --format=csv "$1" </dev/null 2>&1 | awk -F, '$1 == "(total)" { print $4 }'
}

# The batchnorm statistics of the report's "params:" line.
bn_stats() {
  "$archc" --report "$1" </dev/null 2>/dev/null |
    sed -n 's/^  params: *[0-9]* learnable, \([0-9]*\) batchnorm statistics$/\1/p'
}

# expect NAME PARAMS [BN]: the example NAME has PARAMS learnable parameters
# (and BN batchnorm statistics).
expect() {
  file=$exdir/$1.arch
  if [ ! -r "$file" ]; then
    echo "FAIL: $1: examples/$1.arch is missing"
    status=1
    return
  fi
  checked=$((checked + 1))
  got=$(total_params "$file")
  if [ "$got" != "$2" ]; then
    echo "FAIL: $1: expected $2 parameters, got '$got'"
    status=1
  fi
  if [ $# -ge 3 ]; then
    got=$(bn_stats "$file")
    if [ "$got" != "$3" ]; then
      echo "FAIL: $1: expected $3 batchnorm statistics, got '$got'"
      status=1
    fi
  fi
}

# LeNet of Caffe's MNIST example (BVLC/caffe examples/mnist/lenet.prototxt):
# conv1 520 + conv2 25,050 + ip1 400,500 + ip2 5,010, the sizes of the
# weight and bias blobs that prototxt defines.
expect lenet 431080

# AlexNet as Caffe's bvlc_alexnet (grouped conv2, conv4, conv5): 60,965,224,
# the blobs of models/bvlc_alexnet/bvlc_alexnet.caffemodel. (The ungrouped
# torchvision alexnet has 61,100,840.)
expect alexnet 60965224

# VGG-16 (Simonyan and Zisserman 2014, configuration D, "138M" in Table 2):
# 138,357,544 exactly in torchvision's vgg16 and Keras' VGG16.
expect vgg16 138357544

# GoogLeNet without the auxiliary classifiers: 6,998,552, the weight and
# bias blobs of BVLC/caffe models/bvlc_googlenet/deploy.prototxt (57
# convolutions and loss3/classifier).
expect googlenet 6998552

# SqueezeNet 1.0: 1,248,424, the total of Table 1 in Iandola et al. 2016.
expect squeezenet 1248424

# MobileNet v1 (width 1.0, 224x224): 4,231,976, the trainable parameters of
# Keras' MobileNet (convolutions without bias, batchnorm gamma and beta,
# which are Caffe's Scale with bias, and the 1x1 convolution classifier with
# bias). Its 21,888 non-trainable moving means and variances are Caffe's
# BatchNorm statistics, which also keep one moving-average factor per layer:
# 21,888 + 27 = 21,915.
expect mobilenet 4231976 21915

# ResNet-18: 11,689,512, torchvision's resnet18 (no conv biases; batchnorm
# gamma and beta as Scale with bias), whose layout the example follows.
expect resnet18 11689512 9620

# ResNet-50: torchvision's resnet50 has 25,557,032 (no conv biases). The
# example follows KaimingHe/deep-residual-networks ResNet-50-deploy.prototxt,
# where conv1 keeps Caffe's default bias_term: true, so the Caffe model has
# 64 more: 25,557,096. Its 53 BatchNorm layers hold 2 x 26,560 + 53
# statistics.
expect resnet50 25557096 53173

# ResNet-50 without conv1's bias is torchvision's count exactly.
if [ -r "$exdir/resnet50.arch" ]; then
  checked=$((checked + 1))
  got=$(sed 's/conv(data, 64, 7, stride: 2, pad: 3)/conv(data, 64, 7, stride: 2, pad: 3, bias: false)/' \
    "$exdir/resnet50.arch" | "$archc" --layers --format=csv - 2>&1 |
    awk -F, '$1 == "(total)" { print $4 }')
  if [ "$got" != 25557032 ]; then
    echo "FAIL: resnet50 without conv1's bias: expected 25557032 parameters, got '$got'"
    status=1
  fi
fi

# CIFAR-10 quick (BVLC/caffe examples/cifar10/cifar10_quick.prototxt):
# conv1 2,432 + conv2 25,632 + conv3 51,264 + ip1 65,600 + ip2 650.
expect cifar10_quick 145578

if [ "$status" -eq 0 ]; then
  echo "params: $checked parameter counts checked, all good"
fi
exit "$status"

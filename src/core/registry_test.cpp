#include "bprop/registry.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "bprop/errors.h"
#include "bprop/optimizers/sgd.h"

namespace bprop {
namespace {

// layer_shape() answers without building; it must answer what make_layer builds, for every row
// of the table (a new row without a spec here fails the coverage check below).
TEST(Registry, LayerShapeIsWhatMakeLayerBuilds) {
  std::set<std::string> covered;
  for (const char* spec : {"dense:5", "7", "sigmoid", "tanh", "relu", "leaky_relu:0.3", "identity",
                           "gelu", "dropout:0.2"}) {
    const auto layer = make_layer<float>(spec, 3);
    const LayerShape shape = layer_shape(spec, 3);
    EXPECT_EQ(shape.output_width, layer->output_width(3)) << spec;
    const auto params = layer->parameters();
    ASSERT_EQ(shape.parameters.size(), params.size()) << spec;
    for (std::size_t i = 0; i < params.size(); ++i) {
      EXPECT_EQ(shape.parameters[i][0], params[i].value.rows()) << spec;
      EXPECT_EQ(shape.parameters[i][1], params[i].value.cols()) << spec;
    }
    const std::string name(spec);
    covered.insert(name.substr(0, name.find(':')));
  }
  for (const auto& name : layer_names()) EXPECT_TRUE(covered.count(name)) << name;
}

TEST(Registry, LayerShapeRefusesWhatMakeLayerRefusesWithoutAllocating) {
  // 2^30 inputs: building dense:4 there would allocate 16 GiB; the shape is only counted.
  EXPECT_EQ(layer_shape("dense:4", 1 << 30).parameters[0][1], 1 << 30);
  for (const char* bad : {"4:x", "dense:0", "dense:-4", "dense", "bogus", "tanh:1",
                          "leaky_relu:nan", "dropout:1.5"}) {
    EXPECT_THROW(layer_shape(bad, 3), ConfigError) << bad;
    EXPECT_THROW(make_layer<float>(bad, 3), ConfigError) << bad;
  }
  try {
    layer_shape("dense:4294967296", 3);
    FAIL() << "a width beyond int was accepted";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("out of range (largest: 2147483647)"), std::string::npos)
        << e.what();
  }
}

TEST(Registry, SplitsLayerListsAndRefusesEmptyEntries) {
  const std::vector<std::string_view> specs = split_layer_list(" 4, tanh ,1");
  EXPECT_EQ(specs, (std::vector<std::string_view>{"4", "tanh", "1"}));
  EXPECT_THROW(split_layer_list("4,,1"), ConfigError);
  EXPECT_THROW(split_layer_list(""), ConfigError);
}

// The fast paths (SmallNet, the fused Dense -> activation passes, the Predictor, the exporters)
// know layers, losses and optimizers only by what they declare, so every registry row declares
// what it computes, and a layer kind they cannot run declares nothing.
TEST(Registry, EveryRowDeclaresWhatTheFastPathsNeed) {
  const std::map<std::string, LayerOp> layer_ops{{"dense:3", LayerOp::kDense},
                                                 {"relu", LayerOp::kRelu},
                                                 {"sigmoid", LayerOp::kSigmoid},
                                                 {"tanh", LayerOp::kTanh},
                                                 {"leaky_relu:0.25", LayerOp::kLeakyRelu},
                                                 {"identity", LayerOp::kIdentity},
                                                 {"gelu", LayerOp::kGelu},
                                                 {"dropout:0.5", LayerOp::kOther}};
  EXPECT_EQ(layer_ops.size(), layer_names().size());
  for (const auto& [spec, op] : layer_ops) {
    EXPECT_EQ(make_layer<float>(spec, 2)->form().op, op) << spec;
  }
  EXPECT_EQ(make_layer<float>("leaky_relu:0.25", 2)->form().slope, 0.25);

  const std::map<std::string, LossOp> loss_ops{
      {"mse", LossOp::kMse}, {"bce", LossOp::kBce}, {"softmax-ce", LossOp::kSoftmaxCrossEntropy}};
  EXPECT_EQ(loss_ops.size(), loss_names().size());
  for (const auto& [name, op] : loss_ops) EXPECT_EQ(make_loss<float>(name)->op(), op) << name;

  const auto sgd = make_optimizer<float>(
      {.name = "sgd", .momentum = 0.5, .nesterov = true, .weight_decay = 0.125});
  ASSERT_NE(sgd->sgd_options(), nullptr);
  EXPECT_EQ(sgd->sgd_options()->momentum, 0.5);
  EXPECT_TRUE(sgd->sgd_options()->nesterov);
  EXPECT_EQ(sgd->sgd_options()->weight_decay, 0.125);
  EXPECT_EQ(make_optimizer<float>({.name = "adam"})->sgd_options(), nullptr);
}

}  // namespace
}  // namespace bprop

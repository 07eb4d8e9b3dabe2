// stage_layout: which layers of a float network form each int8 stage; shared by the quantizer and
// the model file's check that a stored quantization fits its network.
#include <string>

#include "bprop/errors.h"
#include "bprop/int8/quantize.h"

namespace bprop::int8 {

namespace {

std::string named(const Network& net, std::size_t i) {
  return "layer " + std::to_string(i) + " (" + net.layer(i).spec() + ")";
}

bool skipped(std::string_view type) { return type == "identity" || type == "dropout"; }

std::optional<StageOutput> activation_output(std::string_view type) {
  if (type == "relu") return StageOutput::kRelu;
  if (type == "sigmoid" || type == "tanh" || type == "gelu" || type == "leaky_relu") {
    return StageOutput::kTable;
  }
  return std::nullopt;
}

}  // namespace

std::vector<StageLayout> stage_layout(const Network& net) {
  std::vector<StageLayout> stages;
  int width = net.input_width();
  for (std::size_t i = 0; i < net.size(); ++i) {
    const std::string_view type = net.layer(i).type();
    const int out = net.layer(i).output_width(width);
    if (type == "dense") {
      if (width > kMaxStageInput) {
        throw ConfigError("int8: " + named(net, i) + " takes " + std::to_string(width) +
                          " inputs; an int8 stage takes at most " + std::to_string(kMaxStageInput) +
                          " (its int32 sums could overflow)");
      }
      stages.push_back({static_cast<int>(i), width, out, StageOutput::kInt8, -1});
    } else if (!skipped(type)) {
      const std::optional<StageOutput> kind = activation_output(type);
      if (!kind) {
        throw ConfigError("int8: " + named(net, i) +
                          " has no int8 form (supported: dense, relu, leaky_relu, sigmoid, tanh, "
                          "gelu, identity, dropout)");
      }
      if (stages.empty() || stages.back().activation >= 0) {
        throw ConfigError("int8: " + named(net, i) +
                          " does not follow a dense layer; an int8 network runs each activation "
                          "right after its dense layer");
      }
      stages.back().kind = *kind;
      stages.back().activation = static_cast<int>(i);
    }
    width = out;
  }
  if (stages.empty()) throw ConfigError("int8: the network has no dense layer");
  if (stages.back().activation >= 0) {
    throw ConfigError("int8: " + named(net, static_cast<std::size_t>(stages.back().activation)) +
                      " follows the last dense layer; an int8 network ends with a dense layer "
                      "(the loss's softmax or sigmoid runs in float on its outputs)");
  }
  stages.back().kind = StageOutput::kFloat;
  return stages;
}

QuantParams Quantization::stage_input(std::size_t k) const {
  if (k == 0) return input;
  const DenseStage& previous = stages.at(k - 1);
  return previous.output_kind == StageOutput::kTable ? previous.table_output : previous.output;
}

}  // namespace bprop::int8

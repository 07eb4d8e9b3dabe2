// ExportPlan -> ONNX graph: one emitter per step kind, then the model around the graph.
#include <array>
#include <numbers>

#include "bprop/errors.h"
#include "bprop/export/onnx.h"
#include "bprop/io/atomic_file.h"
#include "export/export_plan.h"
#include "export/onnx_proto.h"

namespace bprop {

using exporting::ActivationKind;
using exporting::ExportPlan;
using onnx::Attribute;

namespace {

using Names = std::vector<std::string>;

Attribute int_attribute(std::string name, int64_t value) {
  return {.name = std::move(name), .kind = Attribute::kInt, .i = value, .f = 0.0f, .ints = {}};
}

// Nodes and initializers in the order they are added (which is topological, as ONNX requires).
struct GraphBuilder {
  std::vector<protobuf::Message> nodes;
  std::vector<protobuf::Message> initializers;
  bool float64 = false;  // OnnxExportOptions::float64: the network's nodes compute in double

  std::string add(std::string_view op, const Names& inputs, const std::string& output,
                  const std::vector<Attribute>& attributes = {}) {
    nodes.push_back(onnx::node(op, inputs, Names{output}, output, attributes));
    return output;
  }
  std::string constant(const std::string& name, std::vector<int64_t> dims,
                       std::span<const float> values) {
    initializers.push_back(onnx::float_tensor(name, dims, values));
    return name;
  }
  std::string scalar(const std::string& name, float value) {
    return constant(name, {1}, std::span(&value, 1));
  }
  std::string cast(const std::string& x, onnx::ElementType to, const std::string& output) {
    return add("Cast", {x}, output, {int_attribute("to", to)});
  }
  // A float initializer in the network's type: itself, or cast to double once (the file keeps
  // the float values; ONNX Runtime folds the cast when it loads the model).
  std::string network_constant(const std::string& name, std::vector<int64_t> dims,
                               std::span<const float> values) {
    const std::string c = constant(name, std::move(dims), values);
    return float64 ? cast(c, onnx::kDouble, name + ".f64") : c;
  }
};

// x' = fill where x is NaN, else x: IsNaN and Where.
std::string emit_impute(GraphBuilder& g, const exporting::ImputeStep& s, const std::string& x) {
  const int64_t width = static_cast<int64_t>(s.fill.size());
  const std::string missing = g.add("IsNaN", {x}, "impute.is_missing");
  return g.add("Where", {missing, g.constant("impute.fill", {width}, s.fill), x}, "imputed");
}

// x' = (x - offset) * scale, two element-wise nodes that round as Preprocessor::apply does.
std::string emit_scaling(GraphBuilder& g, const exporting::ScalingStep& s, const std::string& x) {
  const int64_t width = static_cast<int64_t>(s.offset.size());
  const std::string centered =
      g.add("Sub", {x, g.constant("preprocess.offset", {width}, s.offset)}, "preprocess.centered");
  return g.add("Mul", {centered, g.constant("preprocess.scale", {width}, s.scale)}, "features");
}

std::string emit_dense(GraphBuilder& g, const exporting::DenseStep& d, const std::string& prefix,
                       const std::string& x) {
  const std::string w = g.network_constant(prefix + ".weight", {d.out, d.in}, d.weight);
  const std::string b = g.network_constant(prefix + ".bias", {d.out}, d.bias);
  return g.add("Gemm", {x, w, b}, prefix + ".output", {int_attribute("transB", 1)});
}

// GELU before opset 20: x/2 · (1 + erf(x · 1/√2)) in the order GELU::apply rounds it:
// (0.5 · x) · (1 + erf(x · float(√2/2))).
std::string emit_gelu(GraphBuilder& g, const std::string& prefix, const std::string& x, int opset) {
  if (opset >= 20) return g.add("Gelu", {x}, prefix + ".output");
  const std::string scaled = g.add(
      "Mul", {x, g.scalar(prefix + ".inv_sqrt2", static_cast<float>(std::numbers::sqrt2 / 2))},
      prefix + ".scaled");
  const std::string erf = g.add("Erf", {scaled}, prefix + ".erf");
  const std::string one_plus =
      g.add("Add", {erf, g.scalar(prefix + ".one", 1.0f)}, prefix + ".cdf2");
  const std::string half_x =
      g.add("Mul", {g.scalar(prefix + ".half", 0.5f), x}, prefix + ".half_x");
  return g.add("Mul", {half_x, one_plus}, prefix + ".output");
}

// x > 0 ? x : slope · x, as LeakyReLU::apply computes it, from double nodes (ONNX Runtime's
// LeakyRelu has no double kernel at every opset).
std::string emit_leaky_relu_float64(GraphBuilder& g, float slope, const std::string& prefix,
                                    const std::string& x) {
  const std::string positive =
      g.add("Greater", {x, g.network_constant(prefix + ".zero", {1}, std::array{0.0f})},
            prefix + ".positive");
  const std::string scaled =
      g.add("Mul", {x, g.network_constant(prefix + ".slope", {1}, std::array{slope})},
            prefix + ".scaled");
  return g.add("Where", {positive, x, scaled}, prefix + ".output");
}

std::string emit_activation(GraphBuilder& g, const exporting::ActivationStep& a,
                            const std::string& prefix, const std::string& x, int opset) {
  switch (a.kind) {
    case ActivationKind::kRelu:
      return g.add("Relu", {x}, prefix + ".output");
    case ActivationKind::kSigmoid:
      return g.add("Sigmoid", {x}, prefix + ".output");
    case ActivationKind::kTanh:
      return g.add("Tanh", {x}, prefix + ".output");
    case ActivationKind::kLeakyRelu:
      if (g.float64) return emit_leaky_relu_float64(g, a.slope, prefix, x);
      return g.add(
          "LeakyRelu", {x}, prefix + ".output",
          {Attribute{
              .name = "alpha", .kind = Attribute::kFloat, .i = 0, .f = a.slope, .ints = {}}});
    case ActivationKind::kGelu:
      if (!g.float64) return emit_gelu(g, prefix, x, opset);
      // ONNX Runtime has no double Erf: a float64 graph's GELU rounds through float.
      return g.cast(emit_gelu(g, prefix, g.cast(x, onnx::kFloat, prefix + ".input.f32"), opset),
                    onnx::kDouble, prefix + ".output.f64");
  }
  throw std::logic_error("export: unknown activation kind");
}

// op(x) as the float output `name`; a float64 graph computes it in double and casts the result.
std::string float_result(GraphBuilder& g, std::string_view op, const std::string& x,
                         const std::string& name, const std::vector<Attribute>& attributes = {}) {
  if (!g.float64) return g.add(op, {x}, name, attributes);
  if (op == "Identity") return g.cast(x, onnx::kFloat, name);
  return g.cast(g.add(op, {x}, name + ".f64", attributes), onnx::kFloat, name);
}

// One bce output: probabilities [1 - p, p] and label p >= 0.5, as `bprop predict` writes them.
void emit_binary_outputs(GraphBuilder& g, const std::string& logits) {
  const std::string p1 = float_result(g, "Sigmoid", logits, "p1");
  const std::string p0 = g.add("Sub", {g.scalar("one", 1.0f), p1}, "p0");
  g.add("Concat", {p0, p1}, "probabilities", {int_attribute("axis", 1)});
  const std::string is_one = g.add("GreaterOrEqual", {p1, g.scalar("half", 0.5f)}, "is_one");
  const std::string column =
      g.add("Cast", {is_one}, "label_column", {int_attribute("to", onnx::kInt64)});
  const int64_t axis = 1;
  g.initializers.push_back(onnx::int64_tensor("squeeze_axes", std::vector<int64_t>{1}, {&axis, 1}));
  g.add("Squeeze", {column, "squeeze_axes"}, "label");
}

// The loss's output mapping; returns the graph's outputs (ValueInfoProto), logits last.
std::vector<protobuf::Message> emit_outputs(GraphBuilder& g, const ExportPlan& plan,
                                            const std::string& last) {
  const std::string logits = float_result(g, "Identity", last, "logits");
  // The outputs come from the network's own values: double in a float64 graph.
  const std::string source = g.float64 ? last : logits;
  const int64_t outputs = plan.output_width;
  const int64_t classes = static_cast<int64_t>(plan.class_names.size());
  std::vector<protobuf::Message> infos;
  if (plan.classifier) {
    if (plan.output == exporting::OutputKind::kSoftmax) {
      float_result(g, "Softmax", source, "probabilities", {int_attribute("axis", 1)});
      g.add("ArgMax", {"probabilities"}, "label",
            {int_attribute("axis", 1), int_attribute("keepdims", 0)});
    } else {
      emit_binary_outputs(g, source);
    }
    infos.push_back(
        onnx::value_info("probabilities", onnx::kFloat, std::vector<int64_t>{-1, classes}));
    infos.push_back(onnx::value_info("label", onnx::kInt64, std::vector<int64_t>{-1}));
  } else {
    float_result(g, plan.output == exporting::OutputKind::kSigmoid ? "Sigmoid" : "Identity", source,
                 "prediction");
    infos.push_back(
        onnx::value_info("prediction", onnx::kFloat, std::vector<int64_t>{-1, outputs}));
  }
  infos.push_back(onnx::value_info("logits", onnx::kFloat, std::vector<int64_t>{-1, outputs}));
  return infos;
}

protobuf::Message build_graph(const ExportPlan& plan, const OnnxExportOptions& options) {
  const int opset = options.opset;
  GraphBuilder g;
  g.float64 = options.float64;
  std::string x = "input";
  if (plan.impute) x = emit_impute(g, *plan.impute, x);
  if (plan.scaling) x = emit_scaling(g, *plan.scaling, x);
  // The preprocessing rounds in float, as Preprocessor::apply does; the network may not.
  if (g.float64) x = g.cast(x, onnx::kDouble, "features.f64");
  for (const exporting::LayerStep& step : plan.layers) {
    const std::string prefix = "layer" + std::to_string(exporting::layer_index(step));
    if (const auto* dense = std::get_if<exporting::DenseStep>(&step)) {
      x = emit_dense(g, *dense, prefix, x);
    } else {
      x = emit_activation(g, std::get<exporting::ActivationStep>(step), prefix, x, opset);
    }
  }
  const std::vector<protobuf::Message> outputs = emit_outputs(g, plan, x);
  // GraphProto{node = 1, name = 2, initializer = 5, input = 11, output = 12}, in field order.
  protobuf::Message graph;
  for (const auto& n : g.nodes) graph.message(1, n);
  graph.string(2, "bprop");
  for (const auto& t : g.initializers) graph.message(5, t);
  graph.message(
      11, onnx::value_info("input", onnx::kFloat, std::vector<int64_t>{-1, plan.input_width}));
  for (const auto& o : outputs) graph.message(12, o);
  return graph;
}

}  // namespace

int onnx_ir_version(int opset) { return opset <= 14 ? 7 : opset <= 18 ? 8 : 9; }

std::vector<unsigned char> export_onnx(const Model& model, const OnnxExportOptions& options) {
  if (options.opset < kOnnxMinOpset || options.opset > kOnnxMaxOpset) {
    throw ConfigError("export: ONNX opset " + std::to_string(options.opset) +
                      " is not supported (supported: " + std::to_string(kOnnxMinOpset) + " to " +
                      std::to_string(kOnnxMaxOpset) + ")");
  }
  ExportPlan plan = exporting::make_export_plan(model);
  if (options.float64) plan.metadata.emplace("compute", "float64");
  // ModelProto{ir_version = 1, producer_name = 2, producer_version = 3, graph = 7,
  // opset_import = 8, metadata_props = 14}, in field order.
  protobuf::Message m;
  m.int64(1, onnx_ir_version(options.opset))
      .string(2, "bprop")
      .string(3, plan.metadata.at("bprop_version"))
      .message(7, build_graph(plan, options))
      .message(8, onnx::opset(options.opset));
  for (const auto& [key, value] : plan.metadata) m.message(14, onnx::string_entry(key, value));
  return m.bytes();
}

void save_onnx(const std::string& path, const Model& model, const OnnxExportOptions& options) {
  const std::vector<unsigned char> bytes = export_onnx(model, options);
  write_file_atomically(path, bytes);
}

}  // namespace bprop

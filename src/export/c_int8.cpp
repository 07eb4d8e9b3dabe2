// The int8 C export (`bprop export --format c --int8`): NAME_predict runs the int8 network in
// integers only (int8 products, int32 sums, fixed-point requantization, 256-entry activation
// tables), as Int8Predictor does (src/int8/arithmetic.h); float remains only at the edges: the
// preprocessing and quantization of each input, the last layer's scale and the loss's softmax or
// sigmoid. The zero point of each stage's input is folded into its bias here, once.
#include <algorithm>

#include "bprop/errors.h"
#include "bprop/int8/int8_predictor.h"
#include "bprop/int8/quantize.h"
#include "export/c_parts.h"
#include "export/c_text.h"
#include "int8/arithmetic.h"

namespace bprop {

namespace {

using int8::DenseStage;
using int8::StageOutput;

constexpr const char* kHelpers = R"(
/* Quantizes one preprocessed input: round(v / scale) + zero, halves away from zero. */
static int8_t @P_quantize(float v, float inverse_scale, int32_t zero) {
  float t = v * inverse_scale;
  int32_t q;
  if (!(t >= -1000.0f)) t = t == t ? -1000.0f : 0.0f;
  if (t > 1000.0f) t = 1000.0f;
  q = (int32_t)(t + (t >= 0.0f ? 0.5f : -0.5f)) + zero;
  if (q < -128) q = -128;
  if (q > 127) q = 127;
  return (int8_t)q;
}

/* acc[o] = bias[o] + sum of x[i] * w[o][i]; the input's zero point is inside the bias. */
static void @P_dense(const int8_t *w, const int32_t *bias, int in, int out, const int8_t *x,
    int32_t *acc) {
  int o, i;
  for (o = 0; o < out; ++o) {
    const int8_t *row = w + o * in;
    int32_t sum = bias[o];
    for (i = 0; i < in; ++i) sum += (int32_t)x[i] * (int32_t)row[i];
    acc[o] = sum;
  }
}

/* round(acc * multiplier / 2^shift) + zero, halves up, clamped to int8. */
static int8_t @P_requantize(int32_t acc, int32_t multiplier, int shift, int32_t zero) {
  int64_t q = ((int64_t)acc * multiplier + ((int64_t)1 << (shift - 1))) >> shift;
  q += zero;
  if (q < -128) q = -128;
  if (q > 127) q = 127;
  return (int8_t)q;
}
)";

std::vector<int64_t> widened(const auto& values) { return {values.begin(), values.end()}; }

// Stage k's arrays: weights, folded biases, and requantization multipliers and shifts, the table
// or the float output scales.
std::string stage_arrays(const int8::Quantization& q, std::size_t k, const std::string& p) {
  const DenseStage& s = q.stages[k];
  const int8::QuantParams in = q.stage_input(k);
  const std::string id = std::to_string(k);
  std::vector<int64_t> bias, multiplier, shift;
  std::vector<float> scale;
  for (int o = 0; o < s.out; ++o) {
    int64_t folded = s.bias[o];
    for (int i = 0; i < s.in; ++i) folded -= int64_t{in.zero_point} * s.weight[o * s.in + i];
    bias.push_back(folded);
    const double real = double{in.scale} * s.weight_scale[o];
    if (s.output_kind == StageOutput::kFloat) {
      scale.push_back(static_cast<float>(real));
      continue;
    }
    const int8::FixedMultiplier m = int8::fixed_multiplier(real / s.output.scale);
    multiplier.push_back(m.multiplier);
    shift.push_back(m.shift);
  }
  std::string text = c_text::integer_array("int8_t", p + "_w" + id, widened(s.weight));
  text += c_text::integer_array("int32_t", p + "_b" + id, bias);
  if (s.output_kind == StageOutput::kFloat) return text + c_text::float_array(p + "_d" + id, scale);
  text += c_text::integer_array("int32_t", p + "_m" + id, multiplier);
  text += c_text::integer_array("unsigned char", p + "_s" + id, shift);
  if (s.output_kind == StageOutput::kTable) {
    text += c_text::integer_array("int8_t", p + "_t" + id, widened(s.table));
  }
  return text;
}

// The statements of stage k: x (a or b) -> y, or -> z (float) for the last stage.
std::string stage_code(const DenseStage& s, std::size_t k, const std::string& p, char x) {
  // The values outlive `v`, which only views them.
  const std::string id = std::to_string(k), in = std::to_string(s.in), out = std::to_string(s.out);
  const std::string from(1, x), y(1, x == 'a' ? 'b' : 'a');
  const std::string zero = std::to_string(s.output.zero_point);
  const c_text::Values v{{"P", p},    {"K", id}, {"IN", in}, {"OUT", out},
                         {"X", from}, {"Y", y},  {"Z", zero}};
  std::string text = c_text::fill("  @P_dense(@P_w@K, @P_b@K, @IN, @OUT, @X, acc);\n", v);
  const char* finish =
      s.output_kind == StageOutput::kFloat
          ? "  for (i = 0; i < @OUT; ++i) z[i] = (float)acc[i] * @P_d@K[i];\n"
      : s.output_kind == StageOutput::kTable
          ? "  for (i = 0; i < @OUT; ++i) {\n"
            "    @Y[i] = @P_t@K[@P_requantize(acc[i], @P_m@K[i], @P_s@K[i], @Z) + 128];\n  }\n"
      : s.output_kind == StageOutput::kRelu && s.output.zero_point > -128
          ? "  for (i = 0; i < @OUT; ++i) {\n"
            "    @Y[i] = @P_requantize(acc[i], @P_m@K[i], @P_s@K[i], @Z);\n"
            "    if (@Y[i] < @Z) @Y[i] = (int8_t)@Z;\n  }\n"
          // kInt8, or a ReLU whose zero point is -128 (calibrated on its outputs): the clamp of
          // requantize is then the ReLU.
          : "  for (i = 0; i < @OUT; ++i) @Y[i] = @P_requantize(acc[i], @P_m@K[i], @P_s@K[i], "
            "@Z);\n";
  return text + c_text::fill(finish, v);
}

}  // namespace

std::string c_export::int8_predict_source(const Model& model, const exporting::ExportPlan& plan,
                                          const std::string& p) {
  if (!model.quantization) {
    throw ConfigError("C export --int8: the model has no int8 network; run `bprop quantize` first");
  }
  const int8::Quantization& q = *model.quantization;
  int8::check_quantization(q);
  const InputCode input = input_source(plan, p);  // NaN -> fill, scaling: as the float export
  std::string text = "#include <stdint.h>\n\n" + input.arrays;
  int widest_sum = 0;
  for (std::size_t k = 0; k < q.stages.size(); ++k) {
    text += stage_arrays(q, k, p);
    widest_sum = std::max(widest_sum, q.stages[k].out);
  }
  const OutputCode output = output_source(plan, p, 'z');
  const std::string m = macro_prefix(p);
  text += c_text::fill(kHelpers, {{"P", p}}) + output.helpers;
  text += c_text::fill(
      "\nint @P_predict(const float *x, float *out) {\n"
      "  int8_t a[@M_BUFFER_BYTES], b[@M_BUFFER_BYTES];\n  int32_t acc[@W];\n"
      "  float z[@M_OUTPUTS];\n  int i;\n  (void)b;\n",
      {{"P", p}, {"M", m}, {"W", std::to_string(widest_sum)}});
  text += c_text::fill("  for (i = 0; i < @M_INPUTS; ++i) a[i] = @P_quantize(@E, @S, @Z);\n",
                       {{"M", m},
                        {"P", p},
                        {"E", input.expression.empty() ? "x[i]" : input.expression},
                        {"S", c_text::float_literal(1.0f / q.input.scale)},
                        {"Z", std::to_string(q.input.zero_point)}});
  char x = 'a';
  for (std::size_t k = 0; k < q.stages.size(); ++k) {
    text += stage_code(q.stages[k], k, p, x);
    x = x == 'a' ? 'b' : 'a';
  }
  return text + output.statements + "}\n";
}

}  // namespace bprop

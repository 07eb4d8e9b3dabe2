// ExportPlan -> C99: one emitter per step kind writes the statements of NAME_predict; helpers are
// written only for the step kinds the model uses, so a ReLU net links no tanhf or erff. The C is
// written as templates: @P is NAME, @M is NAME in capitals, other @X are the step's numbers.
#include <numbers>
#include <set>

#include "export/c_parts.h"
#include "export/c_text.h"

namespace bprop {

using exporting::ActivationKind;
using exporting::ExportPlan;
using exporting::OutputKind;

namespace {

// The statements of NAME_predict, with the buffer that holds the current vector: the input x
// (read-only) until a step writes, then a or b in turn.
struct PredictBody {
  std::string prefix;
  int width = 0;
  std::string code = {};
  char current = 'x';  // a char, not a std::string: g++ 12 -O3 warns falsely on assigning "a"
  std::set<std::string> helpers = {};  // the helper functions the steps call
  bool uses_b = false, uses_index = false;

  void add(std::string_view pattern, c_text::Values values) {
    code += c_text::fill(pattern, values);
  }
  char next() {
    const char buffer = current == 'a' ? 'b' : 'a';
    uses_b = uses_b || buffer == 'b';
    return buffer;
  }
  std::string current_name() const { return std::string(1, current); }
  // Activations work in place: the input x is first copied into a buffer.
  void ensure_writable() {
    if (current != 'x') return;
    uses_index = true;
    add("  for (i = 0; i < @N; ++i) a[i] = x[i];\n", {{"N", std::to_string(width)}});
    current = 'a';
  }
};

// Imputation and scaling in one loop: the same float operations, in the same order, as bprop.
void emit_preprocessing(PredictBody& body, const std::string& expression) {
  body.uses_index = true;
  body.add("  for (i = 0; i < @N; ++i) a[i] = @E;\n",
           {{"N", std::to_string(body.width)}, {"E", expression}});
  body.current = 'a';
}

void emit_dense(PredictBody& body, const exporting::DenseStep& d) {
  const char next = body.next();
  body.add("  @P_dense(@P_w@K, @P_b@K, @IN, @OUT, @X, @Y);\n", {{"P", body.prefix},
                                                                {"K", std::to_string(d.layer)},
                                                                {"IN", std::to_string(d.in)},
                                                                {"OUT", std::to_string(d.out)},
                                                                {"X", body.current_name()},
                                                                {"Y", std::string(1, next)}});
  body.helpers.insert("dense");
  body.current = next;
  body.width = d.out;
}

void emit_activation(PredictBody& body, const exporting::ActivationStep& a) {
  body.ensure_writable();
  static const char* const kNames[] = {"relu", "leaky_relu", "sigmoid", "tanh", "gelu"};
  const std::string kind = kNames[static_cast<int>(a.kind)];
  body.helpers.insert(kind);
  std::string slope;
  if (a.kind == ActivationKind::kLeakyRelu)
    slope.append(", ").append(c_text::float_literal(a.slope));
  body.add("  @P_@F(@X, @N@S);\n", {{"P", body.prefix},
                                    {"F", kind},
                                    {"X", body.current_name()},
                                    {"N", std::to_string(body.width)},
                                    {"S", slope}});
}

void emit_outputs(PredictBody& body, const ExportPlan& plan) {
  // The values outlive `values`, which only views them.
  const std::string current = body.current_name(), n = std::to_string(plan.output_width);
  const c_text::Values values{{"P", body.prefix}, {"X", current}, {"N", n}};
  if (plan.output == OutputKind::kSoftmax) {
    body.helpers.insert("softmax");
    body.add("  return @P_softmax(@X, out, @N);\n", values);
    return;
  }
  body.uses_index = true;
  if (plan.output == OutputKind::kSigmoid) {
    body.helpers.insert("sigmoid1");
    body.add("  for (i = 0; i < @N; ++i) out[i] = @P_sigmoid1(@X[i]);\n", values);
  } else {
    body.add("  for (i = 0; i < @N; ++i) out[i] = @X[i];\n", values);
  }
  // One bce output: class 1 at p >= 0.5, the threshold `bprop predict` uses.
  body.add(plan.classifier ? "  return out[0] >= 0.5f ? 1 : 0;\n" : "  return 0;\n", {});
}

// The helper functions, in the order they are written (sigmoid1 before its callers).
constexpr std::pair<const char*, const char*> kHelpers[] = {
    // Each sum in bprop's own order (kernels/builtin_loops.h, dot()): below 8 terms left to
    // right; from 8, eight partial sums over i mod 8 joined as ((0+4)+(1+5))+((2+6)+(3+7)), then
    // the tail. Unfused (the file turns contraction off), the logits are bprop's to the bit.
    {"dense", R"(static void @P_dense(const float *w, const float *bias, int in, int out,
    const float *x, float *y) {
  int o, i, l;
  float part[8], sum;
  for (o = 0; o < out; ++o) {
    const float *row = w + o * in;
    i = 0;
    if (in >= 8) {
      for (l = 0; l < 8; ++l) part[l] = x[l] * row[l];
      for (i = 8; i + 8 <= in; i += 8)
        for (l = 0; l < 8; ++l) part[l] += x[i + l] * row[i + l];
      sum = ((part[0] + part[4]) + (part[1] + part[5])) + ((part[2] + part[6]) + (part[3] + part[7]));
    } else {
      sum = 0.0f;
    }
    for (; i < in; ++i) sum += x[i] * row[i];
    y[o] = sum + bias[o];
  }
}
)"},
    // `<=`, as bprop's ReLU: -0 becomes +0 and a NaN (a NaN feature) stays NaN.
    {"relu", R"(static void @P_relu(float *v, int n) {
  int i;
  for (i = 0; i < n; ++i) if (v[i] <= 0.0f) v[i] = 0.0f;
}
)"},
    {"leaky_relu", R"(static void @P_leaky_relu(float *v, int n, float slope) {
  int i;
  for (i = 0; i < n; ++i) if (!(v[i] > 0.0f)) v[i] = slope * v[i];
}
)"},
    // Two branches, as bprop computes it: expf only ever sees a non-positive argument.
    {"sigmoid1", R"(static float @P_sigmoid1(float x) {
  float e;
  if (x >= 0.0f) return 1.0f / (1.0f + expf(-x));
  e = expf(x);
  return e / (1.0f + e);
}
)"},
    {"sigmoid", R"(static void @P_sigmoid(float *v, int n) {
  int i;
  for (i = 0; i < n; ++i) v[i] = @P_sigmoid1(v[i]);
}
)"},
    {"tanh", R"(static void @P_tanh(float *v, int n) {
  int i;
  for (i = 0; i < n; ++i) v[i] = tanhf(v[i]);
}
)"},
    // GELU as bprop rounds it: (0.5 x) (1 + erf(x float(√2/2))).
    {"gelu", R"(static void @P_gelu(float *v, int n) {
  int i;
  for (i = 0; i < n; ++i) v[i] = 0.5f * v[i] * (1.0f + erff(v[i] * @R));
}
)"},
    // exp(z - max) / sum; the first largest probability is the class, as in `bprop predict`.
    {"softmax", R"(static int @P_softmax(const float *z, float *prob, int n) {
  int c, best = 0;
  float max = z[0], sum = 0.0f, inv;
  for (c = 1; c < n; ++c) if (z[c] > max) max = z[c];
  for (c = 0; c < n; ++c) {
    prob[c] = expf(z[c] - max);
    sum += prob[c];
  }
  inv = 1.0f / sum;
  for (c = 0; c < n; ++c) {
    prob[c] *= inv;
    if (prob[c] > prob[best]) best = c;
  }
  return best;
}
)"},
};

PredictBody predict_body(const ExportPlan& plan, const std::string& prefix) {
  PredictBody body{.prefix = prefix, .width = plan.input_width};
  const std::string preprocessing = c_export::input_source(plan, prefix).expression;
  if (!preprocessing.empty()) emit_preprocessing(body, preprocessing);
  for (const exporting::LayerStep& step : plan.layers) {
    if (const auto* dense = std::get_if<exporting::DenseStep>(&step)) {
      emit_dense(body, *dense);
    } else {
      emit_activation(body, std::get<exporting::ActivationStep>(step));
    }
  }
  if (body.helpers.contains("sigmoid")) body.helpers.insert("sigmoid1");
  emit_outputs(body, plan);
  return body;
}

std::string helper_text(const std::set<std::string>& helpers, const c_text::Values& names) {
  std::string text;
  for (const auto& [helper, code] : kHelpers) {
    if (helpers.contains(helper)) text.append("\n").append(c_text::fill(code, names));
  }
  return text;
}

std::string weights(const ExportPlan& plan, const std::string& p) {
  std::string text = c_export::input_source(plan, p).arrays;
  for (const exporting::LayerStep& step : plan.layers) {
    if (const auto* dense = std::get_if<exporting::DenseStep>(&step)) {
      text += c_text::float_array(p + "_w" + std::to_string(dense->layer), dense->weight);
      text += c_text::float_array(p + "_b" + std::to_string(dense->layer), dense->bias);
    }
  }
  return text;
}

}  // namespace

std::string c_export::predict_source(const ExportPlan& plan, const std::string& p) {
  const PredictBody body = predict_body(plan, p);
  const std::string root_half = c_text::float_literal(static_cast<float>(std::numbers::sqrt2 / 2));
  const std::string m = macro_prefix(p);
  const c_text::Values names{{"P", p}, {"M", m}, {"R", root_half}};
  std::string text = weights(plan, p) + helper_text(body.helpers, names);
  text += c_text::fill(
      "\nint @P_predict(const float *x, float *out) {\n  float a[@M_BUFFER_FLOATS]", names);
  text += body.uses_b ? c_text::fill(", b[@M_BUFFER_FLOATS];\n", names) : std::string(";\n");
  if (body.uses_index) text += "  int i;\n";
  return text + body.code + "}\n";
}

c_export::InputCode c_export::input_source(const ExportPlan& plan, const std::string& p) {
  InputCode code;
  std::string value = "x[i]";
  if (plan.impute) {
    code.arrays += c_text::float_array(p + "_fill", plan.impute->fill);
    value = c_text::fill("(isnan(x[i]) ? @P_fill[i] : x[i])", {{"P", p}});
  }
  if (plan.scaling) {
    code.arrays += c_text::float_array(p + "_offset", plan.scaling->offset);
    code.arrays += c_text::float_array(p + "_scale", plan.scaling->scale);
    value = c_text::fill("(@V - @P_offset[i]) * @P_scale[i]", {{"P", p}, {"V", value}});
  }
  if (plan.impute || plan.scaling) code.expression = value;
  return code;
}

c_export::OutputCode c_export::output_source(const ExportPlan& plan, const std::string& p,
                                             char from) {
  PredictBody body{.prefix = p, .width = plan.output_width, .current = from};
  emit_outputs(body, plan);
  return {body.code, helper_text(body.helpers, {{"P", p}}), body.uses_index};
}

}  // namespace bprop

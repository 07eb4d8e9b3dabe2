// The C99 export's header, its self-test rows and the two files on disk.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>

#include "bprop/errors.h"
#include "bprop/int8/quantize.h"
#include "bprop/io/atomic_file.h"
#include "bprop/random.h"
#include "bprop/registry.h"
#include "export/c_parts.h"
#include "export/c_text.h"

namespace bprop {

using exporting::ExportPlan;

namespace c_export {

std::string macro_prefix(const std::string& prefix) {
  std::string upper = prefix;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

namespace {

constexpr const char* kHeader =
    R"(/* @P.h: a bprop model exported as C99 by `bprop export --format c@FLAG`.
@ABOUT *
 * @P_predict(x, out): x holds @M_INPUTS raw features (in the units the model was trained on;
 * the preprocessing is inside; with an input_encoding, the encoded columns in its order, a
 * category as 0/1 columns, NaN for a missing value); out receives @M_OUTPUTS values as `bprop predict` reads them.
 * It returns the class index for a classifier, else 0.
 * Memory: no malloc; @MEMORY.
 * @P_selftest(): runs @M_TEST_ROWS embedded rows (with an input_encoding, some with missing
 * inputs); returns how many differ from bprop's outputs
 * by more than 1e-5 * (1 + |bprop's|), so 0 means it passes.
 */
#ifndef @M_H
#define @M_H

#define @M_INPUTS @IN
#define @M_OUTPUTS @OUT
#define @M_BUFFER_@UNIT @WIDE
#define @M_TEST_ROWS @ROWS
@CLASSES
int @P_predict(const float *x, float *out);
int @P_selftest(void);

#endif /* @M_H */
)";

constexpr const char* kClasses = R"(#define @M_CLASSES @N

/* Class index -> the class's name in the training data. */
extern const char *const @P_class_names[@M_CLASSES];
)";

// What the header says about NAME_predict's memory, and the unit of its buffer macro.
std::pair<std::string, std::string> memory_text(const Model& model, const ExportPlan& plan,
                                                const std::string& m, bool int8) {
  if (!int8) {
    return {"two float buffers of " + m + "_BUFFER_FLOATS on the stack (" +
                std::to_string(2 * 4 * plan.widest) + " bytes)",
            "FLOATS"};
  }
  int widest_sum = 0;
  for (const auto& stage : model.quantization->stages) widest_sum = std::max(widest_sum, stage.out);
  const int stack = 2 * plan.widest + 4 * widest_sum + 4 * plan.output_width;
  return {"two int8 buffers of " + m + "_BUFFER_BYTES, the widest layer's int32\n * sums and " + m +
              "_OUTPUTS floats on the stack (" + std::to_string(stack) +
              " bytes). Integer arithmetic from the\n * quantized inputs to the last layer's sums",
          "BYTES"};
}

std::string header_text(const Model& model, const ExportPlan& plan, const std::string& p,
                        const CExportOptions& o) {
  const std::string m = macro_prefix(p);
  std::string about;
  for (const char* key :
       {"network", "loss", "preprocessing", "input_encoding", "bprop_version", "model_crc32"}) {
    if (!plan.metadata.contains(key)) continue;  // input_encoding: tabular models only
    about.append(" * ").append(key).append(": ");
    about.append(c_text::comment_safe(plan.metadata.at(key))).append("\n");
  }
  const std::string classes =
      plan.classifier
          ? c_text::fill(kClasses,
                         {{"M", m}, {"P", p}, {"N", std::to_string(plan.class_names.size())}})
          : std::string();
  const auto [memory, unit] = memory_text(model, plan, m, o.int8);
  return c_text::fill(kHeader, {{"P", p},
                                {"M", m},
                                {"FLAG", o.int8 ? " --int8" : ""},
                                {"ABOUT", about},
                                {"MEMORY", memory},
                                {"UNIT", unit},
                                {"IN", std::to_string(plan.input_width)},
                                {"OUT", std::to_string(plan.output_width)},
                                {"WIDE", std::to_string(plan.widest)},
                                {"ROWS", std::to_string(o.selftest_rows)},
                                {"CLASSES", classes}});
}

// Inputs in the units the model was trained on: offset + z / scale, with z uniform in [-2, 2]
// for standardized features (±2 standard deviations) and in [0, 1] otherwise (the training range
// under minmax; pixels and other unscaled data usually live there too).
Matrix selftest_inputs(const Model& model, int rows, uint64_t seed) {
  const Preprocessor& pre = model.preprocessor;
  const int width = model.network.input_width();
  const bool standardized = pre.scaling() == Scaling::kStandardize;
  Rng rng(seed);
  Matrix x(rows, width);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < width; ++c) {
      const double z = standardized ? rng.uniform(-2.0, 2.0) : rng.uniform();
      const double v = pre.scaling() == Scaling::kNone ? z : pre.offset()[c] + z / pre.scale()[c];
      // A tiny scale (a column spanning most of float's range) would overflow: stay finite.
      const double limit = std::numeric_limits<float>::max();
      x(r, c) = static_cast<float>(std::clamp(v, -limit, limit));
    }
  }
  return x;
}

// A tabular model's rows also have missing inputs, written as its callers write them (NaN in a
// number's input and in every input of a category): every column of the rows r % 4 == 1, and the
// columns g with r / 4 + g even of the rows r % 4 == 3; the other rows are complete.
void mark_missing(Matrix& x, const TabularEncoding& encoding) {
  for (int r = 0; r < x.rows(); ++r) {
    int c = 0;
    for (std::size_t g = 0; g < encoding.columns.size(); ++g) {
      const ColumnEncoding& column = encoding.columns[g];
      const int width = column.is_categorical() ? static_cast<int>(column.categories.size()) : 1;
      const bool missing = r % 4 == 1 || (r % 4 == 3 && (r / 4 + static_cast<int>(g)) % 2 == 0);
      for (int k = 0; k < width; ++k, ++c) {
        if (missing) x(r, c) = std::numeric_limits<float>::quiet_NaN();
      }
    }
  }
}

// x with each NaN input replaced by its fill: the floats `bprop predict` reads for missing cells.
Matrix imputed(Matrix x, const ExportPlan& plan) {
  if (!plan.impute) return x;
  for (int r = 0; r < x.rows(); ++r) {
    for (int c = 0; c < x.cols(); ++c) {
      if (std::isnan(x(r, c))) x(r, c) = plan.impute->fill[static_cast<std::size_t>(c)];
    }
  }
  return x;
}

constexpr const char* kSelftest = R"(
int @P_selftest(void) {
  float out[@M_OUTPUTS];
  int r, c, failed = 0;
  for (r = 0; r < @M_TEST_ROWS; ++r) {
    const float *want = @P_test_want + r * @M_OUTPUTS;
    int bad = 0;
    (void)@P_predict(@P_test_x + r * @M_INPUTS, out);
    for (c = 0; c < @M_OUTPUTS; ++c) {
      if (!(fabsf(out[c] - want[c]) <= 1e-5f * (1.0f + fabsf(want[c])))) bad = 1;
    }
    failed += bad;
  }
  return failed;
}
)";

std::string selftest_source(const Model& model, const ExportPlan& plan, const std::string& p,
                            const CExportOptions& o) {
  Matrix x = selftest_inputs(model, o.selftest_rows, o.selftest_seed);
  if (model.tabular) mark_missing(x, *model.tabular);
  Matrix want;  // what `bprop predict` prints for x
  const Matrix inputs = model.preprocessor.applied(imputed(x, plan));
  const Matrix raw = o.int8 ? int8::predict_raw(model, inputs) : model.network.predict(inputs);
  make_loss<float>(model.loss)->output(raw, want);
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (!std::isfinite(want.data()[i])) {
      throw ConfigError("C export: bprop's own output for self-test row " +
                        std::to_string(i / static_cast<std::size_t>(want.cols())) +
                        " is not finite: the model overflows on inputs inside its training range");
    }
  }
  std::string text = "\n";
  text += c_text::float_array(p + "_test_x", {x.data(), x.size()}, /*nan_allowed=*/true);
  text += c_text::float_array(p + "_test_want", {want.data(), want.size()});
  return text + c_text::fill(kSelftest, {{"P", p}, {"M", macro_prefix(p)}});
}

std::string source_text(const Model& model, const ExportPlan& plan, const std::string& p,
                        const CExportOptions& o) {
  std::string text = c_text::fill(
      "/* @P.c: generated by `bprop export --format c@FLAG`; see @P.h. */\n#include \"@P.h\"\n\n"
      "#include <math.h>\n\n"
      "/* Each product and sum rounds on its own, as in bprop, so fused multiply-adds are off\n"
      "   (clang fuses by default; GCC in its GNU modes, which -std=c99 turns off). */\n"
      "#if defined(__clang__)\n#pragma STDC FP_CONTRACT OFF\n"
      "#elif defined(__GNUC__)\n#pragma GCC optimize(\"fp-contract=off\")\n#endif\n\n",
      {{"P", p}, {"FLAG", o.int8 ? " --int8" : ""}});
  if (plan.classifier) {
    text += c_text::fill("const char *const @P_class_names[@M_CLASSES] = {",
                         {{"P", p}, {"M", macro_prefix(p)}});
    for (std::size_t k = 0; k < plan.class_names.size(); ++k) {
      text.append(k ? ", " : "").append(c_text::string_literal(plan.class_names[k]));
    }
    text += "};\n\n";
  }
  text += o.int8 ? int8_predict_source(model, plan, p) : predict_source(plan, p);
  return text + selftest_source(model, plan, p, o);
}

}  // namespace
}  // namespace c_export

bool is_c_identifier(std::string_view name) {
  static const char* const kKeywords[] = {
      "auto",     "break",  "case",   "char",     "const",     "continue", "default",  "do",
      "double",   "else",   "enum",   "extern",   "float",     "for",      "goto",     "if",
      "inline",   "int",    "long",   "register", "restrict",  "return",   "short",    "signed",
      "sizeof",   "static", "struct", "switch",   "typedef",   "union",    "unsigned", "void",
      "volatile", "while",  "_Bool",  "_Complex", "_Imaginary"};
  if (name.empty() || name.size() > 63 || std::isdigit(static_cast<unsigned char>(name[0]))) {
    return false;
  }
  const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
  return plain && std::none_of(std::begin(kKeywords), std::end(kKeywords),
                               [&](const char* k) { return name == k; });
}

CSource export_c_source(const Model& model, const CExportOptions& options) {
  if (!is_c_identifier(options.name)) {
    throw ConfigError(std::string("C export: name '").append(options.name) +
                      "' is not a C identifier");
  }
  if (options.selftest_rows < 1) throw ConfigError("C export: selftest_rows must be >= 1");
  const ExportPlan plan = exporting::make_export_plan(model);
  if (options.int8 && !model.quantization) {
    throw ConfigError("C export --int8: the model has no int8 network; run `bprop quantize` first");
  }
  return {c_export::header_text(model, plan, options.name, options),
          c_export::source_text(model, plan, options.name, options)};
}

void save_c_source(const std::string& dir, const Model& model, const CExportOptions& options) {
  const CSource files = export_c_source(model, options);
  const auto bytes = [](const std::string& text) {
    return std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size());
  };
  const std::string base = (std::filesystem::path(dir) / options.name).string();
  write_file_atomically(base + ".c", bytes(files.source));
  try {
    write_file_atomically(base + ".h", bytes(files.header));
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(base + ".c", ignored);
    throw;
  }
}

}  // namespace bprop

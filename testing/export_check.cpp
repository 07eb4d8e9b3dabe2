// Export test helpers: generated models and data, file formats, agreement figures.
#include "testing/export_check.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "bprop/data/builtin.h"
#include "bprop/errors.h"
#include "bprop/losses/softmax_cross_entropy.h"
#include "bprop/optimizers/adam.h"
#include "bprop/random.h"
#include "bprop/registry.h"
#include "bprop/train.h"
#include "testing/run_command.h"

namespace bprop::testing {

namespace {

constexpr int kFeatures = 6;

std::string shortest(float v) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, v).ptr;
  return std::string(text, end);
}

std::vector<unsigned char> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

ExportCase make_export_case(const std::string& name, const std::string& layers,
                            const std::string& loss, Scaling scaling, int rows) {
  Rng rng(std::hash<std::string>{}(name));
  Matrix inputs(rows, kFeatures);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < kFeatures; ++c) {
      inputs(r, c) = static_cast<float>(10.0 * (c - 2) + (1.0 + c) * rng.normal());
    }
  }
  ExportCase ec{name, Model{}, inputs, {}};
  Model& m = ec.model;
  m.network = build_network<float>(kFeatures, layers);
  m.network.initialize(rng.next_u64());
  m.loss = loss;
  m.preprocessor = Preprocessor::fit(scaling, inputs);
  for (int c = 0; c < kFeatures; ++c)
    m.feature_names.push_back(std::string(1, 'x').append(std::to_string(c)));
  const int outputs = m.network.output_width();
  if (loss == "softmax-ce") {
    for (int k = 0; k < outputs; ++k) m.class_names.push_back(std::string(1, char('a' + k)));
  }
  if (loss == "bce" && outputs == 1) m.class_names = {"no", "yes"};
  m.metadata = {{"case", name}};
  return ec;
}

std::vector<ExportCase> all_export_cases() {
  std::vector<ExportCase> cases;
  for (const char* act : {"relu", "leaky_relu:0.2", "sigmoid", "tanh", "gelu", "identity"}) {
    cases.push_back(make_export_case(std::string("act_") + act,
                                     std::string("16,") + act + ",dropout:0.3,12," + act + ",3",
                                     "softmax-ce", Scaling::kStandardize));
  }
  cases.push_back(make_export_case("scale_minmax", "16,relu,3", "softmax-ce", Scaling::kMinMax));
  cases.push_back(make_export_case("scale_none", "16,tanh,3", "softmax-ce", Scaling::kNone));
  cases.push_back(make_export_case("loss_bce_binary", "16,tanh,1", "bce", Scaling::kStandardize));
  cases.push_back(make_export_case("loss_bce_multilabel", "16,relu,4", "bce", Scaling::kMinMax));
  cases.push_back(
      make_export_case("loss_mse_regression", "16,gelu,8,tanh,2", "mse", Scaling::kStandardize));
  return cases;
}

std::vector<ExportCase> float_export_cases() {
  std::vector<ExportCase> cases = all_export_cases();
  cases.push_back(make_tabular_export_case("tabular_classifier", "16,relu,1", "bce"));
  cases.push_back(make_tabular_export_case("tabular_regression", "16,relu,1", "mse"));
  return cases;
}

std::optional<FashionCase> train_fashion_mnist_briefly(std::string& why) {
  BuiltinData data;
  try {
    data = fashion_mnist();
  } catch (const DataError& e) {
    why = e.what();
    return std::nullopt;
  }
  FashionCase fc;
  Model& model = fc.model;
  model.network = build_network<float>(784, "256,relu,128,relu,10");
  model.network.initialize(7);
  model.loss = "softmax-ce";
  model.class_names = data.train.class_names;
  const int train_rows = 10000;
  Matrix x(train_rows, 784), y(train_rows, 1);
  std::copy(data.train.inputs.data(), data.train.inputs.data() + x.size(), x.data());
  std::copy(data.train.targets.data(), data.train.targets.data() + y.size(), y.data());
  SoftmaxCrossEntropy<float> loss;
  Adam<float> adam({.learning_rate = 1e-3f});
  Trainer trainer(model.network, loss, adam, {.epochs = 1, .batch_size = 64, .seed = 1});
  trainer.run_epoch(x, y);
  fc.test_inputs = std::move(data.test->inputs);
  fc.dir = temp_folder();
  save_model(fc.dir + "/fmnist.bprop", model);
  return fc;
}

void write_csv(const std::string& path, const Matrix& inputs,
               const std::vector<std::string>& names) {
  std::ofstream out(path, std::ios::binary);
  for (std::size_t c = 0; c < names.size(); ++c) out << (c ? "," : "") << names[c];
  out << "\n";
  for (int r = 0; r < inputs.rows(); ++r) {
    for (int c = 0; c < inputs.cols(); ++c) out << (c ? "," : "") << shortest(inputs(r, c));
    out << "\n";
  }
}

void write_raw_floats(const std::string& path, const Matrix& inputs) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(inputs.data()),
             static_cast<std::streamsize>(inputs.size() * sizeof(float)));
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

namespace {
template <typename T>
std::vector<T> read_raw(const std::string& path) {
  const auto bytes = read_bytes(path);
  std::vector<T> values(bytes.size() / sizeof(T));
  std::copy(bytes.begin(), bytes.begin() + static_cast<long>(values.size() * sizeof(T)),
            reinterpret_cast<unsigned char*>(values.data()));
  return values;
}
}  // namespace

std::vector<float> read_raw_floats(const std::string& path) { return read_raw<float>(path); }
std::vector<int64_t> read_raw_int64(const std::string& path) { return read_raw<int64_t>(path); }

PredictCsv read_predict_csv(const std::string& path, bool classifier) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  PredictCsv csv;
  std::vector<float> numbers;
  int rows = 0, cols = 0;
  while (std::getline(in, line)) {
    std::stringstream cells(line);
    std::string cell;
    int c = 0;
    for (bool first = true; std::getline(cells, cell, ','); first = false) {
      if (first && classifier) {
        csv.classes.push_back(cell);
        continue;
      }
      numbers.push_back(std::stof(cell));
      ++c;
    }
    cols = c;
    ++rows;
  }
  csv.values = Matrix(rows, cols);
  std::copy(numbers.begin(), numbers.end(), csv.values.data());
  return csv;
}

Agreement compare_outputs(const Matrix& want, const std::vector<float>& got) {
  Agreement a;
  if (got.size() != want.size()) throw std::runtime_error("output sizes differ");
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double d = std::fabs(double(got[i]) - double(want.data()[i]));
    a.max_abs_diff = std::isnan(d) ? INFINITY : std::max(a.max_abs_diff, d);
  }
  return a;
}

void compare_labels(Agreement& a, const PredictCsv& want,
                    const std::vector<std::string>& class_names,
                    const std::vector<int64_t>& got_labels) {
  for (std::size_t r = 0; r < want.classes.size(); ++r) {
    const auto name = class_names.at(static_cast<std::size_t>(got_labels.at(r)));
    if (name == want.classes[r]) continue;
    std::vector<float> p(want.values.row(static_cast<int>(r)),
                         want.values.row(static_cast<int>(r)) + want.values.cols());
    std::sort(p.rbegin(), p.rend());
    (p.size() > 1 && p[0] - p[1] < 1e-6f ? a.near_ties_differing : a.label_mismatches) += 1;
  }
}

std::string python_with_onnx(std::string& why) {
  const CommandResult r = run_command("/usr/bin/python3 -c 'import onnx' 2>&1");
  if (r.exit_code == 0) return "/usr/bin/python3";
  why = "Debian's python3-onnx is not installed (scripts/setup installs it)";
  return "";
}

std::string onnxruntime_runner(std::string& why) {
  const std::string dir = std::string(BPROP_SOURCE_DIR) + "/tests/export";
  if (run_command("node --version").exit_code != 0) {
    why = "Node.js is not installed (scripts/setup installs it)";
    return "";
  }
  if (!std::filesystem::exists(dir + "/node_modules/onnxruntime-node/package.json")) {
    why = "onnxruntime-node is not installed: run scripts/setup (npm ci in tests/export)";
    return "";
  }
  return "node '" + dir + "/run_onnx.js'";
}

}  // namespace bprop::testing

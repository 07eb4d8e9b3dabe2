// `bprop export --format onnx` end to end: every export passes ONNX's own checker (full_check) and
// decodes back to the model's own tensors and names, and runs in ONNX Runtime (onnxruntime-node)
// with outputs within 1e-6 of `bprop predict` on every row: generated data for every activation,
// loss and scaling, and a 784-256-128-10 ReLU net on all 10,000 Fashion-MNIST test images. Skips
// with a message when python3-onnx, Node.js or onnxruntime-node is missing (scripts/setup installs
// them; CI never skips).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bprop/data/builtin.h"
#include "bprop/errors.h"
#include "bprop/export/onnx.h"
#include "export/export_plan.h"
#include "testing/export_check.h"
#include "testing/run_command.h"

namespace bprop::testing {
namespace {

using Json = nlohmann::json;

constexpr double kTolerance = 1e-6;

struct Tools {
  std::string python, runtime, why;
  Tools() {
    python = python_with_onnx(why);
    if (!python.empty()) runtime = onnxruntime_runner(why);
  }
  bool missing() const { return python.empty() || runtime.empty(); }
};

double sum_of(std::span<const float> values) {
  double sum = 0.0;
  for (float v : values) sum += v;
  return sum;
}

void expect_tensor(const Json& decoded, const std::string& name, const std::vector<double>& dims,
                   std::span<const float> values) {
  SCOPED_TRACE(name);
  const Json& got = decoded.at("initializers").at(name);
  ASSERT_EQ(got.size(), dims.size());
  for (std::size_t i = 0; i < dims.size(); ++i) EXPECT_EQ(got[i].get<double>(), dims[i]);
  const double want = sum_of(values);
  EXPECT_NEAR(decoded.at("sums").at(name).get<double>(), want, 1e-9 * (1.0 + std::fabs(want)));
}

std::vector<std::string> json_strings(const std::string& text) {
  return Json::parse(text).get<std::vector<std::string>>();
}

// The file as protobuf decodes it (check_onnx.py's JSON) against the model: the round trip of
// bprop's hand-written encoder. Every weight tensor's shape and sum, the versions, the names.
void expect_round_trip(const Model& model, const Json& decoded, int opset) {
  EXPECT_EQ(decoded.at("ir_version").get<double>(), onnx_ir_version(opset));
  EXPECT_EQ(decoded.at("opset").get<double>(), opset);
  EXPECT_EQ(decoded.at("producer").get<std::string>(), "bprop");
  for (std::size_t i = 0; i < model.network.size(); ++i) {
    for (const auto& p : model.network.layer(i).parameters()) {
      const bool weight = p.name == "weight";
      expect_tensor(decoded, "layer" + std::to_string(i) + "." + p.name,
                    weight ? std::vector<double>{double(p.value.rows()), double(p.value.cols())}
                           : std::vector<double>{double(p.value.cols())},
                    {p.value.data(), p.value.size()});
    }
  }
  const Preprocessor& pre = model.preprocessor;
  if (pre.scaling() != Scaling::kNone) {
    expect_tensor(decoded, "preprocess.offset", {double(pre.width())}, pre.offset());
    expect_tensor(decoded, "preprocess.scale", {double(pre.width())}, pre.scale());
  }
  if (model.tabular) {
    const std::vector<float> fill = exporting::make_export_plan(model).impute->fill;
    expect_tensor(decoded, "impute.fill", {double(fill.size())}, fill);
    EXPECT_TRUE(decoded.at("metadata").contains("input_encoding"));
  }
  const Json& meta = decoded.at("metadata");
  EXPECT_EQ(json_strings(meta.at("feature_names").get<std::string>()), model.feature_names);
  if (!model.class_names.empty()) {
    EXPECT_EQ(json_strings(meta.at("class_names").get<std::string>()), model.class_names);
  }
  const std::vector<unsigned char> file = serialize_model(model);
  char crc[16];
  std::snprintf(crc, sizeof crc, "%02x%02x%02x%02x", file[file.size() - 1], file[file.size() - 2],
                file[file.size() - 3], file[file.size() - 4]);
  EXPECT_EQ(meta.at("model_crc32").get<std::string>(), crc);
  EXPECT_EQ(meta.at("loss").get<std::string>(), model.loss);
  for (const auto& [key, value] : model.metadata) {
    EXPECT_EQ(meta.at("train." + key).get<std::string>(), value);
  }
}

// One export to check: a saved model, inputs as raw float32 and `bprop predict`'s CSV for them.
struct Job {
  std::string stem;  // the model is stem.bprop; the exports and outputs are stem.<opset>[.f64].*
  const Model* model = nullptr;
  int rows = 0;
  std::string inputs_raw, predict_csv;
  int opset = kOnnxDefaultOpset;
  bool float64 = false;  // --precision float64
  std::string out() const { return stem + "." + std::to_string(opset) + (float64 ? ".f64" : ""); }
};

Agreement agreement_of(const Job& job) {
  const Model& model = *job.model;
  const bool classifier =
      model.loss == "softmax-ce" || (model.loss == "bce" && model.network.output_width() == 1);
  const PredictCsv want = read_predict_csv(job.predict_csv, classifier);
  Agreement a = compare_outputs(
      want.values, read_raw_floats(job.out() + (classifier ? ".probabilities" : ".prediction")));
  if (classifier) compare_labels(a, want, model.class_names, read_raw_int64(job.out() + ".label"));
  std::cout << "[ agreement ] " << job.out() << ": " << job.rows
            << " rows, max |onnxruntime - bprop predict| = " << a.max_abs_diff
            << ", label mismatches " << a.label_mismatches << " (near ties "
            << a.near_ties_differing << ")\n";
  return a;
}

// Exports every job's model (twice: the bytes must be identical); checks and decodes those that
// python3-onnx 1.12 knows (opset <= 17) in one Python process; runs all in ONNX Runtime in one
// Node process; returns each job's agreement with `bprop predict`.
std::vector<Agreement> export_and_compare(const Tools& tools, const std::vector<Job>& jobs) {
  std::string checked, node_jobs = "[";
  std::vector<const Job*> checked_jobs;
  for (const Job& job : jobs) {
    for (const char* suffix : {".onnx", ".again.onnx"}) {
      const CommandResult r = run_command(
          bprop_cli() + " export " + job.stem + ".bprop --format onnx -o " + job.out() + suffix +
          " --opset " + std::to_string(job.opset) + (job.float64 ? " --precision float64" : ""));
      EXPECT_EQ(r.exit_code, 0) << r.err;
    }
    EXPECT_EQ(read_text(job.out() + ".onnx"), read_text(job.out() + ".again.onnx"))
        << job.out() << ": two exports differ";
    if (job.opset <= 17) {
      checked.append(" ").append(job.out()).append(".onnx");
      checked_jobs.push_back(&job);
    }
    if (node_jobs.size() > 1) node_jobs += ',';
    node_jobs.append("{\"model\":\"").append(job.out()).append(".onnx\",\"input\":\"");
    node_jobs.append(job.inputs_raw).append("\",\"rows\":").append(std::to_string(job.rows));
    node_jobs.append(",\"cols\":").append(std::to_string(job.model->network.input_width()));
    node_jobs.append(",\"out\":\"").append(job.out()).append("\"}");
  }
  const CommandResult check =
      run_command(tools.python + " " + BPROP_SOURCE_DIR + "/tests/export/check_onnx.py" + checked);
  EXPECT_EQ(check.exit_code, 0) << check.err;
  std::istringstream lines(check.out);
  for (const Job* job : checked_jobs) {
    std::string line;
    if (!std::getline(lines, line)) {
      ADD_FAILURE() << "check_onnx.py printed no line for " << job->out();
      break;
    }
    SCOPED_TRACE(job->out());
    const Json decoded = Json::parse(line);
    expect_round_trip(*job->model, decoded, job->opset);
    EXPECT_EQ(decoded.at("metadata").contains("compute"), job->float64);
  }
  const std::string jobs_file = jobs.front().stem + ".jobs.json";
  std::ofstream(jobs_file) << node_jobs << "]";
  const CommandResult run = run_command(tools.runtime + " " + jobs_file);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  std::vector<Agreement> agreements;
  for (const Job& job : jobs) agreements.push_back(agreement_of(job));
  return agreements;
}

TEST(OnnxExport, EveryActivationLossAndScalingMatchesBpropPredict) {
  const Tools tools;
  if (tools.missing()) GTEST_SKIP() << tools.why;
  const std::string dir = temp_folder();
  const std::vector<ExportCase> cases = float_export_cases();
  std::vector<Job> jobs;
  for (const ExportCase& c : cases) {
    const std::string stem = dir + "/" + c.name;
    save_model(stem + ".bprop", c.model);
    write_case_csv(stem + ".csv", c);
    write_raw_floats(stem + ".raw", c.inputs);
    const CommandResult p = run_command(bprop_cli() + " predict --model " + stem +
                                        ".bprop --data " + stem + ".csv -o " + stem + ".pred.csv");
    ASSERT_EQ(p.exit_code, 0) << p.err;
    for (const int opset : {kOnnxDefaultOpset, kOnnxMinOpset, kOnnxMaxOpset}) {
      jobs.push_back({stem, &c.model, c.inputs.rows(), stem + ".raw", stem + ".pred.csv", opset});
    }
    for (const int opset : {kOnnxDefaultOpset, kOnnxMaxOpset}) {  // 20: GELU as Gelu
      jobs.push_back(
          {stem, &c.model, c.inputs.rows(), stem + ".raw", stem + ".pred.csv", opset, true});
    }
  }
  const std::vector<Agreement> agreements = export_and_compare(tools, jobs);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_LE(agreements[i].max_abs_diff, kTolerance) << jobs[i].out();
    EXPECT_EQ(agreements[i].label_mismatches, 0) << jobs[i].out();
  }
}

// 784-256-128-10 ReLU, trained for one epoch on the first 10,000 training images (seconds), then
// compared on all 10,000 test images: the float32 graph within kFashionTolerance (ONNX Runtime's
// own float rounding), the float64 graph within the 1e-6.
TEST(OnnxExport, FashionMnistAllTestRowsMatchBpropPredict) {
  const Tools tools;
  if (tools.missing()) GTEST_SKIP() << tools.why;
  std::string why;
  const std::optional<FashionCase> fc = train_fashion_mnist_briefly(why);
  if (!fc) GTEST_SKIP() << why;
  const Model& model = fc->model;
  const std::string& dir = fc->dir;
  write_raw_floats(dir + "/test.raw", fc->test_inputs);
  const CommandResult p = run_command(bprop_cli() + " predict --model " + dir +
                                      "/fmnist.bprop --data " + std::string(kFashionMnistDir) +
                                      "/t10k-images-idx3-ubyte.gz -o " + dir + "/pred.csv");
  ASSERT_EQ(p.exit_code, 0) << p.err;
  const Job float32{dir + "/fmnist", &model, 10000, dir + "/test.raw", dir + "/pred.csv"};
  Job float64 = float32;
  float64.float64 = true;
  const std::vector<Agreement> a = export_and_compare(tools, {float32, float64});
  EXPECT_LE(a[0].max_abs_diff, kFashionTolerance);
  EXPECT_LE(a[1].max_abs_diff, kTolerance);
  EXPECT_EQ(a[0].label_mismatches, 0);
  EXPECT_EQ(a[1].label_mismatches, 0);
  // Each file is the raw float weights plus at most 4 KB of graph and metadata.
  const std::size_t weights_bytes = model.network.parameter_count() * sizeof(float);
  for (const Job& job : {float32, float64}) {
    const std::size_t size = read_text(job.out() + ".onnx").size();
    std::cout << "[ size ] " << job.out() << ".onnx " << size << " bytes; raw float weights "
              << weights_bytes << " bytes; overhead " << size - weights_bytes << " bytes\n";
    EXPECT_LE(size, weights_bytes + 4096);
  }
}

// The cases docs/reliability.md lists for `bprop export`: each exits with its code and a message,
// and leaves no output file behind.
TEST(OnnxExport, BadInputsExitWithTheirCodeAndLeaveNoFile) {
  const std::string dir = temp_folder();
  const ExportCase c = make_export_case("bad", "4,relu,2", "softmax-ce", Scaling::kNone, 10);
  save_model(dir + "/m.bprop", c.model);
  const std::string bytes = read_text(dir + "/m.bprop");
  std::ofstream(dir + "/truncated.bprop", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  std::string flipped = bytes;
  flipped[flipped.size() / 2] ^= 0x10;
  std::ofstream(dir + "/corrupt.bprop", std::ios::binary) << flipped;
  const std::string out = dir + "/out.onnx";
  struct Case {
    std::string args;
    int code;
    std::string message;
  };
  const Case cases[] = {
      {dir + "/truncated.bprop --format onnx -o " + out, 3, "truncated.bprop"},
      {dir + "/corrupt.bprop --format onnx -o " + out, 3, "checksum"},
      {dir + "/missing.bprop --format onnx -o " + out, 3, "missing.bprop"},
      {dir + "/m.bprop --format tflite -o " + out, 1, "unknown --format 'tflite'"},
      {dir + "/m.bprop --format onnx --opset 12 -o " + out, 1, "--opset 12 is not supported"},
      {dir + "/m.bprop --format onnx --opset 21 -o " + out, 1, "--opset 21 is not supported"},
      {dir + "/m.bprop --format onnx --precision float16 -o " + out, 1,
       "unknown --precision 'float16'"},
      {dir + "/m.bprop --format c --name m --precision float64 -o " + dir, 1,
       "--precision is for --format onnx"},
      {dir + "/m.bprop --format onnx -o " + dir + "/no/such/dir/m.onnx", 5, "no/such/dir"},
      {dir + "/m.bprop --format onnx -o " + dir, 5, dir},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.args);
    const CommandResult r = run_command(bprop_cli() + " export " + k.args);
    EXPECT_EQ(r.exit_code, k.code) << r.err;
    EXPECT_NE(r.err.find(k.message), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));
  }
  EXPECT_FALSE(std::filesystem::exists(dir + "/no"));
}

TEST(OnnxExport, LibraryRefusesUnsupportedOpsets) {
  const ExportCase c = make_export_case("lib", "4,relu,2", "softmax-ce", Scaling::kNone, 10);
  EXPECT_THROW(export_onnx(c.model, {.opset = kOnnxMinOpset - 1}), ConfigError);
  EXPECT_THROW(export_onnx(c.model, {.opset = kOnnxMaxOpset + 1}), ConfigError);
  EXPECT_EQ(export_onnx(c.model), export_onnx(c.model));
  EXPECT_EQ(onnx_ir_version(13), 7);
  EXPECT_EQ(onnx_ir_version(17), 8);
  EXPECT_EQ(onnx_ir_version(20), 9);
}

}  // namespace
}  // namespace bprop::testing

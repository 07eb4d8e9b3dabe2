// `bprop export --format onnx` end to end: every export passes ONNX's own checker (full_check) and
// runs in ONNX Runtime (onnxruntime-node) with outputs within 1e-6 of `bprop predict` on every row:
// generated data for every activation, loss and scaling, and a 784-256-128-10 ReLU net on all
// 10,000 Fashion-MNIST test images. Skips with a message when python3-onnx, Node.js or
// onnxruntime-node is missing (scripts/setup installs them; CI never skips).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "bprop/data/builtin.h"
#include "bprop/errors.h"
#include "bprop/export/onnx.h"
#include "testing/export_check.h"
#include "testing/run_command.h"

namespace bprop::testing {
namespace {

constexpr double kTolerance = 1e-6;

struct Tools {
  std::string python, runtime, why;
  Tools() {
    python = python_with_onnx(why);
    if (!python.empty()) runtime = onnxruntime_runner(why);
  }
  bool missing() const { return python.empty() || runtime.empty(); }
};

// Exports `model_path` (twice: the bytes must be identical), checks it, runs it in ONNX Runtime on
// `inputs_raw` and compares with `bprop predict`'s CSV. Returns the agreement.
Agreement export_and_compare(const Tools& tools, const std::string& dir, const std::string& name,
                             const Model& model, int rows, const std::string& predict_csv,
                             const std::string& inputs_raw, const std::string& opset = "") {
  const std::string model_path = dir + "/" + name + ".bprop", onnx = dir + "/" + name + ".onnx";
  const std::string flags = opset.empty() ? "" : " --opset " + opset;
  for (const char* suffix : {"", ".again"}) {
    const CommandResult r = run_command(bprop_cli() + " export " + model_path +
                                        " --format onnx -o " + onnx + suffix + flags);
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  EXPECT_EQ(read_text(onnx), read_text(onnx + ".again")) << name << ": exports differ";
  if (opset.empty()) {  // python3-onnx 1.12 knows opsets up to 17
    const CommandResult check =
        run_command(tools.python + " " + BPROP_SOURCE_DIR + "/tests/export/check_onnx.py " + onnx);
    EXPECT_EQ(check.exit_code, 0) << check.err;
    EXPECT_NE(check.out.find("\"ir_version\": 8"), std::string::npos) << check.out;
    EXPECT_NE(check.out.find("\"model_crc32\""), std::string::npos) << check.out;
  }
  const std::string jobs = dir + "/" + name + ".jobs.json";
  std::ofstream(jobs) << "[{\"model\":\"" << onnx << "\",\"input\":\"" << inputs_raw
                      << "\",\"rows\":" << rows << ",\"cols\":" << model.network.input_width()
                      << ",\"out\":\"" << dir << "/" << name << "\"}]";
  const CommandResult run = run_command(tools.runtime + " " + jobs);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const bool classifier =
      model.loss == "softmax-ce" || (model.loss == "bce" && model.network.output_width() == 1);
  const PredictCsv want = read_predict_csv(predict_csv, classifier);
  const std::string base = dir + "/" + name;
  Agreement a = compare_outputs(
      want.values, read_raw_floats(base + (classifier ? ".probabilities" : ".prediction")));
  if (classifier) {
    std::vector<std::string> names = model.class_names;
    compare_labels(a, want, names, read_raw_int64(base + ".label"));
  }
  std::cout << "[ agreement ] " << name << (opset.empty() ? "" : " opset " + opset) << ": " << rows
            << " rows, max |onnxruntime - bprop predict| = " << a.max_abs_diff
            << ", label mismatches " << a.label_mismatches << " (near ties "
            << a.near_ties_differing << ")\n";
  return a;
}

TEST(OnnxExport, EveryActivationLossAndScalingMatchesBpropPredict) {
  const Tools tools;
  if (tools.missing()) GTEST_SKIP() << tools.why;
  const std::string dir = temp_folder();
  for (const ExportCase& c : all_export_cases()) {
    SCOPED_TRACE(c.name);
    const std::string base = dir + "/" + c.name;
    save_model(base + ".bprop", c.model);
    write_csv(base + ".csv", c.inputs, c.model.feature_names);
    write_raw_floats(base + ".raw", c.inputs);
    const CommandResult p = run_command(bprop_cli() + " predict --model " + base +
                                        ".bprop --data " + base + ".csv -o " + base + ".pred.csv");
    ASSERT_EQ(p.exit_code, 0) << p.err;
    for (const std::string opset : {"", "20"}) {
      const Agreement a = export_and_compare(tools, dir, c.name, c.model, c.inputs.rows(),
                                             base + ".pred.csv", base + ".raw", opset);
      EXPECT_LE(a.max_abs_diff, kTolerance);
      EXPECT_EQ(a.label_mismatches, 0);
    }
  }
}

// 784-256-128-10 ReLU, trained for one epoch on the first 10,000 training images (seconds), then
// compared on all 10,000 test images.
TEST(OnnxExport, FashionMnistAllTestRowsMatchBpropPredict) {
  const Tools tools;
  if (tools.missing()) GTEST_SKIP() << tools.why;
  FashionCase fc;
  try {
    fc = train_fashion_mnist_briefly();
  } catch (const DataError& e) {
    GTEST_SKIP() << e.what();
  }
  const Model& model = fc.model;
  const std::string dir = temp_folder();
  save_model(dir + "/fmnist.bprop", model);
  write_raw_floats(dir + "/test.raw", fc.test_inputs);
  const CommandResult p = run_command(bprop_cli() + " predict --model " + dir +
                                      "/fmnist.bprop --data " + std::string(kFashionMnistDir) +
                                      "/t10k-images-idx3-ubyte.gz -o " + dir + "/pred.csv");
  ASSERT_EQ(p.exit_code, 0) << p.err;
  const Agreement a =
      export_and_compare(tools, dir, "fmnist", model, 10000, dir + "/pred.csv", dir + "/test.raw");
  EXPECT_LE(a.max_abs_diff, kFashionTolerance);
  EXPECT_EQ(a.label_mismatches, 0);
  // The file is the raw float weights plus at most 4 KB of graph and metadata.
  const std::size_t weights_bytes = model.network.parameter_count() * sizeof(float);
  const std::size_t size = read_text(dir + "/fmnist.onnx").size();
  std::cout << "[ size ] fmnist.onnx " << size << " bytes; raw float weights " << weights_bytes
            << " bytes; overhead " << size - weights_bytes << " bytes\n";
  EXPECT_LE(size, weights_bytes + 4096);
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

// `bprop export --format c` on the host: the source compiles warning-free with gcc and clang under
// -std=c99 -Wall -Wextra -Wpedantic -Wconversion -Werror, its self-test passes, and its outputs
// are within 1e-6 of `bprop predict` on every row (generated data for every activation, loss and
// scaling; all 10,000 Fashion-MNIST test images for a 784-256-128-10 ReLU net); the same for the
// int8 export of those models.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "bprop/data/builtin.h"
#include "bprop/errors.h"
#include "bprop/export/c_source.h"
#include "testing/export_check.h"
#include "testing/run_command.h"

namespace bprop::testing {
namespace {

constexpr double kTolerance = 1e-6;
constexpr const char* kStrict = "-std=c99 -Wall -Wextra -Wpedantic -Wconversion -Werror -O2";

bool has(const std::string& compiler) {
  return run_command(compiler + " --version").exit_code == 0;
}

// Exports `model` as model.h/model.c into dir, builds the driver with `compiler`, runs it on the
// inputs and compares with `bprop predict`'s CSV. `flags`: more export flags (--int8).
Agreement build_run_compare(const std::string& compiler, const std::string& dir,
                            const std::string& model_path, const Model& model, const Matrix& inputs,
                            const std::string& predict_csv, const std::string& flags = "") {
  const CommandResult e = run_command(bprop_cli() + " export " + model_path +
                                      " --format c --name model -o " + dir + flags);
  EXPECT_EQ(e.exit_code, 0) << e.err;
  const std::string exe = dir + "/driver_" + compiler;
  const std::string build = compiler + " " + kStrict + " -I" + dir + " " + dir + "/model.c " +
                            BPROP_SOURCE_DIR + "/tests/export/c_driver.c -lm -o " + exe;
  const CommandResult b = run_command(build);
  EXPECT_EQ(b.exit_code, 0) << build << "\n" << b.err;
  write_raw_floats(dir + "/inputs.raw", inputs);
  const CommandResult r = run_command(exe + " " + dir + "/inputs.raw " +
                                      std::to_string(inputs.rows()) + " " + dir + "/c_out.raw");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("selftest: 0 of 32 rows differ"), std::string::npos) << r.out;
  const int outputs = model.network.output_width();
  const bool binary = model.loss == "bce" && outputs == 1;
  const bool classifier = model.loss == "softmax-ce" || binary;
  PredictCsv want = read_predict_csv(predict_csv, classifier);
  if (binary) {  // predict writes [1 - p, p]; the C function returns p alone
    Matrix p(want.values.rows(), 1);
    for (int row = 0; row < p.rows(); ++row) p(row, 0) = want.values(row, 1);
    want.values = p;
  }
  Agreement a = compare_outputs(want.values, read_raw_floats(dir + "/c_out.raw"));
  if (classifier) {
    std::vector<int64_t> labels;
    const std::string raw = read_text(dir + "/c_out.raw.label");
    for (std::size_t i = 0; i + 4 <= raw.size(); i += 4) {
      int32_t label;
      std::copy(raw.begin() + static_cast<long>(i), raw.begin() + static_cast<long>(i) + 4,
                reinterpret_cast<char*>(&label));
      labels.push_back(label);
    }
    compare_labels(a, read_predict_csv(predict_csv, true), model.class_names, labels);
  }
  return a;
}

TEST(CExport, EveryActivationLossAndScalingCompilesAndMatchesBpropPredict) {
  for (const ExportCase& c : float_export_cases()) {
    SCOPED_TRACE(c.name);
    const std::string dir = temp_folder();
    save_model(dir + "/m.bprop", c.model);
    write_case_csv(dir + "/in.csv", c);
    const CommandResult p = run_command(bprop_cli() + " predict --model " + dir +
                                        "/m.bprop --data " + dir + "/in.csv -o " + dir + "/p.csv");
    ASSERT_EQ(p.exit_code, 0) << p.err;
    for (const std::string compiler : {"gcc", "clang"}) {
      if (!has(compiler)) continue;
      const Agreement a =
          build_run_compare(compiler, dir, dir + "/m.bprop", c.model, c.inputs, dir + "/p.csv");
      std::cout << "[ agreement ] C (" << compiler << ") " << c.name << ": " << c.inputs.rows()
                << " rows, max |C - bprop predict| = " << a.max_abs_diff << ", label mismatches "
                << a.label_mismatches << "\n";
      EXPECT_LE(a.max_abs_diff, kTolerance);
      EXPECT_EQ(a.label_mismatches, 0);
      // Without a softmax the C source is bprop's own arithmetic (its sums in bprop's order, the
      // same libm on this host), so equal to the bit; a softmax normalises in float where bprop
      // sums in double.
      if (c.model.loss != "softmax-ce") {
        EXPECT_EQ(a.max_abs_diff, 0.0);
      }
    }
  }
}

// The int8 export: integer arithmetic equal to bprop's int8 network, so its outputs are as close
// to `bprop predict` on the int8 model as the float export's are on the float model. The tabular
// cases feed NaN for missing inputs, which the export replaces by their fill as bprop does.
TEST(CExport, Int8ModelsOfEveryActivationLossAndScalingMatchBpropPredict) {
  for (const ExportCase& c : float_export_cases()) {
    SCOPED_TRACE(c.name);
    const std::string dir = temp_folder();
    save_model(dir + "/f.bprop", c.model);
    write_case_csv(dir + "/in.csv", c);  // a tabular case's text: `quantize` reads its encoding
    const CommandResult q = run_command(bprop_cli() + " quantize " + dir + "/f.bprop --calibrate " +
                                        dir + "/in.csv -o " + dir + "/m.bprop");
    ASSERT_EQ(q.exit_code, 0) << q.err;
    const CommandResult p = run_command(bprop_cli() + " predict --model " + dir +
                                        "/m.bprop --data " + dir + "/in.csv -o " + dir + "/p.csv");
    ASSERT_EQ(p.exit_code, 0) << p.err;
    for (const std::string compiler : {"gcc", "clang"}) {
      if (!has(compiler)) continue;
      const Agreement a = build_run_compare(compiler, dir, dir + "/m.bprop", c.model, c.inputs,
                                            dir + "/p.csv", " --int8");
      std::cout << "[ agreement ] C int8 (" << compiler << ") " << c.name
                << ": max |C - bprop predict| = " << a.max_abs_diff << ", label mismatches "
                << a.label_mismatches << "\n";
      EXPECT_LE(a.max_abs_diff, kTolerance);
      EXPECT_EQ(a.label_mismatches, 0);
    }
  }
  const ExportCase plain = make_export_case("float", "4,relu,2", "softmax-ce", Scaling::kNone, 10);
  EXPECT_THROW(export_c_source(plain.model, {.name = "net", .int8 = true}), ConfigError);
}

TEST(CExport, FashionMnistAllTestRowsMatchBpropPredict) {
  std::string why;
  const std::optional<FashionCase> fc = train_fashion_mnist_briefly(why);
  if (!fc) GTEST_SKIP() << why;
  const std::string& dir = fc->dir;
  const CommandResult p = run_command(bprop_cli() + " predict --model " + dir +
                                      "/fmnist.bprop --data " + std::string(kFashionMnistDir) +
                                      "/t10k-images-idx3-ubyte.gz -o " + dir + "/pred.csv");
  ASSERT_EQ(p.exit_code, 0) << p.err;
  for (const std::string compiler : {"gcc", "clang"}) {
    if (!has(compiler)) continue;
    const Agreement a = build_run_compare(compiler, dir, dir + "/fmnist.bprop", fc->model,
                                          fc->test_inputs, dir + "/pred.csv");
    std::cout << "[ agreement ] C (" << compiler
              << ") fmnist: 10000 rows, max |C - bprop predict| = " << a.max_abs_diff
              << ", label mismatches " << a.label_mismatches << " (near ties "
              << a.near_ties_differing << ")\n";
    EXPECT_LE(a.max_abs_diff, kTolerance);
    EXPECT_EQ(a.label_mismatches, 0);
  }
}

TEST(CExport, BadNamesAndPathsExitNonZeroAndLeaveNoFile) {
  const std::string dir = temp_folder();
  const ExportCase c = make_export_case("bad", "4,relu,2", "softmax-ce", Scaling::kNone, 10);
  save_model(dir + "/m.bprop", c.model);
  const CommandResult no_name =
      run_command(bprop_cli() + " export " + dir + "/m.bprop --format c -o " + dir);
  EXPECT_EQ(no_name.exit_code, 1);
  EXPECT_NE(no_name.err.find("--format c needs --name"), std::string::npos) << no_name.err;
  for (const char* name : {"2fast", "my-net", "int", "a b", "x\"y"}) {
    const CommandResult r = run_command(bprop_cli() + " export " + dir +
                                        "/m.bprop --format c --name '" + name + "' -o " + dir);
    EXPECT_EQ(r.exit_code, 1) << name;
    EXPECT_NE(r.err.find("is not a C identifier"), std::string::npos) << r.err;
  }
  const CommandResult missing_dir = run_command(bprop_cli() + " export " + dir +
                                                "/m.bprop --format c --name net -o " + dir + "/no");
  EXPECT_EQ(missing_dir.exit_code, 5) << missing_dir.err;
  // The header cannot be written (a folder is in its way): the .c written first is removed again.
  std::filesystem::create_directory(dir + "/net.h");
  const CommandResult blocked =
      run_command(bprop_cli() + " export " + dir + "/m.bprop --format c --name net -o " + dir);
  EXPECT_EQ(blocked.exit_code, 5) << blocked.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/net.c"));
  EXPECT_TRUE(is_c_identifier("_net2"));
  EXPECT_FALSE(is_c_identifier(std::string(64, 'a')));
}

// Weights near float's limit: bprop's own outputs for the self-test rows overflow, and the export
// says so instead of writing literals no C compiler reads.
TEST(CExport, AModelThatOverflowsOnItsSelftestRowsIsRefused) {
  ExportCase c = make_export_case("overflow", "2", "mse", Scaling::kNone, 1);
  for (auto* p : c.model.network.parameters()) p->value.fill(3e38f);
  EXPECT_THROW(export_c_source(c.model, {.name = "net"}), ConfigError);
}

}  // namespace
}  // namespace bprop::testing

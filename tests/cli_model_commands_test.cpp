// bprop evaluate, predict and inspect as a user meets them, with their exit codes. The model is
// written through the library with hand-set weights, so every expected number is known exactly.
#include <gtest/gtest.h>

#include <fstream>

#include "bprop/io/model_file.h"
#include "bprop/registry.h"
#include "testing/cli_files.h"
#include "testing/run_command.h"

namespace bprop::testing {
namespace {

// One dense layer with the given weights and bias.
Model one_layer_model(Matrix weight, Matrix bias, const std::string& loss) {
  Model m;
  m.network = build_network<float>(weight.cols(), std::to_string(weight.rows()));
  m.network.parameters()[0]->value = std::move(weight);
  m.network.parameters()[1]->value = std::move(bias);
  m.loss = loss;
  return m;
}

// Logits = inputs (identity weights): the predicted class is the larger input.
struct Fixture {
  std::string dir = temp_folder();
  std::string model = dir + "/m.bprop";
  std::string data = dir + "/d.csv";
  Fixture() {
    save_identity_classifier(model);
    write(data, "x1,x2,label\n1,0,a\n0,1,b\n2,1,b\n");
  }
  static void write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }
  std::string cli(const std::string& args) const { return bprop_cli() + " " + args; }
};

// Issue 18: the model file records the bprop that wrote it (format version 4), and inspect shows
// it.
TEST(CliInspect, ShowsTheBpropVersionThatWroteTheModel) {
  const Fixture f;
  const std::string version = run_command(f.cli("--version")).out;  // "bprop 0.1.0\n"
  ASSERT_TRUE(version.starts_with("bprop ")) << version;
  const std::string trained = f.dir + "/t.bprop";
  ASSERT_EQ(run_command(f.cli("train --epochs 3 -q -o " + trained)).exit_code, 0);
  const CommandResult text = run_command(f.cli("inspect " + trained));
  EXPECT_TRUE(contains(text.out, "(bprop model format version 4, written by " +
                                     version.substr(0, version.size() - 1) + ")\n"))
      << text.out;
  const CommandResult json = run_command(f.cli("inspect " + trained + " --format json"));
  EXPECT_TRUE(contains(json.out, "\"format_version\":4,\"bprop_version\":\"" +
                                     version.substr(6, version.size() - 7) + "\""))
      << json.out;
  // A model the library saved without a version stays version 1 and shows none.
  const CommandResult old = run_command(f.cli("inspect " + f.model + " --format json"));
  EXPECT_TRUE(contains(old.out, "\"format_version\":1,\"bprop_version\":null")) << old.out;
}

TEST(CliEvaluate, ReportsLossAccuracyPerClassAndConfusion) {
  const Fixture f;
  const CommandResult r = run_command(f.cli("evaluate --model " + f.model + " --data " + f.data));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("3 samples"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("accuracy: 0.6667 (2/3)"), std::string::npos) << r.out;
  // b: predicted once (correct) -> precision 1, recall 1/2.
  EXPECT_NE(r.out.find("b        1.0000    0.5000         2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("confusion matrix"), std::string::npos) << r.out;
  // F1: a 2/3 (P 1/2, R 1), b 2/3 (P 1, R 1/2); balanced accuracy: mean recall (1 + 1/2) / 2.
  EXPECT_NE(r.out.find("macro F1: 0.6667\nbalanced accuracy: 0.7500"), std::string::npos) << r.out;
}

TEST(CliEvaluate, JsonHasTheSameNumbers) {
  const Fixture f;
  const CommandResult r =
      run_command(f.cli("evaluate -m " + f.model + " -d " + f.data + " --format json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"samples\":3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"confusion\":[[1,0],[1,1]]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"name\":\"b\",\"precision\":1.0,\"recall\":0.5"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\"balanced_accuracy\":0.75"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"macro_f1\":0.666666"), std::string::npos) << r.out;
}

// A regression model y = x1 + 2·x2: errors 0, 1, -2 on targets 1, 1, 5 (mean 7/3, SS_tot 32/3).
TEST(CliEvaluate, RegressionReportsRmseMaeAndR2) {
  const Fixture f;
  Model m = one_layer_model(Matrix{{1, 2}}, Matrix{{0}}, "mse");
  m.feature_names = {"x1", "x2"};
  m.target_names = {"y"};
  const std::string model = f.dir + "/reg.bprop", data = f.dir + "/reg.csv";
  save_model(model, m);
  Fixture::write(data, "x1,x2,y\n1,0,1\n0,1,1\n1,1,5\n");
  const CommandResult text = run_command(f.cli("evaluate -m " + model + " -d " + data));
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("RMSE: 1.2909944\nMAE: 1\nR²: 0.5312"), std::string::npos) << text.out;
  const CommandResult json =
      run_command(f.cli("evaluate -m " + model + " -d " + data + " --format json"));
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"mae\":1.0,\"r2\":0.53125"), std::string::npos) << json.out;
  EXPECT_EQ(json.out.find("accuracy"), std::string::npos) << json.out;
}

// IDX pairs on the command line: 2x2 images, the model's classes "0" and "1".
TEST(CliEvaluate, ReadsAnIdxPair) {
  const Fixture f;
  Model m = one_layer_model(Matrix{{1, 0, 0, 0}, {0, 1, 0, 0}}, Matrix{{0, 0}}, "softmax-ce");
  m.class_names = {"0", "1"};
  const std::string model = f.dir + "/idx.bprop";
  save_model(model, m);
  const std::string images = f.dir + "/images.idx", labels = f.dir + "/labels.idx";
  Fixture::write(images, std::string("\0\0\x08\x03\0\0\0\x02\0\0\0\x02\0\0\0\x02", 16) +
                             std::string("\xff\0\0\0\0\xff\0\0", 8));
  Fixture::write(labels, std::string("\0\0\x08\x01\0\0\0\x02\x00\x01", 10));
  CommandResult r =
      run_command(f.cli("evaluate -m " + model + " -d " + images + " --labels " + labels));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("accuracy: 1.0000 (2/2)"), std::string::npos) << r.out;
  Fixture::write(labels, std::string("\0\0\x08\x01\0\0\0\x03\x00\x01", 10));  // truncated
  r = run_command(f.cli("evaluate -m " + model + " -d " + images + " --labels " + labels));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("declares 3 bytes of data"), std::string::npos) << r.err;
}

TEST(CliPredict, WritesClassAndProbabilitiesIgnoringTheTargetColumn) {
  const Fixture f;
  const std::string expected =
      "class,p_a,p_b\na,0.7310586,0.26894143\nb,0.26894143,0.7310586\na,0.7310586,0.26894143\n";
  CommandResult r = run_command(f.cli("predict --model " + f.model + " --data " + f.data));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, expected);
  // Without the target column, from standard input, to a file.
  const std::string out = f.dir + "/out.csv";
  r = run_command(f.cli("predict -m " + f.model + " -d - -o " + out), "1,0\n0,1\n2,1\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(out);
  const std::string written((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(written, expected);
}

TEST(CliInspect, ShowsArchitectureClassesAndMetadata) {
  const Fixture f;
  const CommandResult r = run_command(f.cli("inspect " + f.model));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("network: 2 -> dense:2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("parameters: 6"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("classes (2): a, b"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("preprocessing: none"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("epochs: 12"), std::string::npos) << r.out;
}

TEST(CliModelCommands, DataErrorsExitTwoWithThePosition) {
  const Fixture f;
  Fixture::write(f.data, "x1,x2,label\n1,0,a\n0,5abc,b\n");
  CommandResult r = run_command(f.cli("evaluate -m " + f.model + " -d " + f.data));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(f.data + ":3:3: column 'x2': expected a number, got '5abc'"),
            std::string::npos)
      << r.err;
  Fixture::write(f.data, "x1,x2,label\n1,0,c\n");
  r = run_command(f.cli("evaluate -m " + f.model + " -d " + f.data));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("label 'c' is not one of the model's 2 classes"), std::string::npos)
      << r.err;
  r = run_command(f.cli("predict -m " + f.model + " -d " + f.dir + "/missing.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.csv"), std::string::npos) << r.err;
}

TEST(CliModelCommands, ModelErrorsExitThree) {
  const Fixture f;
  CommandResult r = run_command(f.cli("inspect " + f.data));  // a CSV passed as the model
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("not a bprop model file"), std::string::npos) << r.err;
  r = run_command(f.cli("inspect " + f.dir + "/none.bprop"));
  EXPECT_EQ(r.exit_code, 3);
}

TEST(CliModelCommands, UnwritableOutputExitsFive) {
  const Fixture f;
  const CommandResult r =
      run_command(f.cli("predict -m " + f.model + " -d " + f.data + " -o " + f.dir));  // a folder
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_NE(r.err.find("not a regular file"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace bprop::testing

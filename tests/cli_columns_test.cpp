// Issue 18's five "silently wrong" findings, each as a user met it: columns matched by name, the
// default target by position, whole-number regression targets, output folders checked before
// training, and ID columns in the data given to predict.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "testing/cli_files.h"
#include "testing/run_command.h"

namespace bprop::testing {
namespace {

std::string cli(const std::string& args) { return bprop_cli() + " " + args; }

std::string identity_model(const std::string& dir) {
  save_identity_classifier(dir + "/m.bprop");
  return dir + "/m.bprop";
}

// Finding 1: the same rows with the columns in another order give the same results.
TEST(CliColumns, EvaluateAndPredictMatchFeatureColumnsByName) {
  const std::string dir = temp_folder();
  const std::string model = identity_model(dir);
  write_file(dir + "/ordered.csv", "x1,x2,label\n3,0,a\n0,1,b\n2,1,a\n");
  write_file(dir + "/reversed.csv", "label,x2,x1\na,0,3\nb,1,0\na,1,2\n");
  for (const std::string command : {"evaluate", "predict"}) {
    const CommandResult ordered =
        run_command(cli(command + " -m " + model + " -d " + dir + "/ordered.csv"));
    const CommandResult reversed =
        run_command(cli(command + " -m " + model + " -d " + dir + "/reversed.csv"));
    ASSERT_EQ(reversed.exit_code, 0) << reversed.err;
    EXPECT_EQ(std::regex_replace(reversed.out, std::regex("reversed.csv"), "d.csv"),
              std::regex_replace(ordered.out, std::regex("ordered.csv"), "d.csv"))
        << command;
  }
  const CommandResult r = run_command(cli("evaluate -m " + model + " -d " + dir + "/reversed.csv"));
  EXPECT_TRUE(contains(r.out, "accuracy: 1.0000 (3/3)")) << r.out;
}

TEST(CliColumns, MissingFeatureColumnsAreListedAndHeaderlessFilesGoByPosition) {
  const std::string dir = temp_folder();
  const std::string model = identity_model(dir);
  write_file(dir + "/missing.csv", "x1,y,label\n3,0,a\n");
  CommandResult r = run_command(cli("evaluate -m " + model + " -d " + dir + "/missing.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "missing 1 of the model's feature columns: x2")) << r.err;
  EXPECT_TRUE(contains(r.err, "the model's features: x1, x2; the header has: x1, y, label"))
      << r.err;
  // The model knows its target by name only: without a header, --target says where it is.
  write_file(dir + "/plain.csv", "3,0,a\n0,1,b\n");
  r = run_command(cli("evaluate -m " + model + " -d " + dir + "/plain.csv --target 2"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "no header row: its 2 feature columns are used by position"))
      << r.err;
  write_file(dir + "/wide.csv", "3,0,7,a\n");
  r = run_command(cli("evaluate -m " + model + " -d " + dir + "/wide.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "3 feature columns, but the model takes 2")) << r.err;
}

TEST(CliColumns, ValidationAndTestFilesMatchTheTrainingColumnsByName) {
  const std::string dir = temp_folder();
  std::ostringstream ordered, reversed;
  ordered << "x1,x2,label\n";
  reversed << "label,x2,x1\n";
  for (int i = 0; i < 40; ++i) {
    const int x1 = i % 7, x2 = (i * 3) % 5, label = x1 > x2 ? 1 : 0;
    ordered << x1 << ',' << x2 << ',' << label << '\n';
    reversed << label << ',' << x2 << ',' << x1 << '\n';
  }
  write_file(dir + "/train.csv", ordered.str());
  write_file(dir + "/reversed.csv", reversed.str());
  const std::string base = cli("train -d " + dir + "/train.csv --epochs 5 -q --seed 3 ");
  const CommandResult a = run_command(base + "--val " + dir + "/train.csv");
  const CommandResult b =
      run_command(base + "--val " + dir + "/reversed.csv --test " + dir + "/reversed.csv");
  ASSERT_EQ(b.exit_code, 0) << b.err;
  // "validation   0.693 ..." without the split's name.
  const auto numbers = [](const std::string& out, const std::string& split) {
    const std::size_t at = out.find("\n" + split + " ");
    if (at == std::string::npos) return std::string();
    return out.substr(at + 13, out.find('\n', at + 1) - at - 13);
  };
  EXPECT_FALSE(numbers(a.out, "validation").empty()) << a.out;
  EXPECT_EQ(numbers(a.out, "validation"), numbers(b.out, "validation")) << a.out << b.out;
  EXPECT_EQ(numbers(a.out, "validation"), numbers(b.out, "test")) << b.out;
}

// Finding 2: scikit-learn's iris.csv starts "150,4,setosa,...": the header names column 1 "4".
TEST(CliColumns, DefaultTargetIsTheLastColumnByPositionAndTheRunSaysWhich) {
  const std::string dir = temp_folder();
  std::ostringstream csv;
  csv << "6,4,setosa,versicolor,virginica\n";
  for (int i = 0; i < 6; ++i) csv << 5 + i << ".1,3.5,1.4,0." << i << ',' << i % 3 << '\n';
  write_file(dir + "/iris.csv", csv.str());
  CommandResult r = run_command(cli("train -d " + dir + "/iris.csv --epochs 1 -q"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("data: " + dir +
                            "/iris.csv, 6 rows; header: yes; target 'virginica' "
                            "(column 4): 3 classes (0, 1, 2)\n",
                        0),
            0u)
      << r.out;
  EXPECT_TRUE(contains(r.out, "loss softmax-ce")) << r.out;
  r = run_command(cli("train -d " + dir + "/iris.csv --epochs 1 -q --target 4"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err,
                       "'4' is both the header name of column 1 and the 0-based index of "
                       "'virginica' (column 4); write name:4 or index:4"))
      << r.err;
  r = run_command(cli("train -d " + dir + "/iris.csv --epochs 1 -q --target name:4"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "target '4' (column 1): regression")) << r.out;
}

// Finding 3: a regression target written as whole numbers stays a regression.
TEST(CliColumns, ManyDistinctWholeNumbersAreARegressionTarget) {
  const std::string dir = temp_folder();
  std::ostringstream csv;
  csv << "age,bmi,progression\n";
  for (int i = 0; i < 60; ++i)
    csv << 20 + i % 50 << ',' << 18 + i % 13 << ',' << 25 + 5 * i << '\n';
  write_file(dir + "/d.csv", csv.str());
  CommandResult r = run_command(cli("train -d " + dir + "/d.csv --epochs 1 -q"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out,
                       "target 'progression' (column 2): regression (60 distinct whole numbers "
                       "in 60 rows, so a quantity; --task classify reads them as classes)"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "loss mse")) << r.out;
  r = run_command(cli("train -d " + dir + "/d.csv --epochs 1 -q --task classify"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, ": 60 classes")) << r.out;
  // Few distinct whole numbers stay classes.
  write_file(dir + "/c.csv", "x,label\n1,0\n2,1\n3,2\n4,0\n5,1\n6,2\n");
  r = run_command(cli("train -d " + dir + "/c.csv --epochs 1 -q"));
  EXPECT_TRUE(contains(r.out, "target 'label' (column 1): 3 classes")) << r.out;
}

// Finding 4: a missing output folder is found before training, not after.
TEST(CliColumns, MissingOutputFoldersStopTheRunBeforeTraining) {
  const std::string dir = temp_folder();
  for (const std::string flag : {"--out", "--report", "--checkpoint", "--log"}) {
    const CommandResult r =
        run_command(cli("train --data moons --epochs 1 -q " + flag + " " + dir + "/nodir/file"));
    EXPECT_EQ(r.exit_code, 5) << flag << ": " << r.err;
    EXPECT_TRUE(contains(
        r.err, flag + " " + dir + "/nodir/file: the folder '" + dir + "/nodir' does not exist"))
        << r.err;
    EXPECT_TRUE(contains(r.err, "hint: create it first")) << r.err;
    EXPECT_FALSE(contains(r.out, "network:")) << flag << " trained first:\n" << r.out;
  }
}

// Finding 5: an ID column in the data is ignored by predict, and can be carried into the output.
TEST(CliColumns, PredictIgnoresAndKeepsAnIdColumnAndTrainDropsOne) {
  const std::string dir = temp_folder();
  const std::string model = identity_model(dir);
  write_file(dir + "/ids.csv", "id,x1,x2\nr1,3,0\nr2,0,1\n");
  CommandResult r = run_command(cli("predict -m " + model + " -d " + dir + "/ids.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "class,p_a,p_b\na,")) << r.out;
  EXPECT_TRUE(contains(r.err, "ignoring 1 column(s) the model does not use: id")) << r.err;
  r = run_command(cli("predict -m " + model + " -d " + dir + "/ids.csv --keep id"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find(',', r.out.find('\n'))), "id,class,p_a,p_b\nr1") << r.out;
  EXPECT_TRUE(contains(r.out, "\nr2,b,")) << r.out;
  // train --drop leaves the ID out of the features.
  write_file(dir + "/train.csv", "id,x1,x2,label\n1,3,0,a\n2,0,1,b\n3,2,1,a\n4,0,2,b\n");
  r = run_command(
      cli("train -d " + dir + "/train.csv --drop id --epochs 1 -q -o " + dir + "/t.bprop"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(cli("inspect " + dir + "/t.bprop"));
  EXPECT_TRUE(contains(r.out, "features (2): x1, x2")) << r.out;
}

}  // namespace
}  // namespace bprop::testing

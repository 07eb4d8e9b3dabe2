// What `bprop predict` writes for rows a user might misread (audits 5 and 6): a NaN feature under
// --allow-nonfinite, finite features the model overflows, and output columns whose names a kept
// column also has.
#include <gtest/gtest.h>

#include <string>

#include "testing/cli_files.h"
#include "testing/run_command.h"

namespace bprop::testing {
namespace {

std::string cli(const std::string& args) { return bprop_cli() + " " + args; }

const char* const kTrain = "x1,x2,y\n1,2,a\n2,3,b\n3,1,a\n4,5,b\n5,2,a\n6,7,b\n";

// A ReLU network used to map a NaN pre-activation to 0: every row with a NaN feature got the same
// finite, plausible probabilities and a class. Now its outputs are NaN and it has no class, and
// the finite row keeps the bits it has alone.
TEST(CliPredictOutputs, NanFeatureGivesNanOutputsAndNoClassThroughRelu) {
  const std::string dir = temp_folder();
  write_file(dir + "/a.csv", kTrain);
  for (const char* layers : {"16,relu,1", "16,relu,2"}) {
    const std::string model = dir + "/m.bprop";
    const CommandResult t = run_command(
        cli("train --data " + dir + "/a.csv --layers " + layers + " --epochs 3 -q -o " + model));
    ASSERT_EQ(t.exit_code, 0) << t.err;
    write_file(dir + "/nf.csv", "x1,x2\nnan,1\n1,nan\n1,2\n");
    write_file(dir + "/finite.csv", "x1,x2\n1,2\n");
    const std::string predict = "predict -m " + model + " --allow-nonfinite -d " + dir;
    CommandResult r = run_command(cli(predict + "/nf.csv"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const CommandResult alone = run_command(cli(predict + "/finite.csv"));
    ASSERT_EQ(alone.exit_code, 0) << alone.err;
    const std::string finite_line = alone.out.substr(alone.out.find('\n') + 1);
    EXPECT_EQ(r.out, "class,p_a,p_b\n,nan,nan\n,nan,nan\n" + finite_line) << layers;
    r = run_command(cli(predict + "/nf.csv --format json"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.out.starts_with("{\"class\":null,\"p_a\":null,\"p_b\":null}\n")) << r.out;
  }
}

// Audit 6, finding 04: a finite feature the scaling or a layer overflows (3e38, where the
// training data's spread is ~2) gave NaN outputs, and predict named the first class, evaluate
// scored the row as that class with loss nan, exit 0. Predict says so (no class, a note counting
// the rows); evaluate refuses to score them (exit 2).
TEST(CliPredictOutputs, FiniteFeaturesThatOverflowTheModelAreSaidNotScored) {
  const std::string dir = temp_folder();
  // x1's spread is ~0.17, so the scaling alone takes 3e38 past the largest float.
  write_file(dir + "/a.csv", "x1,x2,y\n0.1,2,a\n0.2,3,b\n0.3,1,a\n0.4,5,b\n0.5,2,a\n0.6,7,b\n");
  const std::string model = dir + "/m.bprop";
  const CommandResult t = run_command(
      cli("train --data " + dir + "/a.csv --layers 16,relu,2 --epochs 3 -q -o " + model));
  ASSERT_EQ(t.exit_code, 0) << t.err;
  write_file(dir + "/big.csv", "x1,x2,y\n0.1,2,a\n3e38,1,a\n-3e38,2,b\n");
  const CommandResult p = run_command(cli("predict -m " + model + " -d " + dir + "/big.csv"));
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_TRUE(p.out.ends_with("\n,nan,nan\n,nan,nan\n")) << p.out;
  EXPECT_NE(p.err.find("big.csv: 2 rows have outputs that are not finite though their features "
                       "are: a value the model's scaling or arithmetic overflows (the first: data "
                       "row 2); they have no class"),
            std::string::npos)
      << p.err;
  const CommandResult e = run_command(cli("evaluate -m " + model + " -d " + dir + "/big.csv"));
  EXPECT_EQ(e.exit_code, 2) << e.out;
  EXPECT_NE(e.err.find("(the first: data row 2), which cannot be scored"), std::string::npos)
      << e.err;
  EXPECT_EQ(e.out.find("accuracy"), std::string::npos) << e.out;
}

// A kept column named like an output (a regression target kept beside its prediction, a column
// named `class`) used to give two columns of one name: CSV readers took the input, JSON parsers
// the prediction. The outputs keep their names; the kept column becomes NAME_kept, with a note.
TEST(CliPredictOutputs, KeptColumnNamedLikeAnOutputIsRenamed) {
  const std::string dir = temp_folder();
  write_file(dir + "/train.csv", "x1,x2,price\n1,2,10\n2,3,20\n3,1,30\n4,5,40\n5,2,50\n");
  CommandResult r = run_command(
      cli("train --data " + dir + "/train.csv --task regress -q -o " + dir + "/r.bprop"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string regress = "predict -m " + dir + "/r.bprop -d " + dir + "/train.csv --keep ";
  r = run_command(cli(regress + "price"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("price_kept,price\n10,")) << r.out;
  EXPECT_TRUE(contains(r.err, "column 'price' is written as 'price_kept'")) << r.err;
  r = run_command(cli(regress + "price --format json"));
  EXPECT_TRUE(r.out.starts_with("{\"price_kept\":\"10\",\"price\":")) << r.out;
  // Twice, or beside a column already named price_kept: every name is still one column's.
  r = run_command(cli(regress + "price,price,x1"));
  EXPECT_TRUE(r.out.starts_with("price_kept,price_kept_kept,x1,price\n")) << r.out;
  write_file(dir + "/c.csv", kTrain);
  r = run_command(cli("train --data " + dir + "/c.csv -q -o " + dir + "/c.bprop"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  write_file(dir + "/kc.csv", "class,p_a,x1,x2\nX,0,1,2\n");
  r = run_command(cli("predict -m " + dir + "/c.bprop -d " + dir + "/kc.csv --keep class,p_a"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("class_kept,p_a_kept,class,p_a,p_b\nX,0,")) << r.out;
}

}  // namespace
}  // namespace bprop::testing

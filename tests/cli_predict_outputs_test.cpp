// What `bprop predict` writes for rows a user might misread (audit 5): a NaN feature under
// --allow-nonfinite, and output columns whose names a kept column also has.
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

}  // namespace
}  // namespace bprop::testing

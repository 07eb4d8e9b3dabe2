// `bprop report`: errors a user can make, with their exit codes, and a report drawn from a log.
#include <gtest/gtest.h>

#include <fstream>

#include "testing/run_command.h"

namespace bprop {
namespace {

using testing::bprop_cli;
using testing::run_command;

TEST(ReportCli, NeedsAnOutput) {
  const auto r = run_command(bprop_cli() + " report some.jsonl");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("-o FILE.html"), std::string::npos) << r.err;
}

TEST(ReportCli, MissingLogIsADataError) {  // an input, like a missing CSV (exit 2)
  const std::string dir = testing::temp_folder();
  const auto r =
      run_command(bprop_cli() + " report " + dir + "/absent.jsonl -o " + dir + "/x.html");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("absent.jsonl"), std::string::npos) << r.err;
}

TEST(ReportCli, InvalidLogIsADataErrorNamingTheLine) {
  const std::string dir = testing::temp_folder();
  std::ofstream(dir + "/bad.jsonl") << "{\"type\":\"config\",\"version\":1}\n{\"type\":\"epoch\",\n"
                                    << "{\"type\":\"epoch\",\"epoch\":2,\"train_loss\":1}\n";
  auto r = run_command(bprop_cli() + " report " + dir + "/bad.jsonl -o " + dir + "/x.html");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.jsonl:2"), std::string::npos) << r.err;
  std::ofstream(dir + "/other.jsonl") << "{\"type\":\"epoch\",\"epoch\":1,\"train_loss\":1}\n";
  r = run_command(bprop_cli() + " report " + dir + "/other.jsonl -o " + dir + "/x.html");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a bprop training log"), std::string::npos) << r.err;
}

// What a hostile or wrong file does to `bprop report`: exit 2 with the file, the line and the
// reason, no page written, bounded memory (an endless line stops at 16 MiB).
TEST(ReportCli, HostileLogsFailCleanlyWithExitTwo) {
  const std::string dir = testing::temp_folder();
  const std::string config = "{\"type\":\"config\",\"version\":1}\n";
  std::ofstream(dir + "/deep.jsonl") << config << std::string(1 << 20, '[') << "\n";
  std::ofstream(dir + "/overflow.jsonl") << config << R"({"type":"epoch","epoch":1e999})"
                                         << "\n";
  std::ofstream(dir + "/grid.jsonl")
      << config << R"({"type":"final","input_width":2,"layers":[],"boundary":{"x_min":0,)"
      << R"("x_max":1,"y_min":0,"y_max":1,"nx":2147483647,"ny":2147483647,"outputs":4,)"
      << R"("values":[1]}})"
      << "\n";
  for (const auto& [file, reason] :
       {std::pair{dir + "/deep.jsonl", "deep.jsonl:2: invalid record: nested deeper than 32"},
        {dir + "/overflow.jsonl",
         "overflow.jsonl:2: invalid JSON: number overflow parsing '1e999'"},
        {dir + "/grid.jsonl", "grid.jsonl:2: boundary grid has 1 values"},
        {std::string("/dev/zero"), "/dev/zero:1: a line longer than 16 MiB"}}) {
    const auto r = run_command(bprop_cli() + " report " + file + " -o " + dir + "/x.html");
    EXPECT_EQ(r.exit_code, 2) << file;
    EXPECT_NE(r.err.find(reason), std::string::npos) << r.err;
  }
  EXPECT_FALSE(std::ifstream(dir + "/x.html").good());
}

TEST(ReportCli, DrawsCurvesFromALogWithoutAFinalRecord) {
  const std::string dir = testing::temp_folder();
  std::ofstream(dir + "/run.jsonl")
      << "{\"type\":\"config\",\"version\":1,\"network\":\"2 -> dense:1\",\"loss\":\"bce\"}\n"
      << "{\"type\":\"epoch\",\"epoch\":1,\"train_loss\":0.7,\"grad_norms\":{\"0:dense:1\":0.1}}\n"
      << "{\"type\":\"epoch\",\"epoch\":2,\"train_loss\":0.6,\"grad_norms\":{\"0:dense:1\":0.05}}"
         "\n";
  const auto r = run_command(bprop_cli() + " report " + dir + "/run.jsonl -o " + dir +
                             "/run.html --svg-dir " + dir + "/svg");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream html(dir + "/run.html");
  const std::string page((std::istreambuf_iterator<char>(html)), std::istreambuf_iterator<char>());
  EXPECT_NE(page.find("class=\"chart loss-curves\""), std::string::npos);
  EXPECT_NE(page.find("class=\"chart gradient-norms\""), std::string::npos);
  EXPECT_NE(page.find("stopped before it finished"), std::string::npos);
  EXPECT_TRUE(std::ifstream(dir + "/svg/loss.svg").good());
  EXPECT_TRUE(std::ifstream(dir + "/svg/gradients.svg").good());
}

}  // namespace
}  // namespace bprop

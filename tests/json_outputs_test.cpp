// Every JSON output of bprop, checked by another parser: Python's json module, strict about
// constants (NaN and Infinity are not JSON) and about UTF-8. The outputs: `bprop train --log`
// (config, epoch and final records), `--format json` of every command, and log records holding
// non-finite numbers (a diverged loss), which the CLI cannot be made to write on purpose.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "bprop/report/training_log.h"
#include "testing/run_command.h"

namespace bprop::testing {
namespace {

constexpr const char* kPython = "/usr/bin/python3";

// Parses every line of each file with json.loads; prints how many values it read.
constexpr const char* kCheckEveryLine = R"(
import json, sys
def refuse(constant): raise ValueError("not JSON: " + constant)
lines = 0
for path in sys.argv[1:]:
    for number, line in enumerate(open(path, "rb").read().decode("utf-8").split("\n"), 1):
        if not line:
            continue
        try:
            json.loads(line, parse_constant=refuse)
        except ValueError as e:
            sys.exit(f"{path}:{number}: {e}")
        lines += 1
print(lines, "lines")
)";

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Runs the checker over `files` and expects it to read `lines` lines.
void expect_python_parses(const std::string& dir, const std::string& files, int lines) {
  ASSERT_EQ(access(kPython, X_OK), 0) << kPython << " is missing (Debian 'python3', listed in "
                                      << "scripts/packages.txt)";
  write(dir + "/check.py", kCheckEveryLine);
  const CommandResult r = run_command(std::string(kPython) + " " + dir + "/check.py " + files);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, std::to_string(lines) + " lines\n") << r.err;
}

// Names that need escaping, a UTF-8 name and a Latin-1 byte (not UTF-8) in the CSV header and
// labels, so the log's feature and class names and evaluate's class names carry them.
TEST(JsonOutputs, TrainLogAndEvaluateParseInPython) {
  const std::string dir = temp_folder();
  std::string csv = "\"x \"\"1\"\"\\\",y\xe9,label\n";
  for (int i = 0; i < 40; ++i) {
    const double x = std::cos(i * 0.7), y = std::sin(i * 1.3);
    csv += std::to_string(x) + "," + std::to_string(y) + "," +
           (x + y > 0 ? "\"caf\xc3\xa9\t\"\"q\"\"\"" : "\xff") + "\n";
  }
  write(dir + "/d.csv", csv);
  const CommandResult train = run_command(bprop_cli() + " train --data " + dir +
                                          "/d.csv --layers 4,tanh,2 --epochs 3 --val-split 0.25 "
                                          "--quiet --out " +
                                          dir + "/m.bprop --log " + dir + "/run.jsonl");
  ASSERT_EQ(train.exit_code, 0) << train.err;
  const CommandResult evaluate = run_command(bprop_cli() + " evaluate --model " + dir +
                                             "/m.bprop --data " + dir + "/d.csv --format json");
  ASSERT_EQ(evaluate.exit_code, 0) << evaluate.err;
  EXPECT_NE(evaluate.out.find("caf\xc3\xa9\\t\\\"q\\\""), std::string::npos) << evaluate.out;
  write(dir + "/evaluate.json", evaluate.out);
  expect_python_parses(dir, dir + "/run.jsonl " + dir + "/evaluate.json", 5 + 1);
}

// A regression model: the log's "regression" record and evaluate's RMSE, MAE and R².
TEST(JsonOutputs, RegressionLogAndEvaluateParseInPython) {
  const std::string dir = temp_folder();
  std::string csv = "a,b,y\n";
  for (int i = 0; i < 40; ++i) {
    csv += std::to_string(i % 7) + "," + std::to_string(i % 5) + "," +
           std::to_string(2 * (i % 7) - (i % 5)) + ".5\n";
  }
  write(dir + "/reg.csv", csv);
  const std::string files = dir + "/run.jsonl " + dir + "/evaluate.json";
  ASSERT_EQ(
      run_command(bprop_cli() + " train --data " + dir + "/reg.csv --epochs 3 --quiet --out " +
                  dir + "/m.bprop --log " + dir + "/run.jsonl")
          .exit_code,
      0);
  const CommandResult evaluate = run_command(bprop_cli() + " evaluate --model " + dir +
                                             "/m.bprop --data " + dir + "/reg.csv --format json");
  ASSERT_EQ(evaluate.exit_code, 0) << evaluate.err;
  EXPECT_NE(evaluate.out.find("\"rmse\":"), std::string::npos) << evaluate.out;
  write(dir + "/evaluate.json", evaluate.out);
  expect_python_parses(dir, files, 5 + 1);
}

// Every command's --format json result (tests/cli_json_test.cpp checks the members), with names
// that need escaping and bytes that are not UTF-8 in the training file's header and labels.
TEST(JsonOutputs, FormatJsonResultsParseInPython) {
  const std::string dir = temp_folder();
  std::string csv = "\"x \"\"1\"\"\\\",y\xe9,label\n";
  for (int i = 0; i < 40; ++i) {
    csv += std::to_string(i % 7) + "," + std::to_string(i % 3) + "," +
           (i % 7 > 3 ? "\xff" : "a\t") + "\n";
  }
  write(dir + "/d.csv", csv);
  const std::string m = " " + dir + "/m.bprop";
  const std::pair<std::string, std::string> runs[] = {
      {"train", "train --data " + dir + "/d.csv --epochs 2 --val-split 0.25 -q --log " + dir +
                    "/run.jsonl --out" + m},
      {"train-xor", "train -q"},
      {"inspect", "inspect" + m},
      {"dataset", "dataset spirals --samples 9 -o " + dir + "/s.csv"},
      {"convert", "convert " + dir + "/d.csv -o " + dir + "/d.bpd"},
      {"quantize", "quantize" + m + " --calibrate " + dir + "/d.csv -o " + dir + "/q.bprop"},
      {"report", "report " + dir + "/run.jsonl -o " + dir + "/r.html"},
      {"gradcheck", "gradcheck --layers 3,gelu,2 --loss softmax-ce"},
  };
  std::string files;
  for (const auto& [name, args] : runs) {
    const CommandResult r = run_command(bprop_cli() + " " + args + " --format json");
    ASSERT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    write(dir + "/" + name + ".json", r.out);
    files += " " + dir + "/" + name + ".json";
  }
  expect_python_parses(dir, files, 8);
}

// `bprop export --format onnx` stores the feature, target and class names as JSON arrays in the
// model's metadata; ONNX's own reader opens the file (optional Debian package python3-onnx).
TEST(JsonOutputs, OnnxMetadataListsParseInPython) {
  if (run_command(std::string(kPython) + " -c 'import onnx'").exit_code != 0) {
    GTEST_SKIP() << "SKIPPED: python3-onnx is not installed (optional in scripts/packages.txt)";
  }
  const std::string dir = temp_folder();
  write(dir + "/d.csv", "\"x \"\"1\"\"\",y\xff,label\n0,0,caf\xc3\xa9\n1,1,\xff\n0,1,a\n");
  ASSERT_EQ(run_command(bprop_cli() + " train --data " + dir + "/d.csv --layers 3 --epochs 1 " +
                        "--quiet --out " + dir + "/m.bprop")
                .exit_code,
            0);
  const CommandResult exported =
      run_command(bprop_cli() + " export " + dir + "/m.bprop --format onnx -o " + dir + "/m.onnx");
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  write(dir + "/lists.py", R"(
import json, onnx, sys
model = onnx.load(sys.argv[1])
lists = {p.key: json.loads(p.value) for p in model.metadata_props if p.key.endswith("_names")}
print(json.dumps(lists, sort_keys=True, ensure_ascii=False))
)");
  const CommandResult r =
      run_command(std::string(kPython) + " " + dir + "/lists.py " + dir + "/m.onnx");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "{\"class_names\": [\"a\", \"caf\xc3\xa9\", \"\xef\xbf\xbd\"], "
            "\"feature_names\": [\"x \\\"1\\\"\", \"y\xef\xbf\xbd\"], "
            "\"target_names\": [\"label\"]}\n")
      << r.err;
}

TEST(JsonOutputs, NonFiniteNumbersParseInPython) {
  const std::string dir = temp_folder();
  const double inf = std::numeric_limits<double>::infinity();
  FinalSummary final;
  final.train_loss = -inf;
  final.boundary = DecisionGrid{.nx = 1, .ny = 1, .outputs = 2, .values = {NAN, -INFINITY}};
  write(dir + "/diverged.jsonl",
        to_json_line(EpochMetrics{.epoch = 1, .train_loss = NAN, .val_loss = inf}) + "\n" +
            to_json_line(final) + "\n");
  expect_python_parses(dir, dir + "/diverged.jsonl", 2);
}

}  // namespace
}  // namespace bprop::testing

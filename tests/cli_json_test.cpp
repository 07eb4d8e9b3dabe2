// `--format text|json` in every command that reports a result (issue 18, "one CLI grammar"): each
// accepts it, prints exactly one JSON object on one line of stdout when it succeeds, sends
// everything else to stderr, and reports errors as "error:" lines on stderr with the exit code of
// the table, never as JSON.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "testing/cli_files.h"

namespace bprop::testing {
namespace {

using Json = nlohmann::json;

// Commands whose --format is not text|json, and why.
const std::map<std::string, std::string> kOtherFormats = {
    {"export", "--format names the exported file's format (onnx, c); it prints no summary"},
};

// The subcommands `bprop --help` lists.
std::vector<std::string> listed_commands() {
  const CommandResult r = run_command(bprop_cli() + " --help");
  std::vector<std::string> names;
  const std::string& help = r.out;
  const std::size_t start = help.find("Subcommands:\n");
  if (start == std::string::npos) return names;
  static const std::regex line(R"(^  ([a-z]+) )");
  std::size_t at = start + 13;
  while (at < help.size() && help[at] != '\n') {
    const std::size_t end = help.find('\n', at);
    std::smatch m;
    const std::string text = help.substr(at, end - at);
    if (std::regex_search(text, m, line)) names.push_back(m[1]);
    at = end + 1;
  }
  return names;
}

TEST(CliJson, EveryCommandThatReportsAResultAcceptsFormatTextAndJson) {
  const std::vector<std::string> commands = listed_commands();
  ASSERT_GE(commands.size(), 10u) << "bprop --help lists fewer commands than expected";
  for (const std::string& command : commands) {
    const CommandResult r = run_command(bprop_cli() + " " + command + " --help");
    ASSERT_EQ(r.exit_code, 0) << command;
    const bool text_or_json = contains(r.out, "--format TEXT:{text,json}=text");
    if (kOtherFormats.count(command) != 0) {
      EXPECT_FALSE(text_or_json) << command << ": listed as an exception, but accepts text|json";
    } else {
      EXPECT_TRUE(text_or_json) << command << " has no --format text|json (or add it to "
                                << "kOtherFormats with the reason)\n"
                                << r.out;
    }
  }
}

// Parses `out` as the one JSON object of a run: a single line, an object.
Json one_object(const std::string& what, const CommandResult& r) {
  EXPECT_EQ(r.exit_code, 0) << what << ": " << r.err;
  EXPECT_FALSE(r.out.empty()) << what;
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << what << ": not one line:\n" << r.out;
  const Json value = Json::parse(r.out, nullptr, false);
  EXPECT_TRUE(value.is_object()) << what << ": " << r.out;
  return value;
}

TEST(CliJson, EachCommandPrintsOneObjectAndItsNotesGoToStderr) {
  const CliFolder f;
  ASSERT_EQ(f.cli("dataset moons --samples 120 -o " + f.path("m.csv")).exit_code, 0);
  Json v = one_object(
      "train", f.cli("train -d " + f.path("m.csv") +
                     " --val-split 0.25 --epochs "
                     "2 -q -o " +
                     f.path("m.bprop") + " --log " + f.path("run.jsonl") + " --format json"));
  EXPECT_EQ(v["completed"], true);
  EXPECT_EQ(v["targets"], Json::array({"label"}));
  EXPECT_EQ(v["task"], "classify");
  EXPECT_EQ(v["epochs"], 2);
  EXPECT_EQ(v["splits"]["train"]["rows"], 90);
  EXPECT_EQ(v["splits"]["validation"]["rows"], 30);
  EXPECT_TRUE(v["splits"]["validation"]["accuracy"].is_number());
  EXPECT_EQ(v["model"], f.path("m.bprop"));
  // The text report is still there, on stderr.
  const CommandResult text = f.cli("train -d " + f.path("m.csv") +
                                   " --epochs 2 -q --task regress "
                                   "--format json");
  v = one_object("train regress", text);
  EXPECT_EQ(v["task"], "regress");
  EXPECT_EQ(v["loss"], "mse");  // --task regress on 0/1 values: not bce
  EXPECT_TRUE(v["splits"]["train"]["r2"].is_number()) << text.out;
  EXPECT_TRUE(v["model"].is_null());
  EXPECT_TRUE(contains(text.err, "target 'label' (column 2)")) << text.err;
  EXPECT_TRUE(contains(text.err, "network: ")) << text.err;

  v = one_object("stop-after", f.cli("train -d moons --samples 60 --epochs 4 -q --stop-after 1 "
                                     "--checkpoint " +
                                     f.path("c.ckpt") + " --format json"));
  EXPECT_EQ(v["completed"], false);
  EXPECT_EQ(v["checkpoint"], f.path("c.ckpt"));
  v = one_object("dataset",
                 f.cli("dataset circles --samples 7 -o " + f.path("c.csv") + " --format json"));
  EXPECT_EQ(v["samples"], 7);
  v = one_object("convert",
                 f.cli("convert " + f.path("m.csv") + " -o " + f.path("m.bpd") + " --format json"));
  EXPECT_EQ(v["rows"], 120);
  v = one_object("quantize",
                 f.cli("quantize " + f.path("m.bprop") + " --calibrate " + f.path("m.csv") +
                       " -o " + f.path("m8.bprop") + " --format json"));
  EXPECT_EQ(v["out"], f.path("m8.bprop"));
  v = one_object("report", f.cli("report " + f.path("run.jsonl") + " -o " + f.path("r.html") +
                                 " --svg-dir " + f.path("svg") + " --format json"));
  EXPECT_EQ(v["epochs"], 2);
  EXPECT_FALSE(v["svgs"].empty());
  v = one_object("inspect", f.cli("inspect " + f.path("m.bprop") + " --format json"));
  EXPECT_EQ(v["features"], Json::array({"x1", "x2"}));
  v = one_object("evaluate", f.cli("evaluate -m " + f.path("m.bprop") + " -d " + f.path("m.csv") +
                                   " --format json"));
  v = one_object("gradcheck", f.cli("gradcheck --layers 3,tanh,2 --format json"));
  EXPECT_EQ(v["ok"], true);
}

// predict --format json: one object per input row (JSON Lines), keyed by the CSV's header, with
// the same cells; kept IDs and the class are strings, probabilities numbers.
TEST(CliJson, PredictWritesOneObjectPerRowWithTheCsvsCells) {
  const CliFolder f;
  const std::string data =
      f.write("in.csv", "id,x1,x2,label\n\"r\"\"1\",0.5,2,b\nr2,3,-1,a\nr3,1,1.5,b\n");
  save_identity_classifier(f.path("m.bprop"));
  const std::string predict = "predict -m " + f.path("m.bprop") + " -d " + data + " --keep id";
  const CommandResult csv = f.cli(predict);
  const CommandResult json = f.cli(predict + " --format json");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  ASSERT_EQ(json.exit_code, 0) << json.err;
  std::vector<std::string> csv_lines, json_lines;
  for (std::size_t at = 0, end; (end = csv.out.find('\n', at)) != std::string::npos; at = end + 1)
    csv_lines.push_back(csv.out.substr(at, end - at));
  for (std::size_t at = 0, end; (end = json.out.find('\n', at)) != std::string::npos; at = end + 1)
    json_lines.push_back(json.out.substr(at, end - at));
  ASSERT_EQ(csv_lines.size(), 4u) << csv.out;
  ASSERT_EQ(json_lines.size(), 3u) << json.out;
  EXPECT_EQ(csv_lines[0], "id,class,p_a,p_b");
  for (std::size_t r = 0; r < 3; ++r) {
    const Json row = Json::parse(json_lines[r]);
    ASSERT_TRUE(row.is_object()) << json_lines[r];
    EXPECT_EQ(row.size(), 4u) << json_lines[r];
    const std::string& line = csv_lines[r + 1];
    const std::size_t p_b = line.rfind(','), p_a = line.rfind(',', p_b - 1);
    EXPECT_TRUE(line.ends_with("," + row["p_b"].dump())) << line << " vs " << json_lines[r];
    EXPECT_EQ(line.substr(p_a + 1, p_b - p_a - 1), row["p_a"].dump()) << line;
    EXPECT_EQ(row["class"], r == 1 ? "a" : "b") << json_lines[r];
  }
  EXPECT_EQ(Json::parse(json_lines[0])["id"], "r\"1");  // quoted in the CSV, plain in JSON
  EXPECT_EQ(Json::parse(json_lines[1])["id"], "r2");
  EXPECT_TRUE(csv_lines[1].starts_with("\"r\"\"1\",b,")) << csv_lines[1];
}

TEST(CliJson, ErrorsStayOnStderrWithTheirExitCodes) {
  const CliFolder f;
  ASSERT_EQ(f.cli("dataset moons --samples 40 -o " + f.path("m.csv")).exit_code, 0);
  const std::pair<std::string, int> cases[] = {
      {"train -d " + f.path("missing.csv"), 2},
      {"train --epochs 1 -o " + f.path("no/folder/m.bprop"), 5},
      {"train --epochs 1 -o -", 1},  // the model and the JSON would share stdout
      {"train --lr -1", 1},
      {"dataset moons", 1},  // -o defaults to stdout
      {"dataset moons -o " + f.path("no/folder/d.csv"), 5},
      {"convert " + f.path("missing.csv") + " -o " + f.path("x.bpd"), 2},
      {"quantize " + f.path("missing.bprop") + " --calibrate " + f.path("m.csv") + " -o " +
           f.path("q.bprop"),
       3},
      {"report " + f.path("missing.jsonl") + " -o " + f.path("r.html"), 2},
      {"report " + f.path("missing.jsonl") + " -o -", 1},
      {"inspect " + f.path("m.csv"), 3},
      {"evaluate -m " + f.path("missing.bprop") + " -d " + f.path("m.csv"), 3},
      {"gradcheck --layers 3,dropout:0.5,2", 1},
  };
  for (const auto& [args, code] : cases) {
    const CommandResult r = f.cli(args + " --format json");
    EXPECT_EQ(r.exit_code, code) << args << "\n" << r.err;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_TRUE(r.err.starts_with("error: ") || contains(r.err, "\nerror: ")) << args << r.err;
  }
}

}  // namespace
}  // namespace bprop::testing

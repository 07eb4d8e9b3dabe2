// The training log's reader against what it must survive, and the writer's number and string
// guarantees: values come back bit for bit, in any locale; NaN and infinities are null; every
// damaged or hostile line is a TrainingLogError naming the file and the line.
#include <gtest/gtest.h>

#include <bit>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>

#include "bprop/report/training_log.h"
#include "testing/run_command.h"

namespace bprop {
namespace {

// Field by field: designated initializers of TrainingConfig trip g++ 12's -Wmaybe-uninitialized.
TrainingConfig config_with(const std::string& command_line, const std::string& class_name) {
  TrainingConfig config;
  config.command_line = command_line;
  config.class_names = {class_name};
  return config;
}

const std::string kConfig = to_json_line(config_with("bprop train", "0"));
const std::string kEpoch = to_json_line(EpochMetrics{.epoch = 1, .train_loss = 0.5});

RunRecord parse(const std::string& line) {
  return parse_training_log(kConfig + "\n" + line + "\n", "run.jsonl");
}

// Finite floats from every exponent, the edge cases first.
std::vector<float> floats_to_round_trip() {
  std::vector<float> values = {0.1f,
                               1.0f / 3.0f,
                               -0.0f,
                               std::numeric_limits<float>::min(),
                               std::numeric_limits<float>::denorm_min(),
                               std::numeric_limits<float>::max(),
                               -std::numeric_limits<float>::max(),
                               16777217.0f};
  std::mt19937 bits(7);
  while (values.size() < 64 * 64) {
    const float f = std::bit_cast<float>(static_cast<uint32_t>(bits()));
    if (std::isfinite(f)) values.push_back(f);
  }
  return values;
}

TEST(TrainingLogReader, NumbersComeBackBitForBit) {
  const double doubles[] = {0.1, 1.0 / 3.0, -2.5e-300, 1e300, 123456789012345678.0, -0.0};
  const EpochMetrics written{.epoch = 7,
                             .train_loss = doubles[0],
                             .train_accuracy = doubles[1],
                             .val_loss = doubles[2],
                             .val_accuracy = doubles[3],
                             .learning_rate = doubles[4],
                             .seconds = doubles[5]};
  TrainingConfig config;
  config.seed = std::numeric_limits<uint64_t>::max();
  config.parameter_count = std::size_t{1} << 40;
  FinalSummary final;
  final.boundary = DecisionGrid{.nx = 64, .ny = 64, .outputs = 1, .values = floats_to_round_trip()};
  const std::string final_line = to_json_line(final);
  EXPECT_NE(final_line.find("\"values\":[0.1,"), std::string::npos) << "the float's own text";
  const RunRecord r = parse_training_log(
      to_json_line(config) + "\n" + to_json_line(written) + "\n" + final_line + "\n", "t");
  EXPECT_EQ(r.config.seed, config.seed);
  EXPECT_EQ(r.config.parameter_count, config.parameter_count);
  const EpochMetrics& read = r.epochs.at(0);
  const double back[] = {read.train_loss,    *read.train_accuracy, *read.val_loss,
                         *read.val_accuracy, read.learning_rate,   read.seconds};
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(std::bit_cast<uint64_t>(back[i]), std::bit_cast<uint64_t>(doubles[i])) << i;
  }
  const std::vector<float>& values = r.final->boundary->values;
  ASSERT_EQ(values.size(), final.boundary->values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    ASSERT_EQ(std::bit_cast<uint32_t>(values[i]),
              std::bit_cast<uint32_t>(final.boundary->values[i]))
        << i << ": " << final.boundary->values[i];
  }
}

TEST(TrainingLogReader, NonFiniteNumbersAreWrittenAsNullAndReadAsNaN) {
  const std::string line = to_json_line(EpochMetrics{
      .epoch = 1, .train_loss = std::numeric_limits<double>::infinity(), .val_loss = std::nan("")});
  EXPECT_NE(line.find("\"train_loss\":null"), std::string::npos) << line;
  EXPECT_NE(line.find("\"val_loss\":null"), std::string::npos) << line;
  const RunRecord r = parse(line);
  EXPECT_TRUE(std::isnan(r.epochs.at(0).train_loss));
  EXPECT_TRUE(std::isnan(r.epochs.at(0).val_loss.value()));
}

TEST(TrainingLogReader, StringsComeBackAndBytesThatAreNotUtf8BecomeU_FFFD) {
  const std::string awkward = "a\"b\\c\n\t\x01\x1f é €";
  const std::string line = to_json_line(config_with(awkward, "\xff latin-1"));
  EXPECT_NE(line.find("\\u0001"), std::string::npos) << line;
  const RunRecord r = parse_training_log(line + "\n", "t");
  EXPECT_EQ(r.config.command_line, awkward);
  EXPECT_EQ(r.config.class_names.at(0), "\xef\xbf\xbd latin-1");
}

// Each line comes second in a log, between a valid config and a valid epoch record.
TEST(TrainingLogReader, DamagedOrHostileLinesNameTheFileAndLine) {
  const std::string epoch = R"({"type":"epoch","train_loss":1,"epoch":)";
  const std::string layer = R"({"type":"final","input_width":2,"layers":[{"index":0,"spec":"d",)"
                            R"("input_width":2,"output_width":1,"parameters":[{"name":"w",)";
  const std::pair<std::string, std::string> cases[] = {
      {R"({"type":"epoch",)", "invalid JSON at column 17"},
      {R"({"type":"epoch","epoch":1,"train_loss":1} 2)", "invalid JSON"},
      {R"({"type":"config","network":"\xff"})", "invalid JSON"},  // not UTF-8
      {std::string(100000, '['), "nested deeper than 32 levels"},
      {epoch + "1e999}", "number overflow"},
      {epoch + "\"1\"}", "\"epoch\" should be an integer in range, not string"},
      {epoch + "4294967296}", "not the number 4294967296"},
      {epoch + "1.5}", "not the number 1.5"},
      {R"({"type":"epoch","train_loss":1})", "missing member \"epoch\""},
      {R"([1,2])", "expected an object holding \"type\", not array"},
      {R"({"type":7})", "\"type\" should be a string"},
      {layer + R"("rows":65536,"cols":65536,"values":[1]}]}]})", "1 values for 65536x65536"},
      {R"({"type":"final","input_width":2,"layers":[],"confusion":{"class_names":["a"],)"
       R"("counts":[[1,2]]}})",
       "confusion matrix is not 1x1"},
      {R"({"type":"final","input_width":2,"layers":[],"boundary":{"x_min":0,"x_max":1,"y_min":0,)"
       R"("y_max":1,"nx":-1,"ny":1,"outputs":1,"values":[]}})",
       "boundary grid"},
      {std::string(kMaxLogLineBytes + 1, ' '), "a line longer than 16 MiB"},
  };
  for (const auto& [line, reason] : cases) {
    try {
      parse_training_log(kConfig + "\n" + line + "\n" + kEpoch + "\n", "run.jsonl");
      ADD_FAILURE() << "accepted: " << line.substr(0, 200);
    } catch (const TrainingLogError& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.rfind("run.jsonl:2: ", 0), 0u) << what;
      EXPECT_NE(what.find(reason), std::string::npos) << what;
    }
  }
  EXPECT_THROW(parse_training_log("\x89PNG\r\n\x1a\n", "x.png"), TrainingLogError);
}

// The numbers are written and read the same whatever the C locale's decimal separator. The test
// builds a German locale (decimal comma) with localedef into a temporary folder.
TEST(TrainingLogReader, NumbersIgnoreTheLocale) {
  const std::string dir = testing::temp_folder();
  const auto built = testing::run_command("localedef -i de_DE -f ISO-8859-1 " + dir + "/de_DE");
  setenv("LOCPATH", dir.c_str(), 1);
  if (built.exit_code > 1 || std::setlocale(LC_ALL, "de_DE") == nullptr) {  // 1: warnings only
    unsetenv("LOCPATH");
    GTEST_SKIP() << "SKIPPED: cannot build the de_DE locale (Debian package 'locales', listed in "
                    "scripts/packages.txt): "
                 << built.err;
  }
  ASSERT_STREQ(std::localeconv()->decimal_point, ",");
  const std::string line = to_json_line(EpochMetrics{.epoch = 1, .train_loss = 0.25});
  const RunRecord r = parse(line);
  std::setlocale(LC_ALL, "C");
  unsetenv("LOCPATH");
  EXPECT_NE(line.find("\"train_loss\":0.25"), std::string::npos) << line;
  EXPECT_EQ(r.epochs.at(0).train_loss, 0.25);
}

}  // namespace
}  // namespace bprop

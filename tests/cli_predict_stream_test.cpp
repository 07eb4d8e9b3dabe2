// predict and evaluate read, predict and write chunk by chunk (docs/reliability.md P25): the same
// row gets the same bytes in files of any length and in chunks of any size (batch-invariant
// inference), --keep columns and scores go through chunks unchanged, and a bad row found late
// leaves no half-written output.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "testing/cli_files.h"
#include "testing/run_command.h"

namespace bprop::testing {
namespace {

// Row r of a 40-feature file: an ID, 40 numbers and a class; wide enough that the first layer's
// product over 64 rows went to the GEMM library before inference became row-invariant.
std::string row(int r) {
  // Appended piece by piece: g++ 12 -O3 warns falsely on "literal" + std::string.
  std::string line = "r";
  line += std::to_string(r);
  for (int c = 0; c < 40; ++c) {
    line += ',';
    line += std::to_string(((r * 37 + c * 11) % 200) / 50.0 - 2.0);
  }
  line += r % 3 == 0 ? ",x\n" : (r % 3 == 1 ? ",y\n" : ",z\n");
  return line;
}

std::string file_of(int rows, int first = 0) {
  std::string text = "id";
  for (int c = 0; c < 40; ++c) {
    text += ",f";
    text += std::to_string(c);
  }
  text += ",label\n";
  for (int r = first; r < first + rows; ++r) text += row(r);
  return text;
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string line(const std::string& text, int index) {
  std::size_t at = 0;
  for (int i = 0; i < index; ++i) at = text.find('\n', at) + 1;
  return text.substr(at, text.find('\n', at) - at);
}

struct Trained : CliFolder {
  Trained() {
    write("train.csv", file_of(300));
    const CommandResult t = cli("train -d " + path("train.csv") + " --drop id --layers " +
                                "64,relu,32,tanh,3 --epochs 2 --seed 4 -q -o " + path("m.bprop"));
    EXPECT_EQ(t.exit_code, 0) << t.err;
  }
  CommandResult predict(const std::string& data, const std::string& flags = "") const {
    return cli("predict -m " + path("m.bprop") + " -d " + data + " " + flags);
  }
};

TEST(CliPredictStream, ARowGetsTheSameBytesInAnyFileAndAnyChunk) {
  const Trained f;
  std::string expected;
  for (const int rows : {1, 7, 64, 300, 1000}) {
    // Row 5 first, then other rows: only the other rows and their number change.
    std::string name = std::to_string(rows);
    name += "rows.csv";
    const std::string data =
        f.write(name, file_of(1, 5) + file_of(rows - 1, 1000).substr(file_of(0).size()));
    for (const std::string chunk : {"1", "3k", "16M"}) {
      const CommandResult r = f.predict(data, "--keep id --chunk " + chunk);
      ASSERT_EQ(r.exit_code, 0) << r.err;
      if (expected.empty()) expected = line(r.out, 1);
      EXPECT_EQ(line(r.out, 1), expected) << rows << " rows, --chunk " << chunk;
      if (rows == 1000) {
        EXPECT_EQ(r.out, f.predict(data, "--keep id").out) << "--chunk " << chunk;
      }
    }
  }
  EXPECT_EQ(expected.rfind("r5,", 0), 0U) << expected;
}

TEST(CliPredictStream, EvaluateScoresDoNotDependOnTheChunk) {
  const Trained f;
  const std::string data = f.write("test.csv", file_of(5000, 7));
  const std::string eval = "evaluate -m " + f.path("m.bprop") + " -d " + data;
  const CommandResult whole = f.cli(eval + " --format json");
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_NE(whole.out.find("\"samples\":5000"), std::string::npos) << whole.out;
  for (const std::string chunk : {"1", "50k"}) {
    EXPECT_EQ(f.cli(eval + " --format json --chunk " + chunk).out, whole.out) << chunk;
    EXPECT_EQ(f.cli(eval + " --chunk " + chunk).out, f.cli(eval).out) << chunk;
  }
}

TEST(CliPredictStream, ABadRowFoundLateLeavesNoHalfWrittenOutput) {
  const Trained f;
  const std::string out = f.write("out.csv", "the previous predictions\n");
  const std::string data = f.write("late.csv", file_of(2000) + "r9,1,oops\n");
  const CommandResult r = f.predict(data, "--chunk 4k -o " + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("late.csv:2002:"), std::string::npos) << r.err;
  EXPECT_EQ(read(out), "the previous predictions\n");
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(f.dir))
    files += !entry.is_directory();
  EXPECT_EQ(files, 4);  // train.csv, m.bprop, out.csv, late.csv: no temporary file left
  // Without the bad row the file is written, the same as to standard output.
  const std::string good = f.write("good.csv", file_of(2000));
  ASSERT_EQ(f.predict(good, "--chunk 4k -o " + out).exit_code, 0);
  EXPECT_EQ(read(out), f.predict(good).out);
  EXPECT_EQ(f.predict(good, "--chunk 0").exit_code, 1);
}

// A model with a tabular encoding (missing cells, a text column) reads its CSV through the
// encoding chunk by chunk (TabularStream): the same bytes and the same note for any chunk size.
TEST(CliPredictStream, ATabularModelsCsvStreamsWithTheSameBytes) {
  CliFolder f;
  std::string text = "id,size,color,y\n";
  const char* colors[] = {"red", "blue", "NA", "green"};
  for (int r = 0; r < 3000; ++r) {
    text += 'r';
    text += std::to_string(r);
    text += ',';
    text += r % 13 == 5 ? std::string("?") : std::to_string((r * 7 % 100) / 10.0);
    text += ',';
    text += colors[r % 4];
    text += r % 3 == 0 ? ",x\n" : ",y\n";
  }
  const std::string data = f.write("tab.csv", text);
  const CommandResult t =
      f.cli("train -d " + data + " --drop id --epochs 2 --seed 4 -q -o " + f.path("m.bprop"));
  ASSERT_EQ(t.exit_code, 0) << t.err;
  const std::string predict = "predict -m " + f.path("m.bprop") + " -d " + data + " --keep id";
  const CommandResult whole = f.cli(predict + " --chunk 1G");
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_NE(whole.err.find("missing cells filled"), std::string::npos) << whole.err;
  const std::string eval = "evaluate -m " + f.path("m.bprop") + " -d " + data + " --format json";
  const std::string scores = f.cli(eval + " --chunk 1G").out;
  for (const std::string chunk : {"1", "3k", "16M"}) {
    const CommandResult r = f.cli(predict + " --chunk " + chunk);
    EXPECT_EQ(r.out, whole.out) << "--chunk " << chunk;
    EXPECT_EQ(r.err, whole.err) << "--chunk " << chunk;
    EXPECT_EQ(f.cli(eval + " --chunk " + chunk).out, scores) << "--chunk " << chunk;
  }
}

}  // namespace
}  // namespace bprop::testing

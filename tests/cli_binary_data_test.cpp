// Binary data files through the CLI: `bprop convert`, `--data FILE.bpd` in every command, the
// --cache next to a CSV, and damaged files exiting 2 with the file named (docs/reliability.md
// P22).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "testing/cli_files.h"
#include "testing/run_command.h"

namespace bprop::testing {
namespace {

using Files = CliFolder;

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Missing cells and a text column, so the tabular encoding is part of what is converted.
std::string survey(int rows, int shift = 0) {
  std::string text = "age,color,label\n";
  for (int i = 0; i < rows; ++i) {
    text += (i % 7 == 3 ? std::string("NA") : std::to_string(20 + (i + shift) % 50)) + ",";
    text += std::string(i % 3 == 0 ? "red" : "blue") + ",";
    text += (i % 3 == 0 ? "yes" : "no") + std::string("\n");
  }
  return text;
}

constexpr const char* kFlags = " --epochs 5 --layers 8,relu,2 --seed 3 -q";

TEST(CliBinaryData, ConvertedDataTrainsEvaluatesAndPredictsLikeTheCsv) {
  const Files f;
  const std::string csv = f.write("train.csv", survey(60));
  const CommandResult c = f.cli("convert " + csv + " -o " + f.path("train.bpd"));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_NE(c.err.find("wrote 60 rows x 3 features (+1 target columns)"), std::string::npos)
      << c.err;
  ASSERT_EQ(f.cli("train --data " + csv + kFlags + " --out " + f.path("csv.bprop")).exit_code, 0);
  const CommandResult t =
      f.cli("train --data " + f.path("train.bpd") + kFlags + " --out " + f.path("bpd.bprop"));
  ASSERT_EQ(t.exit_code, 0) << t.err;
  // The same weights: the two models predict the same numbers, from the CSV and from the .bpd.
  const CommandResult from_csv = f.cli("predict -m " + f.path("csv.bprop") + " -d " + csv);
  const CommandResult from_bpd =
      f.cli("predict -m " + f.path("bpd.bprop") + " -d " + f.path("train.bpd"));
  ASSERT_EQ(from_bpd.exit_code, 0) << from_bpd.err;
  EXPECT_EQ(from_bpd.out, from_csv.out);
  const CommandResult e =
      f.cli("evaluate -m " + f.path("bpd.bprop") + " -d " + f.path("train.bpd"));
  EXPECT_EQ(e.exit_code, 0) << e.err;
  const std::string csv_scores = f.cli("evaluate -m " + f.path("csv.bprop") + " -d " + csv).out;
  ASSERT_NE(e.out.find("loss: "), std::string::npos) << e.out;
  EXPECT_EQ(e.out.substr(e.out.find("loss: ")), csv_scores.substr(csv_scores.find("loss: ")));
}

TEST(CliBinaryData, OtherDataMustBeConvertedLikeTheTrainingData) {
  const Files f;
  ASSERT_EQ(
      f.cli("convert " + f.write("train.csv", survey(60)) + " -o " + f.path("train.bpd")).exit_code,
      0);
  const std::string val = f.write("val.csv", survey(30, 11));
  ASSERT_EQ(f.cli("convert " + val + " -o " + f.path("own.bpd")).exit_code, 0);
  ASSERT_EQ(f.cli("convert " + val + " --like " + f.path("train.bpd") + " -o " + f.path("like.bpd"))
                .exit_code,
            0);
  const std::string train = "train --data " + f.path("train.bpd") + kFlags + " --val ";
  EXPECT_EQ(f.cli(train + f.path("like.bpd")).exit_code, 0);
  const CommandResult own = f.cli(train + f.path("own.bpd"));
  EXPECT_EQ(own.exit_code, 2);
  EXPECT_NE(own.err.find("another tabular encoding"), std::string::npos) << own.err;
  EXPECT_NE(own.err.find("--like"), std::string::npos) << own.err;
  const CommandResult flags = f.cli(train + f.path("like.bpd") + " --target label");
  EXPECT_EQ(flags.exit_code, 1);
  EXPECT_NE(flags.err.find("chosen when it was converted"), std::string::npos) << flags.err;
}

// IDX images with their labels converted --like a training file or a model: the labels go with
// the images (they were dropped, and convert refused the images as unlabelled), and a test file
// whose labels are a subset keeps the training data's classes.
TEST(CliBinaryData, IdxWithLabelsConvertsLikeTrainingDataAndModels) {
  const Files f;
  // Four 2x2 images labelled 0, 1, 2, 1; a test set of two labelled 1, 1.
  const std::string pixels("\xff\0\0\0\0\xff\0\0\xff\0\0\0\0\xff\0\0", 16);
  f.write("train.idx", std::string("\0\0\x08\x03\0\0\0\x04\0\0\0\x02\0\0\0\x02", 16) + pixels);
  f.write("train.lbl", std::string("\0\0\x08\x01\0\0\0\x04\x00\x01\x02\x01", 12));
  f.write("test.idx",
          std::string("\0\0\x08\x03\0\0\0\x02\0\0\0\x02\0\0\0\x02", 16) + pixels.substr(0, 8));
  f.write("test.lbl", std::string("\0\0\x08\x01\0\0\0\x02\x01\x01", 10));
  f.write("bad.lbl", std::string("\0\0\x08\x01\0\0\0\x02\x01\x07", 10));
  const std::string test = f.path("test.idx") + " --labels " + f.path("test.lbl");
  ASSERT_EQ(f.cli("convert " + f.path("train.idx") + " --labels " + f.path("train.lbl") + " -o " +
                  f.path("train.bpd"))
                .exit_code,
            0);
  const std::string flags = " --epochs 2 --layers 4,relu,3 --loss softmax-ce --seed 3 -q";
  ASSERT_EQ(f.cli("train --data " + f.path("train.bpd") + flags + " --out " + f.path("m.bprop"))
                .exit_code,
            0);
  for (const std::string like : {"train.bpd", "m.bprop"}) {
    const CommandResult c =
        f.cli("convert " + test + " --like " + f.path(like) + " -o " + f.path(like + ".test.bpd"));
    ASSERT_EQ(c.exit_code, 0) << like << ": " << c.err;
    // Both labels are class 1 of the model's three classes.
    const CommandResult e =
        f.cli("evaluate -m " + f.path("m.bprop") + " -d " + f.path(like + ".test.bpd"));
    EXPECT_EQ(e.exit_code, 0) << like << ": " << e.err;
    EXPECT_NE(e.out.find("data: " + f.path(like + ".test.bpd") + ", 2 samples"), std::string::npos)
        << e.out;
    const CommandResult val = f.cli("train --data " + f.path("train.bpd") + flags + " --val " +
                                    f.path(like + ".test.bpd"));
    EXPECT_EQ(val.exit_code, 0) << like << ": " << val.err;
    const CommandResult bad =
        f.cli("convert " + f.path("test.idx") + " --labels " + f.path("bad.lbl") + " --like " +
              f.path(like) + " -o " + f.path("bad.bpd"));
    EXPECT_EQ(bad.exit_code, 2) << like;
    EXPECT_NE(bad.err.find("has label 7, but there are only 3 classes"), std::string::npos)
        << bad.err;
  }
}

TEST(CliBinaryData, DamagedFilesExitTwoNamingTheFile) {
  const Files f;
  ASSERT_EQ(f.cli("convert " + f.write("d.csv", survey(4000)) + " -o " + f.path("d.bpd")).exit_code,
            0);
  ASSERT_EQ(f.cli("train --data " + f.path("d.bpd") + kFlags + " --out " + f.path("m")).exit_code,
            0);
  const std::string good = read(f.path("d.bpd"));
  std::string flipped = good;
  flipped[good.size() / 2] ^= 0x20;
  f.write("flip.bpd", flipped);
  f.write("short.bpd", good.substr(0, good.size() - 100));
  f.write("header.bpd", good.substr(0, 60));
  for (const std::string& name : std::vector<std::string>{"flip.bpd", "short.bpd", "header.bpd"}) {
    const std::vector<std::string> commands = {"train --data " + f.path(name) + kFlags,
                                               "evaluate -m " + f.path("m") + " -d " + f.path(name),
                                               "predict -m " + f.path("m") + " -d " + f.path(name)};
    for (const std::string& command : commands) {
      const CommandResult r = f.cli(command);
      EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.err;
      EXPECT_NE(r.err.find("error: " + f.path(name) + ": "), std::string::npos) << r.err;
      EXPECT_NE(r.err.find(name == "flip.bpd" ? "fail their checksum" : "truncated"),
                std::string::npos)
          << r.err;
    }
  }
}

TEST(CliBinaryData, CacheIsBuiltReusedAndRebuiltWhenStale) {
  const Files f;
  const std::string csv = f.write("c.csv", survey(80));
  const std::string train = "train --cache --data " + csv + kFlags;
  const CommandResult first = f.cli(train + " --out " + f.path("first"));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("building the cache " + csv + ".bpd: it does not exist yet"),
            std::string::npos)
      << first.err;
  const CommandResult again = f.cli(train + " --out " + f.path("again"));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.err.find("cache"), std::string::npos) << again.err;
  EXPECT_EQ(read(f.path("first")), read(f.path("again")));  // the cache gives the same model
  f.write("c.csv", survey(81));
  const CommandResult grown = f.cli(train);
  EXPECT_NE(grown.err.find("the CSV's size changed"), std::string::npos) << grown.err;
  std::string cache = read(csv + ".bpd");
  cache[100] ^= 1;
  f.write("c.csv.bpd", cache);
  const CommandResult corrupt = f.cli(train);
  EXPECT_EQ(corrupt.exit_code, 0) << corrupt.err;
  EXPECT_NE(corrupt.err.find("it is unreadable"), std::string::npos) << corrupt.err;
  const CommandResult flags = f.cli(train + " --na-values NA,x");
  EXPECT_NE(flags.err.find("it was read with other flags"), std::string::npos) << flags.err;
  EXPECT_EQ(f.cli("train --cache --data spirals --epochs 1").exit_code, 1);
}

}  // namespace
}  // namespace bprop::testing

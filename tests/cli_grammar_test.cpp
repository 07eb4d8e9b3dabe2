// One CLI grammar (issue 18): the same flag names in every command, --version, "did you mean",
// delimiters, decimal commas, gzip and IDX wherever data is read, binary files named by their
// magic bytes, and exit codes with one meaning each, listed alike in --help and the README.
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "testing/cli_files.h"
#include "testing/run_command.h"

namespace bprop::testing {
namespace {

std::string cli(const std::string& args) { return bprop_cli() + " " + args; }

// Two separable classes in x1, x2, with `delimiter` between the fields.
std::string two_classes(char delimiter, int rows = 20) {
  std::ostringstream csv;
  csv << "x1" << delimiter << "x2" << delimiter << "label\n";
  for (int i = 0; i < rows; ++i) {
    csv << i % 5 << delimiter << (i * 3) % 7 << delimiter << (i % 5 > 2 ? "yes" : "no") << '\n';
  }
  return csv.str();
}

TEST(CliGrammar, VersionIsPrinted) {
  const CommandResult r = run_command(cli("--version"));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(^bprop \d+\.\d+\.\d+)"))) << r.out;
}

TEST(CliGrammar, DidYouMeanForCommandsFlagsLayersAndLosses) {
  const std::pair<std::string, std::string> cases[] = {
      {"trian", "did you mean 'bprop train'?"},
      {"train --epoch 5", "did you mean '--epochs' instead of '--epoch'?"},
      {"train --layers 4,tahn,1", "did you mean 'tanh'?"},
      {"train --loss mes", "did you mean 'mse'?"},
      {"train --optimizer adma", "did you mean 'adam'?"},
      {"evaluate --mdoel m.bprop -d d.csv", "did you mean '--model'"},
      {"train --layers 4,softmax", "--loss softmax-ce"},
  };
  for (const auto& [args, suggestion] : cases) {
    const CommandResult r = run_command(cli(args));
    EXPECT_EQ(r.exit_code, 1) << args;
    EXPECT_TRUE(contains(r.err, suggestion)) << args << "\n" << r.err;
  }
}

TEST(CliGrammar, SameFlagNamesInEveryCommand) {
  const std::pair<std::string, std::vector<std::string>> commands[] = {
      {"train", {"-d,--data", "-o,--out", "--target", "--header", "--delimiter", "--labels"}},
      {"evaluate",
       {"-m,--model", "-d,--data", "--target", "--header", "--delimiter", "--labels", "--format"}},
      {"predict",
       {"-m,--model", "-d,--data", "-o,--out", "--target", "--header", "--delimiter", "--labels"}},
      {"inspect", {"-m,--model"}},
      {"report", {"-o,--out"}},
      {"dataset", {"-o,--out"}},
  };
  for (const auto& [command, flags] : commands) {
    const CommandResult r = run_command(cli(command + " --help"));
    EXPECT_EQ(r.exit_code, 0) << command;
    for (const std::string& flag : flags)
      EXPECT_TRUE(contains(r.out, flag)) << command << " " << flag;
    EXPECT_TRUE(contains(r.out, "Exit codes:")) << command;
  }
}

TEST(CliGrammar, LongLabelsAreNotCutAndOneEpochIsSingular) {
  const std::string dir = temp_folder();
  write_file(dir + "/d.csv",
             "x,kind\n1,Iris-versicolor-long\n2,Iris-setosa\n3,Iris-versicolor-long\n");
  CommandResult r =
      run_command(cli("train -d " + dir + "/d.csv --epochs 1 -q -o " + dir + "/m.bprop"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, ", 1 epoch, ")) << r.out;
  r = run_command(cli("evaluate -m " + dir + "/m.bprop -d " + dir + "/d.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string matrix = r.out.substr(r.out.find("confusion matrix"));
  EXPECT_TRUE(contains(matrix, " Iris-versicolor-long\n")) << matrix;
}

TEST(CliGrammar, DelimitersAreDetectedOrGiven) {
  const std::string dir = temp_folder();
  write_file(dir + "/semi.csv", two_classes(';'));
  write_file(dir + "/tab.tsv", two_classes('\t'));
  write_file(dir + "/space.txt", two_classes(' '));
  CommandResult r = run_command(cli("train -d " + dir + "/semi.csv --epochs 1 -q"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "header: yes, delimiter ';'; target 'label' (column 2): 2 classes"))
      << r.out;
  r = run_command(cli("train -d " + dir + "/tab.tsv --epochs 1 -q"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "delimiter tab")) << r.out;
  r = run_command(cli("train -d " + dir + "/space.txt --epochs 1 -q"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "see --delimiter")) << r.err;
  r = run_command(
      cli("train -d " + dir + "/space.txt --delimiter space --epochs 1 -q -o " + dir + "/m.bprop"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(cli("evaluate -m " + dir + "/m.bprop -d " + dir + "/space.txt --delimiter ' '"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// Quoted cells (a spreadsheet's "quote all") and blanks after the separator are read as the
// same numbers, so they are refused alike; they were one-hot encoded as categories.
TEST(CliGrammar, DecimalCommasAreRefusedWithAHint) {
  const std::string dir = temp_folder();
  for (const std::string eu :
       {"x1;x2;label\n1,5;2,25;0\n0,5;1,75;1\n", "x1; x2; label\n1,5; 2,25; 0\n0,5; 1,75; 1\n",
        "\"x1\";\"x2\";\"label\"\n\"1,5\";\"2,25\";\"0\"\n\"0,5\";\"1,75\";\"1\"\n",
        "x1\tx2\tlabel\n\"1,5\" \t 2,25\t0\n0,5\t1,75\t1\n"}) {
    write_file(dir + "/eu.csv", eu);
    const CommandResult r = run_command(cli("train -d " + dir + "/eu.csv --epochs 1 -q"));
    EXPECT_EQ(r.exit_code, 2) << eu;
    EXPECT_TRUE(contains(r.err,
                         "eu.csv:2:1: column 'x1': expected a number, got '1,5' (a decimal "
                         "comma? bprop reads only '.' as the decimal point"))
        << eu << r.err;
    EXPECT_TRUE(contains(r.err, "hint: fix the data at the position shown")) << r.err;
  }
}

std::string gzip(const std::string& text) {
  std::vector<unsigned char> out(compressBound(text.size()) + 64);
  z_stream s{};
  deflateInit2(&s, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);  // 15 + 16: gzip wrapper
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  s.avail_in = static_cast<uInt>(text.size());
  s.next_out = out.data();
  s.avail_out = static_cast<uInt>(out.size());
  deflate(&s, Z_FINISH);
  deflateEnd(&s);
  return std::string(reinterpret_cast<char*>(out.data()), s.total_out);
}

TEST(CliGrammar, GzipAndIdxAreReadByEveryCommandThatReadsData) {
  const std::string dir = temp_folder();
  write_file(dir + "/d.csv.gz", gzip(two_classes(',')));
  CommandResult r =
      run_command(cli("train -d " + dir + "/d.csv.gz --epochs 1 -q -o " + dir + "/m.bprop"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const std::string command : {"evaluate", "predict"}) {
    r = run_command(cli(command + " -m " + dir + "/m.bprop -d " + dir + "/d.csv.gz"));
    EXPECT_EQ(r.exit_code, 0) << command << ": " << r.err;
  }
  // Four 2x2 images and their labels, the images gzip-compressed.
  write_file(dir + "/images.gz",
             gzip(std::string("\0\0\x08\x03\0\0\0\x04\0\0\0\x02\0\0\0\x02", 16) +
                  std::string("\xff\0\0\0\0\xff\0\0\xff\0\0\0\0\xff\0\0", 16)));
  write_file(dir + "/labels.idx", std::string("\0\0\x08\x01\0\0\0\x04\x00\x01\x00\x01", 12));
  r = run_command(cli("train -d " + dir + "/images.gz --labels " + dir +
                      "/labels.idx --epochs 1 -q -o " + dir + "/idx.bprop"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_command(cli("predict -m " + dir + "/idx.bprop -d " + dir + "/images.gz"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = run_command(cli("train -d " + dir + "/images.gz --epochs 1 -q"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "add --labels")) << r.err;
}

TEST(CliGrammar, BinaryFilesAreNamedByTheirMagicBytes) {
  const std::string dir = temp_folder();
  write_file(dir + "/d.csv", two_classes(','));
  ASSERT_EQ(
      run_command(cli("train -d " + dir + "/d.csv --epochs 1 -q -o " + dir + "/m.bprop")).exit_code,
      0);
  CommandResult r = run_command(cli("train -d " + dir + "/m.bprop"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "not a CSV file: a bprop model file; pass it with --model")) << r.err;
  write_file(dir + "/x.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  r = run_command(cli("predict -m " + dir + "/m.bprop -d " + dir + "/x.png"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "not a CSV file: a binary file")) << r.err;
  EXPECT_FALSE(contains(r.err, "double quote")) << r.err;
}

}  // namespace
}  // namespace bprop::testing

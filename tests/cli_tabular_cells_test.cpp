// What a cell of a CSV file is, as `bprop train` and `predict` read it (audit 5): a number among
// --na-values marks the cells of that value however they are written, and the carriage returns
// before a line end ("\r\r\n") are part of the line end, not of the last cell.
#include <gtest/gtest.h>

#include <string>

#include "testing/cli_files.h"
#include "testing/run_command.h"

namespace bprop::testing {
namespace {

// 40 rows of x1, x2, y; x1 is -999.0 (a float column's text for the code -999) in every tenth.
std::string coded_rows() {
  std::string text = "x1,x2,y\n";
  for (int i = 0; i < 40; ++i) {
    text += (i % 10 == 0 ? std::string("-999.0") : std::to_string(i % 7)) + ",";
    text += std::to_string(i % 3) + (i % 2 ? ",a\n" : ",b\n");
  }
  return text;
}

// `--na-values -999` matched only the text "-999": "-999.0" trained as the number -999, with no
// encoding and no note, and predict read "-999.00" as a number too.
TEST(CliTabularCells, ANumberAmongNaValuesMatchesItsValue) {
  const CliFolder f;
  const CommandResult r = f.cli("train --data " + f.write("t.csv", coded_rows()) +
                                " --na-values -999 --epochs 2 -q --out " + f.path("m"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "note: " + f.path("t.csv") + ": 4 missing cells filled")) << r.err;
  const CommandResult p = f.cli("predict -m " + f.path("m") + " -d " +
                                f.write("new.csv", "x1,x2\n-999.00,1\n-9.99e2,1\n-999,1\n1,1\n"));
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_TRUE(contains(p.err, "3 missing cells filled")) << p.err;
}

// A CRLF file converted again ends some lines "\r\r\n": the "\r" made classes "a\r" and "b\r"
// beside "a" and "b", and a last numeric column one-hot categories.
TEST(CliTabularCells, CarriageReturnsBeforeALineEndAreTheLineEnd) {
  const CliFolder f;
  const std::string labels = f.write(
      "labels.csv", "x1,x2,y\r\n1,2,a\r\n2,3,b\r\r\n3,1,a\r\r\n4,5,b\r\n5,2,a\r\n6,7,b\r\n");
  const CommandResult r = f.cli("train --data " + labels + " --epochs 2 -q --out " + f.path("m"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "2 classes (a, b)")) << r.out;
  const CommandResult p = f.cli("predict -m " + f.path("m") + " -d " + labels);
  EXPECT_EQ(p.out.substr(0, p.out.find('\n') + 1), "class,p_a,p_b\n") << p.out;
  std::string features = "y,c,x\r\n";
  for (int i = 0; i < 40; ++i) {
    features += std::string(i % 2 ? "pos," : "neg,") + (i % 3 ? "u," : "NA,") +
                std::to_string(i % 9) + ".5" + (i % 10 == 0 ? "\r\r\n" : "\r\n");
  }
  const CommandResult t = f.cli("train --data " + f.write("f.csv", features) +
                                " --target y --epochs 2 -q --out " + f.path("f"));
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_TRUE(contains(t.out, "text columns one-hot: c (1)\n")) << t.out;
}

}  // namespace
}  // namespace bprop::testing

// The audit's "silently wrong" column findings (December 2026), each as a user met it: a file
// without a header whose target is not where a guess puts it (01), a header of numeric names that
// are the model's (03), and a model without names given a file with a header (06).
#include <gtest/gtest.h>

#include <algorithm>

#include "bprop/io/model_file.h"
#include "testing/cli_files.h"

namespace bprop::testing {
namespace {

// The identity classifier of cli_files.h (the class is whichever of the two inputs is larger),
// saved without any column names, as a model fitted in Python on arrays is.
std::string nameless_model(const CliFolder& f) {
  save_identity_classifier(f.path("named.bprop"));
  Model m = load_model(f.path("named.bprop"));
  m.feature_names.clear();
  m.target_names.clear();
  save_model(f.path("nameless.bprop"), m);
  return f.path("nameless.bprop");
}

// 01: a model that knows its columns by name; the training file's target was its first column.
TEST(CliLayout, AHeaderlessFileWithTheTargetIsRefusedUnlessTheTargetIsGiven) {
  const CliFolder f;
  save_identity_classifier(f.path("m.bprop"));
  const std::string m = " -m " + f.path("m.bprop") + " -d ";
  f.write("first.csv", "a,3,0\nb,0,1\na,2,1\n");  // label, x1, x2 without the header
  for (const std::string command : {"evaluate", "predict"}) {
    const CommandResult r = f.cli(command + m + f.path("first.csv"));
    EXPECT_EQ(r.exit_code, 2) << command << r.out;
    EXPECT_TRUE(contains(r.err, "first.csv: no header row, so its columns go by position"))
        << r.err;
    EXPECT_TRUE(contains(r.err,
                         "add the header row (the model's features: x1, x2) or pass "
                         "--target with the target's 0-based index"))
        << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  CommandResult r = f.cli("evaluate" + m + f.path("first.csv") + " --target 0");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "accuracy: 1.0000 (3/3)")) << r.out;
  // Only the features: nothing to guess.
  f.write("features.csv", "3,0\n0,1\n");
  r = f.cli("predict" + m + f.path("features.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "class,p_a,p_b\n" + r.out.substr(r.out.find('\n') + 1));
  EXPECT_TRUE(contains(r.out, "\na,") && contains(r.out, "\nb,")) << r.out;
}

// 03: features named 10, 20, 30; the header of a new file holds only them, in any order.
TEST(CliLayout, AHeaderOfTheModelsNumericNamesIsTheHeader) {
  const CliFolder f;
  std::string train = "10,20,30,y\n";
  for (int i = 0; i < 40; ++i) {
    train += std::to_string(i % 7) + "," + std::to_string(i % 5) + "," + std::to_string(i % 3) +
             "," + std::to_string(i % 7 - i % 3) + "\n";
  }
  f.write("train.csv", train);
  CommandResult r = f.cli("train -d " + f.path("train.csv") + " --epochs 2 -q -o " +
                          f.path("m.bprop") + " --target y --task regress");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  f.write("same.csv", "10,20,30,y\n1,2,0,1\n3,0,1,3\n");
  f.write("perm.csv", "30,y,10,20\n0,1,1,2\n1,3,3,0\n");
  const std::string predict = "predict -m " + f.path("m.bprop") + " -d ";
  const CommandResult same = f.cli(predict + f.path("same.csv"));
  const CommandResult perm = f.cli(predict + f.path("perm.csv"));
  ASSERT_EQ(same.exit_code, 0) << same.err;
  ASSERT_EQ(perm.exit_code, 0) << perm.err;
  EXPECT_EQ(std::count(same.out.begin(), same.out.end(), '\n'), 3) << same.out;
  EXPECT_EQ(perm.out, same.out);
  EXPECT_FALSE(contains(same.err + perm.err, "no header row")) << same.err << perm.err;
  // Only the numeric names: as likely a row of data, so --header must say which.
  f.write("numbers.csv", "30,10,20\n0,1,2\n1,3,0\n");
  r = f.cli(predict + f.path("numbers.csv"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_TRUE(contains(r.err,
                       "numbers.csv: the first row (30, 10, 20) holds the model's column "
                       "names, but only numbers"))
      << r.err;
  r = f.cli(predict + f.path("numbers.csv") + " --header yes");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, same.out);
}

// 01 and 03 for a model with a text column (read through its tabular encoding).
TEST(CliLayout, ATabularModelTakesAHeaderOfItsNamesAndRefusesToGuessItsTarget) {
  const CliFolder f;
  std::string train = "y,10,colour\n";
  for (int i = 0; i < 40; ++i) {
    train += std::string(i % 2 ? "yes," : "no,") + std::to_string(i % 2 * 5 + i % 3) +
             (i % 3 ? ",red\n" : ",blue\n");
  }
  f.write("train.csv", train);
  CommandResult r = f.cli("train -d " + f.path("train.csv") + " --epochs 2 -q --header yes -o " +
                          f.path("m.bprop") + " --target y");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string m = " -m " + f.path("m.bprop") + " -d ";
  f.write("named.csv", "colour,10\nred,6\nblue,0\n");
  f.write("plain.csv", "6,red\n0,blue\n");
  const CommandResult named = f.cli("predict" + m + f.path("named.csv"));
  const CommandResult plain = f.cli("predict" + m + f.path("plain.csv"));
  ASSERT_EQ(named.exit_code, 0) << named.err;
  EXPECT_EQ(std::count(named.out.begin(), named.out.end(), '\n'), 3) << named.out;
  EXPECT_EQ(named.out, plain.out);
  f.write("with_target.csv", "yes,6,red\nno,0,blue\n");  // y, 10, colour without the header
  for (const std::string command : {"evaluate", "predict"}) {
    r = f.cli(command + m + f.path("with_target.csv"));
    EXPECT_EQ(r.exit_code, 2) << command << r.out;
    EXPECT_TRUE(contains(r.err, "with_target.csv: no header row, so its columns go by position"))
        << r.err;
  }
}

// 06: a model without column names given a file with a header.
TEST(CliLayout, AModelWithoutNamesNeedsTheTargetOfAHeaderedFileAndSaysHowColumnsAreUsed) {
  const CliFolder f;
  const std::string m = " -m " + nameless_model(f) + " -d ";
  f.write("first.csv", "label,x1,x2\na,3,0\nb,0,1\n");
  CommandResult r = f.cli("evaluate" + m + f.path("first.csv"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_TRUE(contains(r.err,
                       "first.csv: the model has no column names, so the header (label, "
                       "x1, x2) cannot be matched"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "pass --target with the target column's name")) << r.err;
  r = f.cli("evaluate" + m + f.path("first.csv") + " --target label");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "accuracy: 1.0000 (2/2)")) << r.out;
  EXPECT_TRUE(contains(r.err,
                       "the model has no column names, so the header is not checked: its 2 "
                       "feature columns are used by position (x1, x2); target 'label' "
                       "(column 0)"))
      << r.err;
  // Without a header, the default target (the last column) is said to be one.
  f.write("plain.csv", "3,0,a\n0,1,b\n");
  r = f.cli("evaluate" + m + f.path("plain.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err,
                       "the model records no target column, so the last one, column 2, "
                       "is the target"))
      << r.err;
  // A headered file of the features only: by position, with the note.
  f.write("features.csv", "x1,x2\n3,0\n");
  r = f.cli("predict" + m + f.path("features.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "feature columns are used by position (x1, x2)")) << r.err;
}

// Audit 4, finding 04: a stream named by a path (/dev/stdin, a pipe) gives its bytes once. Every
// command read it like the file: training had taken its head to look for a binary data file and
// read the rest, or nothing, as the data ("no column 'y'", "the file is empty").
TEST(CliLayout, AStreamNamedByAPathIsReadLikeTheFile) {
  const CliFolder f;
  std::string numeric = "a,b,y\n", tabular = "a,c,y\n";
  for (int i = 0; i < 2000; ++i) {  // over any reader's buffer
    numeric += std::to_string(i % 7) + "," + std::to_string(i % 5) + "," +
               std::to_string(i % 7 > i % 5) + "\n";
    tabular += (i % 9 ? std::to_string(i % 7) : "") + (i % 2 ? ",red," : ",blue,") +
               std::to_string(i % 2) + "\n";
  }
  for (const std::string& text : {numeric, tabular}) {
    const std::string file = f.write("data.csv", text);
    const std::string train = " train --epochs 1 --target y --out ";
    const CommandResult from_file = f.cli(train + f.path("file.bprop") + " -d " + file);
    ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
    const std::string pipe = "cat " + file + " | " + bprop_cli();  // a pipe, not a file
    const CommandResult from_stream =
        run_command(pipe + train + f.path("stream.bprop") + " -d /dev/stdin");
    ASSERT_EQ(from_stream.exit_code, 0) << from_stream.err;
    const std::string rows = from_file.out.substr(0, from_file.out.find('\n'));
    EXPECT_TRUE(contains(from_stream.out, rows.substr(rows.find(',')))) << from_stream.out;
    for (const std::string command : {" evaluate", " predict"}) {
      const std::string m = " -m " + f.path("file.bprop");
      const CommandResult want = f.cli(command + m + " -d " + file);
      const CommandResult got = run_command(pipe + command + m + " -d /dev/stdin");
      ASSERT_EQ(got.exit_code, 0) << command << got.err;
      EXPECT_EQ(command == " predict" ? got.out : got.out.substr(got.out.find("\nloss")),
                command == " predict" ? want.out : want.out.substr(want.out.find("\nloss")));
    }
  }
}

// Audit 5, finding 07: features named by numbers (wavelengths) over a text target. The header
// was trained as a row, its target name as a third class of one row; now exit 2 says what to pass.
TEST(CliLayout, AHeaderOfNumbersOverATextTargetIsRefusedUntilHeaderSaysWhich) {
  const CliFolder f;
  std::string rows;
  for (int i = 0; i < 40; ++i) {
    rows +=
        std::to_string(i % 7 - 3) + "," + std::to_string(i % 5) + (i % 7 > 3 ? ",pos\n" : ",neg\n");
  }
  const std::string file = f.write("spec.csv", "400,410,label\n" + rows);
  const std::string train = "train --epochs 1 -q -d " + file + " -o " + f.path("m.bprop");
  CommandResult r = f.cli(train);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_TRUE(contains(r.err, "spec.csv:1:")) << r.err;
  EXPECT_TRUE(contains(r.err, "'label' is in the first row only")) << r.err;
  EXPECT_TRUE(contains(r.err, "--header yes")) << r.err;
  r = f.cli(train + " --header yes");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "2 classes (neg, pos)")) << r.out;
  // A first row of data, its class among the others', trains as before.
  f.write("spec.csv", "1,2,neg\n" + rows);
  r = f.cli(train);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "header: no")) << r.out;
}

}  // namespace
}  // namespace bprop::testing

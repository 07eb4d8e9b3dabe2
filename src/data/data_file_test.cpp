// Data files told apart by their bytes: gzip is decompressed, binary files are named.
#include "bprop/data/data_file.h"

#include <gtest/gtest.h>

#include <fstream>

#include "bprop/data/csv.h"
#include "bprop/errors.h"
#include "testing/expect_error.h"
#include "testing/run_command.h"

namespace bprop {
namespace {

std::vector<unsigned char> bytes(const std::string& text) { return {text.begin(), text.end()}; }

TEST(DataFile, KindsByMagicBytes) {
  EXPECT_EQ(sniff_data_file(bytes("x,y\n1,2\n")), DataFileKind::kText);
  EXPECT_EQ(sniff_data_file(bytes("\x1f\x8b\x08")), DataFileKind::kGzip);
  EXPECT_EQ(sniff_data_file(bytes(std::string("\0\0\x08\x03", 4))), DataFileKind::kIdx);
  EXPECT_EQ(sniff_data_file(bytes("BPROPMDL....")), DataFileKind::kModel);
  EXPECT_EQ(sniff_data_file(bytes("BPROPCKP....")), DataFileKind::kCheckpoint);
  EXPECT_EQ(sniff_data_file(bytes(std::string("\x89PNG\r\n\x1a\n\0\0", 10))),
            DataFileKind::kBinary);
  EXPECT_EQ(sniff_data_file({}), DataFileKind::kText);
}

TEST(DataFile, BinaryFilesAreRefusedByName) {
  testing::expect_error<DataError>([] { refuse_binary(bytes("BPROPMDL"), "m.csv", "CSV"); },
                                   {"m.csv: not a CSV file: a bprop model file"});
  testing::expect_error<DataError>(
      [] { refuse_binary(bytes(std::string("\0\0\x08\x01", 4)), "l.csv", "CSV"); },
      {"an IDX (MNIST-format) file", "--labels"});
  refuse_binary(bytes("a,b\n"), "t.csv", "CSV");  // text passes
}

TEST(DataFile, GzipFilesAreReadDecompressedWithinTheLimit) {
  const std::string dir = testing::temp_folder();
  ASSERT_EQ(
      testing::run_command("printf 'x,y\\n1,0\\n2,1\\n' | gzip > " + dir + "/d.csv.gz").exit_code,
      0);
  const Dataset d = read_csv(dir + "/d.csv.gz");
  EXPECT_EQ(d.inputs, (Matrix{{1}, {2}}));
  ASSERT_EQ(testing::run_command("yes 1,0 | head -n 1000 | gzip > " + dir + "/big.gz").exit_code,
            0);
  EXPECT_EQ(read_data_file(dir + "/big.gz", 4000).size(), 4000u);
  testing::expect_error<DataError>([&] { read_data_file(dir + "/big.gz", 3999); },
                                   {"decompresses to more than 3999 bytes"});
  testing::expect_error<DataError>([&] { read_data_file(dir + "/none.csv", 100); }, {"none.csv"});
}

}  // namespace
}  // namespace bprop

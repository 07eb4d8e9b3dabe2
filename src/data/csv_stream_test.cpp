// CsvStream: chunks that join into exactly what read_csv reads, for any chunk size and thread
// count, and the error read_csv reports for the same bad file.
#include "bprop/data/csv_stream.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "bprop/errors.h"

namespace bprop {
namespace {

// A classifier's file: a comment, a blank line, quoted cells and an ID to keep.
std::string sample(int rows) {
  std::string text = "# made for the test\nid,a,b,label\n";
  for (int r = 0; r < rows; ++r) {
    // Appended piece by piece: g++ 12 -O3 warns falsely on "literal" + std::string.
    text += r % 5 == 0 ? "\"id," : "id";
    text += std::to_string(r);
    text += r % 5 == 0 ? "\"," : ",";
    text += std::to_string(r * 0.25);
    text += ',';
    text += std::to_string(-r);
    text += r % 3 ? ",b" : ",a";
    text += r % 17 == 4 ? "\n\n" : "\n";
  }
  return text;
}

CsvOptions classifier_options(int threads) {
  CsvOptions o;
  o.targets = {"label"};
  o.feature_names = {"b", "a"};
  o.class_names = {"a", "b"};
  o.target_kind = CsvOptions::Targets::kClasses;
  o.keep = {"id"};
  o.threads = threads;
  o.read_block_bytes = 64;  // many pieces per part, even in small chunks
  return o;
}

// Every chunk of `text`, joined.
Dataset read_in_chunks(const std::string& text, const CsvOptions& o, std::size_t chunk_bytes,
                       std::vector<std::string>* kept_ids = nullptr, int* chunks = nullptr) {
  CsvStream stream(std::string_view(text), "d.csv", o, chunk_bytes);
  Dataset all;
  std::vector<std::vector<std::string>> kept;
  std::vector<float> inputs, targets;
  int cols = 0;
  for (Dataset chunk; stream.next(chunk, kept); chunk = Dataset()) {
    cols = chunk.inputs.cols();
    inputs.insert(inputs.end(), chunk.inputs.data(), chunk.inputs.data() + chunk.inputs.size());
    targets.insert(targets.end(), chunk.targets.data(),
                   chunk.targets.data() + chunk.targets.size());
    if (kept_ids) kept_ids->insert(kept_ids->end(), kept[0].begin(), kept[0].end());
    if (chunks) ++*chunks;
    all.class_names = chunk.class_names;
    all.feature_names = chunk.feature_names;
  }
  const int rows = static_cast<int>(stream.rows());
  all.inputs = Matrix(rows, cols);
  std::copy(inputs.begin(), inputs.end(), all.inputs.data());
  all.targets = Matrix(rows, 1);
  std::copy(targets.begin(), targets.end(), all.targets.data());
  return all;
}

TEST(CsvStream, ChunksJoinIntoWhatReadCsvReads) {
  const std::string text = sample(300);
  CsvColumns columns;
  const Dataset whole = parse_csv(text, "d.csv", classifier_options(1), &columns);
  for (const int threads : {1, 3}) {
    for (const std::size_t chunk :
         {std::size_t{1}, std::size_t{100}, std::size_t{1000}, std::size_t{1} << 20}) {
      std::vector<std::string> ids;
      int chunks = 0;
      const Dataset joined =
          read_in_chunks(text, classifier_options(threads), chunk, &ids, &chunks);
      EXPECT_EQ(joined.inputs, whole.inputs) << chunk;
      EXPECT_EQ(joined.targets, whole.targets) << chunk;
      EXPECT_EQ(joined.class_names, whole.class_names);
      EXPECT_EQ(joined.feature_names, whole.feature_names);
      EXPECT_EQ(ids, columns.kept[0]) << chunk;
      if (chunk == 1) {
        EXPECT_EQ(chunks, 300);  // one line at a time
      }
    }
  }
}

// The message read_csv gives for `text`, and the one the stream gives.
std::pair<std::string, std::string> errors_of(const std::string& text, std::size_t chunk) {
  std::pair<std::string, std::string> messages;
  try {
    parse_csv(text, "d.csv", classifier_options(2));
  } catch (const DataError& e) {
    messages.first = e.what();
  }
  try {
    read_in_chunks(text, classifier_options(2), chunk);
  } catch (const DataError& e) {
    messages.second = e.what();
  }
  return messages;
}

TEST(CsvStream, ReportsTheErrorReadCsvReports) {
  const std::string good = sample(200);
  std::string bad_cell = good, both = good, label = good;
  bad_cell.replace(bad_cell.find("\n", bad_cell.size() / 3) + 1, 0, "idx,1.5,oops,a\n");
  // A bad cell early and a ragged row late: a sequential reader reports the ragged row.
  both.replace(both.find("\n", both.size() / 3) + 1, 0, "idx,1.5,oops,a\n");
  both += "idy,1,2\n";
  label += "idz,1,2,c\n";
  for (const std::string* text : {&bad_cell, &both, &label}) {
    for (const std::size_t chunk : {std::size_t{50}, std::size_t{700}, std::size_t{1} << 20}) {
      const auto [whole, streamed] = errors_of(*text, chunk);
      EXPECT_FALSE(whole.empty());
      EXPECT_EQ(streamed, whole) << chunk;
    }
  }
  EXPECT_NE(errors_of(both, 50).second.find("d.csv:"), std::string::npos);
  EXPECT_EQ(errors_of("# none\nid,a,b,label\n\n \n", 50).second,
            "d.csv: no data rows (only a header)");
}

TEST(CsvStream, RefusesTargetsThatNeedTheWholeFile) {
  CsvOptions o;  // kAuto: classes or values are told from every label
  EXPECT_THROW(CsvStream(std::string_view("a,b\n1,2\n"), "d.csv", o, 100), std::invalid_argument);
}

}  // namespace
}  // namespace bprop

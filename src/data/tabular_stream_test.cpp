#include "bprop/data/tabular_stream.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "bprop/errors.h"

namespace bprop {
namespace {

TabularEncoding fit(std::string_view text) {
  auto e = fit_tabular(text, "t.csv", {}, CsvOptions{}, TabularOptions{});
  if (!e) throw std::logic_error("no encoding needed");
  return *e;
}

// A training file with missing numbers and a text column, classes a and b.
const std::string kTrain =
    "size,color,weight,y\n1,red,2.5,a\n2,blue,NA,b\n3,red,4.5,a\n,green,1,b\n";

// As evaluate reads a file for the model (kRequired); predict reads it kIfPresent.
CsvOptions classes_ab(std::vector<std::string> keep = {},
                      CsvOptions::Presence presence = CsvOptions::Presence::kRequired) {
  CsvOptions o;
  o.targets = {"y"};
  o.target_kind = CsvOptions::Targets::kClasses;
  o.class_names = {"a", "b"};
  o.presence = presence;
  o.keep = std::move(keep);
  return o;
}

// Rows to predict: missing cells, unseen categories, rows without a target, a comment, a blank
// and a CRLF line; `rows` of them, numbered from `first`, after the header (unless `header`).
std::string predict_rows(int first, int rows, bool header = true) {
  std::string text = header ? "# a comment\nid,weight,y,color,size\n" : "";
  const char* colors[] = {"red", "blue", "?", "purple"};
  for (int r = first; r < first + rows; ++r) {
    // Appended piece by piece: g++ 12 -O3 warns falsely (-Wrestrict) on "literal" + std::string.
    text += 'r';
    text += std::to_string(r);
    text += ',';
    text += r % 5 == 0 ? std::string("NA") : std::to_string(r * 0.25);
    text += ',';
    text += r % 7 == 3 ? "" : r % 2 ? "a" : "b";
    text += ',';
    text += colors[r % 4];
    text += ',';
    text += std::to_string(r % 9);
    text += r % 11 == 0 ? "\r\n" : "\n";
    if (r == 17) text += '\n';
  }
  return text;
}

struct Joined {
  std::vector<float> inputs, targets;
  std::vector<std::string> kept;
  TabularCounts counts;
};

Joined streamed(std::string_view text, const TabularEncoding& e, const CsvOptions& o,
                std::size_t chunk) {
  TabularStream stream(text, "p.csv", e, o, chunk);
  Joined j;
  std::vector<std::vector<std::string>> kept;
  for (Dataset d; stream.next(d, kept); d = Dataset()) {
    j.inputs.insert(j.inputs.end(), d.inputs.data(), d.inputs.data() + d.inputs.size());
    j.targets.insert(j.targets.end(), d.targets.data(), d.targets.data() + d.targets.size());
    if (!kept.empty()) j.kept.insert(j.kept.end(), kept[0].begin(), kept[0].end());
  }
  j.counts = stream.counts();
  return j;
}

std::string error_of(const std::function<void()>& read) {
  try {
    read();
  } catch (const DataError& e) {
    return e.what();
  }
  return "no error";
}

// Evaluation (kRequired) drops the rows without a target; prediction (kIfPresent) never reads
// the target column, so it keeps all 300 rows whatever their target cells.
void expect_chunks_join_into_what_parse_tabular_csv_reads(CsvOptions::Presence presence) {
  const bool evaluate = presence == CsvOptions::Presence::kRequired;
  const TabularEncoding e = fit(kTrain);
  const std::string text = predict_rows(0, 300);
  TabularCounts counts;
  CsvColumns columns;
  const CsvOptions o = classes_ab({"id"}, presence);
  const Dataset whole = parse_tabular_csv(text, "p.csv", e, o, counts, &columns);
  ASSERT_GT(counts.imputed, 0);
  ASSERT_GT(counts.unseen, 0);
  ASSERT_EQ(counts.dropped_rows > 0, evaluate);
  ASSERT_EQ(whole.size() == 300, !evaluate);
  ASSERT_EQ(whole.targets.cols(), evaluate ? 1 : 0);
  for (const std::size_t chunk : {1, 2, 7, 64, 1000, 1 << 20}) {
    SCOPED_TRACE(chunk);
    const Joined j = streamed(text, e, o, chunk);
    EXPECT_EQ(j.inputs,
              std::vector<float>(whole.inputs.values().begin(), whole.inputs.values().end()));
    EXPECT_EQ(j.targets,
              std::vector<float>(whole.targets.values().begin(), whole.targets.values().end()));
    EXPECT_EQ(j.kept, columns.kept[0]);
    EXPECT_EQ(j.counts.imputed, counts.imputed);
    EXPECT_EQ(j.counts.unseen, counts.unseen);
    EXPECT_EQ(j.counts.dropped_rows, counts.dropped_rows);
  }
}

TEST(TabularStream, ChunksJoinIntoWhatParseTabularCsvReads) {
  expect_chunks_join_into_what_parse_tabular_csv_reads(CsvOptions::Presence::kRequired);
  expect_chunks_join_into_what_parse_tabular_csv_reads(CsvOptions::Presence::kIfPresent);
}

TEST(TabularStream, ReportsTheErrorTheWholeFileReaderReports) {
  const TabularEncoding e = fit(kTrain);
  const std::string good = predict_rows(0, 40);
  const std::string bad_cell = predict_rows(0, 5) + "r5,heavy,a,red,1\n";  // text, numeric column
  const std::vector<std::string> bad_files = {
      good + "r99,1,a,red,3\nr100,2,b,red\n",             // a ragged row at the end
      bad_cell + predict_rows(6, 40, false) + "x,1\n",    // a ragged row after a bad cell
      bad_cell + predict_rows(6, 40, false),              // the bad cell alone
      good + "r99,1,maybe,red,3\n",                       // a class the model does not have
      "id,weight,y,color,size\n",                         // a header and no row
      "id,weight,y,color,size\nr1,1,,red,2\n",            // no row with a target
      "id,weight,y,colour,size\nr1,1,a,red,2\n",          // a column the model needs is missing
      "weight,id,weight,y,color,size\n1,r1,2,a,red,2\n",  // one it needs named twice
      "",                                                 // empty
  };
  for (const std::string& text : bad_files) {
    SCOPED_TRACE(text.substr(0, 60));
    TabularCounts counts;
    const std::string expected =
        error_of([&] { parse_tabular_csv(text, "p.csv", e, classes_ab(), counts); });
    ASSERT_NE(expected, "no error");
    for (const std::size_t chunk : {1, 16, 1 << 20}) {
      EXPECT_EQ(error_of([&] { streamed(text, e, classes_ab(), chunk); }), expected) << chunk;
    }
  }
}

// Audit finding 02: prediction dropped the rows whose target cell was empty (the rows to
// predict), refused a label the model does not know, and said "only a header" when no row had a
// target. It reads no target cell now; evaluation still drops such rows, and says so when none is
// left, whole or streamed.
TEST(TabularStream, PredictionReadsNoTargetCell) {
  const TabularEncoding e = fit(kTrain);
  const CsvOptions predict = classes_ab({"id"}, CsvOptions::Presence::kIfPresent);
  const std::string unlabelled = "id,weight,y,color,size\nr1,1,,red,2\nr2,2,NA,blue,3\n";
  for (const std::string& text : {predict_rows(0, 40) + "r99,1,maybe,red,3\n", unlabelled}) {
    SCOPED_TRACE(text.substr(0, 60));
    TabularCounts counts;
    CsvColumns columns;
    const Dataset whole = parse_tabular_csv(text, "p.csv", e, predict, counts, &columns);
    EXPECT_EQ(whole.size(), text == unlabelled ? 2 : 41);
    EXPECT_EQ(counts.dropped_rows, 0);
    for (const std::size_t chunk : {1, 16, 1 << 20}) {
      const Joined j = streamed(text, e, predict, chunk);
      EXPECT_EQ(j.inputs,
                std::vector<float>(whole.inputs.values().begin(), whole.inputs.values().end()));
      EXPECT_EQ(j.kept, columns.kept[0]);
    }
  }
  const std::string none =
      "p.csv: no row has a target value ('y'): all 2 rows lack it, and rows "
      "without a target are left out";
  TabularCounts counts;
  EXPECT_EQ(error_of([&] { parse_tabular_csv(unlabelled, "p.csv", e, classes_ab(), counts); }),
            none);
  for (const std::size_t chunk : {1, 16, 1 << 20}) {
    EXPECT_EQ(error_of([&] { streamed(unlabelled, e, classes_ab(), chunk); }), none) << chunk;
  }
}

TEST(TabularStream, ErrorsNameTheFilesLineWhereRowsWereDroppedBefore) {
  const TabularEncoding e = fit(kTrain);
  const std::string text = "size,color,weight,y\n1,red,1,\n\n2,red,1,a\n3,red,1,c\n";
  TabularCounts counts;
  EXPECT_EQ(error_of([&] { parse_tabular_csv(text, "p.csv", e, classes_ab(), counts); }),
            "p.csv:5: label 'c' is not one of the model's 2 classes (a, b)");
  EXPECT_EQ(error_of([&] { streamed(text, e, classes_ab(), 1); }),
            "p.csv:5: label 'c' is not one of the model's 2 classes (a, b)");
}

// Fits an encoding on `text` (a header, the last column the target), then reads `text` through it
// in chunks of every size from 1 byte to the whole file: each read gives the whole-file reader's
// rows, or its error.
void expect_every_chunk_size_reads_what_the_whole_file_reads(const std::string& text) {
  CsvOptions o;
  o.header = CsvOptions::Header::kYes;
  const auto e = fit_tabular(text, "p.csv", {}, o, TabularOptions{});
  ASSERT_TRUE(e);
  TabularCounts counts;
  o.class_names = parse_tabular_csv(text, "p.csv", *e, o, counts).class_names;
  o.target_kind = CsvOptions::Targets::kClasses;
  Dataset whole;
  const std::string expected =
      error_of([&] { whole = parse_tabular_csv(text, "p.csv", *e, o, counts); });
  for (std::size_t chunk = 1; chunk <= text.size() + 1; ++chunk) {
    Joined j;
    EXPECT_EQ(error_of([&] { j = streamed(text, *e, o, chunk); }), expected) << chunk;
    EXPECT_EQ(j.inputs,
              std::vector<float>(whole.inputs.values().begin(), whole.inputs.values().end()))
        << chunk;
    EXPECT_EQ(j.targets,
              std::vector<float>(whole.targets.values().begin(), whole.targets.values().end()))
        << chunk;
  }
}

// The delimiter is detected from the first record as the record reader finds it, which the first
// chunk always holds: a line ends at "\n" (the "\r"s before it are dropped), and a line of tabs and
// other "\r"s is a record (here headers: a column "\r\r" and an empty-named target), not a blank
// line to look past, unless only tabs are left once its line end is dropped. Detection looked past
// such lines to a later line's tab; the stream's first chunk holds no later line, so it split on
// commas and found no target (fuzz_tabular's find).
TEST(TabularStream, DelimiterComesFromTheFirstRecordWhateverItsCarriageReturns) {
  const std::vector<std::string> files = {
      "\r\n\r\n\r\r\t\n\n\r\n\r\n\r\r\t\n\n\r\n" + std::string(39, 'a') + "\r\t\xeb",  // as found
      "\r\r\t\n\r\r\t\naaa\r\t\xeb\n",
      "\r\r\t\r\n\r\r\t\r\nb\tc\r\nb\td\r\n",     // CRLF line ends
      "\t\r\r\n\t\r\r\nc\ty\nred\ta\nblue\tb\n",  // blank lines "\t", then the header
      "\r\t\r\r\r\n\r\t\r\r\r\n1\ta\n2\tb\n",     // a lone "\r" ends no line
      "\tc\ty\n0\tred\ta\n1\tblue\tb\n",          // a pandas index column ""
      "x\tc\t\n1\tred\ta\n2\tblue\tb\n",          // an empty-named target
  };
  for (std::size_t i = 0; i < files.size(); ++i) {
    SCOPED_TRACE(i);
    expect_every_chunk_size_reads_what_the_whole_file_reads(files[i]);
  }
}

}  // namespace
}  // namespace bprop

// Internal to the CSV reader: a range of a file's lines read by several threads. The range is
// split at line starts into one part per thread; a first pass counts each part's lines and records,
// so every part knows its first line and row and the matrices are allocated at their exact size; a
// second pass reads each part straight into them (csv_chunk.cpp). read_csv reads the whole file as
// one range; CsvStream reads it as consecutive ranges, one chunk each.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "bprop/data/dataset.h"
#include "csv_chunk.h"
#include "csv_source.h"

namespace bprop::csv {

// Runs part(k) for k in [0, parts), each on its own thread (part 0 on this one), and rethrows the
// first part's exception, if any.
void run_parts(int parts, const std::function<void(int)>& part);

// Where a range starts in its file: the lines and records before it.
struct RangeStart {
  std::uint64_t offset = 0;
  std::size_t lines = 0;
  std::size_t records = 0;
};

// The rows of one range: its data (shaped and named by the layout) and the parts that read it,
// which hold the errors, labels and kept text found.
struct ParsedRange {
  Dataset data;
  std::vector<std::unique_ptr<ChunkParser>> parts;
  std::size_t lines = 0;        // lines in the range
  std::size_t records = 0;      // records in the range (the header included)
  std::size_t blank_lines = 0;  // blank lines skipped in the range (LineKind::kBlank)
};

// The rule (csv_records.h) for reading `source`, whose first records are `head` (o.delimiter
// set), with the layout read_layout found in them.
LineRule line_rule(const TextSource& source, std::string_view head, const std::string& name,
                   const CsvOptions& o, const Layout& l);

// Reads [start.offset, end) of `source`: counts, allocates, parses. The errors stay in the parts.
// `check_only`: nothing is allocated or written (the structural checks of the rest of a file).
ParsedRange parse_range(const TextSource& source, const ReadPlan& plan, RangeStart start,
                        std::uint64_t end, bool check_only = false);

// Throws the range's first structural error, if any.
void throw_structural(const ParsedRange& range);

// Joins the parts' labels, decides whether they are classes and, if so, writes each row's class
// index into range.data.targets. Throws the first bad cell (a sequential reader's first error once
// the structural checks passed). Returns true for classes.
bool settle_labels(ParsedRange& range, const Layout& l);

// The reader's view of the columns (without the kept text).
void describe_columns(const Layout& l, const CsvOptions& o, const LabelCollector& labels,
                      CsvColumns& columns);

// Appends each part's kept text, in file order, to `kept` (one list per CsvOptions::keep column).
void collect_kept(ParsedRange& range, std::vector<std::vector<std::string>>& kept);

}  // namespace bprop::csv

// A CSV file read chunk by chunk: see bprop/data/csv_stream.h. Each chunk is a range of whole
// lines read by csv::parse_range, the same code read_csv runs over the whole file.
#include "bprop/data/csv_stream.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <stdexcept>

#include "bprop/errors.h"
#include "csv_layout.h"
#include "csv_parts.h"

namespace bprop {

struct CsvStream::State {
  std::string name;
  std::unique_ptr<csv::TextSource> source;
  CsvOptions options;
  csv::Layout layout;
  std::optional<csv::ReadPlan> plan;
  CsvColumns columns;
  csv::RangeStart at;
  std::size_t chunk_bytes = 0;
  std::size_t rows = 0;

  void open(const CsvOptions& o) {
    const bool fixed = !o.class_names.empty() || o.target_kind == CsvOptions::Targets::kValues ||
                       o.presence == CsvOptions::Presence::kNone;
    if (!fixed || chunk_bytes == 0) {
      throw std::invalid_argument(
          "CsvStream: needs fixed classes or value targets, and a chunk size");
    }
    const std::string head = source->head(2);
    options = o;
    options.delimiter = csv::detect_delimiter(head, o);
    layout = csv::read_layout(head, name, options);
    plan.emplace(csv::ReadPlan{name, layout, options, o.class_names.empty(),
                               csv::line_rule(*source, head, name, options, layout)});
    csv::describe_columns(layout, options, csv::LabelCollector(name, options), columns);
  }

  // The structural error of the rest of the file after a chunk with a bad cell, if any: a
  // sequential reader reports it first.
  void throw_structural_after(csv::RangeStart rest) const {
    if (rest.offset >= source->size()) return;
    csv::throw_structural(csv::parse_range(*source, *plan, rest, source->size(), true));
  }
};

CsvStream::CsvStream(const std::string& path, const CsvOptions& options, std::size_t chunk_bytes)
    : state_(std::make_unique<State>()) {
  state_->name = path;
  state_->source =
      std::make_unique<csv::TextSource>(path, path, std::numeric_limits<std::size_t>::max());
  state_->chunk_bytes = chunk_bytes;
  state_->open(options);
}

CsvStream::CsvStream(std::string_view text, const std::string& name, const CsvOptions& options,
                     std::size_t chunk_bytes)
    : state_(std::make_unique<State>()) {
  state_->name = name;
  state_->source = std::make_unique<csv::TextSource>(text);
  state_->chunk_bytes = chunk_bytes;
  state_->open(options);
}

CsvStream::~CsvStream() = default;

const CsvColumns& CsvStream::columns() const { return state_->columns; }

std::size_t CsvStream::rows() const { return state_->rows; }

bool CsvStream::next(Dataset& chunk, std::vector<std::vector<std::string>>& kept) {
  State& s = *state_;
  const csv::TextSource& source = *s.source;
  while (s.at.offset < source.size()) {
    const std::uint64_t want =
        s.at.offset + std::min<std::uint64_t>(s.chunk_bytes, source.size() - s.at.offset);
    const std::uint64_t end = source.line_start_at_or_after(want);
    csv::ParsedRange range = csv::parse_range(source, *s.plan, s.at, end);
    const csv::RangeStart rest{end, s.at.lines + range.lines, s.at.records + range.records};
    csv::throw_structural(range);
    bool classes = false;
    try {
      classes = csv::settle_labels(range, s.layout);
    } catch (const DataError&) {
      s.throw_structural_after(rest);
      throw;
    }
    s.at = rest;
    s.columns.blank_lines += range.blank_lines;
    if (range.data.size() == 0) continue;  // only the header, blank lines or comments
    if (classes) range.data.class_names = range.parts.front()->labels().class_names();
    kept.assign(s.layout.kept.size(), {});
    csv::collect_kept(range, kept);
    s.rows += static_cast<std::size_t>(range.data.size());
    chunk = std::move(range.data);
    return true;
  }
  source.check_unchanged();
  if (s.rows == 0) throw DataError(s.name + ": no data rows (only a header)");
  return false;
}

}  // namespace bprop

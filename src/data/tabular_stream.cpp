// A CSV file read through a tabular encoding chunk by chunk: see bprop/data/tabular_stream.h.
// Each chunk is a range of whole lines whose rows tabular_table.h reads as text and encodes, the
// code parse_tabular_csv runs over the whole file.
#include "bprop/data/tabular_stream.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>

#include "bprop/errors.h"
#include "csv_source.h"
#include "tabular_columns.h"
#include "tabular_table.h"

namespace bprop {

struct TabularStream::State {
  State(std::unique_ptr<csv::TextSource> text, std::string file, const TabularEncoding& e,
        const CsvOptions& o, std::size_t chunk)
      : name(std::move(file)),
        source(std::move(text)),
        encoding(e),
        options(o),
        chunk_bytes(chunk) {
    open();
  }

  std::string name;
  std::unique_ptr<csv::TextSource> source;
  TabularEncoding encoding;
  CsvOptions options;
  std::size_t chunk_bytes = 0;
  tabular::Table first;  // the header decision, names and delimiter; its rows until handed out
  bool first_pending = true;
  std::uint64_t offset = 0;  // where the next chunk starts
  std::size_t lines = 0;     // lines before it
  std::size_t rows = 0;
  TabularCounts counts;
  CsvColumns columns;

  void open() {
    const bool fixed =
        !options.class_names.empty() || options.target_kind == CsvOptions::Targets::kValues;
    if (!fixed || chunk_bytes == 0) {
      throw std::invalid_argument(
          "TabularStream: needs fixed classes or value targets, and a chunk size");
    }
    // At least two records, so that the header is decided from a data row as well.
    const std::uint64_t end =
        std::max<std::uint64_t>(source->line_start_at_or_after(chunk_bytes), two_records_end());
    const std::string text = source->read(0, static_cast<std::size_t>(end));
    first = tabular::read_encoded_table(text, name, encoding, options, source->data_end());
    offset = end;
    lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    columns.header = first.header;
    for (std::size_t c : tabular::find_columns(first, options.keep, name, "--keep")) {
      columns.kept_names.push_back(first.names[c]);
    }
  }

  // Where the file's second record (a line neither blank nor a comment) ends.
  std::uint64_t two_records_end() const {
    const std::string head = source->head(2);
    std::size_t at = 0;
    for (std::size_t records = 0; records < 2 && at < head.size();) {
      const std::size_t end = std::min(head.find('\n', at), head.size() - 1) + 1;
      records += csv::count_lines(std::string_view(head).substr(at, end - at), at == 0).records;
      at = end;
    }
    return at;
  }

  // The rows of the next range of whole lines from `at` (moved past it), counting `line`.
  tabular::Table read_rows(std::uint64_t& at, std::size_t& line) const {
    const std::uint64_t end = source->line_start_at_or_after(
        at + std::min<std::uint64_t>(chunk_bytes, source->size() - at));
    const std::string text = source->read(at, static_cast<std::size_t>(end - at));
    tabular::Table t = tabular::read_table_rows(text, name, options, line, first, at);
    line += static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    at = end;
    return t;
  }

  // A ragged row after a chunk with a bad cell: the whole-file reader reports it first.
  void throw_structural_after() const {
    std::uint64_t at = offset;
    std::size_t line = lines;
    while (at < source->size()) read_rows(at, line);
  }
};

TabularStream::TabularStream(const std::string& path, const TabularEncoding& encoding,
                             const CsvOptions& options, std::size_t chunk_bytes)
    : state_(std::make_unique<State>(
          std::make_unique<csv::TextSource>(path, path, std::numeric_limits<std::size_t>::max()),
          path, encoding, options, chunk_bytes)) {}

TabularStream::TabularStream(std::string_view text, const std::string& name,
                             const TabularEncoding& encoding, const CsvOptions& options,
                             std::size_t chunk_bytes)
    : state_(std::make_unique<State>(std::make_unique<csv::TextSource>(text), name, encoding,
                                     options, chunk_bytes)) {}

TabularStream::~TabularStream() = default;

const CsvColumns& TabularStream::columns() const { return state_->columns; }

const TabularCounts& TabularStream::counts() const { return state_->counts; }

bool TabularStream::next(Dataset& chunk, std::vector<std::vector<std::string>>& kept) {
  State& s = *state_;
  for (;;) {
    tabular::Table t;
    if (s.first_pending) {
      s.first_pending = false;
      t = std::move(s.first);
      s.first.header = t.header;
      s.first.names = t.names;
      s.first.delimiter = t.delimiter;
    } else if (s.offset < s.source->size()) {
      t = s.read_rows(s.offset, s.lines);
    } else {
      break;
    }
    CsvColumns columns;
    Dataset d;
    try {
      d = tabular::encoded_dataset(t, s.name, s.encoding, s.options, s.counts, &columns, true);
    } catch (const DataError&) {
      s.throw_structural_after();
      throw;
    }
    if (d.size() == 0) continue;  // no rows, or none with a target
    s.rows += static_cast<std::size_t>(d.size());
    chunk = std::move(d);
    kept = std::move(columns.kept);
    return true;
  }
  s.source->check_unchanged();
  if (s.rows == 0) {  // the whole-file reader's error for a file without a row to read
    if (s.counts.dropped_rows > 0) {
      tabular::throw_no_row_with_a_target(s.name, s.encoding, s.counts.dropped_rows);
    }
    tabular::encoded_dataset(s.first, s.name, s.encoding, s.options, s.counts, nullptr);
  }
  return false;
}

}  // namespace bprop

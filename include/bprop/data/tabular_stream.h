// Reading a CSV file through a stored tabular encoding chunk by chunk, for prediction on files
// larger than memory: memory is bounded by the chunk, not the file. The chunks joined hold what
// parse_tabular_csv (bprop/data/tabular.h) reads from the whole file, and a bad file gives the
// error it gives: a ragged row anywhere is reported before a bad cell (after a chunk with a bad
// cell the rest of the file is checked for one). One difference, documented in
// docs/data-formats.md: whether the first row is a header is decided from the first chunk's rows
// (at least one), where the whole-file reader looks at every row.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bprop/data/csv.h"
#include "bprop/data/tabular.h"

namespace bprop {

class TabularStream {
 public:
  // Opens the regular file `path` and reads its first chunk (about `chunk_bytes` of whole lines,
  // and at least the first two records). `options` as parse_tabular_csv takes them; the targets
  // must be fixed classes or values (options.class_names or Targets::kValues). Throws DataError.
  TabularStream(const std::string& path, const TabularEncoding& encoding, const CsvOptions& options,
                std::size_t chunk_bytes);
  // The same over text in memory, which must outlive the stream; `name` is used in errors.
  TabularStream(std::string_view text, const std::string& name, const TabularEncoding& encoding,
                const CsvOptions& options, std::size_t chunk_bytes);
  ~TabularStream();
  TabularStream(const TabularStream&) = delete;
  TabularStream& operator=(const TabularStream&) = delete;

  // The --keep columns' names and whether the file has a header (`kept` stays empty).
  const CsvColumns& columns() const;
  // The next chunk's encoded rows and, per options.keep column, their text. Returns false once
  // the file is done, after checking that it did not change while it was read.
  bool next(Dataset& chunk, std::vector<std::vector<std::string>>& kept);
  // What the encoding did so far: cells filled, unseen categories, rows without a target.
  const TabularCounts& counts() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace bprop

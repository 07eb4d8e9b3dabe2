// Reading a CSV file chunk by chunk, for prediction on files larger than memory: memory is bounded
// by the chunk, not the file. Every chunk is read as read_csv (bprop/data/csv.h) reads a file, with
// the same strictness and the same error for the same bad file: the first structural error in the
// file, else the first bad cell (the rest of the file is checked for a structural error before a
// bad cell is reported). Only the chunk the error lies in is not returned.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bprop/data/csv.h"

namespace bprop {

class CsvStream {
 public:
  // Opens the regular file `path` and reads its first records: the delimiter, the header and the
  // columns' roles. Chunks hold the rows of about `chunk_bytes` of text (whole lines; at least
  // one). The targets must not need the whole file to be told apart: options.class_names or
  // Targets::kValues, or Presence::kNone (std::invalid_argument otherwise). Throws DataError,
  // InputWidthError as read_csv does.
  CsvStream(const std::string& path, const CsvOptions& options, std::size_t chunk_bytes);
  // The same over text in memory, which must outlive the stream; `name` is used in errors.
  CsvStream(std::string_view text, const std::string& name, const CsvOptions& options,
            std::size_t chunk_bytes);
  ~CsvStream();
  CsvStream(const CsvStream&) = delete;
  CsvStream& operator=(const CsvStream&) = delete;

  // How the columns were understood (kept_names included; `kept` stays empty: next() returns it).
  const CsvColumns& columns() const;

  // The next chunk's rows (inputs, targets and names as read_csv gives them) and, per
  // CsvOptions::keep column, their text. Returns false once the file is done, after read_csv's
  // closing checks: the file did not change while it was read, and it has a data row.
  bool next(Dataset& chunk, std::vector<std::vector<std::string>>& kept);

  // Data rows returned so far.
  std::size_t rows() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace bprop

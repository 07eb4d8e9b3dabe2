// Internal to the CSV reader: the bytes it parses, either text already in memory or a file read
// with pread in blocks (no whole-file copy, no mapping that a truncation could turn into SIGBUS),
// handed out as pieces that end at line ends so that threads can split the work at line starts.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "csv_records.h"

namespace bprop::csv {

class TextSource {
 public:
  // Text in memory; it must outlive the source.
  explicit TextSource(std::string_view text);
  // A regular file, opened here; `name` is used in errors. Throws DataError when it cannot be
  // opened or read, or is longer than max_bytes.
  TextSource(const std::string& path, const std::string& name, std::size_t max_bytes);
  ~TextSource();
  TextSource(const TextSource&) = delete;
  TextSource& operator=(const TextSource&) = delete;

  std::uint64_t size() const { return size_; }
  // Up to `bytes` bytes from `offset` (fewer only at the end).
  std::string read(std::uint64_t offset, std::size_t bytes) const;
  // The start of the first line at or after `offset` (size() when there is none).
  std::uint64_t line_start_at_or_after(std::uint64_t offset) const;
  // The first bytes of the file up to a line end, holding at least `records` records (lines
  // that are not blank or comments) unless the file has fewer.
  std::string head(std::size_t records) const;
  // Calls `piece` with consecutive views that cover [begin, end) (begin at a line start); every
  // view but the last ends just after a '\n'. `block` is the pread size; a line longer than it
  // makes the view grow to hold the whole line.
  void for_each_piece(std::uint64_t begin, std::uint64_t end, std::size_t block,
                      const std::function<void(std::string_view)>& piece) const;
  // Where the blank lines that end the file start (size() when it does not end in one).
  std::uint64_t data_end() const;
  // Throws DataError when the file's size or modification time differ from when it was opened.
  void check_unchanged() const;

 private:
  std::size_t pread_some(char* out, std::uint64_t offset, std::size_t bytes) const;
  [[noreturn]] void ended_early() const;

  std::string_view text_;
  std::string name_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::int64_t mtime_ns_ = 0;
};

// Lines, records and skipped blank lines (csv_records.h, LineRule) in a piece that starts at a
// line start, at byte `offset` of its file (0 skips a UTF-8 BOM as the reader does).
struct LineCount {
  std::size_t lines = 0;
  std::size_t records = 0;
  std::size_t blank = 0;
};
LineCount count_lines(std::string_view piece, std::uint64_t offset, LineRule& rule);
// count_lines from the file's start (`file_start`) or another line start, with the rule a reader
// from there finds (the first record not yet known, a file of more than one column).
LineCount count_lines(std::string_view piece, bool file_start);

// Splits [begin, end) (begin and end at line starts) into `parts` ranges that start at line starts
// (some may be empty).
std::vector<std::uint64_t> split_at_lines(const TextSource& source, int parts, std::uint64_t begin,
                                          std::uint64_t end);

}  // namespace bprop::csv

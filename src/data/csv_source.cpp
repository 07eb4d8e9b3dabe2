// The CSV reader's bytes: see csv_source.h.
#include "csv_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "bprop/errors.h"
#include "csv_records.h"

namespace bprop::csv {

namespace {

std::int64_t mtime_ns(const struct stat& info) {
  return static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
}

[[noreturn]] void cannot_read(const std::string& path, const char* what, int err) {
  throw DataError("cannot read '" + path + "': " + what + ": " + std::strerror(err));
}

}  // namespace

TextSource::TextSource(std::string_view text) : text_(text), size_(text.size()) {}

TextSource::TextSource(const std::string& path, const std::string& name, std::size_t max_bytes)
    : name_(name) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) cannot_read(path, "open", errno);
  struct stat info {};
  if (::fstat(fd_, &info) != 0) {
    const int err = errno;
    ::close(fd_);
    cannot_read(path, "stat", err);
  }
  size_ = static_cast<std::uint64_t>(std::max<off_t>(info.st_size, 0));
  mtime_ns_ = mtime_ns(info);
  if (size_ > max_bytes) {
    ::close(fd_);
    throw DataError("cannot read '" + path + "': it is longer than the limit of " +
                    std::to_string(max_bytes) + " bytes");
  }
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
}

TextSource::~TextSource() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t TextSource::pread_some(char* out, std::uint64_t offset, std::size_t bytes) const {
  std::size_t done = 0;
  while (done < bytes) {
    const ssize_t n = ::pread(fd_, out + done, bytes - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) cannot_read(name_, "read", errno);
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  return done;
}

std::string TextSource::read(std::uint64_t offset, std::size_t bytes) const {
  if (offset >= size_) return {};
  bytes = static_cast<std::size_t>(std::min<std::uint64_t>(bytes, size_ - offset));
  if (fd_ < 0) return std::string(text_.substr(offset, bytes));
  std::string out(bytes, '\0');
  if (pread_some(out.data(), offset, bytes) < bytes) ended_early();
  return out;
}

std::uint64_t TextSource::line_start_at_or_after(std::uint64_t offset) const {
  if (offset == 0) return 0;
  constexpr std::size_t kStep = std::size_t{1} << 16;
  for (std::uint64_t at = offset - 1; at < size_; at += kStep) {
    const std::string block = read(at, kStep);
    const std::size_t newline = block.find('\n');
    if (newline != std::string::npos) return at + newline + 1;
  }
  return size_;
}

std::string TextSource::head(std::size_t records) const {
  for (std::size_t bytes = std::size_t{1} << 16;; bytes *= 2) {
    std::string text = read(0, bytes);
    if (text.size() == size_) return text;
    text.resize(text.rfind('\n') + 1);  // npos + 1 == 0: no whole line yet
    if (count_lines(text, true).records >= records) return text;
  }
}

void TextSource::for_each_piece(std::uint64_t begin, std::uint64_t end, std::size_t block,
                                const std::function<void(std::string_view)>& piece) const {
  if (fd_ < 0) {
    if (end > begin) piece(text_.substr(begin, end - begin));
    return;
  }
  std::size_t capacity = block;
  auto buffer = std::make_unique_for_overwrite<char[]>(capacity);
  std::size_t carry = 0;  // the start of a line that the last block cut
  for (std::uint64_t offset = begin; offset < end;) {
    if (carry == capacity) {  // a line longer than the buffer
      capacity *= 2;
      auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
      std::memcpy(bigger.get(), buffer.get(), carry);
      buffer = std::move(bigger);
    }
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(capacity - carry, end - offset));
    if (pread_some(buffer.get() + carry, offset, want) < want) ended_early();
    offset += want;
    const std::string_view filled(buffer.get(), carry + want);
    if (offset == end) {
      piece(filled);
      return;
    }
    const std::size_t newline = filled.rfind('\n');
    if (newline == std::string_view::npos) {
      carry = filled.size();
      continue;
    }
    piece(filled.substr(0, newline + 1));
    carry = filled.size() - (newline + 1);
    std::memmove(buffer.get(), buffer.get() + newline + 1, carry);
  }
}

void TextSource::ended_early() const {
  check_unchanged();
  throw DataError(name_ + ": the file ended before its size said it would; was it being written?");
}

void TextSource::check_unchanged() const {
  if (fd_ < 0) return;
  struct stat info {};
  const bool same = ::fstat(fd_, &info) == 0 &&
                    static_cast<std::uint64_t>(std::max<off_t>(info.st_size, 0)) == size_ &&
                    mtime_ns(info) == mtime_ns_;
  if (!same) {
    throw DataError(name_ +
                    ": the file changed while it was being read (its size or modification time "
                    "differ from when it was opened); read it again once it is written");
  }
}

std::uint64_t TextSource::data_end() const {
  constexpr std::size_t kStep = std::size_t{1} << 16;
  for (std::uint64_t end = size_; end > 0;) {
    const std::uint64_t begin = end > kStep ? end - kStep : 0;
    const std::string block = read(begin, static_cast<std::size_t>(end - begin));
    const std::size_t last = block.find_last_not_of(" \t\r\n");
    if (last != std::string::npos) return line_start_at_or_after(begin + last + 2);
    end = begin;
  }
  return 0;
}

LineCount count_lines(std::string_view piece, std::uint64_t offset, LineRule& rule) {
  LineCount count;
  std::size_t pos = offset == 0 && piece.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (pos < piece.size()) {
    const std::size_t newline = piece.find('\n', pos);
    const std::size_t end = newline == std::string_view::npos ? piece.size() : newline;
    std::string_view line = piece.substr(pos, end - pos);
    const std::uint64_t at = offset + pos;
    pos = end + 1;
    ++count.lines;
    line = without_line_end(line);
    const LineKind kind = classify_line(line, at, rule);
    count.records += kind == LineKind::kRecord;
    count.blank += kind == LineKind::kBlank;
  }
  return count;
}

LineCount count_lines(std::string_view piece, bool file_start) {
  LineRule rule;
  return count_lines(piece, file_start ? 0 : 1, rule);
}

std::vector<std::uint64_t> split_at_lines(const TextSource& source, int parts, std::uint64_t begin,
                                          std::uint64_t end) {
  std::vector<std::uint64_t> bounds{begin};
  for (int k = 1; k < parts; ++k) {
    const std::uint64_t at = begin + (end - begin) / static_cast<std::uint64_t>(parts) * k;
    bounds.push_back(std::min(end, std::max(bounds.back(), source.line_start_at_or_after(at))));
  }
  bounds.push_back(end);
  return bounds;
}

}  // namespace bprop::csv

// Whole-file reads through POSIX calls, so that every failure has an errno to report.
#include "bprop/io/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "bprop/io/atomic_file.h"

namespace bprop {

namespace {

[[noreturn]] void fail(const std::string& path, const char* what, int err) {
  throw IoError("cannot read '" + path + "': " + what + ": " + std::strerror(err));
}

}  // namespace

std::vector<unsigned char> read_file(const std::string& path, std::size_t max_bytes) {
  const bool standard_input = path == "-";
  const int fd = standard_input ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(path, "open", errno);
  std::vector<unsigned char> bytes;
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size >= 0 &&
      static_cast<std::size_t>(info.st_size) <= max_bytes) {
    // The exact size plus one read's worth, so a regular file never reallocates.
    bytes.reserve(static_cast<std::size_t>(info.st_size) + (std::size_t{1} << 16));
  }
  constexpr std::size_t kChunk = std::size_t{1} << 16;
  try {
    while (true) {
      const std::size_t used = bytes.size();
      bytes.resize(used + kChunk);
      const ssize_t n = ::read(fd, bytes.data() + used, kChunk);
      if (n < 0) {
        if (errno == EINTR) {
          bytes.resize(used);
          continue;
        }
        fail(path, "read", errno);
      }
      bytes.resize(used + static_cast<std::size_t>(n));
      if (n == 0) break;
      if (bytes.size() > max_bytes) {
        throw IoError("cannot read '" + path + "': it is longer than the limit of " +
                      std::to_string(max_bytes) + " bytes");
      }
    }
  } catch (...) {
    if (!standard_input) ::close(fd);
    throw;
  }
  if (!standard_input) ::close(fd);
  return bytes;
}

}  // namespace bprop

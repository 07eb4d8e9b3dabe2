// Scratch matrices in unlinked, mapped files: see scratch_matrix.h.
#include "bprop/data/scratch_matrix.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "bprop/io/atomic_file.h"

namespace bprop {

namespace {

constexpr std::size_t kBlockBytes = std::size_t{16} << 20;  // rows filled and written at a time
constexpr std::size_t kFlushBytes = std::size_t{64} << 20;  // written back and dropped at a time

[[noreturn]] void fail(const std::string& folder, const char* what, int err) {
  throw IoError("scratch file in '" + folder + "': " + what + ": " + std::strerror(err), err);
}

// O_TMPFILE where the file system has it, else a named file unlinked at once.
int open_unlinked(const std::string& folder) {
  const int fd = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string name = folder + "/.bprop-scratch-XXXXXX";
  const int named = ::mkostemp(name.data(), O_CLOEXEC);
  if (named < 0) fail(folder, "creating it", errno);
  ::unlink(name.c_str());
  return named;
}

struct ScratchMapping {
  void* address = MAP_FAILED;
  std::size_t size = 0;
  ~ScratchMapping() {
    if (address != MAP_FAILED) ::munmap(address, size);
  }
};

void write_all(int fd, const float* data, std::size_t bytes, std::size_t offset,
               const std::string& folder) {
  const auto* p = reinterpret_cast<const unsigned char*>(data);
  for (std::size_t done = 0; done < bytes;) {
    const ssize_t n = ::pwrite(fd, p + done, bytes - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail(folder, "write", n < 0 ? errno : EIO);
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

Matrix scratch_matrix(const std::string& folder, int rows, int cols,
                      const std::function<void(int first_row, Matrix& block)>& fill,
                      std::shared_ptr<const void>& keep_alive) {
  const int fd = open_unlinked(folder);
  const std::size_t row_bytes = static_cast<std::size_t>(cols) * sizeof(float);
  const auto total = static_cast<std::size_t>(rows) * row_bytes;
  const int block_rows =
      static_cast<int>(std::max<std::size_t>(1, kBlockBytes / std::max<std::size_t>(row_bytes, 1)));
  Matrix block;
  std::size_t flushed = 0;
  try {
    for (int first = 0; first < rows; first += block_rows) {
      block.resize(std::min(block_rows, rows - first), cols);
      fill(first, block);
      const std::size_t offset = static_cast<std::size_t>(first) * row_bytes;
      write_all(fd, block.data(), block.size() * sizeof(float), offset, folder);
      const std::size_t written = offset + block.size() * sizeof(float);
      if (written - flushed >= kFlushBytes || written == total) {
        // Dirty pages count against a memory limit until written back: write them, drop them.
        if (::fdatasync(fd) != 0) fail(folder, "fdatasync", errno);
        ::posix_fadvise(fd, static_cast<off_t>(flushed), static_cast<off_t>(written - flushed),
                        POSIX_FADV_DONTNEED);
        flushed = written;
      }
    }
    auto mapping = std::make_shared<ScratchMapping>();
    mapping->size = total;
    if (total > 0) {
      mapping->address = ::mmap(nullptr, total, PROT_READ, MAP_SHARED, fd, 0);
      if (mapping->address == MAP_FAILED) fail(folder, "mmap", errno);
    }
    ::close(fd);
    keep_alive = mapping;
    return Matrix::view(static_cast<float*>(total > 0 ? mapping->address : nullptr), rows, cols);
  } catch (...) {
    ::close(fd);
    throw;
  }
}

}  // namespace bprop

// Atomic replace-by-rename with every system call's result checked.
#include "bprop/io/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>
#include <utility>

namespace bprop {

namespace {

constexpr std::string_view kTempInfix = ".tmp.";
constexpr std::size_t kTempSuffixLength = 6;
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::size_t kChunk = std::size_t{1} << 20;

[[noreturn]] void fail(const std::string& path, const char* call, int err) {
  throw IoError("save of '" + path + "' failed at " + call + ": " + std::strerror(err), err);
}

// Closes a descriptor once, on every path out of a scope.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  // Closes now and returns close()'s result: a deferred write error (NFS, quotas) shows up here.
  int close_checked() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

void write_all(int fd, std::span<const unsigned char> bytes, const std::string& path,
               const SaveOptions& options) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const std::size_t want = std::min(kChunk, bytes.size() - done);
    const ssize_t n = ::write(fd, bytes.data() + done, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, "write", errno);
    }
    if (n == 0) fail(path, "write (no progress)", EIO);
    done += static_cast<std::size_t>(n);
    if (options.on_progress) options.on_progress(done);
  }
}

std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool is_temp_name(std::string_view name, std::string_view base) {
  const std::size_t prefix = base.size() + kTempInfix.size();
  if (name.size() != prefix + kTempSuffixLength) return false;
  if (name.substr(0, base.size()) != base ||
      name.substr(base.size(), kTempInfix.size()) != kTempInfix)
    return false;
  return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix), name.end(),
                     [](char c) { return kAlphabet.find(c) != std::string_view::npos; });
}

std::string random_suffix() {
  unsigned char random[kTempSuffixLength];
  if (::getrandom(random, sizeof random, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof random)) {
    // No entropy yet (early boot): names only need to differ, O_EXCL guarantees uniqueness.
    static std::atomic<uint64_t> counter{0};
    uint64_t mix =
        static_cast<uint64_t>(::getpid()) * 0x9E3779B97F4A7C15ull ^
        static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
        (++counter << 40);
    for (auto& byte : random) {
      byte = static_cast<unsigned char>(mix);
      mix = mix * 6364136223846793005ull + 1442695040888963407ull;
    }
  }
  std::string suffix;
  for (unsigned char byte : random) suffix += kAlphabet[byte % kAlphabet.size()];
  return suffix;
}

// Creates, locks and returns a fresh temporary file next to `path`. open() with mode 0666 lets
// the kernel apply the umask, so no process-wide umask() juggling (which races other threads).
int create_temp(const std::string& path, std::string& temp) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    temp = path + std::string(kTempInfix) + random_suffix();
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
      if (errno == EEXIST) continue;
      fail(path, "creating the temporary file", errno);
    }
    Descriptor guard(fd);
    if (::flock(fd, LOCK_EX) != 0) {
      const int err = errno;
      ::unlink(temp.c_str());
      fail(path, "locking the temporary file", err);
    }
    // A concurrent stale-file sweep may have locked and removed it between open and flock.
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
      const int err = errno;
      ::unlink(temp.c_str());
      fail(path, "fstat of the temporary file", err);
    }
    if (info.st_nlink == 0) continue;
    return guard.release();
  }
  fail(path, "creating the temporary file (100 names taken)", EEXIST);
}

}  // namespace

std::vector<std::string> remove_stale_temp_files(const std::string& path) {
  std::vector<std::string> removed;
  const std::string folder = folder_of(path);
  const std::string base = base_of(path);
  DIR* dir = ::opendir(folder.c_str());
  if (dir == nullptr) return removed;  // the save itself will report an unusable folder
  while (const dirent* entry = ::readdir(dir)) {
    if (!is_temp_name(entry->d_name, base)) continue;
    const std::string candidate = folder + "/" + entry->d_name;
    const int fd = ::open(candidate.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) continue;
    Descriptor guard(fd);
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) continue;
    // A live save holds LOCK_EX until it renames; the lock of a killed one died with it.
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) continue;
    if (::unlink(candidate.c_str()) == 0) removed.push_back(candidate);
  }
  ::closedir(dir);
  return removed;
}

namespace {

// Refuses a target that exists and is not a regular file (see the policies in atomic_file.h).
void check_target(const std::string& path) {
  if (path.empty()) throw IoError("refusing to save: the file path is empty");
  struct stat info {};
  if (::lstat(path.c_str(), &info) == 0) {
    if (!S_ISREG(info.st_mode)) {
      throw IoError("refusing to save over '" + path +
                    "': it exists and is not a regular file (a device, folder, FIFO or symlink; "
                    "symlinks are not followed); choose a file path, or '-' for standard output");
    }
  } else if (errno != ENOENT) {
    fail(path, "lstat", errno);
  }
}

// fsync, close, rename over `path`, fsync the folder; removes `temp` when a step fails.
void put_in_place(Descriptor& fd, const std::string& temp, const std::string& path) {
  try {
    if (::fsync(fd.get()) != 0) fail(path, "fsync", errno);
    if (fd.close_checked() != 0) fail(path, "close", errno);
    if (::rename(temp.c_str(), path.c_str()) != 0) fail(path, "rename", errno);
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  // The new file is in place; make the rename itself durable.
  Descriptor dir(::open(folder_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) fail(path, "opening the folder to fsync it", errno);
  // EINVAL: this file system cannot sync folders (some FUSE/network ones); nothing more to do.
  if (::fsync(dir.get()) != 0 && errno != EINVAL) fail(path, "fsync of the folder", errno);
}

}  // namespace

SaveResult write_file_atomically(const std::string& path, std::span<const unsigned char> bytes,
                                 const SaveOptions& options) {
  SaveResult result;
  if (path == "-") {
    write_all(STDOUT_FILENO, bytes, "<stdout>", options);
    return result;
  }
  check_target(path);
  result.removed_stale_temps = remove_stale_temp_files(path);
  std::string temp;
  Descriptor fd(create_temp(path, temp));
  try {
    write_all(fd.get(), bytes, path, options);
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  put_in_place(fd, temp, path);
  return result;
}

AtomicFileWriter::AtomicFileWriter(const std::string& path) : path_(path) {
  check_target(path);
  remove_stale_temp_files(path);
  fd_ = create_temp(path, temp_);
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(temp_.c_str());
}

void AtomicFileWriter::write_at(uint64_t offset, std::span<const unsigned char> bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const std::size_t want = std::min(kChunk, bytes.size() - done);
    const ssize_t n = ::pwrite(fd_, bytes.data() + done, want, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path_, "write", errno);
    }
    if (n == 0) fail(path_, "write (no progress)", EIO);
    done += static_cast<std::size_t>(n);
  }
}

void AtomicFileWriter::commit() {
  Descriptor fd(std::exchange(fd_, -1));
  put_in_place(fd, temp_, path_);
}

}  // namespace bprop

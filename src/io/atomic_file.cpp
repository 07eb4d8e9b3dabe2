// Atomic replace-by-rename with every system call's result checked.
#include "bprop/io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace bprop {

namespace {

[[noreturn]] void fail(const std::string& path, const char* call, int err) {
  throw IoError("save of '" + path + "' failed at " + call + ": " + std::strerror(err));
}

void write_all(int fd, std::span<const unsigned char> bytes, const std::string& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, "write", errno);
    }
    done += static_cast<std::size_t>(n);
  }
}

std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

void write_file_atomically(const std::string& path, std::span<const unsigned char> bytes) {
  if (path == "-") {
    write_all(STDOUT_FILENO, bytes, "<stdout>");
    return;
  }
  struct stat info {};
  if (::lstat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    throw IoError("refusing to save over '" + path +
                  "': it exists and is not a regular file (a device, folder or symlink); "
                  "choose a file path, or '-' for standard output");
  }
  std::string temp = path + ".tmp.XXXXXX";
  std::vector<char> name(temp.begin(), temp.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) fail(path, "creating the temporary file", errno);
  temp = name.data();
  try {
    // mkstemp creates 0600; a saved model should get the usual 0666 & ~umask.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    if (::fchmod(fd, 0666 & ~mask) != 0) fail(path, "fchmod", errno);
    write_all(fd, bytes, path);
    if (::fsync(fd) != 0) fail(path, "fsync", errno);
  } catch (...) {
    ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    fail(path, "close", err);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    fail(path, "rename", err);
  }
  const int dir = ::open(folder_of(path).c_str(), O_RDONLY | O_DIRECTORY);
  if (dir < 0) fail(path, "opening the folder to fsync it", errno);
  const int synced = ::fsync(dir);
  const int err = errno;
  ::close(dir);
  if (synced != 0) fail(path, "fsync of the folder", err);
}

}  // namespace bprop

// Saving without ever losing the previous file: write a temporary file in the target's folder,
// fsync it, close it, rename it over the target, fsync the folder. A crash at any point leaves
// either the old complete file or the new complete file, never a mix or a truncation.
//
// Policies:
// - Targets that exist but are not regular files are refused: a device (renaming over /dev/full
//   would replace the device node), a folder, a FIFO, and a SYMLINK. A symlink is refused rather
//   than followed because rename() replaces the link itself, silently leaving the file it pointed
//   at stale; pass the real path instead.
// - "-" streams to standard output (no temporary file, no rename).
// - The temporary file is "<path>.tmp.XXXXXX" (6 characters of [A-Za-z0-9]), created with mode
//   0666 & ~umask like any new file (mkstemp's 0600 would surprise users), and locked with
//   flock() while it is written. A temporary file left by a killed save holds no lock; the next
//   save of the same target removes such files and reports them in its result.
// - Every system call's result is checked; a failure removes the temporary file and throws IoError
//   naming the path, the call and the system's reason. The target is untouched.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace bprop {

// A write that the operating system refused (ENOSPC, EFBIG, EIO, EACCES...). The message names the
// path, the call that failed and the system's reason; error_number() is the errno (0 for a refused
// target).
class IoError : public std::runtime_error {
 public:
  explicit IoError(const std::string& what, int error_number = 0)
      : std::runtime_error(what), error_number_(error_number) {}
  int error_number() const { return error_number_; }

 private:
  int error_number_;
};

struct SaveOptions {
  // Called after each chunk (at most 1 MiB) reaches the temporary file, with the bytes written so
  // far: progress for big saves, and the seam where fault-injection tests stop a save mid-write.
  std::function<void(std::size_t written)> on_progress = {};
};

struct SaveResult {
  // Stale "<path>.tmp.XXXXXX" files of killed earlier saves that this save removed.
  std::vector<std::string> removed_stale_temps;
};

// Replaces `path` with `bytes` atomically (see the policies above).
SaveResult write_file_atomically(const std::string& path, std::span<const unsigned char> bytes,
                                 const SaveOptions& options = {});

// A file written in pieces, at any offsets, then put in place by commit() exactly as
// write_file_atomically does (same policies, same temporary file): for files too large to hold in
// memory. Destroyed without commit(), it removes its temporary file and leaves the target as it
// was. Every failure throws IoError naming the target.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(const std::string& path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write_at(uint64_t offset, std::span<const unsigned char> bytes);
  void commit();

 private:
  std::string path_;
  std::string temp_;
  int fd_ = -1;
};

// Removes the unlocked "<path>.tmp.XXXXXX" files a killed save left behind and returns their
// paths. Temporary files of saves still in progress are locked and therefore kept.
std::vector<std::string> remove_stale_temp_files(const std::string& path);

}  // namespace bprop

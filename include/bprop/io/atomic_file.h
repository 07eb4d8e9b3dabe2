// Saving without ever losing the previous file: write a temporary file in the target's folder,
// fsync it, close it, rename it over the target, fsync the folder. A crash at any point leaves
// either the old complete file or the new complete file, never a mix or a truncation.
#pragma once

#include <span>
#include <stdexcept>
#include <string>

namespace bprop {

// A write that the operating system refused (ENOSPC, EFBIG, EIO, EACCES...). The message names the
// path, the call that failed and the system's reason.
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Replaces `path` with `bytes` atomically. "-" writes to standard output instead (no rename).
// Refuses targets that exist but are not regular files (a device, a folder). The temporary file is
// named "<path>.tmp.XXXXXX" and is removed when the save fails; its mode is 0666 & ~umask.
void write_file_atomically(const std::string& path, std::span<const unsigned char> bytes);

}  // namespace bprop

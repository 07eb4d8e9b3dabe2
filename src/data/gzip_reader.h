// Internal: incremental gzip decompression through zlib, so a reader can pull exactly the bytes it
// needs and stop as soon as the output would exceed what a header declares (no zip bombs).
#pragma once

#include <zlib.h>

#include <cstddef>
#include <span>
#include <string>

namespace bprop {

class GzipReader {
 public:
  // `bytes` must outlive the reader; `name` is used in error messages.
  GzipReader(std::span<const unsigned char> bytes, const std::string& name);
  ~GzipReader();
  GzipReader(const GzipReader&) = delete;
  GzipReader& operator=(const GzipReader&) = delete;

  // Decompresses up to `size` bytes into `out`; returns how many were produced, fewer only at the
  // end of the gzip stream. Throws DataError for corrupt or truncated data, or for bytes after the
  // end of the stream.
  std::size_t read(unsigned char* out, std::size_t size);
  // Decompressed bytes produced so far.
  std::size_t produced() const { return produced_; }

 private:
  z_stream stream_{};
  const std::string& name_;
  std::size_t input_size_;
  std::size_t produced_ = 0;
  bool ended_ = false;
};

}  // namespace bprop

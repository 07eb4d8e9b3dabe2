// zlib's inflate in gzip mode (windowBits 16 + MAX_WBITS), fed the whole compressed input once and
// drained into caller-sized output buffers.
#include "gzip_reader.h"

#include <climits>

#include "bprop/errors.h"

namespace bprop {

GzipReader::GzipReader(std::span<const unsigned char> bytes, const std::string& name)
    : name_(name), input_size_(bytes.size()) {
  if (bytes.size() > UINT_MAX) throw DataError(name + ": gzip file too large (over 4 GiB)");
  if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) {
    throw DataError(name + ": cannot start gzip decompression (zlib init failed)");
  }
  // zlib's API takes a non-const pointer but never writes through next_in.
  stream_.next_in = const_cast<unsigned char*>(bytes.data());
  stream_.avail_in = static_cast<uInt>(bytes.size());
}

GzipReader::~GzipReader() { inflateEnd(&stream_); }

std::size_t GzipReader::read(unsigned char* out, std::size_t size) {
  std::size_t done = 0;
  while (done < size && !ended_) {
    const std::size_t chunk = std::min<std::size_t>(size - done, UINT_MAX);
    stream_.next_out = out + done;
    stream_.avail_out = static_cast<uInt>(chunk);
    const int rc = inflate(&stream_, Z_NO_FLUSH);
    const std::size_t got = chunk - stream_.avail_out;
    done += got;
    produced_ += got;
    if (rc == Z_STREAM_END) {
      ended_ = true;
      if (stream_.avail_in != 0) {
        throw DataError(name_ + ": " + std::to_string(stream_.avail_in) +
                        " bytes after the end of the gzip stream, at byte " +
                        std::to_string(input_size_ - stream_.avail_in));
      }
    } else if (rc == Z_BUF_ERROR && stream_.avail_in == 0) {
      throw DataError(name_ + ": truncated gzip stream (input ended after " +
                      std::to_string(produced_) + " decompressed bytes)");
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      throw DataError(name_ + ": corrupt gzip data near byte " +
                      std::to_string(input_size_ - stream_.avail_in) + " (" +
                      (stream_.msg ? stream_.msg : "zlib error " + std::to_string(rc)) + ")");
    }
  }
  return done;
}

}  // namespace bprop

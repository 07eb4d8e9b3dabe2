// The one little-endian byte codec of bprop's binary files (model files and checkpoints; internal
// to src/io). The writer appends. The reader covers a range of the file and checks every read
// against the bytes left in it before reading, and every count against them before anything is
// allocated, so no field can make it read past the end or allocate what the file cannot hold.
// Its errors name the file and the byte offset, in the error type of the format being read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace bprop::byte_codec {

uint32_t read_le32(const unsigned char* p);
uint64_t read_le64(const unsigned char* p);

class Writer {
 public:
  void u8(uint8_t v) { raw(&v, 1); }
  void u32(uint32_t v);
  void u64(uint64_t v);
  void f32(float v);
  void f64(double v);
  // resize + memcpy rather than insert/push_back: g++ 12 at -O3 warns falsely
  // (-Wstringop-overflow) on the inlined vector growth.
  void raw(const void* data, std::size_t size);
  // Overwrites 8 bytes at `offset` (already written) with v, e.g. a size known only at the end.
  void patch_u64(std::size_t offset, uint64_t v);
  std::vector<unsigned char>& bytes() { return bytes_; }

 private:
  std::vector<unsigned char> bytes_;
};

// Throws the format's error for a malformed file: `name` is the file, `offset` the byte at fault.
using FailFunction = void (*)(const std::string& name, std::size_t offset, const std::string& what);

class Reader {
 public:
  // Reads file[begin, end); offsets in messages are file offsets. `fail` must throw.
  Reader(std::span<const unsigned char> file, std::size_t begin, std::size_t end,
         const std::string& name, FailFunction fail)
      : file_(file), pos_(begin), end_(end), name_(name), fail_(fail) {}

  // `what` names the field in the error when the bytes run out.
  uint8_t u8(const std::string& what);
  uint32_t u32(const std::string& what);
  uint64_t u64(const std::string& what);
  double f64(const std::string& what);
  // A u32 that must lie in [min, max].
  uint32_t count(const std::string& what, uint32_t min, uint32_t max);
  // `size` bytes as a string.
  std::string text(std::size_t size, const std::string& what);
  // out.size() little-endian floats.
  void f32s(std::span<float> out, const std::string& what);
  // Checks that `count` elements of `element_bytes` each fit in what is left (the product
  // overflow-checked); returns their byte count.
  std::size_t need(std::size_t count, std::size_t element_bytes, const std::string& what);

  // Moves past `bytes` already checked with need().
  void skip(std::size_t bytes) { pos_ += bytes; }
  // The float at a file offset inside this reader's range, checked with need() before.
  float f32_at(std::size_t offset) const;

  std::size_t offset() const { return pos_; }
  std::size_t left() const { return end_ - pos_; }
  [[noreturn]] void fail(const std::string& what) const { fail_at(pos_, what); }
  [[noreturn]] void fail_at(std::size_t offset, const std::string& what) const;

 private:
  std::span<const unsigned char> file_;
  std::size_t pos_;
  std::size_t end_;
  const std::string& name_;
  FailFunction fail_;
};

}  // namespace bprop::byte_codec

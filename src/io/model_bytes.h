// Internal to the model file: little-endian writing, and a bounds-checked reading cursor whose
// every read is checked against the bytes left before anything is allocated. Errors name the file
// and the byte offset.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "bprop/errors.h"

namespace bprop::model_file {

inline constexpr char kMagic[8] = {'B', 'P', 'R', 'O', 'P', 'M', 'D', 'L'};
inline constexpr std::size_t kHeaderBytes = 24;  // magic, version, flags, file size
inline constexpr std::size_t kTrailerBytes = 4;  // CRC32 of everything before it
inline constexpr uint32_t kMaxLayers = 1024;
inline constexpr uint32_t kMaxParametersPerLayer = 16;
inline constexpr uint32_t kMaxWidth = uint32_t{1} << 24;
inline constexpr uint32_t kMaxStringBytes = uint32_t{1} << 20;
inline constexpr uint32_t kMaxListEntries = uint32_t{1} << 20;

class Writer {
 public:
  void u8(uint8_t v) { raw(&v, 1); }
  void u32(uint32_t v) {
    unsigned char b[4];
    for (int i = 0; i < 4; ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
    raw(b, 4);
  }
  void u64(uint64_t v) {
    u32(static_cast<uint32_t>(v));
    u32(static_cast<uint32_t>(v >> 32));
  }
  void f32(float v) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    u32(bits);
  }
  // Throws ModelFileError naming `what` when it is over the format's cap.
  void string(const std::string& s, const std::string& what);
  void strings(const std::vector<std::string>& list, const std::string& what);
  // resize + memcpy rather than insert/push_back: g++ 12 at -O3 warns falsely
  // (-Wstringop-overflow) on the inlined vector growth.
  void raw(const void* data, std::size_t size) {
    if (size == 0) return;
    const std::size_t used = bytes_.size();
    bytes_.resize(used + size);
    std::memcpy(bytes_.data() + used, data, size);
  }
  std::vector<unsigned char>& bytes() { return bytes_; }

 private:
  std::vector<unsigned char> bytes_;
};

class Reader {
 public:
  // Reads bytes[begin, end) of the file; offsets in messages are file offsets.
  Reader(std::span<const unsigned char> file, std::size_t begin, std::size_t end,
         const std::string& name)
      : file_(file), pos_(begin), end_(end), name_(name) {}

  uint8_t u8(const char* what);
  uint32_t u32(const char* what);
  // A u32 that must lie in [min, max]; `what` names it in the error.
  uint32_t count(const char* what, uint32_t min, uint32_t max);
  std::string string(const char* what, uint32_t max_bytes = kMaxStringBytes);
  std::vector<std::string> strings(const char* what);
  // `count` little-endian floats; the byte count is overflow-checked against the bytes left.
  std::vector<float> floats(std::size_t count, const std::string& what);
  // Checks that `count` elements of `element_bytes` each fit in what is left; returns the bytes.
  std::size_t need(std::size_t count, std::size_t element_bytes, const std::string& what);

  // Moves past `bytes` already checked with need().
  void skip(std::size_t bytes) { pos_ += bytes; }
  // Little-endian floats at a file offset inside this reader's range, checked with need() before.
  float f32_at(std::size_t offset) const;

  std::size_t offset() const { return pos_; }
  std::size_t left() const { return end_ - pos_; }
  [[noreturn]] void fail(const std::string& what) const { fail_at(pos_, what); }
  [[noreturn]] void fail_at(std::size_t offset, const std::string& what) const {
    throw ModelFileError(name_ + ": at byte " + std::to_string(offset) + ": " + what);
  }

 private:
  std::span<const unsigned char> file_;
  std::size_t pos_;
  std::size_t end_;
  const std::string& name_;
};

uint32_t read_le32(const unsigned char* p);
uint64_t read_le64(const unsigned char* p);

}  // namespace bprop::model_file

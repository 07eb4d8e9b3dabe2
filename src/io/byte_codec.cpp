// The byte codec's little-endian encoding and its bounds checks.
#include "byte_codec.h"

#include <stdexcept>

namespace bprop::byte_codec {

uint32_t read_le32(const unsigned char* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

uint64_t read_le64(const unsigned char* p) {
  return uint64_t{read_le32(p)} | (uint64_t{read_le32(p + 4)} << 32);
}

void Writer::u32(uint32_t v) {
  unsigned char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
  raw(b, 4);
}

void Writer::u64(uint64_t v) {
  u32(static_cast<uint32_t>(v));
  u32(static_cast<uint32_t>(v >> 32));
}

void Writer::f32(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  u32(bits);
}

void Writer::f64(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, 8);
  u64(bits);
}

void Writer::raw(const void* data, std::size_t size) {
  if (size == 0) return;
  const std::size_t used = bytes_.size();
  bytes_.resize(used + size);
  std::memcpy(bytes_.data() + used, data, size);
}

void Writer::patch_u64(std::size_t offset, uint64_t v) {
  for (int i = 0; i < 8; ++i) bytes_.at(offset + i) = static_cast<unsigned char>(v >> (8 * i));
}

void Reader::fail_at(std::size_t offset, const std::string& what) const {
  fail_(name_, offset, what);
  throw std::logic_error("byte_codec: the fail function returned");  // it must throw
}

std::size_t Reader::need(std::size_t count, std::size_t element_bytes, const std::string& what) {
  std::size_t bytes = 0;
  if (__builtin_mul_overflow(count, element_bytes, &bytes) || bytes > left()) {
    fail(what + " needs " + std::to_string(count) + " x " + std::to_string(element_bytes) +
         " bytes, but only " + std::to_string(left()) + " are left");
  }
  return bytes;
}

uint8_t Reader::u8(const std::string& what) {
  need(1, 1, what);
  return file_[pos_++];
}

uint32_t Reader::u32(const std::string& what) {
  need(1, 4, what);
  const uint32_t v = read_le32(file_.data() + pos_);
  pos_ += 4;
  return v;
}

uint64_t Reader::u64(const std::string& what) {
  need(1, 8, what);
  const uint64_t v = read_le64(file_.data() + pos_);
  pos_ += 8;
  return v;
}

double Reader::f64(const std::string& what) {
  const uint64_t bits = u64(what);
  double v;
  std::memcpy(&v, &bits, 8);
  return v;
}

uint32_t Reader::count(const std::string& what, uint32_t min, uint32_t max) {
  const std::size_t at = pos_;
  const uint32_t v = u32(what);
  if (v < min || v > max) {
    fail_at(at, what + " is " + std::to_string(v) + ", expected " + std::to_string(min) + " to " +
                    std::to_string(max));
  }
  return v;
}

std::string Reader::text(std::size_t size, const std::string& what) {
  need(size, 1, what);
  std::string s(reinterpret_cast<const char*>(file_.data() + pos_), size);
  pos_ += size;
  return s;
}

float Reader::f32_at(std::size_t offset) const {
  const uint32_t bits = read_le32(file_.data() + offset);
  float v;
  std::memcpy(&v, &bits, 4);
  return v;
}

void Reader::f32s(std::span<float> out, const std::string& what) {
  need(out.size(), 4, what);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = f32_at(pos_ + 4 * i);
  pos_ += 4 * out.size();
}

}  // namespace bprop::byte_codec

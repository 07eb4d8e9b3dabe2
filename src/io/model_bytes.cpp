// Byte-level helpers of the model file.
#include "model_bytes.h"

namespace bprop::model_file {

uint32_t read_le32(const unsigned char* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

uint64_t read_le64(const unsigned char* p) {
  return uint64_t{read_le32(p)} | (uint64_t{read_le32(p + 4)} << 32);
}

void Writer::string(const std::string& s, const std::string& what) {
  if (s.size() > kMaxStringBytes) {
    throw ModelFileError("cannot save " + what + ": " + std::to_string(s.size()) +
                         " bytes, over the format's limit of " + std::to_string(kMaxStringBytes));
  }
  u32(static_cast<uint32_t>(s.size()));
  raw(s.data(), s.size());
}

void Writer::strings(const std::vector<std::string>& list, const std::string& what) {
  if (list.size() > kMaxListEntries) {
    throw ModelFileError("cannot save " + what + ": " + std::to_string(list.size()) +
                         " entries, over the format's limit of " + std::to_string(kMaxListEntries));
  }
  u32(static_cast<uint32_t>(list.size()));
  for (const auto& s : list) string(s, what);
}

std::size_t Reader::need(std::size_t count, std::size_t element_bytes, const std::string& what) {
  std::size_t bytes = 0;
  if (__builtin_mul_overflow(count, element_bytes, &bytes) || bytes > left()) {
    fail(what + " needs " + std::to_string(count) + " x " + std::to_string(element_bytes) +
         " bytes, but only " + std::to_string(left()) + " are left before the checksum");
  }
  return bytes;
}

uint8_t Reader::u8(const char* what) {
  need(1, 1, what);
  return file_[pos_++];
}

uint32_t Reader::u32(const char* what) {
  need(1, 4, what);
  const uint32_t v = read_le32(file_.data() + pos_);
  pos_ += 4;
  return v;
}

uint32_t Reader::count(const char* what, uint32_t min, uint32_t max) {
  const std::size_t at = pos_;
  const uint32_t v = u32(what);
  if (v < min || v > max) {
    fail_at(at, std::string(what) + " is " + std::to_string(v) + ", expected " +
                    std::to_string(min) + " to " + std::to_string(max));
  }
  return v;
}

std::string Reader::string(const char* what, uint32_t max_bytes) {
  const uint32_t size = count(what, 0, max_bytes);
  need(size, 1, what);
  std::string s(reinterpret_cast<const char*>(file_.data() + pos_), size);
  pos_ += size;
  return s;
}

std::vector<std::string> Reader::strings(const char* what) {
  const uint32_t n = count(what, 0, kMaxListEntries);
  need(n, 4, what);  // every entry has at least its 4-byte length
  std::vector<std::string> list;
  list.reserve(n);
  for (uint32_t i = 0; i < n; ++i) list.push_back(string(what));
  return list;
}

float Reader::f32_at(std::size_t offset) const {
  const uint32_t bits = read_le32(file_.data() + offset);
  float v;
  std::memcpy(&v, &bits, 4);
  return v;
}

std::vector<float> Reader::floats(std::size_t count, const std::string& what) {
  need(count, 4, what);
  std::vector<float> values(count);
  for (std::size_t i = 0; i < count; ++i) {
    const uint32_t bits = read_le32(file_.data() + pos_ + 4 * i);
    std::memcpy(&values[i], &bits, 4);
  }
  pos_ += 4 * count;
  return values;
}

}  // namespace bprop::model_file

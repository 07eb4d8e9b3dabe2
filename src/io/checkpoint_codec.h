// The checkpoint's bounds-checked little-endian writer and reader (internal to src/io).
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "bprop/io/checkpoint.h"
#include "bprop/random.h"

namespace bprop::checkpoint_codec {

class Writer {
 public:
  void u8(uint8_t v) { bytes.push_back(v); }
  void u32(uint32_t v) { put(v, 4); }
  void u64(uint64_t v) { put(v, 8); }
  void f64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    u64(bits);
  }
  void text(const std::string& s) {
    u64(s.size());
    bytes.insert(bytes.end(), s.begin(), s.end());
  }
  void floats(const Matrix& m) {
    u64(static_cast<uint64_t>(m.rows()));
    u64(static_cast<uint64_t>(m.cols()));
    for (const float f : m.values()) {
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      u32(bits);
    }
  }
  void rng(const Rng::State& state) {
    for (const uint64_t word : state.words) u64(word);
    f64(state.spare_normal);
    u8(state.has_spare ? 1 : 0);
  }
  std::vector<unsigned char> bytes;

 private:
  void put(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) bytes.push_back(static_cast<unsigned char>(v >> (8 * i)));
  }
};

class Reader {
 public:
  Reader(std::span<const unsigned char> bytes, const std::string& name, std::size_t offset)
      : bytes_(bytes), name_(name), pos_(offset) {}
  [[noreturn]] void fail(const std::string& why) const {
    throw CheckpointError("checkpoint '" + name_ + "': " + why + " (at byte " +
                          std::to_string(pos_) + ")");
  }
  std::size_t remaining() const { return bytes_.size() - pos_; }
  uint64_t get(int n) {
    if (remaining() < static_cast<std::size_t>(n)) fail("unexpected end of data");
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= static_cast<uint64_t>(bytes_[pos_ + i]) << (8 * i);
    pos_ += static_cast<std::size_t>(n);
    return v;
  }
  uint8_t u8() { return static_cast<uint8_t>(get(1)); }
  uint32_t u32() { return static_cast<uint32_t>(get(4)); }
  uint64_t u64() { return get(8); }
  double f64() {
    const uint64_t bits = u64();
    double v;
    std::memcpy(&v, &bits, 8);
    return v;
  }
  // A count of items of `item_bytes` each, never more than the bytes left could hold.
  uint64_t count(uint64_t item_bytes, const char* what) {
    const uint64_t n = u64();
    if (item_bytes != 0 && n > remaining() / item_bytes) {
      fail(std::string(what) + " count " + std::to_string(n) + " exceeds the file");
    }
    return n;
  }
  Rng::State rng() {
    Rng::State state;
    for (uint64_t& word : state.words) word = u64();
    state.spare_normal = f64();
    state.has_spare = u8() != 0;
    return state;
  }
  std::string text(const char* what) {
    const uint64_t n = count(1, what);
    std::string s(reinterpret_cast<const char*>(bytes_.data() + pos_), n);
    pos_ += n;
    return s;
  }
  // Reads a matrix that must have m's shape; a slot (optimizer moment) may also be empty.
  void floats(Matrix& m, const std::string& what, bool slot = false) {
    const uint64_t rows = u64(), cols = u64();
    if (rows != static_cast<uint64_t>(m.rows()) || cols != static_cast<uint64_t>(m.cols())) {
      if (!slot || rows != 0 || cols != 0) {
        fail(what + " has shape " + std::to_string(rows) + "x" + std::to_string(cols) +
             ", the architecture needs " + m.shape());
      }
      m = Matrix();
      return;
    }
    if (m.size() > remaining() / 4) fail(what + " extends past the end of the file");
    for (float& f : m.values()) {
      const uint32_t bits = u32();
      std::memcpy(&f, &bits, 4);
    }
  }

 private:
  std::span<const unsigned char> bytes_;
  const std::string& name_;
  std::size_t pos_;
};

// The loop state block (checkpoint_loop_state.cpp): schedule, early stopping, accuracy counts.
std::string encode_loop_state(const TrainerState& state);
// Fills those parts of `state`; the snapshot's shapes must be the network's. An empty block (a
// library checkpoint of the previous release) leaves them at their defaults.
void decode_loop_state(const std::string& block, const std::string& name, const Network& network,
                       TrainerState& state);

}  // namespace bprop::checkpoint_codec

// The checkpoint's fields over the shared byte codec.
#include "checkpoint_codec.h"

namespace bprop::checkpoint_codec {

void Writer::text(const std::string& s) {
  u64(s.size());
  raw(s.data(), s.size());
}

void Writer::floats(const Matrix& m) {
  u64(static_cast<uint64_t>(m.rows()));
  u64(static_cast<uint64_t>(m.cols()));
  for (const float f : m.values()) f32(f);
}

void Writer::rng(const Rng::State& state) {
  for (const uint64_t word : state.words) u64(word);
  f64(state.spare_normal);
  u8(state.has_spare ? 1 : 0);
}

void Reader::fail_checkpoint(const std::string& name, std::size_t offset, const std::string& why) {
  throw CheckpointError("checkpoint '" + name + "': " + why + " (at byte " +
                        std::to_string(offset) + ")");
}

uint64_t Reader::count(uint64_t item_bytes, const std::string& what) {
  const uint64_t n = u64(what + " count");
  if (item_bytes != 0 && n > left() / item_bytes) {
    fail(what + " count " + std::to_string(n) + " exceeds the file");
  }
  return n;
}

Rng::State Reader::rng(const std::string& what) {
  Rng::State state;
  for (uint64_t& word : state.words) word = u64(what);
  state.spare_normal = f64(what);
  state.has_spare = u8(what) != 0;
  return state;
}

std::string Reader::text(const std::string& what) {
  return byte_codec::Reader::text(count(1, what), what);
}

void Reader::floats(Matrix& m, const std::string& what, bool slot) {
  const uint64_t rows = u64(what + " rows"), cols = u64(what + " cols");
  if (rows != static_cast<uint64_t>(m.rows()) || cols != static_cast<uint64_t>(m.cols())) {
    if (!slot || rows != 0 || cols != 0) {
      fail(what + " has shape " + std::to_string(rows) + "x" + std::to_string(cols) +
           ", the architecture needs " + m.shape());
    }
    m = Matrix();
    return;
  }
  if (m.size() > left() / 4) fail(what + " extends past the end of the file");
  f32s(m.values(), what);
}

}  // namespace bprop::checkpoint_codec

// The checkpoint's fields over the shared byte codec (internal to src/io): texts with a 64-bit
// length, matrices with their 64-bit shape, generator states; errors are CheckpointErrors.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "bprop/io/checkpoint.h"
#include "bprop/random.h"
#include "byte_codec.h"

namespace bprop::checkpoint_codec {

class Writer : public byte_codec::Writer {
 public:
  void text(const std::string& s);
  void floats(const Matrix& m);
  void rng(const Rng::State& state);
};

class Reader : public byte_codec::Reader {
 public:
  // Reads bytes[offset, bytes.size()).
  Reader(std::span<const unsigned char> bytes, const std::string& name, std::size_t offset)
      : byte_codec::Reader(bytes, offset, bytes.size(), name, fail_checkpoint) {}

  // A u64 count of items of `item_bytes` each, never more than the bytes left could hold.
  uint64_t count(uint64_t item_bytes, const std::string& what);
  Rng::State rng(const std::string& what);
  std::string text(const std::string& what);
  // Reads a matrix that must have m's shape; a slot (optimizer moment) may also be empty.
  void floats(Matrix& m, const std::string& what, bool slot = false);

 private:
  [[noreturn]] static void fail_checkpoint(const std::string& name, std::size_t offset,
                                           const std::string& why);
};

// The loop state block (checkpoint_loop_state.cpp): schedule, early stopping, accuracy counts.
std::string encode_loop_state(const TrainerState& state);
// Fills those parts of `state`; the snapshot's shapes must be the network's. An empty block (a
// library checkpoint of the previous release) leaves them at their defaults.
void decode_loop_state(const std::string& block, const std::string& name, const Network& network,
                       TrainerState& state);

}  // namespace bprop::checkpoint_codec

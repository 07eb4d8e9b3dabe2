// libFuzzer target: the checkpoint loader. Any input must load or throw CheckpointError; a
// checkpoint that loads must serialize again.
#include <cstddef>
#include <cstdint>
#include <span>

#include "bprop/io/checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  try {
    const bprop::Checkpoint c = bprop::parse_checkpoint(std::span(data, size), "fuzz.ckpt");
    (void)c.network.predict(bprop::Matrix(1, c.network.input_width()));
    (void)bprop::serialize_checkpoint(c.network, c.trainer, c.info);
  } catch (const bprop::CheckpointError&) {
  }
  return 0;
}

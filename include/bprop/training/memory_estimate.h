// How much memory a requested architecture would take, computed from its layer list with checked
// arithmetic and WITHOUT allocating, so `--layers 100000,100000,100000` is refused up front
// (docs/reliability.md B32) instead of dying in the allocator.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace bprop {

struct MemoryEstimate {
  uint64_t parameters = 0;       // learnable scalars
  uint64_t parameter_bytes = 0;  // parameters × scalar size
  uint64_t training_bytes = 0;   // value + gradient + 2 optimizer moments, plus activations
  int output_width = 0;
};

// Walks "784,128,relu,10" from input_width, counting what the registry's layers would allocate.
// Throws ConfigError for a bad spec and when a count overflows 64 bits.
MemoryEstimate estimate_memory(int input_width, std::string_view layers, std::size_t scalar_bytes,
                               int batch_size);

// Throws ConfigError naming the architecture, the estimate and the limit when training_bytes
// exceeds limit_bytes.
void check_memory_limit(const MemoryEstimate& estimate, uint64_t limit_bytes,
                        std::string_view layers);

// "8G", "512M", "64k", "1000" (bytes); binary units (1G = 2^30). Throws ConfigError.
uint64_t parse_byte_size(std::string_view text);
// 8589934592 -> "8 GiB", 1536 -> "1.5 KiB".
std::string format_bytes(uint64_t bytes);

}  // namespace bprop

// Memory estimates with checked arithmetic: every product and sum goes through
// __builtin_*_overflow, so an absurd request reports "too large" instead of wrapping to a small
// number and passing the check.
#include "bprop/training/memory_estimate.h"

#include <charconv>
#include <cstdio>

#include "bprop/errors.h"
#include "bprop/registry.h"

namespace bprop {

namespace {

uint64_t mul(uint64_t a, uint64_t b, std::string_view layers) {
  uint64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) {
    throw ConfigError("architecture '" + std::string(layers) +
                      "' is too large to count in 64 bits");
  }
  return out;
}

uint64_t add(uint64_t a, uint64_t b, std::string_view layers) {
  uint64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) {
    throw ConfigError("architecture '" + std::string(layers) +
                      "' is too large to count in 64 bits");
  }
  return out;
}

}  // namespace

MemoryEstimate estimate_memory(int input_width, std::string_view layers, std::size_t scalar_bytes,
                               int batch_size) {
  MemoryEstimate e;
  uint64_t width = static_cast<uint64_t>(input_width > 0 ? input_width : 0);
  uint64_t activations = width;  // the input batch itself
  for (const std::string_view spec : split_layer_list(layers)) {
    // The registry says what the layer would allocate without building it.
    const LayerShape shape = layer_shape(spec, static_cast<int>(width));
    for (const auto& [rows, cols] : shape.parameters) {
      const uint64_t values = mul(static_cast<uint64_t>(rows), static_cast<uint64_t>(cols), layers);
      e.parameters = add(e.parameters, values, layers);
    }
    width = static_cast<uint64_t>(shape.output_width);
    activations = add(activations, width, layers);
  }
  e.output_width = static_cast<int>(width);
  e.parameter_bytes = mul(e.parameters, scalar_bytes, layers);
  // Per parameter: value, gradient and two optimizer moments. Per layer: its output, the gradient
  // it returns and what it caches for backward, for a whole batch.
  const uint64_t batch = static_cast<uint64_t>(batch_size > 0 ? batch_size : 1);
  const uint64_t activation_bytes =
      mul(mul(mul(activations, batch, layers), 3, layers), scalar_bytes, layers);
  e.training_bytes = add(mul(e.parameter_bytes, 4, layers), activation_bytes, layers);
  return e;
}

void check_memory_limit(const MemoryEstimate& e, uint64_t limit_bytes, std::string_view layers) {
  if (e.training_bytes <= limit_bytes) return;
  throw ConfigError("architecture '" + std::string(layers) + "' needs about " +
                    format_bytes(e.training_bytes) + " to train (" + std::to_string(e.parameters) +
                    " parameters, " + format_bytes(e.parameter_bytes) +
                    " each for values, gradients and 2 optimizer moments, plus activations), " +
                    "more than the memory limit of " + format_bytes(limit_bytes) +
                    "; use smaller layers or raise --max-memory");
}

uint64_t parse_byte_size(std::string_view text) {
  const std::string original(text);
  uint64_t scale = 1;
  if (!text.empty()) {
    switch (text.back()) {
      case 'k':
      case 'K':
        scale = uint64_t{1} << 10;
        break;
      case 'm':
      case 'M':
        scale = uint64_t{1} << 20;
        break;
      case 'g':
      case 'G':
        scale = uint64_t{1} << 30;
        break;
      case 't':
      case 'T':
        scale = uint64_t{1} << 40;
        break;
      default:
        break;
    }
    if (scale != 1) text.remove_suffix(1);
  }
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  uint64_t bytes = 0;
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      __builtin_mul_overflow(value, scale, &bytes)) {
    throw ConfigError("'" + original + "' is not a byte size (examples: 8G, 512M, 64k, 1000)");
  }
  return bytes;
}

std::string format_bytes(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024.0 && unit < 6) {
    value /= 1024.0;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.3g %s", value, kUnits[unit]);
  return text;
}

}  // namespace bprop

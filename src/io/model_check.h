// Internal to the model file: the invariants that both save and load enforce, and the checksum.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "bprop/io/model_file.h"

namespace bprop::model_file {

// Known loss, widths and counts within the format's caps, preprocessing as wide as the input,
// class names matching the output width. Throws ModelFileError starting with `what`.
void check_consistency(const Model& model, const std::string& what);

// zlib's CRC32 of `bytes`, fed in chunks that fit its uInt length.
uint32_t crc32_of(std::span<const unsigned char> bytes);

}  // namespace bprop::model_file

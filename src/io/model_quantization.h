// Internal to the model file: the version-3 section that stores an int8 network
// (bprop/int8/quantization.h) after the metadata and the optional tabular encoding.
#pragma once

#include "bprop/int8/quantization.h"
#include "bprop/network.h"
#include "model_bytes.h"

namespace bprop::model_file {

// Throws ConfigError when `q` does not fit `network` (int8::stage_layout) or cannot be run.
void check_quantization_fits(const int8::Quantization& q, const Network& network);

void write_quantization(Writer& w, const int8::Quantization& q);
// Every count is checked against the bytes left before allocating; the stages must be those
// stage_layout finds in `network`, with the shapes and ranges check_quantization accepts.
int8::Quantization read_quantization(Reader& r, const Network& network);

}  // namespace bprop::model_file

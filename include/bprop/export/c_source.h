// C99 export: a trained model as NAME.h and NAME.c for microcontrollers and any C compiler.
//
// The source has the weights as `static const float` arrays, no malloc and no libc beyond
// <math.h>, and two functions:
//   int NAME_predict(const float *x, float *out);  x: NAME_INPUTS raw features (training units);
//       out: NAME_OUTPUTS values as `bprop predict` reads them (softmax probabilities, sigmoid
//       probabilities, or regression values). Returns the class index for classifiers, else 0.
//       Stack: two float buffers of the widest layer, 2 * NAME_BUFFER_FLOATS * 4 bytes.
//   int NAME_selftest(void);  runs 32 embedded input rows and compares with bprop's own outputs
//       (|got - want| <= 1e-5 · (1 + |want|)); returns the number of rows that differ (0: pass).
// It compiles warning-free under -std=c99 -Wall -Wextra -Wpedantic -Wconversion (docs/export.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "bprop/io/model_file.h"

namespace bprop {

struct CExportOptions {
  std::string name;            // prefix of the files, functions and macros: a C identifier
  int selftest_rows = 32;      // rows embedded for NAME_selftest
  uint64_t selftest_seed = 1;  // the generator of those rows (docs/export.md says how)
  // The model's int8 network (bprop quantize) in integer arithmetic instead of the float one;
  // the self-test then compares with bprop's int8 outputs (docs/export.md, "int8 models").
  bool int8 = false;
};

struct CSource {
  std::string header;  // NAME.h
  std::string source;  // NAME.c
};

// [A-Za-z_][A-Za-z0-9_]*, at most 63 characters, and not a C99 keyword.
bool is_c_identifier(std::string_view name);

// Throws ConfigError for a name that is not a C identifier, a layer with no C equivalent, or
// int8 for a model without an int8 network.
CSource export_c_source(const Model& model, const CExportOptions& options);

// Writes DIR/NAME.h and DIR/NAME.c (each through write_file_atomically). Everything is generated
// before anything is written; if the second file cannot be written the first is removed again, so
// a failure leaves neither. Throws ConfigError, IoError.
void save_c_source(const std::string& dir, const Model& model, const CExportOptions& options);

}  // namespace bprop

// The parts of the C99 export (bprop/export/c_source.h): NAME_predict with its weights and
// helpers (c_predict.cpp), the int8 variant (c_int8.cpp), and the header and self-test
// (c_export.cpp).
#pragma once

#include <string>

#include "bprop/export/c_source.h"
#include "export/export_plan.h"

namespace bprop::c_export {

// The weights, the helpers the plan uses and NAME_predict.
std::string predict_source(const exporting::ExportPlan& plan, const std::string& prefix);

// The preprocessing of input x[i], shared by the float and the int8 NAME_predict: a NaN input
// replaced by its fill (a model with a tabular encoding), then the scaling. `arrays` defines the
// fill, offset and scale arrays that `expression` reads; both are empty without preprocessing.
struct InputCode {
  std::string arrays;
  std::string expression;
};
InputCode input_source(const exporting::ExportPlan& plan, const std::string& prefix);

// The end of NAME_predict for the network's float outputs in array `from`: the loss's output
// mapping into `out` and the return statement, with the helper functions they call.
struct OutputCode {
  std::string statements;
  std::string helpers;
  bool uses_index = false;  // the statements use `int i`
};
OutputCode output_source(const exporting::ExportPlan& plan, const std::string& prefix, char from);

// The int8 model's arrays, helpers and NAME_predict (c_int8.cpp); the model must have a
// quantization.
std::string int8_predict_source(const Model& model, const exporting::ExportPlan& plan,
                                const std::string& prefix);

// NAME in capitals: the prefix of the header's macros.
std::string macro_prefix(const std::string& prefix);

}  // namespace bprop::c_export

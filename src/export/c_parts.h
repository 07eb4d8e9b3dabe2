// The parts of the C99 export (bprop/export/c_source.h): NAME_predict with its weights and
// helpers (c_predict.cpp), and the header and self-test (c_export.cpp).
#pragma once

#include <string>

#include "bprop/export/c_source.h"
#include "export/export_plan.h"

namespace bprop::c_export {

// The weights, the helpers the plan uses and NAME_predict.
std::string predict_source(const exporting::ExportPlan& plan, const std::string& prefix);

// NAME in capitals: the prefix of the header's macros.
std::string macro_prefix(const std::string& prefix);

}  // namespace bprop::c_export

// `bprop evaluate --compare OTHER`: two models (a float model and its int8 model, say) on the
// same labelled data: each one's accuracy, the share of rows whose predicted class changed, and
// the largest difference between their outputs (probabilities for classifiers).
#pragma once

#include <string>

#include "model_data.h"

namespace bprop::cli {

// The data is read for `args.model`; `other` must take the same inputs and give the same outputs.
// format: "text" or "json". Returns the exit code; throws as evaluate does.
int compare_models(const ModelDataArgs& args, const std::string& other, const std::string& format);

}  // namespace bprop::cli

// libFuzzer target: the model-file loader. Any input must load or throw ModelFileError. A model
// that loads must predict and save again (non-finite weights were refused on load).
#include <cstddef>
#include <cstdint>
#include <span>

#include "bprop/errors.h"
#include "bprop/io/model_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  try {
    const bprop::Model model = bprop::parse_model(std::span(data, size), "fuzz.bprop");
    (void)model.network.predict(bprop::Matrix(1, model.network.input_width()));
    (void)bprop::serialize_model(model);
  } catch (const bprop::ModelFileError&) {
  }
  return 0;
}

// libFuzzer target: the model-file loader. Any input must load or throw ModelFileError. A model
// that loads must predict, save again (non-finite weights were refused on load) and export as
// ONNX (float32 and float64) and as C (src/export/, which trusts a loaded model).
#include <cstddef>
#include <cstdint>
#include <span>

#include "bprop/errors.h"
#include "bprop/export/c_source.h"
#include "bprop/export/onnx.h"
#include "bprop/io/model_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  try {
    const bprop::Model model = bprop::parse_model(std::span(data, size), "fuzz.bprop");
    (void)model.network.predict(bprop::Matrix(1, model.network.input_width()));
    (void)bprop::serialize_model(model);
    try {
      (void)bprop::export_onnx(model);
      (void)bprop::export_onnx(model, {.float64 = true});
      (void)bprop::export_c_source(model, {.name = "fuzz", .selftest_rows = 2});
    } catch (const bprop::ConfigError&) {
      // The C export refuses a model whose outputs overflow on its own self-test rows.
    }
  } catch (const bprop::ModelFileError&) {
  }
  return 0;
}

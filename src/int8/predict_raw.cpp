// predict_raw: a model's network as it is stored, int8 or float.
#include "bprop/int8/int8_predictor.h"
#include "bprop/int8/quantize.h"

namespace bprop::int8 {

Matrix predict_raw(const Model& model, const Matrix& preprocessed) {
  if (!model.quantization) return model.network.predict(preprocessed);
  return Int8Predictor(*model.quantization).predict(preprocessed);
}

}  // namespace bprop::int8

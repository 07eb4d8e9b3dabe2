// Building, saving, loading and predicting: the parts of the module that do not train.
#include "model.h"

#include <climits>
#include <mutex>

#include "bprop/data/tabular.h"
#include "bprop/errors.h"
#include "bprop/export/onnx.h"
#include "bprop/init.h"
#include "bprop/int8/quantize.h"
#include "bprop/io/checkpoint.h"
#include "bprop/io/model_file.h"
#include "bprop/registry.h"
#include "cells.h"

namespace bprop::python {

Matrix view_of(const py::array& array, const char* what) {
  if (!array.dtype().is(py::dtype::of<float>()) || array.ndim() != 2 ||
      !(array.flags() & py::array::c_style)) {
    throw py::type_error(std::string(what) +
                         ": the core takes 2-D C-contiguous float32 arrays only (the estimators "
                         "convert other arrays before calling it)");
  }
  if (array.shape(0) > INT_MAX || array.shape(1) > INT_MAX) {
    throw py::value_error(std::string(what) + ": more than 2^31-1 rows or columns");
  }
  // A read-only array is only ever read: training and prediction take const matrices.
  auto* data = const_cast<float*>(static_cast<const float*>(array.data()));
  return Matrix::view(data, static_cast<int>(array.shape(0)), static_cast<int>(array.shape(1)));
}

ModelHandle::ModelHandle(int input_width, const std::string& layers, const std::string& loss,
                         uint64_t seed, const std::string& init) {
  model_.network = build_network<float>(input_width, layers);
  model_.network.initialize(seed, {.scheme = parse_init_scheme(init)});
  make_loss<float>(loss);  // throws ConfigError for an unknown name
  model_.loss = loss;
}

std::unique_ptr<ModelHandle> ModelHandle::from_bytes(const py::bytes& bytes,
                                                     const std::string& name) {
  const std::string_view view = bytes;
  const auto* data = reinterpret_cast<const unsigned char*>(view.data());
  return std::make_unique<ModelHandle>(parse_model({data, view.size()}, name));
}

py::bytes ModelHandle::to_bytes() const {
  const std::vector<unsigned char> bytes = serialize_model(model_);
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

py::bytes ModelHandle::optimizer_state() const {
  const std::vector<unsigned char> bytes = serialize_checkpoint(model_.network, {}, {});
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

void ModelHandle::set_optimizer_state(const py::bytes& bytes, const std::string& name) {
  const std::string_view view = bytes;
  const Checkpoint saved =
      parse_checkpoint({reinterpret_cast<const unsigned char*>(view.data()), view.size()}, name);
  const auto& from = saved.network.parameters();
  const auto& to = model_.network.parameters();
  bool fits = from.size() == to.size();
  for (std::size_t i = 0; fits && i < to.size(); ++i) {
    fits = from[i]->value.rows() == to[i]->value.rows() &&
           from[i]->value.cols() == to[i]->value.cols();
  }
  if (!fits) {
    throw py::value_error(name + ": the optimizer state is for " + saved.network.describe() +
                          ", the model is " + model_.network.describe());
  }
  for (std::size_t i = 0; i < to.size(); ++i) to[i]->slots = from[i]->slots;
}

void ModelHandle::save(const std::string& path) const {
  py::gil_scoped_release release;
  std::shared_lock lock(mutex_);
  save_model(path, model_);
}

void ModelHandle::export_onnx(const std::string& path, int opset, bool float64) const {
  py::gil_scoped_release release;
  std::shared_lock lock(mutex_);
  if (model_.quantization) {  // as `bprop export` refuses it: ONNX would hold the float network
    throw bprop::DataError(
        "an int8 model (bprop quantize) predicts with its int8 network, which ONNX "
        "export does not write; export the float model it was quantized from, or "
        "write C with `bprop export --format c --int8`");
  }
  save_onnx(path, model_, {.opset = opset, .float64 = float64});
}

void ModelHandle::fit_scaling(const py::array& inputs, const std::string& scaling) {
  const Matrix x = view_of(inputs, "fit_scaling");
  const Scaling kind = parse_scaling(scaling);
  py::gil_scoped_release release;
  std::unique_lock lock(mutex_);
  model_.preprocessor = Preprocessor::fit(kind, x);
  model_.quantization.reset();  // its input scale was calibrated for the old scaling
}

py::array_t<float> ModelHandle::predict(const py::array& inputs) const {
  const Matrix x = view_of(inputs, "predict");
  py::array_t<float> result({x.rows(), model_.network.output_width()});
  float* out = result.mutable_data();
  {
    py::gil_scoped_release release;
    std::shared_lock lock(mutex_);
    const std::unique_ptr<Loss> loss = make_loss<float>(model_.loss);
    const bool scaled = model_.preprocessor.scaling() != Scaling::kNone;
    // Scaling needs a copy of the inputs; without it the network reads the caller's array.
    // An int8 model (bprop quantize) runs its int8 network, as `bprop predict` does.
    const Matrix raw = int8::predict_raw(model_, scaled ? model_.preprocessor.applied(x) : x);
    Matrix outputs;
    loss->output(raw, outputs);
    std::copy(outputs.data(), outputs.data() + outputs.size(), out);
  }
  return result;
}

std::vector<std::string> ModelHandle::tabular_columns() const {
  std::vector<std::string> names;
  if (model_.tabular) {
    for (const ColumnEncoding& column : model_.tabular->columns) names.push_back(column.name);
  }
  return names;
}

py::tuple ModelHandle::encode_tabular(const py::list& columns, const std::string& name) const {
  if (!model_.tabular) throw py::value_error(name + ": the model has no tabular encoding");
  return encode_cells(*model_.tabular, columns, name, &mutex_);
}

py::tuple encode_cells(const TabularEncoding& encoding, const py::list& columns,
                       const std::string& name, std::shared_mutex* guard) {
  Matrix inputs;
  TabularCounts counts;
  const CellColumns cells(columns, numbers_for(encoding));
  {
    // The GIL goes before the lock is taken, as everywhere here: never wait for it holding the GIL.
    py::gil_scoped_release release;
    std::shared_lock<std::shared_mutex> lock;
    if (guard != nullptr) lock = std::shared_lock(*guard);
    inputs = encode_tabular_cells(cells.cells(), name, encoding, counts);
  }
  py::array_t<float> result({inputs.rows(), inputs.cols()});
  std::copy(inputs.data(), inputs.data() + inputs.size(), result.mutable_data());
  return py::make_tuple(result, describe_counts(counts), counts.unseen, counts.imputed);
}

namespace {
py::array_t<float> to_numpy(const Matrix& m, bool transpose) {
  py::array_t<float> a(transpose ? std::vector<py::ssize_t>{m.cols(), m.rows()}
                                 : std::vector<py::ssize_t>{m.rows(), m.cols()});
  auto out = a.mutable_unchecked<2>();
  for (int r = 0; r < m.rows(); ++r) {
    for (int c = 0; c < m.cols(); ++c) (transpose ? out(c, r) : out(r, c)) = m(r, c);
  }
  return a;
}
}  // namespace

py::list ModelHandle::dense_parameters() const {
  py::list result;
  const Network& net = model_.network;
  for (std::size_t i = 0; i < net.size(); ++i) {
    const std::span<const Parameter> p = net.layer(i).parameters();
    if (net.layer(i).type() != "dense" || p.size() != 2) continue;
    py::array_t<float> bias = to_numpy(p[1].value, false);
    result.append(py::make_tuple(to_numpy(p[0].value, true), bias.reshape({bias.size()})));
  }
  return result;
}

void ModelHandle::set_dense_parameters(const py::list& parameters) {
  using FloatArray = py::array_t<float, py::array::c_style | py::array::forcecast>;
  const std::vector<Parameter*> to = model_.network.parameters();
  if (to.size() != 2 * parameters.size()) {
    throw py::value_error("set_dense_parameters: " + std::to_string(parameters.size()) +
                          " (W, b) pairs for a network with " + std::to_string(to.size()) +
                          " parameters (" + model_.network.describe() + ")");
  }
  std::unique_lock lock(mutex_);  // with the GIL held: a short copy
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    const auto pair = parameters[i].cast<py::tuple>();
    const auto w = pair[0].cast<FloatArray>();
    const auto b = pair[1].cast<FloatArray>();
    Matrix& weight = to[2 * i]->value;  // (outputs x inputs): W transposed
    Matrix& bias = to[2 * i + 1]->value;
    if (w.ndim() != 2 || w.shape(0) != weight.cols() || w.shape(1) != weight.rows() ||
        b.ndim() != 1 || static_cast<std::size_t>(b.shape(0)) != bias.size()) {
      throw py::value_error("set_dense_parameters: layer " + std::to_string(i) +
                            " takes W of shape (" + std::to_string(weight.cols()) + ", " +
                            std::to_string(weight.rows()) + ") and b of " +
                            std::to_string(bias.size()) + " values");
    }
    const auto wv = w.unchecked<2>();
    for (int r = 0; r < weight.rows(); ++r) {
      for (int c = 0; c < weight.cols(); ++c) weight(r, c) = wv(c, r);
    }
    std::copy(b.data(), b.data() + b.size(), bias.data());
  }
}

}  // namespace bprop::python

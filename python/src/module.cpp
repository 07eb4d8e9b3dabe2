// bprop._bprop: the compiled core of the Python module. It exposes ModelHandle (model.h) and maps
// the library's typed errors to Python exceptions; the scikit-learn estimators are Python code
// around it (python/bprop/).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bprop/data/tabular.h"
#include "bprop/errors.h"
#include "bprop/export/onnx.h"
#include "bprop/io/atomic_file.h"
#include "cells.h"
#include "model.h"

namespace py = pybind11;
using bprop::python::ModelHandle;
using bprop::python::TrainRequest;

namespace {

// bprop's exceptions as Python's: bad values and shapes are ValueError, a file the disk refused is
// OSError, a training run that diverged is FloatingPointError (the weights are the last finite
// ones). Anything else surfaces as RuntimeError through pybind11's default.
void register_exceptions(py::module_& m) {
  static py::exception<bprop::ModelFileError> model_file_error(m, "ModelFileError",
                                                               PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const bprop::ModelFileError& e) {
      model_file_error(e.what());
    } catch (const bprop::IoError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const bprop::DivergenceError& e) {
      PyErr_SetString(PyExc_FloatingPointError, e.what());
    } catch (const bprop::DataError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
}

TrainRequest make_request(const py::dict& o) {
  TrainRequest r;
  r.epochs = o["epochs"].cast<int>();
  r.batch_size = o["batch_size"].cast<int>();
  r.shuffle = o["shuffle"].cast<bool>();
  r.seed = o["seed"].cast<uint64_t>();
  r.patience = o["patience"].cast<int>();
  r.min_delta = o["min_delta"].cast<double>();
  r.running_best = o["running_best"].cast<bool>();
  r.threads = o["threads"].cast<int>();
  r.weighted = o["weighted"].cast<bool>();
  r.optimizer.name = o["optimizer"].cast<std::string>();
  r.optimizer.learning_rate = o["learning_rate"].cast<double>();
  r.optimizer.momentum = o["momentum"].cast<double>();
  r.optimizer.nesterov = o["nesterov"].cast<bool>();
  r.optimizer.weight_decay = o["weight_decay"].cast<double>();
  r.optimizer.beta1 = o["beta1"].cast<double>();
  r.optimizer.beta2 = o["beta2"].cast<double>();
  r.optimizer.epsilon = o["epsilon"].cast<double>();
  return r;
}

}  // namespace

PYBIND11_MODULE(_bprop, m) {
  m.doc() = "bprop's compiled core; use bprop.MLPClassifier, bprop.MLPRegressor, bprop.load";
  register_exceptions(m);
  m.attr("ONNX_DEFAULT_OPSET") = bprop::kOnnxDefaultOpset;
  m.attr("DEFAULT_NA_VALUES") = bprop::TabularOptions{}.na_values;  // as `bprop train`'s
  m.def(
      "view_address",
      [](const py::array& a) {
        return reinterpret_cast<std::uintptr_t>(bprop::python::view_of(a, "view_address").data());
      },
      "The address of the data the core reads for this array (the array's own: no copy).");

  // The estimators' fit on cells (text columns, missing cells): the encoding `bprop train` fits
  // on a CSV file, from one column of cells each (texts, or numbers: cells.h); None when the cells
  // need none.
  py::class_<bprop::TabularEncoding>(m, "TabularEncoding")
      .def_property_readonly("feature_names", &bprop::TabularEncoding::feature_names);
  m.def(
      "fit_tabular",
      [](const std::vector<std::string>& names, const py::list& columns, const std::string& name,
         std::vector<std::string> na_values, std::vector<std::string> categorical,
         int max_categories, bool impute) {
        const bprop::TabularOptions options{.na_values = std::move(na_values),
                                            .categorical = std::move(categorical),
                                            .max_categories = max_categories,
                                            .python_names = true};
        const bprop::python::CellColumns cells(
            columns, bprop::python::numbers_for(names, options.categorical, options.na_values));
        py::gil_scoped_release release;
        return bprop::fit_tabular_cells(names, cells.cells(), name, options, impute);
      },
      py::arg("names"), py::arg("columns"), py::arg("name"), py::arg("na_values"),
      py::arg("categorical"), py::arg("max_categories"), py::arg("impute"));
  m.def("cell_texts", &bprop::python::cell_texts, py::arg("columns"),
        "The texts the encoding reads for these columns (cells.h): numbers as _cell_text writes "
        "them.");
  m.def(
      "encode_tabular",
      [](const bprop::TabularEncoding& encoding, const py::list& columns, const std::string& name) {
        return bprop::python::encode_cells(encoding, columns, name);
      },
      py::arg("encoding"), py::arg("columns"), py::arg("name"));

  py::class_<ModelHandle>(m, "Model")
      .def(py::init<int, const std::string&, const std::string&, uint64_t, const std::string&>(),
           py::arg("input_width"), py::arg("layers"), py::arg("loss"), py::arg("seed"),
           py::arg("init") = "he-normal")
      .def_static("from_bytes", &ModelHandle::from_bytes, py::arg("data"), py::arg("name"))
      .def("to_bytes", &ModelHandle::to_bytes)
      .def("optimizer_state", &ModelHandle::optimizer_state)
      .def("set_optimizer_state", &ModelHandle::set_optimizer_state, py::arg("data"),
           py::arg("name"))
      .def("save", &ModelHandle::save, py::arg("path"))
      .def("export_onnx", &ModelHandle::export_onnx, py::arg("path"), py::arg("opset"),
           py::arg("float64"))
      .def("fit_scaling", &ModelHandle::fit_scaling, py::arg("inputs"), py::arg("scaling"))
      .def(
          "train",
          [](ModelHandle& self, const py::array& x, const py::array& y, const py::object& vx,
             const py::object& vy,
             const py::dict& options) { return self.train(x, y, vx, vy, make_request(options)); },
          py::arg("inputs"), py::arg("targets"), py::arg("val_inputs"), py::arg("val_targets"),
          py::arg("options"))
      .def("predict", &ModelHandle::predict, py::arg("inputs"))
      .def("dense_parameters", &ModelHandle::dense_parameters)
      .def("set_dense_parameters", &ModelHandle::set_dense_parameters, py::arg("parameters"))
      .def_property_readonly("loss", [](const ModelHandle& h) { return h.model().loss; })
      .def_property_readonly("input_width",
                             [](const ModelHandle& h) { return h.model().network.input_width(); })
      .def_property_readonly("output_width",
                             [](const ModelHandle& h) { return h.model().network.output_width(); })
      .def_property_readonly("layers",
                             [](const ModelHandle& h) { return h.model().network.describe(); })
      .def_property_readonly(
          "scaling",
          [](const ModelHandle& h) {
            return std::string(bprop::scaling_name(h.model().preprocessor.scaling()));
          })
      .def_property_readonly("scaling_parameters",
                             [](const ModelHandle& h) {
                               // (offset, scale): the network reads (x - offset) * scale; both
                               // empty for "none".
                               const bprop::Preprocessor& p = h.model().preprocessor;
                               return py::make_tuple(
                                   py::array_t<float>(p.offset().size(), p.offset().data()),
                                   py::array_t<float>(p.scale().size(), p.scale().data()));
                             })
      .def_property(
          "class_names", [](const ModelHandle& h) { return h.model().class_names; },
          [](ModelHandle& h, std::vector<std::string> v) { h.model().class_names = std::move(v); })
      .def_property(
          "feature_names", [](const ModelHandle& h) { return h.model().feature_names; },
          [](ModelHandle& h, std::vector<std::string> v) {
            h.model().feature_names = std::move(v);
          })
      .def_property(
          "target_names", [](const ModelHandle& h) { return h.model().target_names; },
          [](ModelHandle& h, std::vector<std::string> v) { h.model().target_names = std::move(v); })
      .def_property(
          "metadata", [](const ModelHandle& h) { return h.model().metadata; },
          [](ModelHandle& h, std::map<std::string, std::string> v) {
            h.model().metadata = std::move(v);
          })
      .def_property_readonly("tabular_columns", &ModelHandle::tabular_columns)
      .def(
          "set_tabular",
          [](ModelHandle& h, bprop::TabularEncoding encoding, std::vector<std::string> targets) {
            encoding.targets = targets;
            h.model().target_names = std::move(targets);
            h.model().feature_names = encoding.feature_names();
            h.model().tabular = std::move(encoding);
          },
          py::arg("encoding"), py::arg("targets"))
      .def("encode_tabular", &ModelHandle::encode_tabular, py::arg("columns"), py::arg("name"))
      .def_property_readonly(
          "tabular_details",
          [](const ModelHandle& h) {
            // Per column of the encoding: (its categories, empty for a numeric column; what fills
            // a missing cell: the training median, or the most frequent category); and the cells
            // that mean "missing".
            py::list columns;
            if (!h.model().tabular) return py::make_tuple(columns, py::list());
            for (const bprop::ColumnEncoding& c : h.model().tabular->columns) {
              columns.append(py::make_tuple(
                  c.categories, c.is_categorical() ? py::cast(c.categories.at(c.fill_category))
                                                   : py::cast(c.fill)));
            }
            return py::make_tuple(columns, py::cast(h.model().tabular->na_values));
          })
      .def_property_readonly("loss_curve", &ModelHandle::loss_curve)
      .def_property_readonly("validation_loss_curve", &ModelHandle::validation_loss_curve)
      .def_property_readonly("validation_scores", &ModelHandle::validation_scores)
      .def_property_readonly("epochs_trained", &ModelHandle::epochs_trained)
      .def_property_readonly("best_epoch", &ModelHandle::best_epoch)
      .def_property_readonly("stopped_early", &ModelHandle::stopped_early);
}

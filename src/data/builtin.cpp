// Built-in datasets.
#include "bprop/data/dataset.h"

namespace bprop {

template <typename T>
BasicDataset<T> xor_dataset() {
  BasicDataset<T> data;
  data.name = "xor";
  data.inputs = BasicMatrix<T>{{0, 0}, {1, 1}, {1, 0}, {0, 1}};
  data.targets = BasicMatrix<T>{{0}, {0}, {1}, {1}};
  data.feature_names = {"x1", "x2"};
  return data;
}

template BasicDataset<float> xor_dataset<float>();
template BasicDataset<double> xor_dataset<double>();

}  // namespace bprop

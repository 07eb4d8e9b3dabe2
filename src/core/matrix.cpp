// Matrix storage and shape changes; the arithmetic lives in kernels/.
#include "bprop/matrix.h"

#include <algorithm>
#include <stdexcept>

namespace bprop {

namespace {
void check_shape(int rows, int cols) {
  if (rows < 0 || cols < 0) {
    throw std::invalid_argument("Matrix: negative shape " + std::to_string(rows) + "x" +
                                std::to_string(cols));
  }
}
}  // namespace

template <typename T>
BasicMatrix<T>::BasicMatrix(int rows, int cols, T fill) : rows_(rows), cols_(cols) {
  check_shape(rows, cols);
  data_.assign(size(), fill);
}

template <typename T>
BasicMatrix<T>::BasicMatrix(std::initializer_list<std::initializer_list<T>> rows) {
  rows_ = static_cast<int>(rows.size());
  cols_ = rows_ == 0 ? 0 : static_cast<int>(rows.begin()->size());
  data_.reserve(size());
  for (const auto& row : rows) {
    if (static_cast<int>(row.size()) != cols_) {
      throw std::invalid_argument("Matrix: ragged initializer, expected " + std::to_string(cols_) +
                                  " columns per row, got " + std::to_string(row.size()));
    }
    data_.insert(data_.end(), row.begin(), row.end());
  }
}

template <typename T>
void BasicMatrix<T>::resize_storage(int rows, int cols) {
  check_shape(rows, cols);
  rows_ = rows;
  cols_ = cols;
  data_.resize(size());
}

template <typename T>
void BasicMatrix<T>::fill(T value) {
  std::fill(data_.begin(), data_.end(), value);
}

template <typename T>
std::string BasicMatrix<T>::shape() const {
  return std::to_string(rows_) + "x" + std::to_string(cols_);
}

template <typename To, typename From>
BasicMatrix<To> matrix_cast(const BasicMatrix<From>& m) {
  BasicMatrix<To> out(m.rows(), m.cols());
  std::transform(m.data(), m.data() + m.size(), out.data(),
                 [](From v) { return static_cast<To>(v); });
  return out;
}

template class BasicMatrix<float>;
template class BasicMatrix<double>;
template BasicMatrix<double> matrix_cast<double, float>(const BasicMatrix<float>&);
template BasicMatrix<float> matrix_cast<float, double>(const BasicMatrix<double>&);
template BasicMatrix<float> matrix_cast<float, float>(const BasicMatrix<float>&);
template BasicMatrix<double> matrix_cast<double, double>(const BasicMatrix<double>&);

}  // namespace bprop

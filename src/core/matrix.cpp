// Matrix storage and shape changes; the arithmetic lives in kernels/.
#include "bprop/matrix.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

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
  ptr_ = data_.data();
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
  ptr_ = data_.data();
}

template <typename T>
BasicMatrix<T>::BasicMatrix(const BasicMatrix& other)
    : rows_(other.rows_), cols_(other.cols_), data_(other.ptr_, other.ptr_ + other.size()) {
  ptr_ = data_.data();
}

template <typename T>
BasicMatrix<T>::BasicMatrix(BasicMatrix&& other) noexcept
    : rows_(other.rows_),
      cols_(other.cols_),
      data_(std::move(other.data_)),
      ptr_(other.ptr_),
      view_(other.view_) {
  other.rows_ = other.cols_ = 0;
  other.ptr_ = nullptr;
  other.view_ = false;
}

template <typename T>
BasicMatrix<T>& BasicMatrix<T>::operator=(const BasicMatrix& other) {
  if (this == &other) return *this;
  if (view_) {
    if (other.size() != size()) {
      throw std::invalid_argument("Matrix: assigning a " + other.shape() + " matrix to a " +
                                  shape() + " view (a view's element count is fixed)");
    }
    rows_ = other.rows_;
    cols_ = other.cols_;
    std::copy(other.ptr_, other.ptr_ + other.size(), ptr_);
    return *this;
  }
  rows_ = other.rows_;
  cols_ = other.cols_;
  data_.assign(other.ptr_, other.ptr_ + other.size());
  ptr_ = data_.data();
  return *this;
}

template <typename T>
BasicMatrix<T>& BasicMatrix<T>::operator=(BasicMatrix&& other) {
  if (this == &other) return *this;
  if (view_) return *this = std::as_const(other);  // a view stays where the arena put it
  rows_ = other.rows_;
  cols_ = other.cols_;
  data_ = std::move(other.data_);
  ptr_ = other.ptr_;
  view_ = other.view_;
  other.rows_ = other.cols_ = 0;
  other.ptr_ = nullptr;
  other.view_ = false;
  return *this;
}

template <typename T>
void BasicMatrix<T>::move_into(T* storage) {
  std::copy(ptr_, ptr_ + size(), storage);
  data_ = {};
  ptr_ = storage;
  view_ = true;
}

template <typename T>
void BasicMatrix<T>::resize_storage(int rows, int cols) {
  check_shape(rows, cols);
  if (view_) {
    throw std::invalid_argument("Matrix: cannot resize a " + shape() + " view to " +
                                std::to_string(rows) + "x" + std::to_string(cols) +
                                " (a view's element count is fixed)");
  }
  rows_ = rows;
  cols_ = cols;
  data_.resize(size());
  ptr_ = data_.data();
}

template <typename T>
void BasicMatrix<T>::fill(T value) {
  std::fill(ptr_, ptr_ + size(), value);
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

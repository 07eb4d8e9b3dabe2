// Matrix: a dense row-major 2-D array. Rows are the samples of a batch, columns are features.
// Templated on the scalar so the same code trains in float and gradient-checks in double.
#pragma once

#include <cstddef>
#include <new>
#include <span>
#include <string>
#include <vector>

namespace bprop {

// Matrix storage starts on a 64-byte boundary (a cache line, one AVX-512 register): with malloc's
// 16-byte alignment every other vector load of a parameter-sized pass straddles two cache lines,
// which slowed the SGD update and the finiteness check (docs/design.md, "Aligned storage").
template <typename T>
struct CacheAlignedAllocator {
  using value_type = T;
  static constexpr std::align_val_t kAlignment{64};
  CacheAlignedAllocator() = default;
  template <typename U>
  CacheAlignedAllocator(const CacheAlignedAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlignment)); }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, kAlignment); }
  friend bool operator==(const CacheAlignedAllocator&, const CacheAlignedAllocator&) = default;
};

template <typename T>
class BasicMatrix {
 public:
  using value_type = T;

  BasicMatrix() = default;
  BasicMatrix(int rows, int cols, T fill = T(0));
  // Builds a matrix from nested rows, e.g. {{0, 1}, {1, 0}}; every row must have the same length.
  BasicMatrix(std::initializer_list<std::initializer_list<T>> rows);

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  std::size_t size() const { return static_cast<std::size_t>(rows_) * cols_; }
  bool empty() const { return size() == 0; }

  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }
  std::span<T> values() { return {data_.data(), size()}; }
  std::span<const T> values() const { return {data_.data(), size()}; }
  T* row(int r) { return data_.data() + static_cast<std::size_t>(r) * cols_; }
  const T* row(int r) const { return data_.data() + static_cast<std::size_t>(r) * cols_; }

  T& operator()(int r, int c) { return data_[static_cast<std::size_t>(r) * cols_ + c]; }
  T operator()(int r, int c) const { return data_[static_cast<std::size_t>(r) * cols_ + c]; }

  // Changes the shape. Capacity is kept, so once the largest batch has been seen no call allocates.
  // Contents are unspecified after a resize that changes the shape.
  // Inline when the element count is unchanged: per-sample training resizes every step.
  void resize(int rows, int cols) {
    if (rows >= 0 && cols >= 0 && static_cast<std::size_t>(rows) * cols == data_.size()) {
      rows_ = rows;
      cols_ = cols;
      return;
    }
    resize_storage(rows, cols);
  }
  void fill(T value);

  // "3x4", for error messages.
  std::string shape() const;

  friend bool operator==(const BasicMatrix& a, const BasicMatrix& b) {
    return a.rows_ == b.rows_ && a.cols_ == b.cols_ && a.data_ == b.data_;
  }

 private:
  void resize_storage(int rows, int cols);

  int rows_ = 0;
  int cols_ = 0;
  std::vector<T, CacheAlignedAllocator<T>> data_;
};

using Matrix = BasicMatrix<float>;
using MatrixD = BasicMatrix<double>;

// Converts between scalar types (float weights into a double gradient check and back).
template <typename To, typename From>
BasicMatrix<To> matrix_cast(const BasicMatrix<From>& m);

}  // namespace bprop

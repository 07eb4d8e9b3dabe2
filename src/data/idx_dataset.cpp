// IDX images and labels as a data set. A well-formed gzip'd image file is decompressed straight
// into its float matrix: no buffer of bytes beside the matrix (a quarter of its size), and one pass
// over the data less.
#include <climits>
#include <cstring>

#include "bprop/data/idx.h"
#include "bprop/errors.h"
#include "idx_whole.h"

namespace bprop {

namespace {

struct ImageShape {
  int count = 0;
  int features = 0;
};

ImageShape check_shapes(const std::vector<uint32_t>& images, std::size_t image_bytes,
                        const std::vector<uint32_t>& labels, const std::string& images_name,
                        const std::string& labels_name) {
  if (images.size() < 2) {
    throw DataError(images_name + ": images need at least 2 dimensions (count, features...), got " +
                    std::to_string(images.size()));
  }
  if (labels.size() != 1) {
    throw DataError(labels_name + ": labels need exactly 1 dimension (count), got " +
                    std::to_string(labels.size()));
  }
  const std::size_t count = images[0];
  if (labels[0] != count) {
    throw DataError(images_name + " holds " + std::to_string(count) + " images but " + labels_name +
                    " holds " + std::to_string(labels[0]) + " labels");
  }
  const std::size_t features = image_bytes / count;
  if (count > INT_MAX || features > INT_MAX) {
    throw DataError(images_name + ": " + std::to_string(count) + " x " + std::to_string(features) +
                    " is too large for a data matrix");
  }
  return {static_cast<int>(count), static_cast<int>(features)};
}

Dataset labelled(Matrix inputs, const IdxArray& labels, const std::string& images_name) {
  Dataset data;
  data.name = images_name;
  data.inputs = std::move(inputs);
  data.targets = Matrix(data.inputs.rows(), 1);
  int classes = 0;
  for (int i = 0; i < data.inputs.rows(); ++i) {
    const unsigned char label = labels.data[static_cast<std::size_t>(i)];
    data.targets(i, 0) = label;
    classes = std::max(classes, label + 1);
  }
  for (int k = 0; k < classes; ++k) data.class_names.push_back(std::to_string(k));
  data.target_names = {"label"};
  return data;
}

// Widens n bytes stored at the start of the matrix's last quarter (x + 3n floats' worth of bytes)
// into n floats from the front. Float i overwrites bytes [4i, 4i + 4) of the buffer, which lie
// before the unread source bytes: each block is copied out before its floats are stored.
void widen_in_place(float* x, std::size_t n) {
  const unsigned char* source = reinterpret_cast<const unsigned char*>(x) + 3 * n;
  constexpr std::size_t kBlock = 64;
  unsigned char block[kBlock];
  for (std::size_t i = 0; i < n; i += kBlock) {
    const std::size_t count = std::min(kBlock, n - i);
    std::memcpy(block, source + i, count);
    for (std::size_t j = 0; j < count; ++j) x[i + j] = block[j] / 255.0f;
  }
}

// The in-place path; empty when the file is not a well-formed gzip stream of a shape that allows
// it (the general path then reads it, or names what is wrong).
std::optional<Matrix> images_in_place(std::span<const unsigned char> bytes, const IdxArray& labels,
                                      const std::string& images_name,
                                      const std::string& labels_name) {
  if (bytes.size() < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b) return std::nullopt;
  const std::optional<IdxHeader> h = whole_gzip_header(bytes, images_name);
  if (!h || 3 * h->data_bytes < h->header_bytes) return std::nullopt;
  const ImageShape shape =
      check_shapes(h->dims, h->data_bytes, labels.dims, images_name, labels_name);
  Matrix inputs;
  inputs.resize(shape.count, shape.features);
  auto* buffer = reinterpret_cast<unsigned char*>(inputs.data());
  const std::size_t n = h->data_bytes;
  // The header lands just before the last quarter, the pixels fill it.
  if (!inflate_whole(bytes, buffer + 3 * n - h->header_bytes, h->header_bytes + n)) {
    return std::nullopt;
  }
  widen_in_place(inputs.data(), n);
  return inputs;
}

}  // namespace

Dataset make_idx_dataset(const IdxArray& images, const IdxArray& labels,
                         const std::string& images_name, const std::string& labels_name) {
  const ImageShape shape =
      check_shapes(images.dims, images.data.size(), labels.dims, images_name, labels_name);
  Matrix inputs;
  inputs.resize(shape.count, shape.features);
  float* x = inputs.data();
  for (std::size_t i = 0; i < images.data.size(); ++i) x[i] = images.data[i] / 255.0f;
  return labelled(std::move(inputs), labels, images_name);
}

Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path) {
  const IdxArray labels = read_idx(labels_path);
  const std::vector<unsigned char> bytes = read_idx_bytes(images_path);
  if (std::optional<Matrix> inputs = images_in_place(bytes, labels, images_path, labels_path)) {
    return labelled(std::move(*inputs), labels, images_path);
  }
  return make_idx_dataset(parse_idx(bytes, images_path), labels, images_path, labels_path);
}

}  // namespace bprop

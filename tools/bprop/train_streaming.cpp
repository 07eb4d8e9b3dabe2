// Training from mapped data: see train_streaming.h.
#include "train_streaming.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <utility>

#include "binary_input.h"
#include "bprop/data/scratch_matrix.h"
#include "bprop/training/memory_estimate.h"

namespace bprop::cli {

uint64_t mapped_bytes(const Dataset& d) {
  if (!d.mapping) return 0;
  return (static_cast<uint64_t>(d.inputs.size()) + d.targets.size()) * sizeof(float);
}

bool must_stream(const TrainArgs& a, const TrainingData& data) {
  const uint64_t bytes = mapped_bytes(data.train) + (data.val ? mapped_bytes(*data.val) : 0) +
                         (data.test ? mapped_bytes(*data.test) : 0);
  if (bytes == 0) return false;
  const uint64_t network =
      estimate_memory(data.train.inputs.cols(), a.layers, sizeof(float), a.batch).training_bytes;
  const uint64_t budget = parse_byte_size(a.max_memory);
  if (bytes + network <= budget) return false;
  std::fprintf(stderr,
               "note: %s: %s of data and %s for the network exceed --max-memory %s: training "
               "streams from the mapped file\n",
               data.train.name.c_str(), format_bytes(bytes).c_str(), format_bytes(network).c_str(),
               a.max_memory.c_str());
  return true;
}

void advise_random_reads(const Dataset& d) {
  for (const Matrix* m : {&d.inputs, &d.targets}) {
    if (!m->is_view() || m->empty()) continue;
    // The matrices of a mapping start on page boundaries (binary_data.h, scratch_matrix.h).
    ::madvise(const_cast<float*>(m->data()), m->size() * sizeof(float), MADV_RANDOM);
  }
}

void scale_inputs(Dataset& d, const Preprocessor& p, bool streaming) {
  if (!d.inputs.is_view()) {
    p.apply(d.inputs);
    return;
  }
  if (!streaming) {
    replace_matrix(d.inputs, Matrix(d.inputs));  // a copy of a view owns its elements
    p.apply(d.inputs);
    return;
  }
  std::string folder = std::filesystem::path(d.name).parent_path().string();
  if (folder.empty()) folder = ".";
  const Matrix& source = d.inputs;
  const auto row_bytes = static_cast<std::size_t>(source.cols()) * sizeof(float);
  // The same (x - offset) * scale per element as p.apply on the whole matrix.
  const auto fill = [&](int first, Matrix& block) {
    std::memcpy(block.data(), source.row(first),
                static_cast<std::size_t>(block.rows()) * row_bytes);
    p.apply(block);
  };
  std::shared_ptr<const void> scratch;
  Matrix scaled = scratch_matrix(folder, source.rows(), source.cols(), fill, scratch);
  d.mapping = std::make_shared<std::pair<std::shared_ptr<const void>, std::shared_ptr<const void>>>(
      std::move(d.mapping), std::move(scratch));
  replace_matrix(d.inputs, std::move(scaled));
}

// --shuffle block: the rows of one 1 MiB block of inputs `width` wide; else 0.
int shuffle_block_rows(const TrainArgs& a, int width) {
  if (a.shuffle != "block") return 0;
  const auto row_bytes = static_cast<std::size_t>(width) * sizeof(float);
  return static_cast<int>(std::max<std::size_t>(1, (std::size_t{1} << 20) / row_bytes));
}

}  // namespace bprop::cli

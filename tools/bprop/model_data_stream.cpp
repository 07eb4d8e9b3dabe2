// Data for a model chunk by chunk: see model_data_stream.h.
#include "model_data_stream.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>

#include "binary_input.h"
#include "bprop/data/data_file.h"
#include "tabular_data.h"

namespace bprop::cli {

namespace {

// Gives back the pages of a mapped matrix's rows [first, first + count) that hold nothing else:
// the mapping is read once, front to back, and its pages would otherwise stay resident.
void release_rows(const Matrix& m, int first, int count) {
  const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto begin = reinterpret_cast<uintptr_t>(m.row(first));
  const auto end = begin + static_cast<uintptr_t>(count) * m.cols() * sizeof(float);
  const uintptr_t from = (begin + page - 1) / page * page, to = end / page * page;
  if (to > from) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
}

Matrix rows_view(const Matrix& m, int first, int count) {
  return Matrix::view(const_cast<float*>(m.row(first)), count, m.cols());
}

}  // namespace

ModelDataStream::ModelDataStream(const Model& model, const ModelDataArgs& a, bool need_targets,
                                 const std::vector<std::string>& keep, std::size_t chunk_bytes)
    : model_(model),
      name_(a.data == "-" ? "<stdin>" : a.data),
      chunk_bytes_(chunk_bytes),
      target_given_(!a.target.empty()) {
  const bool plain_csv = a.labels.empty() && !is_binary_data_file(a.data) &&
                         sniff_regular_file(a.data) == DataFileKind::kText;
  if (plain_csv && model.tabular) {
    CsvOptions o = model_csv_options(model, a, need_targets, keep);
    if (a.target.empty()) o.targets = model.tabular->targets;  // as load_model_data reads it
    // A tabular chunk holds every cell as a string and the encoded text besides, an order of
    // magnitude more than its text (docs/data-formats.md): it reads a share of --chunk, so that
    // --chunk still bounds the memory.
    constexpr std::size_t kTextShare = 16;
    tabular_ = std::make_unique<TabularStream>(a.data, *model.tabular, o,
                                               std::max<std::size_t>(1, chunk_bytes / kTextShare));
    kept_names_ = tabular_->columns().kept_names;
    return;
  }
  if (plain_csv) {
    csv_ = std::make_unique<CsvStream>(a.data, model_csv_options(model, a, need_targets, keep),
                                       chunk_bytes);
    kept_names_ = csv_->columns().kept_names;
    return;
  }
  whole_ = load_model_data(model, a, need_targets, keep, &whole_columns_);
  name_ = whole_.name;
  kept_names_ = whole_columns_.kept_names;
  noted_ = true;  // load_model_data has said what it had to
}

bool ModelDataStream::next(Dataset& chunk, std::vector<std::vector<std::string>>& kept) {
  if (tabular_) return next_from_tabular(chunk, kept);
  if (!csv_) return next_from_whole(chunk, kept);
  if (csv_->next(chunk, kept)) {
    rows_ += static_cast<std::size_t>(chunk.size());
    return true;
  }
  if (!noted_) {
    noted_ = true;
    Dataset named;
    named.name = name_;
    note_columns(named, csv_->columns(), !model_.feature_names.empty(), model_.target_names,
                 !target_given_ && model_.target_names.empty());
  }
  return false;
}

bool ModelDataStream::next_from_tabular(Dataset& chunk,
                                        std::vector<std::vector<std::string>>& kept) {
  if (tabular_->next(chunk, kept)) {
    rows_ += static_cast<std::size_t>(chunk.size());
    return true;
  }
  if (!noted_) {
    noted_ = true;
    note_tabular_counts(name_, tabular_->counts());
  }
  return false;
}

bool ModelDataStream::next_from_whole(Dataset& chunk, std::vector<std::vector<std::string>>& kept) {
  const int total = whole_.size();
  const int first = static_cast<int>(rows_);
  if (previous_ > 0 && whole_.mapping) {
    release_rows(whole_.inputs, first - previous_, previous_);
    release_rows(whole_.targets, first - previous_, previous_);
  }
  if (first >= total) return false;
  const std::size_t row_bytes = std::max<std::size_t>(
      1, static_cast<std::size_t>(whole_.inputs.cols() + whole_.targets.cols()) * sizeof(float));
  const int count = static_cast<int>(std::clamp<std::size_t>(
      chunk_bytes_ / row_bytes, 1, static_cast<std::size_t>(total - first)));
  chunk.name = whole_.name;
  chunk.class_names = whole_.class_names;
  chunk.feature_names = whole_.feature_names;
  chunk.target_names = whole_.target_names;
  replace_matrix(chunk.inputs, rows_view(whole_.inputs, first, count));
  replace_matrix(chunk.targets, rows_view(whole_.targets, first, count));
  kept.assign(whole_columns_.kept.size(), {});
  for (std::size_t k = 0; k < kept.size(); ++k) {
    const auto& column = whole_columns_.kept[k];
    kept[k].assign(column.begin() + first, column.begin() + first + count);
  }
  rows_ += static_cast<std::size_t>(count);
  previous_ = count;
  return true;
}

}  // namespace bprop::cli

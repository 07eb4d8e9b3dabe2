// Data for a model, chunk by chunk: what predict and evaluate read, so that a file larger than
// memory can be predicted. A plain CSV file is read by CsvStream, or by TabularStream for a model
// with a tabular encoding (memory bounded by the chunk); a binary data file is mapped and each
// chunk's pages are released once used. Other inputs (a gzip file, standard input, IDX images) are
// read whole as load_model_data reads them and then handed out in chunks too
// (docs/data-formats.md, "Prediction that streams").
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bprop/data/csv_stream.h"
#include "bprop/data/tabular_stream.h"
#include "model_data.h"

namespace bprop::cli {

class ModelDataStream {
 public:
  // Opens --data for `model` as load_model_data does (same checks, same errors). Chunks hold about
  // `chunk_bytes` of input (CSV text, or rows of floats).
  ModelDataStream(const Model& model, const ModelDataArgs& args, bool need_targets,
                  const std::vector<std::string>& keep, std::size_t chunk_bytes);

  // The next chunk's rows and, per kept column, their text; false once the data is done (and all
  // of it checked). Says on stderr once at the end what load_model_data says about the columns.
  bool next(Dataset& chunk, std::vector<std::vector<std::string>>& kept);

  // The data's name in messages, the kept columns' names (empty unless CSV), rows so far.
  const std::string& name() const { return name_; }
  const std::vector<std::string>& kept_names() const { return kept_names_; }
  std::size_t rows() const { return rows_; }

 private:
  bool next_from_tabular(Dataset& chunk, std::vector<std::vector<std::string>>& kept);
  bool next_from_whole(Dataset& chunk, std::vector<std::vector<std::string>>& kept);

  const Model& model_;
  std::string name_;
  std::vector<std::string> kept_names_;
  std::size_t chunk_bytes_;
  bool target_given_;  // --target: the user chose the target column
  std::size_t rows_ = 0;
  int previous_ = 0;                        // rows of the last chunk from whole_
  std::unique_ptr<CsvStream> csv_;          // a plain CSV file
  std::unique_ptr<TabularStream> tabular_;  // a plain CSV file through the model's encoding
  Dataset whole_;                           // anything else, read (or mapped) whole
  CsvColumns whole_columns_;
  bool noted_ = false;
};

}  // namespace bprop::cli

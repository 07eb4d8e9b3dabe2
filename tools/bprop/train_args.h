// Every `bprop train` flag, grouped as in `bprop train --help`. A new flag adds a field here, one
// add_option in train_command.cpp, and its use in the part of the run it belongs to.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "bprop/data/tabular.h"
#include "bprop/registry.h"
#include "data_input.h"

namespace bprop::cli {

struct TrainArgs {
  std::string preset;

  // Data (train_data.cpp)
  std::string data = "xor";             // a built-in name or a CSV path ("-" = stdin)
  std::vector<std::string> target;      // CSV target column(s), by name or index
  std::vector<std::string> drop;        // --drop: CSV columns that are neither features nor targets
  std::string task = "auto";            // --task: auto, classify, regress
  CsvFormatArgs csv;                    // --header, --delimiter
  std::string labels;                   // --labels: IDX labels paired with --data images
  bool cache = false;                   // --cache: train from DATA.bpd, (re)built when stale
  std::string val_file;                 // --val FILE
  double val_split = 0.0;               // --val-split F: a seeded fraction of the training rows
  std::string test_file;                // --test FILE
  int samples = 1000;                   // generators
  double noise = -1.0;                  // generators; < 0 = the generator's default
  std::string preprocess = "auto";      // standardize, minmax, none; auto = none for xor
  std::string class_weight = "none";    // --class-weight none, balanced (training_targets.h)
  std::string target_scaling = "auto";  // --target-scaling auto, standardize, none
  // Not a flag: set when a data file trains without --epochs, with the defaults measured on
  // bench/tabular (train_run.cpp), which include --target-scaling auto = standardize.
  bool tabular_defaults = false;
  // Tabular files (tabular_flags.cpp): missing values and text columns
  std::vector<std::string> na_values = TabularOptions{}.na_values;
  std::string impute = "median";         // median, none (= strict: a missing cell is an error)
  std::vector<std::string> categorical;  // --categorical NAME,...
  int max_categories = TabularOptions{}.max_categories;
  bool strict_categories = false;

  // Model
  std::string layers = "8,tanh,1";
  std::string loss = "auto";
  std::string init = "xavier-uniform";

  // Optimisation (the library's Trainer, set up in train_run.cpp)
  OptimizerConfig optimizer{.name = "adam", .learning_rate = 0.05};
  int epochs = 300;
  int batch = 4;
  uint64_t seed = 1;
  bool no_shuffle = false;
  std::string shuffle = "rows";   // --shuffle: rows (one global shuffle) or block
  int threads = 0;                // GEMM threads; 0 = the default policy (bprop/threads.h)
  std::string max_memory = "8G";  // --max-memory: refuse larger architectures before allocating
  int patience = 0;               // 0 = no early stopping
  double min_delta = 0.0;         // how much lower a loss must be to count as an improvement
  std::string schedule = "none";
  int lr_step = 10;
  double lr_gamma = 0.1;
  double lr_min = 0.0;
  int lr_patience = 3;

  // Data-parallel runs under mpirun (distributed_flags.cpp, docs/distributed.md)
  std::string reduce = "sum";          // --reduce sum|ordered
  int reduce_chunks = 16;              // --reduce-chunks: ordered mode's cut of every batch
  int64_t check_replicas_every = 100;  // --check-replicas-every N steps; 0 = at the end only
  std::string lr_scale = "none";       // --lr-scale none|linear: --lr × batch / 256
  int warmup_epochs = 0;               // --warmup-epochs E: from --lr to the scaled rate

  // Output (train_progress.cpp, train_summary.cpp)
  std::string out;                // --out model.bprop
  std::string log;                // --log FILE (JSON lines)
  std::string report;             // --report FILE.html (train_recorder.cpp)
  bool trace = false;             // --trace: per-layer gradient flow each epoch
  std::string progress = "auto";  // auto, bar, plain, none
  bool quiet = false;
  std::string format = "text";  // --format text|json: the final summary (output_format.h)

  // Checkpoints (train_checkpoint.cpp)
  std::string checkpoint;        // --checkpoint FILE
  std::string checkpoint_every;  // --checkpoint-every N[epochs|steps]
  std::string stop_after;        // --stop-after N[epochs|steps]: end this session early
  std::string resume;            // --resume FILE
  bool force = false;            // --force: resume another run's checkpoint (with a warning)
};

// True when the user gave `flag` on the command line (so data-dependent defaults leave it alone).
bool flag_given(const CLI::App& cmd, const char* flag);

}  // namespace bprop::cli

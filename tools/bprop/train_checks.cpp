// Checks before training.
#include "train_checks.h"

#include <cstdio>

#include "bprop/data/builtin.h"
#include "exit_codes.h"
#include "output_checks.h"

namespace bprop::cli {

namespace {

std::string first_labels(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < 10; ++i) text += (i ? ", " : "") + names[i];
  return text + (names.size() > 10 ? ", ..." : "");
}

// Labels "0", "1", ..., "k-1": a class's index is then its label's value.
bool labels_are_their_indices(const std::vector<std::string>& labels) {
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] != std::to_string(i)) return false;
  }
  return true;
}
}  // namespace

void check_train_outputs(const TrainArgs& a) {
  check_output_folder("--out", a.out);
  check_output_folder("--log", a.log);
  check_output_folder("--report", a.report);
  check_output_folder("--checkpoint", a.checkpoint);
}

void check_generator_flags(const std::string& data, bool samples_given, bool noise_given) {
  if (!samples_given && !noise_given) return;
  if (data == "spirals" || data == "moons" || data == "circles") return;
  const std::string flag = samples_given ? "--samples" : "--noise";
  throw CliError(
      kExitUsage,
      flag + " sets the spirals, moons and circles generators, but the data is '" + data + "'" +
          (data == "xor" ? " (its four points)" : "") + ", which it would not change",
      "drop " + flag +
          (data == "xor" || data == "fashion-mnist" ? ""
                                                    : ", or take fewer rows with a shorter file"));
}

void check_file_flags(const std::string& data, const CLI::App& cmd) {
  if (!is_builtin_dataset(data)) return;
  for (const char* flag :
       {"--target", "--drop", "--task", "--header", "--delimiter", "--labels", "--na-values",
        "--impute", "--categorical", "--max-categories", "--strict-categories"}) {
    if (cmd.get_option(flag)->count() == 0) continue;
    const std::string write_it = data == "fashion-mnist"
                                     ? ""
                                     : ", or write the data set to a file first: bprop dataset " +
                                           data + " -o " + data + ".csv";
    throw CliError(kExitUsage,
                   std::string(flag) + " says how to read a data file, but '" + data +
                       "' is a built-in data set, whose columns and target are fixed",
                   std::string("drop ") + flag + write_it);
  }
}

void check_last_layer(const Network& network, const std::string& loss) {
  if (loss != "bce" && loss != "softmax-ce") return;
  for (std::size_t i = network.size(); i-- > 0;) {
    const std::string_view type = network.layer(i).type();
    if (type == "dense") return;
    if (type == "dropout" || type == "identity") continue;
    const std::string squash = loss == "bce" ? "sigmoid" : "softmax";
    throw CliError(
        kExitUsage,
        "the network ends with '" + std::string(type) + "' after its last dense layer, but " +
            loss + " applies the " + squash +
            " to the network's outputs itself (they are logits), so it would follow the '" +
            std::string(type) + "' and squash every probability",
        "end --layers with the dense layer (drop the trailing '" + std::string(type) +
            "'), or pass --loss mse to train on the " + std::string(type) + "'s outputs");
  }
}

void check_loss_fits_data(const std::string& loss, const Dataset& train) {
  const std::size_t classes = train.class_names.size();
  if (classes == 1) {
    throw CliError(kExitData,
                   "the target of '" + train.name + "' has a single class ('" +
                       train.class_names[0] + "' in all " + std::to_string(train.size()) +
                       " rows): there is nothing to tell apart",
                   "a classifier needs rows of at least two classes; check --target (the last "
                   "column by default) and that the file was not filtered to one class");
  }
  if (loss == "bce" && classes > 2) {
    throw CliError(kExitUsage,
                   "--loss bce needs two classes or targets in [0, 1], but '" + train.name +
                       "' has " + std::to_string(classes) + " classes (" +
                       first_labels(train.class_names) + ")",
                   "use --loss softmax-ce for more than two classes (or leave --loss auto)");
  }
  if (loss == "bce" && classes == 0) {
    for (float t : train.targets.values()) {
      if (t < 0.0f || t > 1.0f) {
        throw CliError(
            kExitUsage,
            "--loss bce needs targets in [0, 1], but '" + train.name + "' has " + std::to_string(t),
            "use --loss mse for other numbers (or leave --loss auto)");
      }
    }
  }
  if (loss == "mse" && classes > 0 && !labels_are_their_indices(train.class_names)) {
    // mse learns the class's index, which is the label's value only for labels 0, 1, 2, ...
    throw CliError(kExitUsage,
                   "--loss mse fits numbers, but the target of '" + train.name + "' was read as " +
                       std::to_string(classes) + " classes (" + first_labels(train.class_names) +
                       "): it would learn their positions in that list, not the labels",
                   "for numeric targets add --task regress; for classes leave --loss auto "
                   "(softmax-ce)");
  }
  if (loss == "softmax-ce" && classes == 0 && train.targets.cols() == 1) {
    throw CliError(kExitUsage,
                   "--loss softmax-ce needs class labels, but the target of '" + train.name +
                       "' was read as numbers (regression)",
                   "use --loss mse, or --task classify to read whole numbers as classes");
  }
}

void warn_about_split(const TrainArgs& a, const Dataset& train, const Dataset& validation) {
  if (a.val_split <= 0.0 || train.size() >= validation.size()) return;
  std::fprintf(stderr,
               "warning: --val-split %g leaves %d rows to train on and %d to validate with\n",
               a.val_split, train.size(), validation.size());
}

}  // namespace bprop::cli

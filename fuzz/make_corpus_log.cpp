// make_corpus's training-log part: a real log and the damaged and hostile lines its reader must
// refuse, named after what they are.
#include <string>

#include "bprop/data/dataset.h"
#include "bprop/registry.h"
#include "bprop/report/training_log.h"
#include "corpus_file.h"

namespace {

std::filesystem::path log_root;

void log(const std::string& name, const std::string& text) {
  write_corpus_file(log_root, "training_log", name, Bytes(text.begin(), text.end()));
}

// A real log of a 2-4-1 network on XOR: config, two epochs with gradient traces, and a final
// record with weights, an 8 x 8 boundary grid, the points and the confusion matrix.
void write_training_log_corpus() {
  bprop::Network network = bprop::build_network<float>(2, "4,tanh,1");
  network.initialize(1);
  const auto loss = bprop::make_loss<float>("bce");
  bprop::TrainingConfig config;
  config.command_line = "bprop train --epochs 2 --log run.jsonl";
  config.loss = "bce";
  config.class_names = {"0", "1"};
  bprop::describe_network(network, config);
  const std::string head = bprop::to_json_line(config) + "\n";
  std::string epochs;
  for (int e = 1; e <= 2; ++e) {
    epochs += bprop::to_json_line(bprop::EpochMetrics{
                  .epoch = e,
                  .train_loss = 0.7 / e,
                  .train_accuracy = 0.5,
                  .learning_rate = 0.05,
                  .layers = {{"0:dense:4", 0.25, 0.01}, {"2:dense:1", 0.5, 0.02}}}) +
              "\n";
  }
  const std::string final = bprop::to_json_line(
      bprop::summarize_final(network, *loss, bprop::xor_dataset(), nullptr, {.grid_size = 8}));
  log("valid", head + epochs + final + "\n");
  const auto mse = bprop::make_loss<float>("mse");
  log("valid-regression", head +
                              bprop::to_json_line(bprop::summarize_final(
                                  network, *mse, bprop::xor_dataset(), nullptr, {.grid_size = 4})) +
                              "\n");
  log("valid-no-final", head + epochs);
  log("valid-resumed", head + epochs + head + epochs);
  log("truncated-last-line", head + epochs + final.substr(0, final.size() / 2));
  log("truncated-middle-line", head + final.substr(0, 40) + "\n" + epochs);
  log("no-config", epochs);
  log("version-2", std::string(head).replace(head.find("\"version\":1"), 11, "\"version\":2"));
  log("deep-nesting", head + std::string(4000, '[') + "\n");
  log("number-overflow", head + R"({"type":"epoch","epoch":1,"train_loss":1e999})" + "\n");
  log("wrong-types", head + R"({"type":"epoch","epoch":"1","train_loss":[]})" + "\n");
  log("epoch-out-of-range", head + R"({"type":"epoch","epoch":4294967296,"train_loss":1})" + "\n");
  log("not-utf8", head + "{\"type\":\"epoch\",\"x\":\"\xff\"}\n");
  log("boundary-huge-grid",
      head +
          R"({"type":"final","input_width":2,"layers":[],"boundary":{"x_min":0,"x_max":1,)"
          R"("y_min":0,"y_max":1,"nx":2147483647,"ny":2147483647,"outputs":4,"values":[1]}})" +
          "\n");
  log("parameter-huge-shape",
      head +
          R"({"type":"final","input_width":2,"layers":[{"index":0,"spec":"dense:1",)"
          R"("input_width":2,"output_width":1,"parameters":[{"name":"weight","rows":65536,)"
          R"("cols":65536,"values":[0.5]}]}]})" +
          "\n");
  log("binary", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
}

}  // namespace

void training_log_corpus(const std::filesystem::path& root) {
  log_root = root;
  write_training_log_corpus();
}

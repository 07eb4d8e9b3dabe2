// Files for CLI tests.
#include "testing/cli_files.h"

#include <fstream>

#include "bprop/io/model_file.h"
#include "bprop/registry.h"

namespace bprop::testing {

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void save_identity_classifier(const std::string& path) {
  Model m;
  m.network = build_network<float>(2, "2");
  m.network.parameters()[0]->value = Matrix{{1, 0}, {0, 1}};
  m.network.parameters()[1]->value = Matrix{{0, 0}};
  m.loss = "softmax-ce";
  m.class_names = {"a", "b"};
  m.feature_names = {"x1", "x2"};
  m.target_names = {"label"};
  m.metadata = {{"epochs", "12"}};
  save_model(path, m);
}

}  // namespace bprop::testing

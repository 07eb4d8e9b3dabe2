// Small helpers the CLI tests share: writing a file, looking for text, and a model whose every
// output is known.
#pragma once

#include <string>

namespace bprop::testing {

void write_file(const std::string& path, const std::string& text);

bool contains(const std::string& text, const std::string& part);

// Saves a two-input classifier whose logits are its inputs (the class is whichever of x1, x2 is
// larger): classes "a" and "b", features x1 and x2, target "label", metadata epochs = 12.
void save_identity_classifier(const std::string& path);

}  // namespace bprop::testing

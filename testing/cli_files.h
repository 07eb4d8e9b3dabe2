// Small helpers the CLI tests share: a test folder, writing a file, looking for text, and a model
// whose every output is known.
#pragma once

#include <fstream>
#include <string>

#include "testing/run_command.h"

namespace bprop::testing {

// A fresh folder for one CLI test: paths in it, files written into it, and bprop run.
struct CliFolder {
  std::string dir = temp_folder();
  std::string path(const std::string& name) const { return dir + "/" + name; }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
  }
  CommandResult cli(const std::string& args) const { return run_command(bprop_cli() + " " + args); }
};

void write_file(const std::string& path, const std::string& text);

bool contains(const std::string& text, const std::string& part);

// Saves a two-input classifier whose logits are its inputs (the class is whichever of x1, x2 is
// larger): classes "a" and "b", features x1 and x2, target "label", metadata epochs = 12.
void save_identity_classifier(const std::string& path);

}  // namespace bprop::testing

// Weight initialisation schemes. fan_in/fan_out are a Dense layer's input and output widths.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bprop/matrix.h"
#include "bprop/random.h"

namespace bprop {

enum class InitScheme {
  kHeNormal,       // N(0, 2/fan_in): the default, suited to ReLU-family layers
  kHeUniform,      // U(-sqrt(6/fan_in), +sqrt(6/fan_in))
  kXavierNormal,   // N(0, 2/(fan_in+fan_out)): suited to tanh and sigmoid
  kXavierUniform,  // U(-sqrt(6/(fan_in+fan_out)), +...)
  kNotebook,       // the seed notebook: randn * sqrt(2/fan_in) and bias 0.5
};

struct InitOptions {
  InitScheme scheme = InitScheme::kHeNormal;
  double bias = 0.0;  // every bias starts at this constant (kNotebook forces 0.5)
};

// Parses "he-normal", "he-uniform", "xavier-normal", "xavier-uniform", "notebook"; throws
// ConfigError naming the accepted values otherwise.
InitScheme parse_init_scheme(std::string_view name);
std::string_view init_scheme_name(InitScheme scheme);
std::vector<std::string> init_scheme_names();

// Fills weight (fan_out x fan_in) and bias (1 x fan_out) by the scheme, drawing from rng.
template <typename T>
void initialize_dense(BasicMatrix<T>& weight, BasicMatrix<T>& bias, const InitOptions& options,
                      Rng& rng);

}  // namespace bprop

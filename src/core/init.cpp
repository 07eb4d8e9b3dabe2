// Initialisation schemes; the draws come from bprop::Rng so a seed fixes them everywhere.
#include "bprop/init.h"

#include <array>
#include <cmath>

#include "bprop/errors.h"

namespace bprop {

namespace {
struct SchemeName {
  InitScheme scheme;
  std::string_view name;
};
constexpr std::array<SchemeName, 5> kSchemes{{{InitScheme::kHeNormal, "he-normal"},
                                              {InitScheme::kHeUniform, "he-uniform"},
                                              {InitScheme::kXavierNormal, "xavier-normal"},
                                              {InitScheme::kXavierUniform, "xavier-uniform"},
                                              {InitScheme::kNotebook, "notebook"}}};
}  // namespace

InitScheme parse_init_scheme(std::string_view name) {
  for (const auto& s : kSchemes) {
    if (s.name == name) return s.scheme;
  }
  std::string accepted;
  for (const auto& s : kSchemes) accepted += (accepted.empty() ? "" : ", ") + std::string(s.name);
  throw ConfigError("unknown initialisation '" + std::string(name) + "' (accepted: " + accepted +
                    ")");
}

std::string_view init_scheme_name(InitScheme scheme) {
  for (const auto& s : kSchemes) {
    if (s.scheme == scheme) return s.name;
  }
  return "unknown";
}

std::vector<std::string> init_scheme_names() {
  std::vector<std::string> names;
  for (const auto& s : kSchemes) names.emplace_back(s.name);
  return names;
}

template <typename T>
void initialize_dense(BasicMatrix<T>& weight, BasicMatrix<T>& bias, const InitOptions& options,
                      Rng& rng) {
  const double fan_out = weight.rows();
  const double fan_in = weight.cols();
  const bool normal = options.scheme == InitScheme::kHeNormal ||
                      options.scheme == InitScheme::kXavierNormal ||
                      options.scheme == InitScheme::kNotebook;
  const bool he = options.scheme == InitScheme::kHeNormal ||
                  options.scheme == InitScheme::kHeUniform ||
                  options.scheme == InitScheme::kNotebook;
  const double variance = he ? 2.0 / fan_in : 2.0 / (fan_in + fan_out);
  const double stddev = std::sqrt(variance);
  const double limit = std::sqrt(3.0 * variance);  // U(-a, a) has variance a^2 / 3
  for (T& w : weight.values()) {
    w = static_cast<T>(normal ? stddev * rng.normal() : rng.uniform(-limit, limit));
  }
  const double b = options.scheme == InitScheme::kNotebook ? 0.5 : options.bias;
  bias.fill(static_cast<T>(b));
}

template void initialize_dense<float>(BasicMatrix<float>&, BasicMatrix<float>&, const InitOptions&,
                                      Rng&);
template void initialize_dense<double>(BasicMatrix<double>&, BasicMatrix<double>&,
                                       const InitOptions&, Rng&);

}  // namespace bprop

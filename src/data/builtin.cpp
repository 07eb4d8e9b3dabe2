// Built-in datasets: XOR and the seeded 2-D generators, and the name -> dataset lookup.
#include "bprop/data/builtin.h"

#include <cmath>
#include <functional>
#include <numbers>

#include "bprop/errors.h"
#include "bprop/random.h"

namespace bprop {

template <typename T>
BasicDataset<T> xor_dataset() {
  BasicDataset<T> data;
  data.name = "xor";
  data.inputs = BasicMatrix<T>{{0, 0}, {1, 1}, {1, 0}, {0, 1}};
  data.targets = BasicMatrix<T>{{0}, {0}, {1}, {1}};
  data.feature_names = {"x1", "x2"};
  return data;
}

template BasicDataset<float> xor_dataset<float>();
template BasicDataset<double> xor_dataset<double>();

namespace {

struct Point {
  double x;
  double y;
};

// Samples alternate between the two classes, so any prefix is balanced. `point` draws the clean
// point of a class; Gaussian noise of std `noise` is added to both coordinates.
Dataset generate(const std::string& name, const GeneratorOptions& o, double default_noise,
                 const std::function<Point(int, Rng&)>& point) {
  if (o.samples < 2) {
    throw ConfigError("dataset '" + name + "': needs at least 2 samples, got " +
                      std::to_string(o.samples));
  }
  if (!std::isfinite(o.noise)) throw ConfigError("dataset '" + name + "': noise must be finite");
  const double noise = o.noise < 0 ? default_noise : o.noise;
  // A stream of its own: the same seed as the weights must not give correlated numbers.
  Rng rng(o.seed ^ 0x9e3779b97f4a7c15ULL);
  Dataset data;
  data.name = name;
  data.inputs.resize(o.samples, 2);
  data.targets.resize(o.samples, 1);
  for (int i = 0; i < o.samples; ++i) {
    const int label = i % 2;
    const Point p = point(label, rng);
    const double nx = rng.normal();
    const double ny = rng.normal();
    data.inputs(i, 0) = static_cast<float>(p.x + noise * nx);
    data.inputs(i, 1) = static_cast<float>(p.y + noise * ny);
    data.targets(i, 0) = static_cast<float>(label);
  }
  data.feature_names = {"x1", "x2"};
  data.class_names = {"0", "1"};
  return data;
}

constexpr double kPi = std::numbers::pi;

}  // namespace

Dataset spirals_dataset(const GeneratorOptions& options) {
  // Arm c at parameter t: radius t, angle 3π·t + π·c (one and a half turns each).
  return generate("spirals", options, 0.05, [](int c, Rng& rng) {
    const double t = 0.1 + 0.9 * rng.uniform();
    const double angle = 3.0 * kPi * t + kPi * c;
    return Point{t * std::cos(angle), t * std::sin(angle)};
  });
}

Dataset moons_dataset(const GeneratorOptions& options) {
  return generate("moons", options, 0.1, [](int c, Rng& rng) {
    const double a = kPi * rng.uniform();
    return c == 0 ? Point{std::cos(a), std::sin(a)} : Point{1.0 - std::cos(a), 0.5 - std::sin(a)};
  });
}

Dataset circles_dataset(const GeneratorOptions& options) {
  return generate("circles", options, 0.05, [](int c, Rng& rng) {
    const double a = 2.0 * kPi * rng.uniform();
    const double r = c == 0 ? 1.0 : 0.5;
    return Point{r * std::cos(a), r * std::sin(a)};
  });
}

std::vector<std::string> builtin_dataset_names() {
  return {"xor", "spirals", "moons", "circles", "fashion-mnist"};
}

bool is_builtin_dataset(std::string_view name) {
  for (const auto& n : builtin_dataset_names()) {
    if (n == name) return true;
  }
  return false;
}

BuiltinData load_builtin_dataset(std::string_view name, const GeneratorOptions& options) {
  if (name == "xor") return {xor_dataset<float>(), std::nullopt};
  if (name == "spirals") return {spirals_dataset(options), std::nullopt};
  if (name == "moons") return {moons_dataset(options), std::nullopt};
  if (name == "circles") return {circles_dataset(options), std::nullopt};
  if (name == "fashion-mnist") return fashion_mnist();
  std::string known;
  for (const auto& n : builtin_dataset_names()) known += (known.empty() ? "" : ", ") + n;
  throw ConfigError("unknown built-in dataset '" + std::string(name) + "' (known: " + known + ")");
}

}  // namespace bprop

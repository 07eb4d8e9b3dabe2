// `bprop gradcheck`: builds a network in double precision and compares every analytic parameter
// gradient with central differences; exits 7 when any error exceeds the tolerance.
#include <cmath>
#include <cstdio>

#include "bprop/gradient_check.h"
#include "bprop/random.h"
#include "bprop/registry.h"
#include "commands.h"
#include "exit_codes.h"
#include "flag_checks.h"
#include "output_format.h"

namespace bprop::cli {

namespace {

struct GradcheckArgs {
  std::string layers = "4,tanh,3,sigmoid,2";
  std::string loss = "mse";
  int inputs = 3;
  int batch = 5;
  uint64_t seed = 1;
  double tolerance = 1e-7;
  std::string format = "text";
};

// Targets that suit the loss: class indices, probabilities in [0, 1], or any real values.
MatrixD make_targets(const std::string& loss, int rows, int cols, Rng& rng) {
  const bool indices = loss == "softmax-ce" && cols > 1;
  MatrixD targets(rows, indices ? 1 : cols);
  for (double& t : targets.values()) {
    if (indices)
      t = static_cast<double>(rng.below(static_cast<uint64_t>(cols)));
    else if (loss == "mse")
      t = rng.normal();
    else
      t = rng.uniform();
  }
  return targets;
}

void refuse_dropout(const NetworkD& network) {
  for (std::size_t i = 0; i < network.size(); ++i) {
    if (network.layer(i).type() != "dropout") continue;
    // Every forward pass draws a new mask, so the differences would compare different functions.
    throw CliError(kExitUsage,
                   "gradcheck cannot check '" + network.layer(i).spec() +
                       "': dropout draws a new random mask at every forward pass, so central "
                       "differences would compare two different networks",
                   "leave dropout out of --layers here; its gradient is checked with a fixed "
                   "mask in the unit tests (src/layers/dropout_test.cpp)");
  }
}

bool passes(const GradientError& e, double tolerance) {
  return e.fully_written && e.max_abs <= tolerance;  // NaN fails this comparison
}

void print_json(const GradcheckArgs& a, const NetworkD& network,
                const std::vector<GradientError>& errors, bool ok) {
  using Json = JsonResult;
  Json parameters = Json::array();
  for (const auto& e : errors) {
    parameters.push_back({{"name", e.name},
                          {"elements", e.count},
                          {"max_abs_error", e.max_abs},
                          {"max_rel_error", e.max_rel},
                          {"written", e.fully_written},
                          {"ok", passes(e, a.tolerance)}});
  }
  const Json result = {{"network", network.describe()},
                       {"loss", a.loss},
                       {"batch", a.batch},
                       {"seed", a.seed},
                       {"tolerance", a.tolerance},
                       {"parameters", std::move(parameters)},
                       {"ok", ok}};
  print_json_result(result);
}

int run_gradcheck(const GradcheckArgs& a) {
  NetworkD network = build_network<double>(a.inputs, a.layers);
  refuse_dropout(network);
  Rng rng(a.seed);
  network.initialize(rng);
  const auto loss = make_loss<double>(a.loss);
  MatrixD inputs(a.batch, a.inputs);
  for (double& v : inputs.values()) v = rng.normal();
  const MatrixD targets = make_targets(a.loss, a.batch, network.output_width(), rng);

  const std::vector<GradientError> errors = check_network(network, *loss, inputs, targets);
  bool ok = true;
  for (const auto& e : errors) ok = ok && passes(e, a.tolerance);
  if (a.format == "json") {
    print_json(a, network, errors, ok);
    return ok ? kExitOk : kExitCheckFailed;
  }
  std::printf("gradient check: %s, loss %s, batch %d, seed %llu, tolerance %g (double)\n",
              network.describe().c_str(), a.loss.c_str(), a.batch,
              static_cast<unsigned long long>(a.seed), a.tolerance);
  std::printf("%-36s %8s %14s %14s %s\n", "parameter", "elements", "max abs err", "max rel err",
              "result");
  for (const auto& e : errors) {
    std::printf(
        "%-36s %8zu %14.3e %14.3e %s\n", e.name.c_str(), e.count, e.max_abs, e.max_rel,
        passes(e, a.tolerance) ? "ok" : (e.fully_written ? "FAIL" : "FAIL (gradient not written)"));
  }
  std::printf("%s\n", ok ? "all gradients match" : "gradient check FAILED");
  return ok ? kExitOk : kExitCheckFailed;
}

}  // namespace

Command add_gradcheck_command(CLI::App& app) {
  auto args = std::make_shared<GradcheckArgs>();
  CLI::App* cmd = app.add_subcommand(
      "gradcheck", "Check every analytic gradient of a network against central differences");
  cmd->footer(std::string("Example: bprop gradcheck --layers 5,gelu,3 --loss softmax-ce\n") +
              kExitCodeHelp);
  cmd->add_option("--layers", args->layers, "Layers after the input (as for train)")
      ->capture_default_str();
  cmd->add_option("--loss", args->loss, "Loss function")
      ->check(one_of(loss_names(), "loss"))
      ->capture_default_str();
  cmd->add_option("--inputs", args->inputs, "Input width")->check(kPositive)->capture_default_str();
  cmd->add_option("--batch", args->batch, "Rows of random input")
      ->check(kPositive)
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Seeds the weights, inputs and targets")
      ->check(kWholeNumber)
      ->capture_default_str();
  cmd->add_option("--tolerance", args->tolerance, "Largest accepted absolute error")
      ->check(kPositive)
      ->capture_default_str();
  add_format_flag(*cmd, args->format, "a table of the errors per parameter");
  return [args] { return run_gradcheck(*args); };
}

}  // namespace bprop::cli

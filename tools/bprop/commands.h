// The CLI's subcommands. Each adds its flags to the parser and returns the function that runs it
// after parsing; the function returns the process exit code or throws.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace bprop::cli {

using Command = std::function<int()>;

Command add_train_command(CLI::App& app);
Command add_gradcheck_command(CLI::App& app);
Command add_evaluate_command(CLI::App& app);
Command add_predict_command(CLI::App& app);
Command add_inspect_command(CLI::App& app);
Command add_dataset_command(CLI::App& app);
Command add_report_command(CLI::App& app);
Command add_export_command(CLI::App& app);
Command add_quantize_command(CLI::App& app);
Command add_convert_command(CLI::App& app);

}  // namespace bprop::cli

// Checks made before any work starts, so a run is never lost to something that could have been
// seen at once: every output path's folder exists and is writable.
#pragma once

#include <string>

namespace bprop::cli {

// Throws CliError (exit 5, I/O) naming `flag` when the folder `path` would be written in is
// missing, not a folder or not writable. "" and "-" (standard output) pass.
void check_output_folder(const std::string& flag, const std::string& path);

}  // namespace bprop::cli

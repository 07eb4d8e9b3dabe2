// Output folders, checked before the work that would fill them.
#include "output_checks.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "exit_codes.h"

namespace bprop::cli {

void check_output_folder(const std::string& flag, const std::string& path) {
  if (path.empty() || path == "-") return;
  struct stat target {};
  // A path that exists and is not a regular file is refused by the save itself, by that name.
  if (::lstat(path.c_str(), &target) == 0 && !S_ISREG(target.st_mode)) return;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const std::string folder = parent.empty() ? "." : parent.string();
  struct stat info {};
  if (::stat(folder.c_str(), &info) != 0) {
    throw CliError(kExitIo,
                   flag + " " + path + ": the folder '" + folder + "' " +
                       (errno == ENOENT ? "does not exist" : std::strerror(errno)),
                   "create it first (mkdir -p " + folder + ") or choose another path");
  }
  if (!S_ISDIR(info.st_mode)) {
    throw CliError(kExitIo, flag + " " + path + ": '" + folder + "' is not a folder",
                   "choose a path inside a folder");
  }
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    throw CliError(kExitIo,
                   flag + " " + path + ": cannot write in the folder '" + folder +
                       "': " + std::strerror(errno),
                   "choose a folder you can write to, or change its permissions");
  }
}

}  // namespace bprop::cli

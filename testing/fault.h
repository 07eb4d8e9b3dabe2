// Fault-injection helpers for the durability tests: scratch folders, whole-file reads, and running
// a scenario in a forked child (so a kill -9, a file-size limit or a private tmpfs mount cannot
// leak into the test process or the machine).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace bprop::testing {

// A fresh folder under $TMPDIR (or /tmp), removed with its contents on destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // Names in the folder, sorted.
  std::vector<std::string> list() const;

 private:
  std::string path_;
};

std::vector<unsigned char> read_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::vector<unsigned char>& bytes);

// Runs `body` in a forked child and returns what it returned ("ok" by convention, anything else
// describes a failure or starts with "skip:"), or "died: ..." when the child did not exit normally.
std::string run_in_child(const std::function<std::string()>& body);

// In the calling (child) process: a private mount namespace with a tmpfs of `size` at `folder`.
// Returns "" on success or why it is not possible here (not root, no CAP_SYS_ADMIN, ...).
std::string mount_private_tmpfs(const std::string& folder, const std::string& size);

struct CommandResult {
  int exit_code = -1;  // 128 + signal when killed by one
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] is the program path) with stdout and stderr captured, waiting for it.
// `before_exec` runs in the child just before exec (set a limit, mount a tmpfs); when it returns a
// non-empty reason the child exits 125 and the reason is the captured stderr.
CommandResult run_command(const std::vector<std::string>& argv,
                          const std::function<std::string()>& before_exec = {});

}  // namespace bprop::testing

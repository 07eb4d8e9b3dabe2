// The plain bprop's side of `mpirun -np N bprop train` (train_distributed.h): no MPI here.
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>

#include "bprop/distributed.h"
#include "exit_codes.h"
#include "train_distributed.h"

namespace bprop::cli {

void become_distributed_if_launched(char** argv) {
  const int size = launched_world_size();
  if (size <= 1) return;
  char self[PATH_MAX];
  const ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
  std::string path = length > 0 ? std::string(self, static_cast<std::size_t>(length)) : "";
  path = path.substr(0, path.rfind('/') + 1) + "bprop-mpi";
  execv(path.c_str(), argv);
  throw CliError(kExitUsage,
                 "started by mpirun with " + std::to_string(size) +
                     " processes, but this bprop was built without Open MPI (" + path + ": " +
                     std::strerror(errno) + ")",
                 "install libopenmpi-dev and rebuild; see docs/distributed.md");
}

Replicas::Replicas() = default;
void Replicas::restrict_outputs(TrainArgs&) const {}
void Replicas::restrict_checkpoints(TrainObservers&) const {}
void Replicas::attach(Trainer& trainer, const Network& network, const Dataset&,
                      const TrainArgs& a) {
  check_dropout(network, a);
  attach_one_process(trainer, network, a);
}
void Replicas::check(int64_t) {}
void end_distributed(int) {}

}  // namespace bprop::cli

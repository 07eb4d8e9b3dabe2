// What needs no MPI: the launcher test and the replica hash (distributed.h).
#include <cstdlib>
#include <cstring>
#include <string>

#include "bprop/distributed.h"

namespace bprop {

int launched_world_size() {
  // Open MPI's mpirun, then the PMI/PMIx launchers (srun, MPICH's hydra) set these.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE"}) {
    const char* value = std::getenv(name);
    if (value == nullptr) continue;
    const int size = std::atoi(value);
    return size > 0 ? size : 1;
  }
  return 1;
}

uint64_t hash_bytes(const void* data, std::size_t size, uint64_t seed) {
  // FNV-1a over 8-byte words (the tail byte-wise): one multiply per word keeps a 1 MB model's
  // hash well under a millisecond, and any changed byte changes the result.
  constexpr uint64_t kPrime = 0x100000001b3ULL;
  const auto* bytes = static_cast<const unsigned char*>(data);
  uint64_t h = seed ^ 0xcbf29ce484222325ULL;
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes + i, 8);
    h = (h ^ word) * kPrime;
  }
  for (; i < size; ++i) h = (h ^ bytes[i]) * kPrime;
  return h ^ (h >> 29);
}

template <typename T>
uint64_t replica_hash(const BasicNetwork<T>& network) {
  const std::span<const T> values = network.parameter_arena();
  uint64_t h = hash_bytes(values.data(), values.size_bytes(), 0);
  for (const BasicParameter<T>* p : network.parameters()) {
    for (const BasicMatrix<T>* moment : {&p->slots.moment1, &p->slots.moment2}) {
      const std::span<const T> m = moment->values();
      h = hash_bytes(m.data(), m.size_bytes(), h);
    }
    h = hash_bytes(&p->slots.step, sizeof p->slots.step, h);
  }
  return h;
}

template uint64_t replica_hash<float>(const BasicNetwork<float>&);
template uint64_t replica_hash<double>(const BasicNetwork<double>&);

}  // namespace bprop

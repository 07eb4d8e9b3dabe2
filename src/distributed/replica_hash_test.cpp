#include <gtest/gtest.h>

#include <cstdlib>

#include "bprop/distributed.h"
#include "bprop/registry.h"

namespace bprop {
namespace {

TEST(ReplicaHash, ChangesWithAnyWeightMomentOrStepCount) {
  Network net = build_network<float>(3, "4,tanh,2");
  net.initialize(5);
  const uint64_t fresh = replica_hash(net);
  EXPECT_EQ(replica_hash(net), fresh);
  Network twin = build_network<float>(3, "4,tanh,2");
  twin.initialize(5);
  EXPECT_EQ(replica_hash(twin), fresh);

  net.parameter_arena().back() += 1e-6f;
  EXPECT_NE(replica_hash(net), fresh);
  net.parameter_arena().back() = twin.parameter_arena().back();
  EXPECT_EQ(replica_hash(net), fresh);

  Parameter& first = *net.parameters().front();
  first.slots.step = 1;
  const uint64_t stepped = replica_hash(net);
  EXPECT_NE(stepped, fresh);
  first.slots.moment1.resize(first.value.rows(), first.value.cols());
  EXPECT_NE(replica_hash(net), stepped);
}

TEST(ReplicaHash, HashBytesSeesEveryByteAndTheSeed) {
  unsigned char bytes[11] = {};
  const uint64_t zero = hash_bytes(bytes, sizeof bytes, 0);
  EXPECT_NE(hash_bytes(bytes, sizeof bytes, 1), zero);
  for (std::size_t i = 0; i < sizeof bytes; ++i) {
    bytes[i] = 1;
    EXPECT_NE(hash_bytes(bytes, sizeof bytes, 0), zero) << i;
    bytes[i] = 0;
  }
}

TEST(LaunchedWorldSize, ReadsTheLaunchersEnvironmentOnly) {
  unsetenv("OMPI_COMM_WORLD_SIZE");
  unsetenv("PMIX_SIZE");
  unsetenv("PMI_SIZE");
  EXPECT_EQ(launched_world_size(), 1);
  setenv("PMI_SIZE", "3", 1);
  EXPECT_EQ(launched_world_size(), 3);
  setenv("OMPI_COMM_WORLD_SIZE", "4", 1);
  EXPECT_EQ(launched_world_size(), 4);
  setenv("OMPI_COMM_WORLD_SIZE", "junk", 1);
  EXPECT_EQ(launched_world_size(), 1);
  unsetenv("OMPI_COMM_WORLD_SIZE");
  unsetenv("PMI_SIZE");
}

}  // namespace
}  // namespace bprop

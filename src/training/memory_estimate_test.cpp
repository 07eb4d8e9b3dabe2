#include "bprop/training/memory_estimate.h"

#include <gtest/gtest.h>

#include "bprop/errors.h"
#include "bprop/registry.h"

namespace bprop {
namespace {

TEST(MemoryEstimate, CountsExactlyWhatTheRegistryBuilds) {
  for (const char* layers : {"8,tanh,1", "16,relu,dense:4,leaky_relu:0.2,3,gelu", "5,sigmoid"}) {
    const Network network = build_network<float>(7, layers);
    const MemoryEstimate e = estimate_memory(7, layers, sizeof(float), 32);
    EXPECT_EQ(e.parameters, network.parameter_count()) << layers;
    EXPECT_EQ(e.parameter_bytes, network.parameter_count() * sizeof(float)) << layers;
    EXPECT_EQ(e.output_width, network.output_width()) << layers;
    EXPECT_GE(e.training_bytes, 4 * e.parameter_bytes);
  }
}

// B32 (docs/reliability.md): refused from the layer list alone, before anything is allocated. 2e10
// parameters would be 80 GB of floats; the check must not try.
TEST(MemoryEstimate, HugeArchitectureIsRefusedBeforeAllocating) {
  const char* layers = "100000,100000,100000";
  const MemoryEstimate e = estimate_memory(784, layers, sizeof(float), 32);
  EXPECT_EQ(e.parameters, 784ull * 100000 + 100000 + 2 * (100000ull * 100000 + 100000));
  try {
    check_memory_limit(e, parse_byte_size("8G"), layers);
    FAIL() << "a 149 GiB request passed an 8 GiB limit";
  } catch (const ConfigError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("100000,100000,100000"), std::string::npos) << what;
    EXPECT_NE(what.find("8 GiB"), std::string::npos) << what;
    EXPECT_NE(what.find("--max-memory"), std::string::npos) << what;
  }
  EXPECT_NO_THROW(check_memory_limit(estimate_memory(2, "8,tanh,1", 4, 4), 1 << 20, "8,tanh,1"));
}

TEST(MemoryEstimate, OverflowingCountsAreErrorsNotWraparound) {
  // 2^31-1 squared per layer, many layers: the 64-bit sum would wrap without checks.
  std::string layers = "2147483647";
  for (int i = 0; i < 8; ++i) layers += ",2147483647";
  EXPECT_THROW(estimate_memory(2147483647, layers, 4, 1 << 30), ConfigError);
}

TEST(MemoryEstimate, WidthsBeyondIntAndBadSpecsAreConfigErrors) {
  EXPECT_THROW(estimate_memory(4, "4294967296", 4, 1), ConfigError);
  EXPECT_THROW(estimate_memory(4, "4,bogus", 4, 1), ConfigError);
  EXPECT_THROW(estimate_memory(4, "4,,1", 4, 1), ConfigError);
}

// Fuzzer finding: "4:x" was built by make_layer as dense:4 (the argument ignored), so estimating
// it on a huge input width allocated gigabytes. Now both refuse it before allocating.
TEST(MemoryEstimate, BareWidthWithAnArgumentIsRefusedWithoutAllocating) {
  EXPECT_THROW(estimate_memory(1 << 30, "4:dnees", 4, 1), ConfigError);
  EXPECT_THROW(make_layer<float>("4:x", 3), ConfigError);
  EXPECT_THROW(estimate_memory(1 << 30, "dense:-4", 4, 1), ConfigError);
  EXPECT_EQ(estimate_memory(1 << 30, "dense:4", 4, 1).parameters, (uint64_t{1} << 32) + 4);
}

TEST(MemoryEstimate, ParsesAndFormatsByteSizes) {
  EXPECT_EQ(parse_byte_size("8G"), 8ull << 30);
  EXPECT_EQ(parse_byte_size("512m"), 512ull << 20);
  EXPECT_EQ(parse_byte_size("64k"), 65536u);
  EXPECT_EQ(parse_byte_size("1000"), 1000u);
  for (const char* bad : {"", "G", "-1", "1.5G", "8GB", "99999999999T"}) {
    EXPECT_THROW(parse_byte_size(bad), ConfigError) << bad;
  }
  EXPECT_EQ(format_bytes(8ull << 30), "8 GiB");
  EXPECT_EQ(format_bytes(1536), "1.5 KiB");
  EXPECT_EQ(format_bytes(12), "12 bytes");
}

}  // namespace
}  // namespace bprop

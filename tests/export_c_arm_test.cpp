// The C export on microcontrollers: compiled with Debian's gcc-arm-none-eabi for Cortex-M4 (hard
// float) and Cortex-M0+ (no FPU) under -std=c99 -Wall -Wextra -Wpedantic -Wconversion -Werror, then
// its self-test run under qemu-system-arm (mps2-an386; the M0+ build runs there too: ARMv6-M is a
// subset of ARMv7-M) with a bare-metal start (tests/export/arm/). Prints the code size
// (`arm-none-eabi-size`: .text without the weights). Skips with a message without the toolchain,
// newlib or QEMU (scripts/setup installs them).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bprop/errors.h"
#include "bprop/int8/quantize.h"
#include "testing/export_check.h"
#include "testing/run_command.h"

namespace bprop::testing {
namespace {

struct Cpu {
  std::string name;
  std::string flags;
};
const Cpu kCpus[] = {
    {"cortex-m4", "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard -Os"},
    {"cortex-m0plus", "-mcpu=cortex-m0plus -mthumb -Os"},
};
constexpr const char* kStrict = "-std=c99 -Wall -Wextra -Wpedantic -Wconversion -Werror";
const std::string kArm = std::string(BPROP_SOURCE_DIR) + "/tests/export/arm";

std::string missing_tools() {
  for (const char* tool : {"arm-none-eabi-gcc", "arm-none-eabi-size", "qemu-system-arm"}) {
    if (run_command(std::string(tool) + " --version").exit_code != 0) {
      return std::string(tool) + " is not installed (scripts/setup installs it)";
    }
  }
  return "";
}

// The size of the .text sections of an object file (the code; the weights are .rodata).
long text_bytes(const std::string& object) {
  const CommandResult r = run_command("arm-none-eabi-size -A " + object);
  std::istringstream lines(r.out);
  long total = 0;
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string name;
    long size = 0;
    if (fields >> name >> size && name.rfind(".text", 0) == 0) total += size;
  }
  return total;
}

struct ArmRun {
  CommandResult build, run;
  long text = 0;
};

// Compiles dir/model.c for `cpu`, links it with the start code and runs it in QEMU.
ArmRun build_and_run(const std::string& dir, const Cpu& cpu) {
  ArmRun a;
  const std::string o = dir + "/model_" + cpu.name;
  a.build = run_command(
      "arm-none-eabi-gcc " + std::string(kStrict) + " " + cpu.flags + " -c " + dir +
      "/model.c -o " + o + ".o && arm-none-eabi-gcc -std=c99 -Wall -Wextra " + cpu.flags + " -I" +
      dir + " -c " + kArm + "/startup.c -o " + o + "_start.o && arm-none-eabi-gcc " + cpu.flags +
      " -nostartfiles -T " + kArm + "/link.ld --specs=nano.specs --specs=nosys.specs " + o +
      "_start.o " + o + ".o -lm -o " + o + ".elf");
  if (a.build.exit_code != 0) return a;
  a.text = text_bytes(o + ".o");
  a.run = run_command(
      "timeout 60 qemu-system-arm -M mps2-an386 -nographic -monitor none "
      "-semihosting-config enable=on,target=native -kernel " +
      o + ".elf");
  return a;
}

// Saves `model` in a fresh folder and exports it there with `bprop export --format c --name model`;
// returns the folder.
// `flags`: more export flags (--int8).
std::string export_as_c(const Model& model, const std::string& flags = "") {
  const std::string dir = temp_folder();
  save_model(dir + "/m.bprop", model);
  const CommandResult e = run_command(bprop_cli() + " export " + dir +
                                      "/m.bprop --format c --name model -o " + dir + flags);
  EXPECT_EQ(e.exit_code, 0) << e.err;
  return dir;
}

TEST(CExportArm, CortexM4AndM0PlusBuildsPassTheirSelftestUnderQemu) {
  if (const std::string why = missing_tools(); !why.empty()) GTEST_SKIP() << why;
  for (const ExportCase& c : float_export_cases()) {
    SCOPED_TRACE(c.name);
    const std::string dir = export_as_c(c.model);
    for (const Cpu& cpu : kCpus) {
      const ArmRun a = build_and_run(dir, cpu);
      ASSERT_EQ(a.build.exit_code, 0) << a.build.err;
      EXPECT_EQ(a.run.exit_code, 0) << a.run.out << a.run.err;
      // QEMU writes semihosting output to stderr.
      EXPECT_NE(a.run.err.find("selftest: passed"), std::string::npos) << a.run.err;
      std::cout << "[ arm ] " << c.name << " " << cpu.name << ": .text " << a.text
                << " bytes, selftest " << (a.run.exit_code == 0 ? "passed" : "FAILED") << "\n";
      // The target for a ReLU net: at most 2 KB of code.
      if (c.name == "act_relu") {
        EXPECT_LE(a.text, 2048);
      }
    }
  }
}

// The 784-256-128-10 Fashion-MNIST net (940 KB of weights) on the Cortex-M4: the self-test's 32
// rows pass under QEMU and the code stays the same size.
TEST(CExportArm, FashionMnistNetPassesItsSelftestOnCortexM4) {
  if (const std::string why = missing_tools(); !why.empty()) GTEST_SKIP() << why;
  std::string why;
  const std::optional<FashionCase> fc = train_fashion_mnist_briefly(why);
  if (!fc) GTEST_SKIP() << why;
  const std::string dir = export_as_c(fc->model);
  const ArmRun a = build_and_run(dir, kCpus[0]);
  ASSERT_EQ(a.build.exit_code, 0) << a.build.err;
  EXPECT_EQ(a.run.exit_code, 0) << a.run.err;
  EXPECT_NE(a.run.err.find("selftest: passed"), std::string::npos) << a.run.err;
  std::cout << "[ arm ] fmnist cortex-m4: .text " << a.text << " bytes\n";
  EXPECT_LE(a.text, 2048);
}

// The int8 export (integers only between the input quantization and the last layer's sums) on
// both CPUs: every export case (the tabular ones' self-tests have missing inputs), and the
// 784-256-128-10 Fashion-MNIST net.
TEST(CExportArm, Int8ModelsPassTheirSelftestOnCortexM4AndM0Plus) {
  if (const std::string why = missing_tools(); !why.empty()) GTEST_SKIP() << why;
  std::vector<std::pair<std::string, Model>> models;
  for (ExportCase& c : float_export_cases()) {
    // The calibration needs finite inputs only: a missing (NaN) one counts as 0 here.
    for (std::size_t i = 0; i < c.inputs.size(); ++i) {
      if (std::isnan(c.inputs.data()[i])) c.inputs.data()[i] = 0.0f;
    }
    c.model.quantization = int8::quantize(c.model, c.inputs);
    models.emplace_back(c.name, std::move(c.model));
  }
  std::string why;
  if (std::optional<FashionCase> fc = train_fashion_mnist_briefly(why)) {
    fc->model.quantization = int8::quantize(fc->model, fc->test_inputs);
    models.emplace_back("fmnist", std::move(fc->model));
  }
  for (const auto& [name, model] : models) {
    SCOPED_TRACE(name);
    const std::string dir = export_as_c(model, " --int8");
    for (const Cpu& cpu : kCpus) {
      const ArmRun a = build_and_run(dir, cpu);
      ASSERT_EQ(a.build.exit_code, 0) << a.build.err;
      EXPECT_EQ(a.run.exit_code, 0) << a.run.out << a.run.err;
      EXPECT_NE(a.run.err.find("selftest: passed"), std::string::npos) << a.run.err;
      std::cout << "[ arm ] int8 " << name << " " << cpu.name << ": .text " << a.text << " bytes\n";
    }
  }
}

// The harness can fail: one of bprop's expected outputs changed by 1e-3 makes the self-test fail
// under QEMU, and QEMU exit non-zero.
TEST(CExportArm, AWrongExpectedOutputFailsUnderQemu) {
  if (const std::string why = missing_tools(); !why.empty()) GTEST_SKIP() << why;
  const ExportCase c = make_export_case("sabotage", "8,relu,3", "softmax-ce", Scaling::kNone, 10);
  const std::string dir = export_as_c(c.model);
  std::string source = read_text(dir + "/model.c");
  const std::size_t want = source.find("model_test_want[");
  ASSERT_NE(want, std::string::npos);
  const std::size_t first = source.find("\n  ", want) + 3;  // the first expected value
  source.insert(first, "0.001f + ");
  std::ofstream(dir + "/model.c", std::ios::binary) << source;
  const ArmRun a = build_and_run(dir, kCpus[0]);
  ASSERT_EQ(a.build.exit_code, 0) << a.build.err;
  EXPECT_NE(a.run.exit_code, 0);
  EXPECT_NE(a.run.err.find("selftest: FAILED"), std::string::npos) << a.run.err;
}

}  // namespace
}  // namespace bprop::testing

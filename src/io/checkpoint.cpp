// Checkpoint encoding: a bounds-checked little-endian writer and reader, a CRC-32 trailer.
#include "bprop/io/checkpoint.h"

#include <cstring>
#include <fstream>
#include <iterator>

#include "bprop/io/atomic_file.h"
#include "bprop/registry.h"
#include "bprop/training/divergence.h"
#include "bprop/training/memory_estimate.h"
#include "checkpoint_codec.h"
#include "model_check.h"  // crc32_of: the model file's zlib CRC-32, shared with checkpoints

namespace bprop {

namespace {

using checkpoint_codec::Reader;
using checkpoint_codec::Writer;

constexpr char kMagic[8] = {'B', 'P', 'R', 'O', 'P', 'C', 'K', 'P'};
// 2: adds each Dropout layer's mask generator and the loop state (schedule, early stopping,
// accuracy counts; checkpoint_loop_state.cpp).
constexpr uint32_t kVersion = 2;
constexpr std::size_t kHeader = 8 + 4 + 8;
constexpr uint64_t kMaxLayers = 4096;

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CheckpointError("cannot open checkpoint '" + path + "'");
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

uint64_t checksum_data(const Matrix& inputs, const Matrix& targets) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) h = (h ^ p[i]) * 1099511628211ull;
  };
  for (const Matrix* m : {&inputs, &targets}) {
    const int shape[2] = {m->rows(), m->cols()};
    mix(shape, sizeof shape);
    mix(m->data(), m->size() * sizeof(float));
  }
  return h;
}

std::vector<unsigned char> serialize_checkpoint(const Network& network, const TrainerState& state,
                                                const CheckpointInfo& info) {
  if (const std::string bad = locate_nonfinite_parameter(network); !bad.empty()) {
    throw CheckpointError("refusing to write a checkpoint with a non-finite value in " + bad);
  }
  Writer w;
  w.text(info.config);
  w.u64(info.data_checksum);
  w.u64(static_cast<uint64_t>(network.input_width()));
  w.u64(network.size());
  for (std::size_t i = 0; i < network.size(); ++i) {
    const auto& layer = network.layer(i);
    w.text(layer.spec());
    w.u64(layer.parameters().size());
    for (const auto& p : layer.parameters()) {
      w.floats(p.value);
      w.floats(p.slots.moment1);
      w.floats(p.slots.moment2);
      w.u64(static_cast<uint64_t>(p.slots.step));
    }
    // A layer's generator (Dropout's masks) has advanced with every training step; without it a
    // resumed run would draw other masks than the uninterrupted one.
    const Rng* generator = layer.generator();
    w.u8(generator != nullptr ? 1 : 0);
    if (generator != nullptr) w.rng(generator->state());
  }
  w.u64(static_cast<uint64_t>(state.epoch));
  w.u64(static_cast<uint64_t>(state.step));
  w.rng(state.rng);
  w.u64(state.position);
  w.f64(state.epoch_loss_sum);
  w.u64(state.order.size());
  for (const int i : state.order) w.u32(static_cast<uint32_t>(i));
  w.text(checkpoint_codec::encode_loop_state(state));

  Writer file;
  file.raw(kMagic, sizeof kMagic);
  file.u32(kVersion);
  file.u64(w.bytes().size());
  file.raw(w.bytes().data(), w.bytes().size());
  file.u32(model_file::crc32_of(file.bytes()));
  return std::move(file.bytes());
}

namespace {

// Magic, version, declared payload size and checksum; throws before the payload is touched.
void check_envelope(std::span<const unsigned char> bytes, const std::string& name) {
  Reader header(bytes, name, 0);
  if (bytes.size() < 8 || std::memcmp(bytes.data(), kMagic, 8) != 0) {
    header.fail("not a bprop checkpoint (the file does not start with BPROPCKP)");
  }
  header.skip(8);
  const uint32_t version = header.u32("format version");
  if (version != kVersion) {
    header.fail("format version " + std::to_string(version) + " is not supported (this bprop " +
                "reads version " + std::to_string(kVersion) + ")");
  }
  const uint64_t payload = header.u64("payload size");
  if (payload > bytes.size() || bytes.size() - kHeader - 4 != payload ||
      bytes.size() < kHeader + 4) {
    header.fail("the header declares " + std::to_string(payload) + " payload bytes, the file has " +
                std::to_string(bytes.size() < kHeader + 4 ? 0 : bytes.size() - kHeader - 4) +
                " (truncated or padded)");
  }
  Reader trailer(bytes, name, bytes.size() - 4);
  const bool crc_ok =
      trailer.u32("checksum") == model_file::crc32_of(bytes.first(bytes.size() - 4));
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
  (void)crc_ok;  // let the fuzzer reach the parser behind the checksum
#else
  if (!crc_ok) trailer.fail("checksum mismatch: the file is corrupted");
#endif
}

// Layer i's spec, built after checking that the file holds the values it would allocate.
void read_layer(Reader& r, Network& network, uint64_t i) {
  const std::string spec = r.text("layer spec");
  try {
    // Count what the layer would allocate before building it: a spec may not claim more
    // values than the file still holds (a 600-byte file must not allocate gigabytes).
    const MemoryEstimate need = estimate_memory(network.output_width(), spec, 4, 1);
    if (need.parameters > r.left() / 4) {
      r.fail("layer " + std::to_string(i + 1) + " (" + spec + ") on input width " +
             std::to_string(network.output_width()) + " needs " + std::to_string(need.parameters) +
             " values, more than the file holds");
    }
    network.add(make_layer<float>(spec, network.output_width()));
  } catch (const CheckpointError&) {
    throw;
  } catch (const std::exception& e) {
    r.fail("layer " + std::to_string(i + 1) + ": " + e.what());
  }
}

// Layer i's parameters with their optimizer slots, and Dropout's generator.
void read_layer_state(Reader& r, Layer& layer, uint64_t i) {
  const std::string name = "layer " + std::to_string(i + 1);
  auto params = layer.parameters();
  if (r.u64(name + " parameter count") != params.size()) r.fail(name + " parameter count");
  for (auto& p : params) {
    const std::string what = name + " " + p.name;
    r.floats(p.value, what);
    p.slots.moment1 = Matrix(p.value.rows(), p.value.cols());
    r.floats(p.slots.moment1, what + " moment 1", true);
    p.slots.moment2 = Matrix(p.value.rows(), p.value.cols());
    r.floats(p.slots.moment2, what + " moment 2", true);
    p.slots.step = static_cast<int64_t>(r.u64(what + " step"));
  }
  Rng* generator = layer.generator();
  const bool has_rng = r.u8(name + " generator flag") != 0;
  if (has_rng != (generator != nullptr)) {
    r.fail(name + (has_rng ? " draws from no generator but the file stores one"
                           : " draws from a generator but the file stores none"));
  }
  if (generator != nullptr) generator->set_state(r.rng(name + " generator"));
}

TrainerState read_trainer_state(Reader& r) {
  TrainerState state;
  const uint64_t epoch = r.u64("epoch");
  if (epoch > static_cast<uint64_t>(INT32_MAX)) r.fail("absurd epoch " + std::to_string(epoch));
  state.epoch = static_cast<int>(epoch);
  state.step = static_cast<int64_t>(r.u64("step"));
  state.rng = r.rng("shuffling generator");
  state.position = r.u64("position");
  state.epoch_loss_sum = r.f64("epoch loss sum");
  state.order.resize(r.count(4, "sample order"));
  for (int& i : state.order) i = static_cast<int>(r.u32("sample order"));
  return state;
}

}  // namespace

Checkpoint parse_checkpoint(std::span<const unsigned char> bytes, const std::string& name) {
  check_envelope(bytes, name);
  Reader r(bytes.first(bytes.size() - 4), name, kHeader);
  Checkpoint c;
  c.info.config = r.text("configuration");
  c.info.data_checksum = r.u64("data checksum");
  const uint64_t width = r.u64("input width");
  const uint64_t layers = r.u64("layer count");
  if (width == 0 || width > static_cast<uint64_t>(INT32_MAX) || layers > kMaxLayers) {
    r.fail("absurd architecture: input width " + std::to_string(width) + ", " +
           std::to_string(layers) + " layers");
  }
  c.network = Network(static_cast<int>(width));
  for (uint64_t i = 0; i < layers; ++i) {
    read_layer(r, c.network, i);
    read_layer_state(r, c.network.layer(i), i);
  }
  if (const std::string bad = locate_nonfinite_parameter(c.network); !bad.empty()) {
    r.fail("non-finite value in " + bad);
  }
  c.trainer = read_trainer_state(r);
  checkpoint_codec::decode_loop_state(r.text("loop state"), name, c.network, c.trainer);
  if (r.left() != 0) r.fail(std::to_string(r.left()) + " unexpected trailing bytes");
  return c;
}

void save_checkpoint(const std::string& path, const Network& network, const TrainerState& state,
                     const CheckpointInfo& info) {
  write_file_atomically(path, serialize_checkpoint(network, state, info));
}

Checkpoint load_checkpoint(const std::string& path) {
  const std::string bytes = read_whole_file(path);
  return parse_checkpoint({reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()},
                          path);
}

void check_resumable(const Checkpoint& checkpoint, const CheckpointInfo& run,
                     const std::string& path) {
  if (checkpoint.info.data_checksum != run.data_checksum) {
    throw CheckpointError("checkpoint '" + path +
                          "' was written for different training data (checksum mismatch)");
  }
  if (checkpoint.info.config != run.config) {
    throw CheckpointError("checkpoint '" + path +
                          "' was written with a different configuration: '" +
                          checkpoint.info.config + "' vs now '" + run.config + "'");
  }
}

}  // namespace bprop

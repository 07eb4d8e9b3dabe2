// Writing binary data files, and the layout and metadata codec the reader shares
// (binary_data_format.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "binary_data_format.h"
#include "bprop/errors.h"
#include "bprop/io/atomic_file.h"
#include "io/model_bytes.h"
#include "io/model_tabular.h"
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace bprop {

namespace binary_data {

namespace {
uint64_t round_up(uint64_t value, uint64_t to) { return (value + to - 1) / to * to; }
}  // namespace

uint64_t hash_bytes(std::span<const unsigned char> bytes) {
  return XXH3_64bits(bytes.data(), bytes.size());
}

Layout layout_for(uint64_t rows, uint64_t features, uint64_t target_cols, uint64_t meta_bytes) {
  Layout l;
  l.meta_bytes = meta_bytes;
  l.inputs_offset = round_up(l.header_end() + kHashBytes, kMatrixAlignment);
  l.inputs_bytes = rows * features * sizeof(float);
  l.targets_offset = round_up(l.inputs_offset + l.inputs_bytes, kMatrixAlignment);
  l.targets_bytes = rows * target_cols * sizeof(float);
  l.trailer_offset = round_up(l.targets_offset + l.targets_bytes, kHashBytes);
  l.trailer_bytes = (l.input_blocks() + l.target_blocks()) * kHashBytes;
  l.file_size = l.trailer_offset + l.trailer_bytes;
  return l;
}

std::vector<unsigned char> encode_metadata(const BinaryDataInfo& info) {
  model_file::Writer w;
  w.strings(info.feature_names, "the feature names");
  w.strings(info.target_names, "the target names");
  w.strings(info.class_names, "the class names");
  w.u8(info.tabular ? 1 : 0);
  if (info.tabular) model_file::write_tabular(w, *info.tabular);
  w.u64(static_cast<uint64_t>(info.counts.imputed));
  w.u64(static_cast<uint64_t>(info.counts.unseen));
  w.u64(static_cast<uint64_t>(info.counts.dropped_rows));
  w.string(info.source.path, "the source path");
  w.u64(info.source.size);
  w.u64(static_cast<uint64_t>(info.source.mtime_ns));
  w.u64(info.source.sampled_hash);
  w.string(info.source.options, "the source's reading options");
  return std::move(w.bytes());
}

}  // namespace binary_data

using namespace binary_data;

BinaryDataInfo binary_data_info(const Dataset& data, const std::optional<TabularEncoding>& tabular,
                                const TabularCounts& counts, const BinaryDataSource& source) {
  return {.rows = static_cast<uint64_t>(data.size()),
          .features = data.inputs.cols(),
          .target_cols = data.targets.cols(),
          .feature_names = data.feature_names,
          .target_names = data.target_names,
          .class_names = data.class_names,
          .tabular = tabular,
          .counts = counts,
          .source = source};
}

// Each matrix is written in order, so its running block checksum needs only the current block.
struct BinaryDataWriter::State {
  struct Section {
    uint64_t offset = 0;
    uint64_t written = 0;
    XXH3_state_t block = {};
    std::vector<uint64_t> hashes;
  };
  explicit State(const std::string& path) : file(path) {}
  AtomicFileWriter file;
  BinaryDataInfo info;
  std::vector<unsigned char> header;
  Layout layout;
  Section inputs, targets;
  uint64_t rows = 0;

  void add(Section& s, std::span<const unsigned char> bytes) {
    file.write_at(s.offset + s.written, bytes);
    while (!bytes.empty()) {
      if (s.written % kBlockBytes == 0) XXH3_64bits_reset(&s.block);
      const std::size_t room = kBlockBytes - s.written % kBlockBytes;
      const std::size_t take = std::min<std::size_t>(room, bytes.size());
      XXH3_64bits_update(&s.block, bytes.data(), take);
      s.written += take;
      if (take == room) s.hashes.push_back(XXH3_64bits_digest(&s.block));
      bytes = bytes.subspan(take);
    }
  }
  static void finish(Section& s) {
    if (s.written % kBlockBytes != 0) s.hashes.push_back(XXH3_64bits_digest(&s.block));
  }
};

namespace {
void put_u32(std::vector<unsigned char>& b, std::size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<unsigned char>(v >> (8 * i));
}
void put_u64(std::vector<unsigned char>& b, std::size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) b[at + i] = static_cast<unsigned char>(v >> (8 * i));
}
}  // namespace

BinaryDataWriter::BinaryDataWriter(const std::string& path, BinaryDataInfo info)
    : state_(std::make_unique<State>(path)) {
  if (info.features < 1 || static_cast<uint64_t>(info.features) > kMaxColumns ||
      info.target_cols < 0 || static_cast<uint64_t>(info.target_cols) > kMaxColumns ||
      info.rows > kMaxRows) {
    throw std::invalid_argument("binary data file: shape " + std::to_string(info.rows) + "x" +
                                std::to_string(info.features) + " (+" +
                                std::to_string(info.target_cols) + " targets) is out of range");
  }
  State& s = *state_;
  const std::vector<unsigned char> meta = encode_metadata(info);
  if (meta.size() > kMaxMetaBytes) {
    throw std::invalid_argument("binary data file: the names and encoding take " +
                                std::to_string(meta.size()) + " bytes, over the format's limit");
  }
  s.layout = layout_for(info.rows, info.features, info.target_cols, meta.size());
  s.header.assign(kFixedBytes, 0);
  std::memcpy(s.header.data(), kMagic, sizeof kMagic);
  s.header.insert(s.header.end(), meta.begin(), meta.end());
  s.inputs.offset = s.layout.inputs_offset;
  s.targets.offset = s.layout.targets_offset;
  s.info = std::move(info);
}

BinaryDataWriter::~BinaryDataWriter() = default;

void BinaryDataWriter::append(std::span<const float> inputs, std::span<const float> targets) {
  State& s = *state_;
  const auto features = static_cast<std::size_t>(s.info.features);
  const std::size_t rows = inputs.size() / features;
  if (inputs.size() != rows * features ||
      targets.size() != rows * static_cast<std::size_t>(s.info.target_cols) ||
      s.rows + rows > s.info.rows) {
    throw std::logic_error("BinaryDataWriter::append: " + std::to_string(inputs.size()) +
                           " inputs and " + std::to_string(targets.size()) +
                           " targets do not make whole rows within the declared count");
  }
  s.add(s.inputs,
        std::span(reinterpret_cast<const unsigned char*>(inputs.data()), inputs.size_bytes()));
  s.add(s.targets,
        std::span(reinterpret_cast<const unsigned char*>(targets.data()), targets.size_bytes()));
  s.rows += rows;
}

void BinaryDataWriter::commit() {
  State& s = *state_;
  if (s.rows != s.info.rows) {
    throw std::logic_error("BinaryDataWriter::commit: " + std::to_string(s.rows) + " of " +
                           std::to_string(s.info.rows) + " rows were appended");
  }
  State::finish(s.inputs);
  State::finish(s.targets);
  std::vector<unsigned char> trailer(s.layout.trailer_bytes);
  std::size_t at = 0;
  for (const auto* section : {&s.inputs, &s.targets}) {
    for (uint64_t h : section->hashes) put_u64(trailer, (at++) * kHashBytes, h);
  }
  s.file.write_at(s.layout.trailer_offset, trailer);
  std::vector<unsigned char>& h = s.header;
  put_u32(h, kVersionAt, kVersion);
  put_u32(h, kMetaBytesAt, static_cast<uint32_t>(s.layout.meta_bytes));
  put_u64(h, kFileSizeAt, s.layout.file_size);
  put_u64(h, kRowsAt, s.info.rows);
  put_u32(h, kFeaturesAt, static_cast<uint32_t>(s.info.features));
  put_u32(h, kTargetColsAt, static_cast<uint32_t>(s.info.target_cols));
  put_u64(h, kInputsAt, s.layout.inputs_offset);
  put_u64(h, kTargetsAt, s.layout.targets_offset);
  put_u64(h, kTrailerAt, s.layout.trailer_offset);
  put_u64(h, kTrailerHashAt, hash_bytes(trailer));
  put_u32(h, kBlockBytesAt, static_cast<uint32_t>(kBlockBytes));
  h.resize(s.layout.header_end() + kHashBytes);
  put_u64(h, s.layout.header_end(), hash_bytes(std::span(h).first(s.layout.header_end())));
  s.file.write_at(0, h);
  s.file.commit();
}

uint64_t source_sample_hash(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw DataError(path + ": cannot read: " + std::strerror(errno));
  struct stat st {};
  ::fstat(fd, &st);
  const auto size = static_cast<uint64_t>(st.st_size);
  constexpr uint64_t kEnds = 64 * 1024, kBlock = 4096, kBlocks = 16;
  std::vector<std::pair<uint64_t, uint64_t>> ranges = {{0, kEnds},
                                                       {size - std::min(size, kEnds), kEnds}};
  for (uint64_t i = 1; i <= kBlocks; ++i) ranges.emplace_back(size / (kBlocks + 1) * i, kBlock);
  XXH3_state_t state;
  XXH3_64bits_reset(&state);
  XXH3_64bits_update(&state, &size, sizeof size);
  std::vector<unsigned char> buffer(kEnds);
  for (const auto& [offset, length] : ranges) {
    const ssize_t got =
        ::pread(fd, buffer.data(), std::min(length, size), static_cast<off_t>(offset));
    if (got < 0) {
      const int err = errno;
      ::close(fd);
      throw DataError(path + ": cannot read: " + std::strerror(err));
    }
    XXH3_64bits_update(&state, buffer.data(), static_cast<std::size_t>(got));
  }
  ::close(fd);
  return XXH3_64bits_digest(&state);
}

void write_binary_data(const std::string& path, const Dataset& data, const BinaryDataInfo& info) {
  BinaryDataWriter writer(path, info);
  writer.append(data.inputs.values(), data.targets.values());
  writer.commit();
}

}  // namespace bprop

// Reading binary data files: every size is checked against the file's real size and every
// checksum verified before a single row is handed out (docs/reliability.md, "Binary data files").
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstring>

#include "binary_data_format.h"
#include "bprop/errors.h"
#include "io/byte_codec.h"
#include "io/model_bytes.h"
#include "io/model_tabular.h"

namespace bprop {

using namespace binary_data;

namespace {

constexpr const char* kReconvert = "; convert the CSV again (bprop convert)";

[[noreturn]] void refuse(const std::string& name, const std::string& what) {
  throw DataError(name + ": " + what);
}

uint64_t le64(std::span<const unsigned char> f, std::size_t at) {
  return byte_codec::read_le64(f.data() + at);
}
uint32_t le32(std::span<const unsigned char> f, std::size_t at) {
  return byte_codec::read_le32(f.data() + at);
}

// The fixed header, its metadata and the header checksum; returns the layout those imply.
Layout check_header(std::span<const unsigned char> f, const std::string& name,
                    BinaryDataInfo& info) {
  if (f.size() < sizeof kMagic || std::memcmp(f.data(), kMagic, sizeof kMagic) != 0) {
    refuse(name, "not a bprop binary data file (it does not start with BPROPDAT)");
  }
  if (f.size() < kFixedBytes + kHashBytes) {
    refuse(name, "truncated: " + std::to_string(f.size()) + " bytes, fewer than its header's " +
                     std::to_string(kFixedBytes + kHashBytes) + kReconvert);
  }
  const uint32_t version = le32(f, kVersionAt);
  if (version != kVersion) {
    refuse(name, "binary data file version " + std::to_string(version) +
                     ", but this bprop reads version " + std::to_string(kVersion) + kReconvert);
  }
  const uint64_t declared = le64(f, kFileSizeAt);
  if (declared != f.size()) {
    refuse(name, "truncated or extended: its header says " + std::to_string(declared) +
                     " bytes, the file has " + std::to_string(f.size()) + kReconvert);
  }
  const uint64_t meta = le32(f, kMetaBytesAt);
  if (kFixedBytes + meta + kHashBytes > f.size()) {
    refuse(name, "the header's metadata size " + std::to_string(meta) + " runs past the end" +
                     kReconvert);
  }
  if (hash_bytes(f.first(kFixedBytes + meta)) != le64(f, kFixedBytes + meta)) {
    refuse(name, "the header fails its checksum: the file is corrupt" + std::string(kReconvert));
  }
  info.rows = le64(f, kRowsAt);
  const uint32_t features = le32(f, kFeaturesAt);
  const uint32_t targets = le32(f, kTargetColsAt);
  if (info.rows > kMaxRows || features < 1 || features > kMaxColumns || targets > kMaxColumns ||
      le32(f, kBlockBytesAt) != kBlockBytes) {
    refuse(name, "the header's shape is out of range (" + std::to_string(info.rows) + " rows, " +
                     std::to_string(features) + " features, " + std::to_string(targets) +
                     " target columns)");
  }
  info.features = static_cast<int>(features);
  info.target_cols = static_cast<int>(targets);
  const Layout l = layout_for(info.rows, features, targets, meta);
  if (l.file_size != f.size() || le64(f, kInputsAt) != l.inputs_offset ||
      le64(f, kTargetsAt) != l.targets_offset || le64(f, kTrailerAt) != l.trailer_offset) {
    refuse(name, "the header's offsets do not match its shape" + std::string(kReconvert));
  }
  decode_metadata(f, meta, name, info);
  return l;
}

// Every block checksum of one matrix: a flipped bit anywhere in the rows is found here.
void verify_blocks(std::span<const unsigned char> f, const std::string& name, const char* what,
                   uint64_t offset, uint64_t bytes, uint64_t first_hash_at) {
  for (uint64_t at = 0, block = 0; at < bytes; at += kBlockBytes, ++block) {
    const uint64_t size = std::min(kBlockBytes, bytes - at);
    if (hash_bytes(f.subspan(offset + at, size)) != le64(f, first_hash_at + block * kHashBytes)) {
      refuse(name, std::string("the ") + what + "' bytes " + std::to_string(offset + at) + ".." +
                       std::to_string(offset + at + size) + " fail their checksum (block " +
                       std::to_string(block) + "): the file is corrupt" + kReconvert);
    }
  }
}

// The checks the converter's reader made on the targets, made again: a class index outside the
// class list or a non-finite value would otherwise reach the loss.
void check_targets(const Matrix& targets, const BinaryDataInfo& info, const std::string& name) {
  const auto classes = static_cast<float>(info.class_names.size());
  for (int r = 0; r < targets.rows(); ++r) {
    for (int c = 0; c < targets.cols(); ++c) {
      const float t = targets(r, c);
      const bool ok = info.class_names.empty() ? std::isfinite(t)
                                               : t >= 0.0f && t < classes && std::floor(t) == t;
      if (!ok) {
        refuse(name, "row " + std::to_string(r) + ": target " + std::to_string(t) +
                         (info.class_names.empty() ? " is not finite"
                                                   : " is not a class index below " +
                                                         std::to_string(info.class_names.size())));
      }
    }
  }
}

BinaryData parse(std::span<const unsigned char> f, const std::string& name, bool verify_rows) {
  static_assert(std::endian::native == std::endian::little, "the rows are little-endian floats");
  BinaryData out;
  const Layout l = check_header(f, name, out.info);
  if (!verify_rows) return out;
  if (hash_bytes(f.subspan(l.trailer_offset, l.trailer_bytes)) != le64(f, kTrailerHashAt)) {
    refuse(name, "the row checksums fail their own checksum: the file is corrupt" +
                     std::string(kReconvert));
  }
  verify_blocks(f, name, "inputs", l.inputs_offset, l.inputs_bytes, l.trailer_offset);
  verify_blocks(f, name, "targets", l.targets_offset, l.targets_bytes,
                l.trailer_offset + l.input_blocks() * kHashBytes);
  const BinaryDataInfo& i = out.info;
  // The pages are read-only; the const_cast only lets Matrix::view take them (dataset.h says
  // never to write into a mapped Dataset).
  auto* base = const_cast<unsigned char*>(f.data());
  Dataset& d = out.data;
  d.name = name;
  d.inputs = Matrix::view(reinterpret_cast<float*>(base + l.inputs_offset),
                          static_cast<int>(i.rows), i.features);
  d.targets = Matrix::view(reinterpret_cast<float*>(base + l.targets_offset),
                           static_cast<int>(i.rows), i.target_cols);
  check_targets(d.targets, i, name);
  d.feature_names = i.feature_names;
  d.target_names = i.target_names;
  d.class_names = i.class_names;
  return out;
}

// A read-only mapping of a whole file, unmapped with its last owner.
struct Mapping {
  void* address = MAP_FAILED;
  std::size_t size = 0;
  ~Mapping() {
    if (address != MAP_FAILED) ::munmap(address, size);
  }
};

std::shared_ptr<Mapping> map_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) refuse(path, std::string("cannot read: ") + std::strerror(errno));
  struct stat st {};
  auto mapping = std::make_shared<Mapping>();
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    refuse(path, "cannot read: not a regular file");
  }
  mapping->size = static_cast<std::size_t>(st.st_size);
  if (mapping->size > 0) {
    mapping->address = ::mmap(nullptr, mapping->size, PROT_READ, MAP_SHARED, fd, 0);
  }
  const int err = errno;
  ::close(fd);  // the mapping holds its own reference to the file
  if (mapping->size > 0 && mapping->address == MAP_FAILED) {
    refuse(path, std::string("cannot map: ") + std::strerror(err));
  }
  return mapping;
}

std::span<const unsigned char> bytes_of(const Mapping& m) {
  if (m.size == 0) return {};
  return {static_cast<const unsigned char*>(m.address), m.size};
}

}  // namespace

void binary_data::decode_metadata(std::span<const unsigned char> f, std::size_t size,
                                  const std::string& name, BinaryDataInfo& info) {
  try {
    model_file::Reader r(f, kFixedBytes, kFixedBytes + size, name);
    info.feature_names = r.strings("the feature names");
    info.target_names = r.strings("the target names");
    info.class_names = r.strings("the class names");
    const uint8_t tabular = r.u8("the tabular flag");
    if (tabular > 1) r.fail("the tabular flag is " + std::to_string(tabular) + ", not 0 or 1");
    if (tabular == 1) info.tabular = model_file::read_tabular(r);
    info.counts.imputed = static_cast<int64_t>(r.u64("the imputed count"));
    info.counts.unseen = static_cast<int64_t>(r.u64("the unseen count"));
    info.counts.dropped_rows = static_cast<int64_t>(r.u64("the dropped count"));
    info.source.path = r.string("the source path");
    info.source.size = r.u64("the source size");
    info.source.mtime_ns = static_cast<int64_t>(r.u64("the source time"));
    info.source.sampled_hash = r.u64("the source checksum");
    info.source.options = r.string("the source's reading options");
    if (r.left() != 0) r.fail(std::to_string(r.left()) + " bytes left over in the metadata");
  } catch (const ModelFileError& e) {
    throw DataError(e.what());  // the same codec as model files; here it is a data file
  }
  const auto features = static_cast<std::size_t>(info.features);
  if ((!info.feature_names.empty() && info.feature_names.size() != features) ||
      info.target_names.size() > static_cast<std::size_t>(info.target_cols) ||
      (!info.class_names.empty() && info.target_cols != 1)) {
    refuse(name, "the header's names do not match its shape (" +
                     std::to_string(info.feature_names.size()) + " feature names for " +
                     std::to_string(features) + " features)");
  }
}

BinaryData parse_binary_data(std::span<const unsigned char> bytes, const std::string& name) {
  return parse(bytes, name, true);
}

BinaryData open_binary_data(const std::string& path) {
  const std::shared_ptr<Mapping> mapping = map_file(path);
  const bool mapped = mapping->size > 0;
  if (mapped)
    ::madvise(mapping->address, mapping->size, MADV_SEQUENTIAL);  // checksums read in order
  BinaryData out = parse(bytes_of(*mapping), path, true);
  if (mapped) ::madvise(mapping->address, mapping->size, MADV_NORMAL);
  out.data.mapping = mapping;
  return out;
}

BinaryDataInfo read_binary_data_info(const std::string& path) {
  const std::shared_ptr<Mapping> mapping = map_file(path);
  return parse(bytes_of(*mapping), path, false).info;
}

bool is_binary_data(std::span<const unsigned char> bytes) {
  return bytes.size() >= sizeof kMagic && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0;
}

}  // namespace bprop

// Telling data files apart by their magic bytes, and reading them decompressed.
#include "bprop/data/data_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "bprop/errors.h"
#include "bprop/io/atomic_file.h"
#include "bprop/io/read_file.h"
#include "gzip_reader.h"

namespace bprop {

namespace {

bool starts_with(std::span<const unsigned char> bytes, const char* magic, std::size_t size) {
  return bytes.size() >= size && std::memcmp(bytes.data(), magic, size) == 0;
}

std::vector<unsigned char> gunzip(std::span<const unsigned char> bytes, const std::string& name,
                                  std::size_t max_bytes) {
  GzipReader reader(bytes, name);
  std::vector<unsigned char> out;
  constexpr std::size_t kChunk = std::size_t{1} << 16;
  while (true) {
    const std::size_t had = out.size();
    const std::size_t want = std::min(kChunk, max_bytes + 1 - had);
    out.resize(had + want);
    const std::size_t got = reader.read(out.data() + had, want);
    out.resize(had + got);
    if (out.size() > max_bytes) {
      throw DataError(name + ": decompresses to more than " + std::to_string(max_bytes) +
                      " bytes, the limit for a data file");
    }
    if (got < want) return out;
  }
}

}  // namespace

DataFileKind sniff_data_file(std::span<const unsigned char> bytes) {
  if (bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) return DataFileKind::kGzip;
  if (bytes.size() >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0x08 && bytes[3] >= 1 &&
      bytes[3] <= 4) {
    return DataFileKind::kIdx;
  }
  if (starts_with(bytes, "BPROPMDL", 8)) return DataFileKind::kModel;
  if (starts_with(bytes, "BPROPCKP", 8)) return DataFileKind::kCheckpoint;
  if (starts_with(bytes, "BPROPDAT", 8)) return DataFileKind::kBinaryData;
  const auto head = bytes.first(std::min<std::size_t>(bytes.size(), 4096));
  if (std::find(head.begin(), head.end(), 0) != head.end()) return DataFileKind::kBinary;
  return DataFileKind::kText;
}

std::optional<DataFileKind> sniff_regular_file(const std::string& path) {
  struct stat info {};
  if (path == "-" || ::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return std::nullopt;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  unsigned char head[4096];
  const ssize_t n = ::pread(fd, head, sizeof head, 0);
  ::close(fd);
  if (n < 0) return std::nullopt;
  return sniff_data_file(std::span(head, static_cast<std::size_t>(n)));
}

std::vector<unsigned char> read_data_file(const std::string& path, std::size_t max_bytes) {
  const std::string name = path == "-" ? "<stdin>" : path;
  std::vector<unsigned char> bytes;
  try {
    bytes = read_file(path, max_bytes);
  } catch (const IoError& e) {
    throw DataError(e.what());
  }
  if (sniff_data_file(bytes) != DataFileKind::kGzip) return bytes;
  return gunzip(bytes, name, max_bytes);
}

void refuse_binary(std::span<const unsigned char> bytes, const std::string& name,
                   const std::string& expected) {
  const char* what = nullptr;
  switch (sniff_data_file(bytes)) {
    case DataFileKind::kText:
      return;
    case DataFileKind::kGzip:
      what = "gzip-compressed data that is still compressed inside";
      break;
    case DataFileKind::kIdx:
      what = "an IDX (MNIST-format) file; pass images with --data and their labels with --labels";
      break;
    case DataFileKind::kModel:
      what = "a bprop model file; pass it with --model";
      break;
    case DataFileKind::kCheckpoint:
      what = "a bprop checkpoint; pass it to `bprop train --resume`";
      break;
    case DataFileKind::kBinaryData:
      what = "a bprop binary data file; pass it with --data, --val or --test";
      break;
    case DataFileKind::kBinary:
      what = "a binary file (it holds NUL bytes)";
      break;
  }
  throw DataError(name + ": not a " + expected + " file: " + what);
}

}  // namespace bprop

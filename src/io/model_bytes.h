// Internal to the model file: its format's limits, and its strings and lists over the shared
// byte codec (byte_codec.h), whose every read is checked against the bytes left before anything
// is allocated. Errors name the file and the byte offset.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "bprop/errors.h"
#include "byte_codec.h"

namespace bprop::model_file {

inline constexpr char kMagic[8] = {'B', 'P', 'R', 'O', 'P', 'M', 'D', 'L'};
inline constexpr std::size_t kHeaderBytes = 24;  // magic, version, flags, file size
inline constexpr std::size_t kTrailerBytes = 4;  // CRC32 of everything before it
inline constexpr uint32_t kMaxLayers = 1024;
inline constexpr uint32_t kMaxParametersPerLayer = 16;
inline constexpr uint32_t kMaxWidth = uint32_t{1} << 24;
inline constexpr uint32_t kMaxStringBytes = uint32_t{1} << 20;
inline constexpr uint32_t kMaxListEntries = uint32_t{1} << 20;

using byte_codec::read_le32;
using byte_codec::read_le64;

// The model file's strings and lists: a u32 length or entry count, capped by the format.
class Writer : public byte_codec::Writer {
 public:
  // Throws ModelFileError naming `what` when it is over the format's cap.
  void string(const std::string& s, const std::string& what);
  void strings(const std::vector<std::string>& list, const std::string& what);
};

// Reads bytes[begin, end) of the file; errors are ModelFileErrors "name: at byte N: what".
class Reader : public byte_codec::Reader {
 public:
  Reader(std::span<const unsigned char> file, std::size_t begin, std::size_t end,
         const std::string& name)
      : byte_codec::Reader(file, begin, end, name, fail_model) {}

  std::string string(const std::string& what, uint32_t max_bytes = kMaxStringBytes);
  std::vector<std::string> strings(const std::string& what);
  // `count` little-endian floats; the byte count is overflow-checked against the bytes left.
  std::vector<float> floats(std::size_t count, const std::string& what);

 private:
  [[noreturn]] static void fail_model(const std::string& name, std::size_t offset,
                                      const std::string& what);
};

}  // namespace bprop::model_file

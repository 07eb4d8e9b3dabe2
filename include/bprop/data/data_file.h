// What a data file is, told by its first bytes rather than its name, so every reader accepts
// gzip-compressed files and refuses the wrong kind of file with a message that names it.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace bprop {

enum class DataFileKind { kText, kGzip, kIdx, kModel, kCheckpoint, kBinaryData, kBinary };

// gzip (1f 8b), IDX (00 00 08 0N), a bprop model (BPROPMDL), checkpoint (BPROPCKP) or binary
// data file (BPROPDAT), other
// binary (a NUL byte in the first 4 KiB), else text.
DataFileKind sniff_data_file(std::span<const unsigned char> bytes);

// The kind of a regular file, told by its first 4 KiB; nullopt for standard input and anything
// else that can be read only once (a pipe), or that cannot be opened.
std::optional<DataFileKind> sniff_regular_file(const std::string& path);

// Reads `path` ("-" = standard input) for a data reader: a gzip file comes back decompressed, at
// most max_bytes in either form. Throws DataError naming the path (missing, unreadable, corrupt).
std::vector<unsigned char> read_data_file(const std::string& path, std::size_t max_bytes);

// Throws DataError when `bytes` are not text, naming what they look like and what to do;
// `expected` is the format that was asked for ("CSV").
void refuse_binary(std::span<const unsigned char> bytes, const std::string& name,
                   const std::string& expected);

}  // namespace bprop

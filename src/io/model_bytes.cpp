// The model file's strings and lists.
#include "model_bytes.h"

namespace bprop::model_file {

void Reader::fail_model(const std::string& name, std::size_t offset, const std::string& what) {
  throw ModelFileError(name + ": at byte " + std::to_string(offset) + ": " + what);
}

void Writer::string(const std::string& s, const std::string& what) {
  if (s.size() > kMaxStringBytes) {
    throw ModelFileError("cannot save " + what + ": " + std::to_string(s.size()) +
                         " bytes, over the format's limit of " + std::to_string(kMaxStringBytes));
  }
  u32(static_cast<uint32_t>(s.size()));
  raw(s.data(), s.size());
}

void Writer::strings(const std::vector<std::string>& list, const std::string& what) {
  if (list.size() > kMaxListEntries) {
    throw ModelFileError("cannot save " + what + ": " + std::to_string(list.size()) +
                         " entries, over the format's limit of " + std::to_string(kMaxListEntries));
  }
  u32(static_cast<uint32_t>(list.size()));
  for (const auto& s : list) string(s, what);
}

std::string Reader::string(const std::string& what, uint32_t max_bytes) {
  return text(count(what, 0, max_bytes), what);
}

std::vector<std::string> Reader::strings(const std::string& what) {
  const uint32_t n = count(what, 0, kMaxListEntries);
  need(n, 4, what);  // every entry has at least its 4-byte length
  std::vector<std::string> list;
  list.reserve(n);
  for (uint32_t i = 0; i < n; ++i) list.push_back(string(what));
  return list;
}

std::vector<float> Reader::floats(std::size_t count, const std::string& what) {
  need(count, 4, what);
  std::vector<float> values(count);
  f32s(values, what);
  return values;
}

}  // namespace bprop::model_file

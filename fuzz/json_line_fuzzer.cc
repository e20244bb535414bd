// ParseFlatJsonObject over any bytes: it returns, and what it reads survives
// a round trip: the pairs written back as JSON strings read as the same pairs.
#include <cstdint>

#include "absl/strings/str_format.h"
#include "clients/import/json_line.h"
#include "fuzz/fuzz_check.h"

namespace {

std::string Quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += absl::StrFormat("\\u%04x", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view in(reinterpret_cast<const char*>(data), size);
  const auto pairs = jobmatch::import::ParseFlatJsonObject(in);
  if (!pairs.ok()) return 0;
  std::string again = "{";
  for (const auto& [key, value] : *pairs) {
    if (again.size() > 1) again += ",";
    again += Quoted(key) + ":" + Quoted(value);
  }
  again += "}";
  const auto reread = jobmatch::import::ParseFlatJsonObject(again);
  FUZZ_CHECK(reread.ok());
  FUZZ_CHECK(*reread == *pairs);
  return 0;
}

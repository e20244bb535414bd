#include "clients/import/json_line.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace jobmatch::import {
namespace {

class Parser {
 public:
  explicit Parser(absl::string_view s) : s_(s) {}

  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> Object() {
    std::vector<std::pair<std::string, std::string>> out;
    SkipSpace();
    if (!Eat('{')) return Error("expected '{'");
    SkipSpace();
    if (!Eat('}')) {
      while (true) {
        SkipSpace();
        std::string key;
        if (!String(&key)) return Error(error_.empty() ? "expected a key string" : error_);
        SkipSpace();
        if (!Eat(':')) return Error("expected ':'");
        SkipSpace();
        std::string value;
        if (Peek() == '[') {
          if (!Array(&value)) return Error(error_);
        } else if (!Scalar(&value)) {
          return Error(error_);
        }
        out.emplace_back(std::move(key), std::move(value));
        SkipSpace();
        if (Eat(',')) continue;
        if (Eat('}')) break;
        return Error("expected ',' or '}'");
      }
    }
    SkipSpace();
    if (pos_ != s_.size()) return Error("text after the object");
    return out;
  }

 private:
  char Peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r' || s_[pos_] == '\n')) {
      ++pos_;
    }
  }
  absl::Status Error(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat("malformed JSON at byte ", pos_, ": ", what));
  }
  bool Fail(absl::string_view what) {
    error_ = std::string(what);
    return false;
  }

  bool Scalar(std::string* out) {
    const char c = Peek();
    if (c == '"') return String(out);
    if (c == '{') return Fail("nested objects are not supported");
    for (absl::string_view word : {"true", "false", "null"}) {
      if (s_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        *out = word == "null" ? "" : std::string(word);
        return true;
      }
    }
    // A number, kept as written after checking its JSON shape.
    const size_t start = pos_;
    Eat('-');
    if (!absl::ascii_isdigit(Peek())) return Fail("expected a value");
    while (absl::ascii_isdigit(Peek())) ++pos_;
    if (Eat('.')) {
      if (!absl::ascii_isdigit(Peek())) return Fail("bad number");
      while (absl::ascii_isdigit(Peek())) ++pos_;
    }
    if (Peek() == 'e' || Peek() == 'E') {
      ++pos_;
      if (!Eat('+')) Eat('-');
      if (!absl::ascii_isdigit(Peek())) return Fail("bad number");
      while (absl::ascii_isdigit(Peek())) ++pos_;
    }
    *out = std::string(s_.substr(start, pos_ - start));
    return true;
  }

  bool Array(std::string* out) {
    Eat('[');
    SkipSpace();
    if (Eat(']')) return true;
    while (true) {
      SkipSpace();
      std::string item;
      if (Peek() == '[') return Fail("nested arrays are not supported");
      if (!Scalar(&item)) return false;
      if (!out->empty() && !item.empty()) out->append("、");
      out->append(item);
      SkipSpace();
      if (Eat(',')) continue;
      if (Eat(']')) return true;
      return Fail("expected ',' or ']'");
    }
  }

  bool Hex4(uint32_t* v) {
    if (pos_ + 4 > s_.size()) return false;
    *v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[pos_++];
      *v <<= 4;
      if (c >= '0' && c <= '9')
        *v |= c - '0';
      else if (c >= 'a' && c <= 'f')
        *v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        *v |= c - 'A' + 10;
      else
        return false;
    }
    return true;
  }

  static void AppendUtf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  bool String(std::string* out) {
    if (!Eat('"')) return false;
    while (pos_ < s_.size()) {
      const char c = s_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character in a string");
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (pos_ >= s_.size()) break;
      const char e = s_[pos_++];
      switch (e) {
        case '"':
          out->push_back('"');
          break;
        case '\\':
          out->push_back('\\');
          break;
        case '/':
          out->push_back('/');
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(&cp)) return Fail("bad \\u escape");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low;
            if (!(Eat('\\') && Eat('u') && Hex4(&low)) || low < 0xDC00 || low > 0xDFFF) {
              return Fail("unpaired surrogate");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return Fail("unpaired surrogate");
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          return Fail("bad escape");
      }
    }
    return Fail("string never closed");
  }

  absl::string_view s_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParseFlatJsonObject(
    absl::string_view line) {
  return Parser(line).Object();
}

}  // namespace jobmatch::import

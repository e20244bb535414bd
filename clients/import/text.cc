#include "clients/import/text.h"

#include "absl/strings/ascii.h"

namespace jobmatch::import {
namespace {

// Decodes one code point at `i`; returns its length, or 0 when malformed.
size_t Decode(absl::string_view s, size_t i, char32_t* out) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t len;
  char32_t cp;
  if (b < 0x80) {
    *out = b;
    return 1;
  } else if ((b & 0xE0) == 0xC0) {
    len = 2;
    cp = b & 0x1F;
  } else if ((b & 0xF0) == 0xE0) {
    len = 3;
    cp = b & 0x0F;
  } else if ((b & 0xF8) == 0xF0) {
    len = 4;
    cp = b & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  // Overlong forms and surrogates are not UTF-8.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  *out = cp;
  return len;
}

void Encode(char32_t cp, std::string* out) {
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

char32_t FoldCodePoint(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp = cp - 0xFF01 + 0x21;
  switch (cp) {
    case 0x3000:  // ideographic space
    case 0x00A0:  // no-break space
      return ' ';
    case 0x2014:  // —
    case 0x2013:  // –
    case 0x2015:  // ―
    case 0x2212:  // minus sign
      return '-';
    case 0x301C:  // 〜 wave dash
      return '~';
    case 0x30FB:  // ・
    case 0x2022:  // •
      return 0x00B7;
    default:
      break;
  }
  if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
  return cp;
}

std::string FoldImpl(absl::string_view text, bool drop_spaces) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    size_t len = Decode(text, i, &cp);
    if (len == 0) {
      out.push_back(text[i]);
      ++i;
      continue;
    }
    i += len;
    cp = FoldCodePoint(cp);
    if (drop_spaces && (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n')) continue;
    Encode(cp, &out);
  }
  return std::string(absl::StripAsciiWhitespace(out));
}

}  // namespace

bool IsValidUtf8(absl::string_view text) {
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    size_t len = Decode(text, i, &cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

size_t CodePointCount(absl::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string Fold(absl::string_view text) { return FoldImpl(text, false); }

std::string FoldCompact(absl::string_view text) { return FoldImpl(text, true); }

std::string PrefixCodePoints(absl::string_view text, size_t n) {
  size_t i = 0;
  for (size_t seen = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && seen++ == n) break;
  }
  return std::string(text.substr(0, i));
}

std::vector<std::string> SplitCodePoints(absl::string_view text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    size_t len = Decode(text, i, &cp);
    if (len == 0) len = 1;
    out.emplace_back(text.substr(i, len));
    i += len;
  }
  return out;
}

absl::string_view StripBom(absl::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

int ChineseDigit(absl::string_view cp) {
  static constexpr absl::string_view kDigits[] = {"零", "一", "二", "三", "四", "五",
                                                  "六", "七", "八", "九", "十"};
  for (int d = 0; d <= 10; ++d) {
    if (cp == kDigits[d]) return d;
  }
  if (cp == "〇") return 0;
  if (cp == "两") return 2;
  return -1;
}

uint64_t StableHash(absl::string_view text) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace jobmatch::import

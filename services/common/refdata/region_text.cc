// RegionTable's name index and ResolveText: turning region text as job boards
// write it ("株洲·天元区", "湖南省 - 株洲市", "株洲县") into a canonical code.
#include <algorithm>

#include "absl/strings/ascii.h"
#include "services/common/refdata/regions.h"

namespace jobmatch::refdata {
namespace {

size_t Utf8Chars(absl::string_view s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

size_t Utf8CharSize(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;  // a stray continuation byte: step over it
}

}  // namespace

void RegionTable::AddName(const std::string& name, uint32_t index, bool full) {
  // One-character forms (攸 for 攸县) would match inside ordinary words.
  if (Utf8Chars(name) < 2) return;
  const RegionLevel level = regions_[index].level;
  const bool strong =
      level <= RegionLevel::kCounty || (level == RegionLevel::kTownship && full);
  std::vector<NameEntry>& entries = by_name_[name];
  for (const NameEntry& e : entries) {
    if (e.index == index) return;
  }
  entries.push_back({index, full, strong});
  if (std::find(name_sizes_.begin(), name_sizes_.end(), name.size()) == name_sizes_.end()) {
    name_sizes_.push_back(name.size());
    std::sort(name_sizes_.rbegin(), name_sizes_.rend());
  }
}

void RegionTable::Tokenize(absl::string_view text, std::vector<Token>* strong,
                           std::vector<Token>* weak) const {
  size_t pos = 0;
  while (pos < text.size()) {
    const std::vector<NameEntry>* entries = nullptr;
    size_t matched = 0;
    for (size_t size : name_sizes_) {
      if (pos + size > text.size()) continue;
      auto it = by_name_.find(text.substr(pos, size));
      if (it != by_name_.end()) {
        entries = &it->second;
        matched = size;
        break;
      }
    }
    if (entries == nullptr) {
      pos += Utf8CharSize(static_cast<unsigned char>(text[pos]));
      continue;
    }
    pos += matched;
    // An official name outranks the same text used as a short form elsewhere.
    const bool any_full = std::any_of(entries->begin(), entries->end(),
                                      [](const NameEntry& e) { return e.full; });
    std::vector<NameEntry> kept;
    for (const NameEntry& e : *entries) {
      if (e.full || !any_full) kept.push_back(e);
    }
    // "渌口" is both 渌口区 and its town 渌口镇: the text means the larger one.
    std::vector<NameEntry> outer;
    for (const NameEntry& e : kept) {
      const bool inside_another = std::any_of(kept.begin(), kept.end(), [&](const NameEntry& o) {
        return o.index != e.index && IsAncestorOrSelf(o.index, e.index);
      });
      if (!inside_another) outer.push_back(e);
    }
    const bool is_strong = std::any_of(outer.begin(), outer.end(),
                                       [](const NameEntry& e) { return e.strong; });
    Token token;
    for (const NameEntry& e : outer) {
      if (e.strong == is_strong) token.push_back(e.index);
    }
    (is_strong ? strong : weak)->push_back(std::move(token));
  }
}

int64_t RegionTable::Agree(const std::vector<Token>& tokens) const {
  std::vector<uint32_t> candidates;
  for (const Token& t : tokens) candidates.insert(candidates.end(), t.begin(), t.end());
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  // Support: how many tokens name the candidate or a region containing it.
  std::vector<int> support(candidates.size(), 0);
  int best = 0;
  for (size_t i = 0; i < candidates.size(); ++i) {
    for (const Token& t : tokens) {
      if (std::any_of(t.begin(), t.end(),
                      [&](uint32_t c) { return IsAncestorOrSelf(c, candidates[i]); })) {
        ++support[i];
      }
    }
    best = std::max(best, support[i]);
  }
  // Among the best supported, the deepest ones; one of them, or a tie.
  int64_t answer = -1;
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (support[i] != best) continue;
    bool has_deeper = false;
    for (size_t j = 0; j < candidates.size() && !has_deeper; ++j) {
      has_deeper = j != i && support[j] == best && IsAncestorOrSelf(candidates[i], candidates[j]);
    }
    if (has_deeper) continue;
    if (answer >= 0) return -1;  // two unrelated regions fit equally well
    answer = candidates[i];
  }
  return answer;
}

std::string RegionTable::ResolveText(absl::string_view text) const {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (!trimmed.empty() && std::all_of(trimmed.begin(), trimmed.end(),
                                      [](char c) { return c >= '0' && c <= '9'; })) {
    return Canonical(trimmed);
  }
  std::vector<Token> strong, weak;
  Tokenize(text, &strong, &weak);
  if (strong.empty()) {
    const int64_t r = weak.empty() ? -1 : Agree(weak);
    return r < 0 ? "" : regions_[r].code;
  }
  const int64_t base = Agree(strong);
  if (base < 0) return "";
  // Weak names only refine the region the strong ones settled on.
  std::vector<Token> refinements;
  for (const Token& t : weak) {
    Token inside;
    for (uint32_t c : t) {
      if (c != base && IsAncestorOrSelf(static_cast<uint32_t>(base), c)) inside.push_back(c);
    }
    if (!inside.empty()) refinements.push_back(std::move(inside));
  }
  if (!refinements.empty()) {
    const int64_t r = Agree(refinements);
    if (r >= 0) return regions_[r].code;
  }
  return regions_[base].code;
}

}  // namespace jobmatch::refdata

// RegionTable's name index and ResolvePlace: turning region text as job boards
// write it ("株洲·天元区", "湖南省 - 株洲市", "株洲县", "南京·建邺区") into a
// canonical code, or into a place outside the platform's area.
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
  const RegionLevel level = Node(index).level;
  const bool strong = level <= RegionLevel::kCounty || (level == RegionLevel::kTownship && full);
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

std::vector<RegionTable::Token> RegionTable::Tokenize(absl::string_view text) const {
  std::vector<Token> tokens;
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
    const bool any_full =
        std::any_of(entries->begin(), entries->end(), [](const NameEntry& e) { return e.full; });
    std::vector<NameEntry> kept;
    Token token;
    for (const NameEntry& e : *entries) {
      if (e.full || !any_full) {
        kept.push_back(e);
      } else {
        token.shadowed.push_back(e.index);
      }
    }
    // "渌口" is both 渌口区 and its town 渌口镇: the text means the larger one.
    for (const NameEntry& e : kept) {
      const bool inside_another = std::any_of(kept.begin(), kept.end(), [&](const NameEntry& o) {
        return o.index != e.index && IsAncestorOrSelf(o.index, e.index);
      });
      if (!inside_another) (e.strong ? token.strong : token.weak).push_back(e.index);
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

std::vector<uint32_t> RegionTable::Agree(const std::vector<Token>& tokens) const {
  std::vector<uint32_t> candidates;
  for (const Token& t : tokens) {
    candidates.insert(candidates.end(), t.strong.begin(), t.strong.end());
    candidates.insert(candidates.end(), t.weak.begin(), t.weak.end());
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  // Support: how many tokens name the candidate or a region containing it.
  const auto names = [&](const std::vector<uint32_t>& entries, uint32_t candidate) {
    return std::any_of(entries.begin(), entries.end(),
                       [&](uint32_t c) { return IsAncestorOrSelf(c, candidate); });
  };
  std::vector<int> support(candidates.size(), 0);
  int best = 0;
  for (size_t i = 0; i < candidates.size(); ++i) {
    for (const Token& t : tokens) {
      if (names(t.strong, candidates[i]) || names(t.weak, candidates[i])) ++support[i];
    }
    best = std::max(best, support[i]);
  }
  // Among the best supported, the deepest ones.
  std::vector<uint32_t> answer;
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (support[i] != best) continue;
    bool has_deeper = false;
    for (size_t j = 0; j < candidates.size() && !has_deeper; ++j) {
      has_deeper = j != i && support[j] == best && IsAncestorOrSelf(candidates[i], candidates[j]);
    }
    if (!has_deeper) answer.push_back(candidates[i]);
  }
  return answer;
}

int64_t RegionTable::CommonAncestor(const std::vector<uint32_t>& indexes) const {
  if (indexes.empty()) return -1;
  for (int32_t a = static_cast<int32_t>(indexes[0]); a >= 0; a = parent_index_[a]) {
    if (std::all_of(indexes.begin(), indexes.end(),
                    [&](uint32_t i) { return IsAncestorOrSelf(static_cast<uint32_t>(a), i); })) {
      return a;
    }
  }
  return -1;
}

int64_t RegionTable::BreakTie(const std::vector<Token>& tokens, const std::vector<uint32_t>& tied,
                              bool* contradiction) const {
  if (contradiction != nullptr) *contradiction = false;
  if (tied.size() == 1) return tied[0];
  // A name that may stand alone outranks one that may only refine ("松江":
  // 松江区 rather than 衡南县's 松江镇).
  std::vector<uint32_t> strong;
  for (uint32_t c : tied) {
    if (std::any_of(tokens.begin(), tokens.end(), [&](const Token& t) {
          return std::find(t.strong.begin(), t.strong.end(), c) != t.strong.end();
        })) {
      strong.push_back(c);
    }
  }
  if (strong.size() == 1) return strong[0];
  if (strong.empty()) strong = tied;
  // Namesakes (one name fits them all) in the platform's area and elsewhere:
  // the platform's own. Different names that disagree stay ambiguous.
  const bool namesakes = std::any_of(tokens.begin(), tokens.end(), [&](const Token& t) {
    return std::all_of(strong.begin(), strong.end(), [&](uint32_t c) {
      return std::find(t.strong.begin(), t.strong.end(), c) != t.strong.end();
    });
  });
  if (!namesakes) {
    if (contradiction != nullptr) *contradiction = true;
    return -1;
  }
  std::vector<uint32_t> home;
  for (uint32_t c : strong) {
    if (!IsOutside(c)) home.push_back(c);
  }
  return home.size() == 1 ? static_cast<int64_t>(home[0]) : -1;
}

Place RegionTable::OutsidePlace(uint32_t index) const {
  Place place;
  place.kind = Place::Kind::kOutside;
  place.code = Node(index).code;
  for (int32_t i = static_cast<int32_t>(index); i >= 0; i = parent_index_[i]) {
    place.full_name.insert(0, Node(i).name);
  }
  return place;
}

Place RegionTable::ResolvePlace(absl::string_view text) const {
  Place place;
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (!trimmed.empty() &&
      std::all_of(trimmed.begin(), trimmed.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (const Region* r = Find(trimmed); r != nullptr) {
      place.kind = Place::Kind::kInArea;
      place.code = r->code;
    } else if (const Region* d = FindDivision(trimmed); d != nullptr) {
      place = OutsidePlace(outside_by_code_.at(d->code));
    }
    return place;
  }
  std::vector<Token> strong, weak;
  bool home_named = false;
  for (Token& t : Tokenize(text)) {
    // Shadowed places refine a strong token's own places too ("芦淞区 黄田村").
    if (!t.strong.empty() && !t.shadowed.empty()) weak.push_back({{}, {}, t.shadowed});
    // After a platform region, a place elsewhere is a street's name
    // ("天元区庐山路"); a platform town of that name may still refine.
    if (home_named) {
      t.strong.erase(std::remove_if(t.strong.begin(), t.strong.end(),
                                    [&](uint32_t c) { return IsOutside(c); }),
                     t.strong.end());
    }
    if (t.strong.empty()) {
      if (!t.weak.empty()) weak.push_back(std::move(t));
      continue;
    }
    home_named = home_named || std::any_of(t.strong.begin(), t.strong.end(),
                                           [&](uint32_t c) { return !IsOutside(c); });
    strong.push_back(std::move(t));
  }
  if (strong.empty()) {
    if (weak.empty()) return place;
    const int64_t r = BreakTie(weak, Agree(weak));
    if (r >= 0) {
      place.kind = Place::Kind::kInArea;
      place.code = regions_[r].code;
    }
    return place;
  }
  const std::vector<uint32_t> tied = Agree(strong);
  bool contradiction = false;
  int64_t base = BreakTie(strong, tied, &contradiction);
  // Several places named side by side: the smallest region holding them,
  // when they lie on one side of the platform's border.
  if (base < 0 && contradiction) {
    std::vector<uint32_t> sides = tied;
    // A platform town's name cannot overrule a city elsewhere ("东莞市长安镇"):
    // the places elsewhere are known only down to their counties.
    if (std::any_of(sides.begin(), sides.end(), [&](uint32_t c) { return IsOutside(c); })) {
      sides.erase(std::remove_if(sides.begin(), sides.end(),
                                 [&](uint32_t c) {
                                   return !IsOutside(c) && Node(c).level >= RegionLevel::kTownship;
                                 }),
                  sides.end());
    }
    const bool all_outside =
        std::all_of(sides.begin(), sides.end(), [&](uint32_t c) { return IsOutside(c); });
    if (all_outside ||
        std::none_of(sides.begin(), sides.end(), [&](uint32_t c) { return IsOutside(c); })) {
      base = CommonAncestor(sides);
    }
    // Places elsewhere in different provinces: the first name (the city in
    // front) is what the text is sure of; a district after it that does not
    // agree is a street or a namesake ("东莞市长安镇" is not 西安's 长安区).
    const std::vector<uint32_t>& first = strong.front().strong;
    if (base < 0 && all_outside && first.size() == 1 &&
        std::find(sides.begin(), sides.end(), first[0]) != sides.end()) {
      base = first[0];
    }
  }
  if (base < 0) {
    // Several places elsewhere fit ("白云区"): outside, though not which one.
    if (!tied.empty() &&
        std::all_of(tied.begin(), tied.end(), [&](uint32_t c) { return IsOutside(c); })) {
      place.kind = Place::Kind::kOutside;
      place.full_name = std::string(trimmed);
    }
    return place;
  }
  if (IsOutside(base)) return OutsidePlace(static_cast<uint32_t>(base));
  place.kind = Place::Kind::kInArea;
  place.code = regions_[base].code;
  // Weak names only refine the region the strong ones settled on.
  std::vector<Token> refinements;
  for (const Token& t : weak) {
    Token inside;
    for (const std::vector<uint32_t>* entries : {&t.weak, &t.shadowed}) {
      for (uint32_t c : *entries) {
        if (c != base && IsAncestorOrSelf(static_cast<uint32_t>(base), c)) inside.weak.push_back(c);
      }
    }
    if (!inside.weak.empty()) refinements.push_back(std::move(inside));
  }
  if (!refinements.empty()) {
    const std::vector<uint32_t> refined = Agree(refinements);
    if (refined.size() == 1) place.code = regions_[refined[0]].code;
  }
  return place;
}

std::string RegionTable::ResolveText(absl::string_view text) const {
  Place place = ResolvePlace(text);
  return place.kind == Place::Kind::kInArea ? std::move(place.code) : "";
}

}  // namespace jobmatch::refdata

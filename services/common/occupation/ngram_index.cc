#include "services/common/occupation/ngram_index.h"

#include <algorithm>
#include <cmath>

namespace jobmatch::occupation::internal {
namespace {

// Characters count for less than pairs: 焊管工 shares 焊 and 工 with 焊工 but
// no pair, and should still find it, though not ahead of a shared pair.
constexpr double kUnigramFactor = 0.5;

bool IsUnigram(uint64_t gram) { return (gram >> 32) == 0; }

}  // namespace

std::vector<uint64_t> NgramIndex::Grams(std::u32string_view text) {
  std::vector<uint64_t> grams;
  for (size_t i = 0; i < text.size(); ++i) {
    grams.push_back(text[i]);
    if (i + 1 < text.size()) {
      grams.push_back((static_cast<uint64_t>(text[i] | 0x80000000u) << 32) | text[i + 1]);
    }
  }
  std::sort(grams.begin(), grams.end());
  grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
  return grams;
}

void NgramIndex::Add(int doc, std::u32string_view text) {
  if (static_cast<size_t>(doc) >= doc_grams_.size()) doc_grams_.resize(doc + 1);
  doc_grams_[doc] = Grams(text);
  for (uint64_t g : doc_grams_[doc]) postings_[g].push_back(doc);
}

void NgramIndex::Finish() {
  const double n = static_cast<double>(doc_grams_.size()) + 1.0;
  for (const auto& [gram, docs] : postings_) {
    double w = std::log(n / static_cast<double>(docs.size())) + 0.1;
    if (IsUnigram(gram)) w *= kUnigramFactor;
    weight_[gram] = w;
  }
  doc_weight_.assign(doc_grams_.size(), 0.0);
  for (size_t d = 0; d < doc_grams_.size(); ++d) {
    for (uint64_t g : doc_grams_[d]) doc_weight_[d] += weight_[g];
  }
}

std::vector<NgramIndex::Match> NgramIndex::Query(std::u32string_view text, size_t limit) const {
  const std::vector<uint64_t> grams = Grams(text);
  double query_weight = 0.0;
  absl::flat_hash_map<int, double> shared;
  for (uint64_t g : grams) {
    auto w = weight_.find(g);
    if (w == weight_.end()) {
      // A gram no entry has: as rare as can be.
      query_weight += std::log(static_cast<double>(doc_grams_.size()) + 1.0) *
                      (IsUnigram(g) ? kUnigramFactor : 1.0);
      continue;
    }
    query_weight += w->second;
    for (int doc : postings_.at(g)) shared[doc] += w->second;
  }
  std::vector<Match> matches;
  matches.reserve(shared.size());
  for (const auto& [doc, s] : shared) {
    matches.push_back({doc, 2.0 * s / (query_weight + doc_weight_[doc])});
  }
  const size_t k = std::min(limit, matches.size());
  std::partial_sort(matches.begin(), matches.begin() + k, matches.end(),
                    [](const Match& a, const Match& b) {
                      return a.score != b.score ? a.score > b.score : a.doc < b.doc;
                    });
  matches.resize(k);
  return matches;
}

}  // namespace jobmatch::occupation::internal

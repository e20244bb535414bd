// An inverted index of character n-grams (single characters and pairs), for
// finding the nearest lexicon entry to a title whose exact words are new.
#ifndef JOBMATCH_SERVICES_COMMON_OCCUPATION_NGRAM_INDEX_H_
#define JOBMATCH_SERVICES_COMMON_OCCUPATION_NGRAM_INDEX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace jobmatch::occupation::internal {

// Build with Add, then Finish; Query is const and safe from several threads.
class NgramIndex {
 public:
  struct Match {
    int doc = -1;        // the id given to Add
    double score = 0.0;  // weighted Dice similarity, 0-1
  };

  // Indexes `text` (normalised code points) under `doc` (0, 1, 2, ... in order).
  void Add(int doc, std::u32string_view text);
  // Computes the gram weights (rarer grams weigh more). Call once after Add.
  void Finish();
  // The best `limit` documents for `text`, best first; none shares a gram
  // with `text` when the result is empty.
  std::vector<Match> Query(std::u32string_view text, size_t limit) const;

 private:
  static std::vector<uint64_t> Grams(std::u32string_view text);

  absl::flat_hash_map<uint64_t, std::vector<int>> postings_;
  absl::flat_hash_map<uint64_t, double> weight_;
  std::vector<std::vector<uint64_t>> doc_grams_;
  std::vector<double> doc_weight_;  // sum of the weights of a document's grams
};

}  // namespace jobmatch::occupation::internal

#endif  // JOBMATCH_SERVICES_COMMON_OCCUPATION_NGRAM_INDEX_H_

// A bounded top-K collector with the matcher's deterministic order: higher
// score first, then smaller id.
#ifndef JOBMATCH_MATCHER_INDEX_TOP_K_H_
#define JOBMATCH_MATCHER_INDEX_TOP_K_H_

#include <algorithm>
#include <string>
#include <vector>

namespace jobmatch::matcher {

template <typename Hit>  // Hit has `double score` and `const std::string& id() const`
class TopK {
 public:
  explicit TopK(size_t k) : k_(k) { heap_.reserve(k + 1); }

  // True when `a` ranks before `b`.
  static bool Before(const Hit& a, const Hit& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.id() < b.id();
  }

  bool full() const { return heap_.size() >= k_; }
  // A candidate whose score is below this can never enter (valid when full()).
  double threshold() const { return heap_.front().score; }
  // Whether a candidate that can score at most `bound` might still enter.
  // (A small slack keeps float rounding between a bound and a score from
  // dropping a tie that would win on id.)
  bool MayEnter(double bound) const { return k_ > 0 && (!full() || bound + 1e-6 >= threshold()); }

  void Offer(Hit hit) {
    if (k_ == 0) return;
    if (full()) {
      if (!Before(hit, heap_.front())) return;
      std::pop_heap(heap_.begin(), heap_.end(), Before);
      heap_.back() = std::move(hit);
    } else {
      heap_.push_back(std::move(hit));
    }
    std::push_heap(heap_.begin(), heap_.end(), Before);
  }

  // Best first.
  std::vector<Hit> Take() && {
    std::sort(heap_.begin(), heap_.end(), Before);
    return std::move(heap_);
  }

 private:
  size_t k_;
  std::vector<Hit> heap_;  // heap whose front is the worst kept hit
};

}  // namespace jobmatch::matcher

#endif  // JOBMATCH_MATCHER_INDEX_TOP_K_H_

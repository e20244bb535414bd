// The search indexer's timing against imports, with a queue in memory (the
// MariaDB side, IndexSearch, is covered by the import tests): it keeps out of
// a running import's way, but only for its deferral; then it drains the
// whole queue, however busy imports stay.
#include "services/postings/search_indexer.h"

#include <algorithm>
#include <utility>

#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"

namespace jobmatch::postings {
namespace {

class MemoryQueue final : public SearchQueue {
 public:
  MemoryQueue(int waiting, bool importing) : waiting_(waiting), importing_(importing) {}

  absl::StatusOr<int> IndexSearch(int limit) override {
    absl::MutexLock lock(&mu_);
    if (first_batch_ == absl::InfiniteFuture()) first_batch_ = absl::Now();
    const int taken = std::min(limit, waiting_);
    waiting_ -= taken;
    if (waiting_ == 0 && drained_ == absl::InfiniteFuture()) drained_ = absl::Now();
    return taken;
  }
  // An import that never pauses writes all the time.
  absl::Time LastImportWrite() const override {
    return importing_ ? absl::Now() : absl::InfinitePast();
  }

  // Waits up to `limit` for the queue to empty; when it emptied, and when the
  // first batch was taken.
  std::pair<absl::Time, absl::Time> AwaitDrained(absl::Duration limit) {
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(
                             +[](int* w) { return *w == 0; }, &waiting_),
                         limit);
    return {first_batch_, drained_};
  }

 private:
  absl::Mutex mu_;
  int waiting_ ABSL_GUARDED_BY(mu_);
  const bool importing_;
  absl::Time first_batch_ ABSL_GUARDED_BY(mu_) = absl::InfiniteFuture();
  absl::Time drained_ ABSL_GUARDED_BY(mu_) = absl::InfiniteFuture();
};

constexpr absl::Duration kDeferral = absl::Milliseconds(400);

TEST(SearchIndexerTest, DrainsTheWholeQueueOnceItHasHeldBackForItsDeferral) {
  MemoryQueue queue(10 * SearchIndexer::kBatch, /*importing=*/true);
  const absl::Time start = absl::Now();
  SearchIndexer indexer(&queue, absl::Milliseconds(50), kDeferral);
  const auto [first, drained] = queue.AwaitDrained(absl::Seconds(20));
  ASSERT_NE(drained, absl::InfiniteFuture()) << "never drained";
  EXPECT_GE(first - start, kDeferral) << "indexed while an import was writing";
  // Held back once, then batch after batch: holding back again after each
  // batch would take ten deferrals (4 s).
  EXPECT_LT(drained - first, 2 * kDeferral);
}

TEST(SearchIndexerTest, IndexesAtOnceWhenNoImportIsWriting) {
  MemoryQueue queue(3 * SearchIndexer::kBatch + 1, /*importing=*/false);
  const absl::Time start = absl::Now();
  SearchIndexer indexer(&queue, absl::Milliseconds(50), kDeferral);
  const auto [first, drained] = queue.AwaitDrained(absl::Seconds(20));
  ASSERT_NE(drained, absl::InfiniteFuture()) << "never drained";
  EXPECT_LT(first - start, kDeferral);
}

}  // namespace
}  // namespace jobmatch::postings

#include "services/postings/search_indexer.h"

#include <algorithm>
#include <iostream>

namespace jobmatch::postings {

SearchIndexer::SearchIndexer(SearchQueue* queue, absl::Duration interval,
                             absl::Duration most_deferral)
    : queue_(*queue),
      interval_(interval),
      most_deferral_(most_deferral),
      thread_([this] { Loop(); }) {}

SearchIndexer::~SearchIndexer() {
  stopping_.Notify();
  thread_.join();
}

void SearchIndexer::Loop() {
  // When the indexer first held back for an import, while what it held back
  // for still waits; once the deferral has passed it drains the queue, batch
  // after batch, however busy imports are, so search trails by a bound.
  absl::Time waiting_since = absl::InfiniteFuture();
  while (!stopping_.HasBeenNotified()) {
    // Indexing competes with an import for the database: wait for a pause
    // between imports, but never more than most_deferral_.
    const absl::Time now = absl::Now();
    if (now - queue_.LastImportWrite() < kQuiet) {
      waiting_since = std::min(waiting_since, now);
      if (now - waiting_since < most_deferral_) {
        stopping_.WaitForNotificationWithTimeout(kQuiet);
        continue;
      }
    }
    absl::StatusOr<int> indexed = queue_.IndexSearch(kBatch);
    if (!indexed.ok()) std::cerr << "search indexer: " << indexed.status() << " (retrying)\n";
    // A full batch means more may wait: go on at once.
    if (indexed.ok() && *indexed == kBatch) continue;
    if (indexed.ok()) waiting_since = absl::InfiniteFuture();  // drained
    stopping_.WaitForNotificationWithTimeout(interval_);
  }
}

}  // namespace jobmatch::postings

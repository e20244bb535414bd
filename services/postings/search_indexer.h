// Keeps the search index up with imports: a thread that moves queued posts
// into post_search batch by batch (SearchQueue::IndexSearch) and, when
// none wait, looks again after `interval`. It keeps out of a running
// import's way for up to kMostDeferral, then indexes alongside imports until
// the queue is empty, so search trails a bulk import by about the time the
// database then takes to index it; everything else (get, list,
// filters, the events feed) sees imported posts at once.
#ifndef JOBMATCH_SERVICES_POSTINGS_SEARCH_INDEXER_H_
#define JOBMATCH_SERVICES_POSTINGS_SEARCH_INDEXER_H_

#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/postings/post_store.h"

namespace jobmatch::postings {

class SearchIndexer {
 public:
  static constexpr int kBatch = 2000;
  // An import that wrote within kQuiet is running: wait, up to `most_deferral`.
  static constexpr absl::Duration kQuiet = absl::Milliseconds(300);
  static constexpr absl::Duration kMostDeferral = absl::Seconds(30);

  // `queue` (the postings store) is not owned and must outlive the indexer;
  // `interval` > 0.
  SearchIndexer(SearchQueue* queue, absl::Duration interval,
                absl::Duration most_deferral = kMostDeferral);
  ~SearchIndexer();  // waits for a batch in progress
  SearchIndexer(const SearchIndexer&) = delete;
  SearchIndexer& operator=(const SearchIndexer&) = delete;

 private:
  void Loop();

  SearchQueue& queue_;
  const absl::Duration interval_;
  const absl::Duration most_deferral_;
  absl::Notification stopping_;
  std::thread thread_;
};

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_SEARCH_INDEXER_H_

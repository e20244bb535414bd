#include "services/events/batch_writer.h"

namespace jobmatch::events {

BatchWriter::BatchWriter(BehaviourStore* store, int writers, int max_batch)
    : store_(*store), max_batch_(max_batch) {
  for (int i = 0; i < writers; ++i) threads_.emplace_back([this] { Loop(); });
}

BatchWriter::~BatchWriter() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (auto& t : threads_) t.join();
}

void BatchWriter::Submit(Submission sub, Done done) {
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_) {
      queue_.emplace_back(std::move(sub), std::move(done));
      return;
    }
  }
  done(absl::UnavailableError("the events service is shutting down"));
}

void BatchWriter::SubmitAll(std::vector<std::pair<Submission, Done>> items) {
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_) {
      for (auto& item : items) queue_.push_back(std::move(item));
      return;
    }
  }
  for (auto& item : items) {
    item.second(absl::UnavailableError("the events service is shutting down"));
  }
}

void BatchWriter::Loop() {
  for (;;) {
    std::vector<std::pair<Submission, Done>> batch;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](BatchWriter* w)
               ABSL_EXCLUSIVE_LOCKS_REQUIRED(w->mu_) { return w->stopping_ || !w->queue_.empty(); },
          this));
      if (queue_.empty()) return;  // stopping, and everything is written
      while (!queue_.empty() && static_cast<int>(batch.size()) < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    WriteBatch(batch);
  }
}

void BatchWriter::WriteBatch(std::vector<std::pair<Submission, Done>>& batch) {
  std::vector<Submission> subs;
  subs.reserve(batch.size());
  for (auto& item : batch) subs.push_back(item.first);
  auto results = store_.AcceptBatch(subs);
  if (results.ok()) {
    for (size_t i = 0; i < batch.size(); ++i) batch[i].second(std::move((*results)[i]));
    return;
  }
  if (batch.size() == 1) {
    batch[0].second(results.status());
    return;
  }
  // A batch fails as a whole (a key raced with another replica, say); each
  // item alone then gets its own answer and cannot spoil the others.
  for (auto& item : batch) {
    auto one = store_.AcceptBatch({item.first});
    item.second(one.ok() ? std::move((*one)[0]) : absl::StatusOr<Accepted>(one.status()));
  }
}

}  // namespace jobmatch::events

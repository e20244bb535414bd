#include "services/events/events_core.h"

#include <atomic>
#include <deque>
#include <iostream>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "services/common/field_violations.h"
#include "services/common/sensitive_groups.h"
#include "services/events/applications.h"
#include "services/events/small_cells.h"
#include "services/events/stats_cells.h"

namespace jobmatch::events {

// A fixed set of threads running queued hires, so that a hire waiting on its
// post's row lock never holds a gRPC thread.
class EventsCore::HirePool {
 public:
  explicit HirePool(int threads) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
  }
  ~HirePool() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    for (auto& t : threads_) t.join();
  }
  void Run(std::function<void()> task) {
    absl::MutexLock lock(&mu_);
    tasks_.push_back(std::move(task));
  }

 private:
  void Loop() {
    for (;;) {
      std::function<void()> task;
      {
        absl::MutexLock lock(&mu_);
        mu_.Await(absl::Condition(
            +[](HirePool* p) ABSL_EXCLUSIVE_LOCKS_REQUIRED(p->mu_) {
              return p->stopping_ || !p->tasks_.empty();
            },
            this));
        if (tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  absl::Mutex mu_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

EventsCore::EventsCore(Stores stores, CoreOptions options)
    : stores_(stores), options_(std::move(options)) {
  hub_ = std::make_unique<FeedHub>(stores_.feed, options_.hub);
  writer_ = std::make_unique<BatchWriter>(stores_.behaviour, options_.writers, options_.max_batch);
  hires_ = std::make_unique<HirePool>(options_.hire_threads);
  for (const std::string& source : options_.source_schemas) {
    relay_lags_.push_back(std::make_unique<metrics::FeedLag>("relay/" + source));
    relayed_.push_back(&metrics::DefaultRegistry()
                            .CounterFamily("jobmatch_relay_events_total",
                                           "Outbox rows the relay moved into the feed.", {"source"})
                            .WithLabels({source}));
  }
  if (options_.relay_interval > absl::ZeroDuration() && !options_.source_schemas.empty()) {
    relay_thread_ = std::thread([this] { RelayLoop(); });
  }
  if (options_.retention > absl::ZeroDuration()) {
    retention_thread_ = std::thread([this] { RetentionLoop(); });
  }
}

EventsCore::~EventsCore() {
  stopping_.Notify();
  if (relay_thread_.joinable()) relay_thread_.join();
  if (retention_thread_.joinable()) retention_thread_.join();
  hires_.reset();
  writer_.reset();
  hub_.reset();
}

void EventsCore::Record(Submission sub, Done done) {
  FeedHub* hub = hub_.get();
  Done wake_then_done = [hub, done = std::move(done)](absl::StatusOr<Accepted> result) {
    if (result.ok()) hub->Wake();
    done(std::move(result));
  };
  // The pipeline's steps and the outcomes of hires check and move what they
  // change, each in its own transaction; the rest is group-committed.
  const bool step = StepOf(sub.event).has_value();
  if (step || sub.event.kind() == v1::EVENT_KIND_FOLLOW_UP ||
      sub.event.kind() == v1::EVENT_KIND_SEPARATION) {
    hires_->Run([this, step, sub = std::move(sub), d = std::move(wake_then_done)]() mutable {
      if (step) {
        Step(std::move(sub), std::move(d));
      } else {
        Outcome(std::move(sub), std::move(d));
      }
    });
    return;
  }
  writer_->Submit(std::move(sub), std::move(wake_then_done));
}

void EventsCore::RecordMany(std::vector<Submission> subs, ManyDone done) {
  if (subs.empty()) {
    done({});
    return;
  }
  // Shared by the items' callbacks; the last one to answer finishes the call.
  struct Call {
    std::vector<absl::StatusOr<Accepted>> results;
    std::atomic<size_t> left;
    ManyDone done;
  };
  auto call = std::make_shared<Call>();
  call->results.assign(subs.size(), absl::UnknownError("not answered"));
  call->left = subs.size();
  call->done = std::move(done);
  FeedHub* hub = hub_.get();
  std::vector<std::pair<Submission, Done>> items;
  items.reserve(subs.size());
  for (size_t i = 0; i < subs.size(); ++i) {
    items.emplace_back(std::move(subs[i]), [call, hub, i](absl::StatusOr<Accepted> result) {
      call->results[i] = std::move(result);
      if (call->left.fetch_sub(1) != 1) return;
      hub->Wake();
      call->done(std::move(call->results));
    });
  }
  writer_->SubmitAll(std::move(items));
}

void EventsCore::Step(Submission sub, Done done) {
  absl::StatusOr<Accepted> result;
  switch (sub.event.kind()) {
    case v1::EVENT_KIND_HIRE:
      result = stores_.capacity->Hire(sub);
      break;
    case v1::EVENT_KIND_HIRE_UNDONE:
      result = stores_.applications->UndoHire(sub);
      break;
    default:
      result = stores_.applications->Advance(sub);
      break;
  }
  done(ResolveRace(sub, std::move(result)));
}

void EventsCore::Outcome(Submission sub, Done done) {
  done(ResolveRace(sub, stores_.outcomes->RecordOutcome(sub)));
}

absl::StatusOr<Accepted> EventsCore::ResolveRace(const Submission& sub,
                                                 absl::StatusOr<Accepted> result) {
  if (absl::IsAlreadyExists(result.status())) {
    // Either this step or subject was taken already (a second application,
    // a second hire, a second follow-up of a visit), or a retry of the same
    // request raced with the first attempt: the recorded answer tells which.
    auto recorded = stores_.behaviour->LookupRequest(sub.request_id);
    if (recorded.ok() && recorded->has_value()) {
      if ((*recorded)->request_hash != sub.request_hash) {
        result = InvalidField("request_id", "already used for a different request");
      } else {
        result = (*recorded)->answer;
      }
    }
  }
  return result;
}

namespace {

void SetFigures(const ReportedFigures& reported, v1::GroupStats* s) {
  const GroupFigures& g = reported.figures;
  s->set_suppressed(reported.suppressed);
  s->set_group(v1::KeyGroup(g.key_group));
  s->set_posts(g.posts);
  s->set_openings(g.openings);
  s->set_views(g.views);
  s->set_applications(g.applications);
  s->set_hires(g.hires);
  s->set_people_placed(g.people_placed);
  s->set_follow_ups(g.follow_ups);
  s->set_retained_7d(g.retained_7d);
  s->set_retained_30d(g.retained_30d);
  s->set_separations(g.separations);
}

}  // namespace

absl::StatusOr<v1::CampaignStatsResponse> EventsCore::CampaignStats(const std::string& campaign_id,
                                                                    bool sensitive_allowed,
                                                                    v1::StatsRegionLevel level,
                                                                    v1::StatsPeriod period) {
  absl::StatusOr<std::vector<GroupFigures>> rows = stores_.stats->CampaignFigures(campaign_id);
  if (!rows.ok()) return rows.status();
  v1::CampaignStatsResponse out;
  out.set_campaign_id(campaign_id);
  out.mutable_total();
  for (const ReportedFigures& reported : SuppressSmallCells(*rows)) {
    const int group = reported.figures.key_group;
    if (IsSensitiveGroup(group) && !sensitive_allowed) continue;
    SetFigures(reported, group == 0 ? out.mutable_total() : out.add_by_group());
  }
  if (level == v1::STATS_REGION_LEVEL_UNSPECIFIED) return out;
  absl::StatusOr<std::vector<CellFigures>> cells =
      stores_.outcomes->CampaignCells(campaign_id, level, period);
  if (!cells.ok()) return cells.status();
  for (const ReportedCell& cell : SuppressCells(*cells)) {
    if (IsSensitiveGroup(cell.reported.figures.key_group) && !sensitive_allowed) continue;
    v1::StatsCell* c = out.add_cells();
    c->set_region_code(cell.region_code);
    c->set_period_start(cell.period_start);
    SetFigures(cell.reported, c->mutable_stats());
  }
  return out;
}

absl::StatusOr<int> EventsCore::RelayOnce() {
  int total = 0;
  for (size_t i = 0; i < options_.source_schemas.size(); ++i) {
    const std::string& source = options_.source_schemas[i];
    for (;;) {
      // A short batch took everything committed when it started.
      const absl::Time start = absl::Now();
      absl::StatusOr<int> n = stores_.relay->RelayOnce(source, 1000, options_.gap_grace);
      if (!n.ok()) return n.status();
      total += *n;
      relayed_[i]->Increment(*n);
      if (*n < 1000) {
        relay_lags_[i]->CaughtUp(stores_.relay->RelayedUpTo(source), start);
        break;
      }
      relay_lags_[i]->Progress(stores_.relay->RelayedUpTo(source), 0);
    }
  }
  if (total > 0) hub_->Wake();
  return total;
}

absl::Status EventsCore::ApplyRetention() {
  if (options_.retention <= absl::ZeroDuration()) return absl::OkStatus();
  return stores_.feed->DeleteOlderThan(absl::Now() - options_.retention).status();
}

void EventsCore::RelayLoop() {
  absl::Time last_error = absl::InfinitePast();
  while (!stopping_.WaitForNotificationWithTimeout(options_.relay_interval)) {
    absl::StatusOr<int> n = RelayOnce();
    if (!n.ok() && absl::Now() - last_error > absl::Minutes(1)) {
      std::cerr << "events relay: " << n.status() << " (retrying)\n";
      last_error = absl::Now();
    }
  }
}

void EventsCore::RetentionLoop() {
  do {
    absl::Status s = ApplyRetention();
    if (!s.ok()) std::cerr << "events retention: " << s << " (retrying)\n";
  } while (!stopping_.WaitForNotificationWithTimeout(options_.retention_interval));
}

}  // namespace jobmatch::events

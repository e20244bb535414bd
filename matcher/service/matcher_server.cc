#include "matcher/service/matcher_server.h"

#include <iostream>

#include "absl/strings/str_cat.h"

namespace jobmatch::matcher {

MatcherServer::MatcherServer(const OccupationRelations* relations, MatcherServerOptions options)
    : options_(std::move(options)),
      index_(relations),
      hub_(&index_, options_.now, options_.keepalive),
      streams_(options_.stream_limits),
      gate_(options_.consistency_wait_limit, options_.consistency_source_grace),
      service_(&index_, &hub_, options_.now, &readiness_,
               WatchLimits{&streams_, options_.watch_queue_limit}, &gate_),
      work_service_(&index_, &hub_, options_.now, &readiness_, &gate_) {
  metrics::Registry& registry = metrics::DefaultRegistry();
  index_metrics_.push_back(
      registry.AddCallback("jobmatch_matcher_index_posts", "Posts in the matcher's index.", {},
                           [this] { return static_cast<double>(index_.post_count()); }));
  index_metrics_.push_back(
      registry.AddCallback("jobmatch_matcher_index_seekers", "Jobseekers in the matcher's index.",
                           {}, [this] { return static_cast<double>(index_.seeker_count()); }));
  index_metrics_.push_back(registry.AddCallback(
      "jobmatch_matcher_index_cursor", "Feed cursor the matcher's index reflects.", {},
      [this] { return static_cast<double>(index_.cursor()); }));
  index_metrics_.push_back(registry.AddCallback(
      "jobmatch_matcher_ready", "1 once the index is loaded and has caught up, else 0.", {},
      [this] { return readiness_.Check().ok() ? 1.0 : 0.0; }));
}

MatcherServer::~MatcherServer() { Stop(); }

void MatcherServer::Serve(HostOptions* host) {
  host->services.push_back(&service_);
  host->health_names.push_back("jobmatch.v1.MatcherService");
  host->services.push_back(&work_service_);
  host->probe = [this] { return readiness_.Check(); };
  // Readiness is a flag: asking often costs nothing and tells a balancer soon.
  host->probe_interval = absl::Milliseconds(100);
}

void MatcherServer::GetReady() {
  if (!options_.checkpoint_file.empty() && options_.checkpoint_key.has_value()) {
    readiness_.Starting(absl::StrCat("loading the checkpoint ", options_.checkpoint_file));
    CheckpointLoadTimes t;
    const absl::Time start = absl::Now();
    if (absl::Status loaded =
            LoadCheckpoint(options_.checkpoint_file, *options_.checkpoint_key, &index_, &t);
        loaded.ok()) {
      std::cerr << "jobmatch-matcher: resuming from " << options_.checkpoint_file << " at cursor "
                << index_.cursor() << ": " << index_.post_count() << " posts, "
                << index_.seeker_count() << " people, " << t.bytes / 1000000 << " MB in "
                << absl::FormatDuration(absl::Now() - start) << " (read "
                << absl::FormatDuration(t.read) << ", unseal " << absl::FormatDuration(t.unseal)
                << ", decode " << absl::FormatDuration(t.decode) << ", index build "
                << absl::FormatDuration(t.build) << ")\n";
    } else if (!absl::IsNotFound(loaded)) {
      std::cerr << "jobmatch-matcher: starting afresh: " << loaded << "\n";
    }
    checkpoints_ = std::make_unique<CheckpointWriter>(
        &index_, *options_.checkpoint_key, options_.checkpoint_file, options_.checkpoint_interval);
    checkpoints_->Start();
  }
  if (options_.events == nullptr) {
    std::cerr << "jobmatch-matcher: no events feed; serving an index that never changes\n";
    readiness_.Ready();
    return;
  }
  applier_ = std::make_unique<FeedApplier>(&index_, options_.source, &hub_, options_.now, &gate_);
  // From the services' current posts and people, or from the checkpoint's
  // cursor, then along the feed; it says when the index has caught up.
  follower_ = std::make_unique<FeedFollower>(options_.events, applier_.get(), &index_,
                                             options_.source, &readiness_);
  follower_->Start();
}

void MatcherServer::Stop() {
  if (follower_ != nullptr) follower_->Stop();
  if (checkpoints_ != nullptr) checkpoints_->Stop();  // the last save, after the last event
}

}  // namespace jobmatch::matcher

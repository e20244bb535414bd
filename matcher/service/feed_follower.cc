#include "matcher/service/feed_follower.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_time.h"

namespace jobmatch::matcher {
namespace {

constexpr absl::Duration kCallDeadline = absl::Seconds(5);
constexpr absl::Duration kRetryDelay = absl::Milliseconds(500);

void AsService(grpc::ClientContext& ctx, absl::Duration deadline) {
  ctx.AddMetadata("jobmatch-role", "service");
  ctx.AddMetadata("jobmatch-subject", "matcher");
  if (deadline != absl::InfiniteDuration()) {
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  }
}

}  // namespace

GrpcEntitySource::GrpcEntitySource(std::shared_ptr<grpc::Channel> postings,
                                   std::shared_ptr<grpc::Channel> profiles, RegionCentre centre,
                                   Clock now, std::vector<std::string> czt_cities)
    : postings_(v1::PostingsService::NewStub(postings)),
      profiles_(v1::ProfilesService::NewStub(profiles)),
      centre_(std::move(centre)),
      now_(std::move(now)),
      czt_cities_(std::move(czt_cities)) {}

absl::StatusOr<v1::Campaign> GrpcEntitySource::CampaignOf(const std::string& id) {
  {
    absl::MutexLock lock(&mu_);
    if (auto it = campaigns_.find(id); it != campaigns_.end()) return it->second;
  }
  grpc::ClientContext ctx;
  AsService(ctx, kCallDeadline);
  v1::GetCampaignRequest request;
  request.set_campaign_id(id);
  v1::GetCampaignResponse response;
  grpc::Status status = postings_->GetCampaign(&ctx, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  absl::MutexLock lock(&mu_);
  campaigns_[id] = response.campaign();
  return response.campaign();
}

void GrpcEntitySource::CampaignChanged(const std::string& campaign_id) {
  absl::MutexLock lock(&mu_);
  campaigns_.erase(campaign_id);
}

absl::StatusOr<std::optional<PostRecord>> GrpcEntitySource::LoadPost(const std::string& post_id) {
  grpc::ClientContext ctx;
  AsService(ctx, kCallDeadline);
  v1::GetPostRequest request;
  request.set_post_id(post_id);
  v1::GetPostResponse response;
  grpc::Status status = postings_->GetPost(&ctx, request, &response);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return std::nullopt;
  if (!status.ok()) return FromGrpcStatus(status);
  return RecordOf(response.post());
}

absl::StatusOr<PostRecord> GrpcEntitySource::RecordOf(const v1::Post& post) {
  absl::flat_hash_map<std::string, v1::Campaign> campaigns;
  for (const std::string& id : post.campaign_ids()) {
    absl::StatusOr<v1::Campaign> c = CampaignOf(id);
    if (c.ok()) {
      campaigns[id] = *std::move(c);
    } else if (c.status().code() != absl::StatusCode::kNotFound) {
      return c.status();
    }
  }
  return PostFromProto(post, campaigns, centre_, czt_cities_);
}

absl::StatusOr<std::optional<Seeker>> GrpcEntitySource::LoadSeeker(const std::string& profile_id) {
  grpc::ClientContext ctx;
  AsService(ctx, kCallDeadline);
  v1::GetProfileRequest request;
  request.set_profile_id(profile_id);
  v1::GetProfileResponse response;
  grpc::Status status = profiles_->GetProfile(&ctx, request, &response);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return std::nullopt;
  if (!status.ok()) return FromGrpcStatus(status);
  if (response.profile().erased()) return std::nullopt;
  return SeekerFromProto(response.profile(), QueryTimeAt(now_()).today_yyyymmdd, centre_);
}

absl::Status GrpcEntitySource::ForEachCurrent(const std::function<void(PostRecord)>& post,
                                              const std::function<void(Seeker)>& seeker) {
  // Posts and people come from two services that each spend most of a page
  // in their own database reads: listed side by side, the start waits for
  // the longer of the two rather than their sum.
  const absl::Time start = absl::Now();
  absl::Status people = absl::OkStatus();
  absl::Duration people_took;
  std::thread people_lister([&] {
    people = ListPeople(seeker);
    people_took = absl::Now() - start;
  });
  absl::Status posts = ListPosts(post);
  const absl::Duration posts_took = absl::Now() - start;
  people_lister.join();
  std::cerr << "jobmatch-matcher: snapshot: posts listed in " << absl::FormatDuration(posts_took)
            << ", people in " << absl::FormatDuration(people_took) << " (side by side)\n";
  return posts.ok() ? people : posts;
}

absl::Status GrpcEntitySource::ListPosts(const std::function<void(PostRecord)>& post) {
  v1::ListPostsRequest posts;
  posts.set_page_size(1000);
  posts.mutable_filter()->add_states(v1::POST_STATE_OPEN);
  posts.mutable_filter()->add_states(v1::POST_STATE_PAUSED);
  do {
    grpc::ClientContext ctx;
    AsService(ctx, kCallDeadline);
    v1::ListPostsResponse page;
    grpc::Status status = postings_->ListPosts(&ctx, posts, &page);
    if (!status.ok()) return FromGrpcStatus(status);
    for (const v1::Post& p : page.posts()) {
      absl::StatusOr<PostRecord> record = RecordOf(p);
      if (!record.ok()) return record.status();
      post(*std::move(record));
    }
    posts.set_page_token(page.next_page_token());
  } while (!posts.page_token().empty());
  return absl::OkStatus();
}

absl::Status GrpcEntitySource::ListPeople(const std::function<void(Seeker)>& seeker) {
  v1::ListProfilesRequest people;
  people.set_page_size(500);  // the profiles service's largest page
  const int today = QueryTimeAt(now_()).today_yyyymmdd;
  do {
    grpc::ClientContext ctx;
    AsService(ctx, kCallDeadline);
    v1::ListProfilesResponse page;
    grpc::Status status = profiles_->ListProfiles(&ctx, people, &page);
    if (!status.ok()) return FromGrpcStatus(status);
    for (const v1::Profile& p : page.profiles()) {
      if (!p.erased()) seeker(SeekerFromProto(p, today, centre_));
    }
    people.set_page_token(page.next_page_token());
  } while (!people.page_token().empty());
  return absl::OkStatus();
}

FeedFollower::FeedFollower(std::shared_ptr<grpc::Channel> events, FeedApplier* applier,
                           MatchIndex* index, EntitySource* snapshot, Readiness* readiness)
    : events_(v1::EventsService::NewStub(events)),
      applier_(applier),
      index_(index),
      snapshot_(snapshot),
      readiness_(readiness) {}

void FeedFollower::Starting(std::string phase) {
  if (readiness_ != nullptr) readiness_->Starting(std::move(phase));
}

void FeedFollower::MaybeReady() {
  if (readiness_ != nullptr && ready_at_ >= 0 && index_->cursor() >= ready_at_) readiness_->Ready();
}

FeedFollower::~FeedFollower() { Stop(); }

void FeedFollower::Start() {
  thread_ = std::thread([this] { Run(); });
}

void FeedFollower::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (current_ != nullptr) current_->TryCancel();
  }
  if (thread_.joinable()) thread_.join();
}

bool FeedFollower::BeginCall(grpc::ClientContext* ctx) {
  absl::MutexLock lock(&mu_);
  if (stopping_) return false;
  current_ = ctx;
  return true;
}

bool FeedFollower::EndCall() {
  absl::MutexLock lock(&mu_);
  current_ = nullptr;
  return !stopping_;
}

absl::StatusOr<int64_t> FeedFollower::Head() {
  grpc::ClientContext ctx;
  AsService(ctx, absl::Seconds(30));
  if (!BeginCall(&ctx)) return absl::CancelledError("stopping");
  v1::SubscribeRequest request;
  request.set_from_now(true);
  auto stream = events_->Subscribe(&ctx, request);
  v1::SubscribeResponse message;
  absl::StatusOr<int64_t> head = absl::UnavailableError("the feed ended before saying its head");
  if (stream->Read(&message)) {
    head = message.has_keepalive() ? message.keepalive().cursor() : message.event().cursor() - 1;
  }
  ctx.TryCancel();
  stream->Finish();
  EndCall();
  return head;
}

bool FeedFollower::StartFromSnapshot() {
  Starting("asking the events service for the feed's head");
  absl::StatusOr<int64_t> head = Head();
  if (!head.ok()) return false;
  Starting(
      absl::StrCat("listing current posts and people from the services (feed head ", *head, ")"));
  const absl::Time start = absl::Now();
  std::vector<std::shared_ptr<const PostRecord>> posts;
  std::vector<std::shared_ptr<const Seeker>> seekers;
  absl::Status listed = snapshot_->ForEachCurrent(
      [&posts](PostRecord p) { posts.push_back(std::make_shared<const PostRecord>(std::move(p))); },
      [&seekers](Seeker s) { seekers.push_back(std::make_shared<const Seeker>(std::move(s))); });
  if (absl::IsUnimplemented(listed)) {  // replay the feed instead
    ready_at_ = *head;
    return true;
  }
  if (!listed.ok()) return false;
  const absl::Time was_listed = absl::Now();
  const size_t post_count = posts.size();
  const size_t seeker_count = seekers.size();
  index_->Build(std::move(posts), std::move(seekers));
  std::cerr << "jobmatch-matcher: snapshot: listed " << post_count << " posts and " << seeker_count
            << " people in " << absl::FormatDuration(was_listed - start) << ", index built in "
            << absl::FormatDuration(absl::Now() - was_listed) << "\n";
  if (*head > 0) {
    Starting(absl::StrCat("replaying applications, hires and visits up to cursor ", *head));
    const absl::Time replay_start = absl::Now();
    // What people did, up to the head.
    grpc::ClientContext ctx;
    AsService(ctx, absl::InfiniteDuration());
    if (!BeginCall(&ctx)) return false;
    v1::SubscribeRequest request;
    request.add_kinds(v1::EVENT_KIND_APPLICATION);
    request.add_kinds(v1::EVENT_KIND_HIRE);
    request.add_kinds(v1::EVENT_KIND_FIELD_VISIT);  // demand recorded at the door
    request.add_kinds(v1::EVENT_KIND_HIRE_UNDONE);
    auto stream = events_->Subscribe(&ctx, request);
    v1::SubscribeResponse message;
    bool reached = false;
    while (!reached && stream->Read(&message)) {
      if (message.has_keepalive()) {
        reached = message.keepalive().cursor() >= *head;
        continue;
      }
      if (message.event().cursor() > *head) {
        reached = true;
        break;
      }
      if (!applier_->Apply(message.event()).ok()) break;
      reached = message.event().cursor() == *head;
    }
    ctx.TryCancel();
    stream->Finish();
    if (!EndCall() || !reached) return false;
    std::cerr << "jobmatch-matcher: snapshot: replayed what people did up to cursor " << *head
              << " in " << absl::FormatDuration(absl::Now() - replay_start) << "\n";
  }
  index_->set_cursor(*head);
  applier_->Reached(*head);
  ready_at_ = *head;
  MaybeReady();
  return true;
}

void FeedFollower::Run() {
  // A cursor beyond the feed's head (a checkpoint from a feed since reset)
  // would wait for events that are not coming: start again instead.
  while (index_->cursor() > 0) {
    Starting(absl::StrCat("asking the events service how far the feed is from cursor ",
                          index_->cursor()));
    absl::StatusOr<int64_t> head = Head();
    if (head.ok()) {
      if (*head < index_->cursor()) {
        std::cerr << "jobmatch-matcher: cursor " << index_->cursor()
                  << " is beyond the feed's head " << *head
                  << "; starting again from the snapshot\n";
        index_->Clear();
      } else {
        Starting(absl::StrCat("catching up with the events feed from cursor ", index_->cursor(),
                              " to ", *head));
        ready_at_ = *head;
        MaybeReady();
      }
      break;
    }
    if (!EndCall()) return;  // stopping
    absl::SleepFor(kRetryDelay);
  }
  while (true) {
    // The snapshot start runs while nothing has been applied (a checkpoint
    // loaded at start has applied something). A failed listing is listed
    // again (upserts are idempotent). A failure while replaying applications
    // leaves the cursor at the last one applied, and following the feed from
    // there is right: entity events re-read what the snapshot holds already,
    // and later applications count once.
    while (snapshot_ != nullptr && index_->cursor() == 0) {
      if (StartFromSnapshot()) break;
      if (!EndCall()) return;  // stopping
      absl::SleepFor(kRetryDelay);
    }
    switch (Follow()) {
      case Followed::kStopping:
        return;
      case Followed::kCursorExpired:
        // The feed no longer reaches back to the cursor (a checkpoint older
        // than its retention): what happened since is lost, so start again.
        std::cerr << "jobmatch-matcher: cursor " << index_->cursor()
                  << " is older than the feed keeps; starting again from the snapshot\n";
        Starting("starting again from the services: the feed no longer reaches back to the cursor");
        ready_at_ = -1;
        index_->Clear();
        break;
      case Followed::kFailed:
        absl::SleepFor(kRetryDelay);
        break;
    }
  }
}

FeedFollower::Followed FeedFollower::Follow() {
  grpc::ClientContext ctx;
  AsService(ctx, absl::InfiniteDuration());
  if (!BeginCall(&ctx)) return Followed::kStopping;
  v1::SubscribeRequest request;
  request.set_after_cursor(index_->cursor());
  applier_->Reached(index_->cursor());  // a loaded checkpoint's
  auto stream = events_->Subscribe(&ctx, request);
  v1::SubscribeResponse message;
  while (stream->Read(&message)) {
    if (message.has_keepalive()) {
      if (message.keepalive().cursor() > index_->cursor()) {
        index_->set_cursor(message.keepalive().cursor());
        applier_->Reached(message.keepalive().cursor());
      }
      // The stream is sent keepalives only when it has nothing else.
      lag_.CaughtUp(index_->cursor(), FromProto(message.keepalive().time()));
      MaybeReady();
      continue;
    }
    // An event that cannot be applied now ends the stream; the next one
    // resumes before it.
    if (!applier_->Apply(message.event()).ok()) {
      ctx.TryCancel();
      break;
    }
    lag_.Applied(message.event().cursor(), FromProto(message.event().time()));
    MaybeReady();
  }
  const grpc::Status status = stream->Finish();
  if (!EndCall()) return Followed::kStopping;
  return status.error_code() == grpc::StatusCode::OUT_OF_RANGE ? Followed::kCursorExpired
                                                               : Followed::kFailed;
}

}  // namespace jobmatch::matcher

#include "matcher/service/feed_follower.h"

#include "services/common/grpc_status.h"

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
                                   Clock now)
    : postings_(v1::PostingsService::NewStub(postings)),
      profiles_(v1::ProfilesService::NewStub(profiles)),
      centre_(std::move(centre)),
      now_(std::move(now)) {}

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
  absl::flat_hash_map<std::string, v1::Campaign> campaigns;
  for (const std::string& id : response.post().campaign_ids()) {
    absl::StatusOr<v1::Campaign> c = CampaignOf(id);
    if (c.ok()) {
      campaigns[id] = *std::move(c);
    } else if (c.status().code() != absl::StatusCode::kNotFound) {
      return c.status();
    }
  }
  return PostFromProto(response.post(), campaigns, centre_);
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

FeedFollower::FeedFollower(std::shared_ptr<grpc::Channel> events, FeedApplier* applier,
                           MatchIndex* index)
    : events_(v1::EventsService::NewStub(events)), applier_(applier), index_(index) {}

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

void FeedFollower::Run() {
  while (true) {
    grpc::ClientContext ctx;
    AsService(ctx, absl::InfiniteDuration());
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      current_ = &ctx;
    }
    v1::SubscribeRequest request;
    request.set_after_cursor(index_->cursor());
    auto stream = events_->Subscribe(&ctx, request);
    v1::SubscribeResponse message;
    while (stream->Read(&message)) {
      if (message.has_keepalive()) {
        if (message.keepalive().cursor() > index_->cursor()) {
          index_->set_cursor(message.keepalive().cursor());
        }
        continue;
      }
      // An event that cannot be applied now ends the stream; the next one
      // resumes before it.
      if (!applier_->Apply(message.event()).ok()) {
        ctx.TryCancel();
        break;
      }
    }
    stream->Finish();
    {
      absl::MutexLock lock(&mu_);
      current_ = nullptr;
      if (stopping_) return;
    }
    absl::SleepFor(kRetryDelay);
  }
}

}  // namespace jobmatch::matcher

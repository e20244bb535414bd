#include "matcher/service/matcher_service.h"

#include <algorithm>
#include <deque>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "matcher/domain/convert.h"
#include "matcher/domain/eligibility.h"
#include "matcher/domain/public_view.h"
#include "matcher/planning/plan_proto.h"
#include "matcher/planning/plan_report.h"
#include "matcher/planning/solvers.h"
#include "matcher/service/campaign_planner.h"
#include "matcher/service/refdata_adapters.h"
#include "matcher/service/rpc_common.h"
#include "services/common/caller.h"
#include "services/common/consistency_token.h"
#include "services/common/field_violations.h"
#include "services/common/grpc_status.h"
#include "services/common/text_checks.h"

namespace jobmatch::matcher {
namespace {

// Deepest result a page may reach; a deeper page token is refused.
constexpr int kMaxDepth = 1000;

// Page size (0 -> `fallback`) and offset from the token; violations otherwise.
void Paging(int32_t page_size, const std::string& token, int max, int fallback,
            FieldViolations& violations, int* size, int* offset) {
  *size = page_size == 0 ? fallback : page_size;
  if (page_size < 0 || page_size > max) {
    violations.Add("page_size", absl::StrCat("must be 0-", max));
  }
  *offset = 0;
  if (!token.empty() && (!absl::SimpleAtoi(token, offset) || *offset < 0 || *offset > kMaxDepth)) {
    violations.Add("page_token", "not a token from a previous response");
  }
}

// The field checks of each read, made before it waits for its writes (a
// request that can never be answered is refused at once) and again where the
// answer needs the page size and offset.
absl::Status PostsRequestFields(const v1::RecommendPostsRequest& request, int* size, int* offset) {
  FieldViolations violations;
  if (request.profile_id().empty()) violations.Add("profile_id", "required");
  Paging(request.page_size(), request.page_token(), 100, 20, violations, size, offset);
  return violations.ToStatus();
}

absl::Status SeekersRequestFields(const v1::RecommendSeekersRequest& request, int* size,
                                  int* offset) {
  FieldViolations violations;
  if (request.post_id().empty()) violations.Add("post_id", "required");
  Paging(request.page_size(), request.page_token(), 200, 50, violations, size, offset);
  if (!v1::KeyGroup_IsValid(request.key_group())) violations.Add("key_group", "unknown key group");
  return violations.ToStatus();
}

absl::Status ExplainRequestFields(const v1::ExplainMatchRequest& request) {
  FieldViolations violations;
  if (request.profile_id().empty()) violations.Add("profile_id", "required");
  if (request.post_id().empty()) violations.Add("post_id", "required");
  return violations.ToStatus();
}

// A jobseeker asks only about themself; the central policy has already
// decided which roles may call each method.
absl::Status RequireSelfIfSeeker(const Caller& caller, const std::string& profile_id) {
  if (caller.role == Role::kJobseeker && caller.subject_id != profile_id) {
    return absl::PermissionDeniedError("a jobseeker may only ask about their own profile");
  }
  return absl::OkStatus();
}

// A recruiter works within assigned regions: only about people who live, or
// are registered, there.
absl::Status RequireInRecruiterRegions(const Caller& caller, const Seeker& seeker) {
  if (caller.role != Role::kRecruiter || CoversRegion(caller, seeker.residence_region) ||
      CoversRegion(caller, seeker.hukou_region)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError("this person is outside your assigned regions");
}

// `score` and `distance_km` come from the index, computed on the public view
// (matcher/domain/public_view.h) when `may_see` is false.
v1::SeekerMatch ToSeekerMatch(const Seeker& full, const PostRecord& post, const QueryTime& at,
                              double score, double distance_km, const OccupationRelations& rel,
                              bool may_see) {
  const Seeker s = may_see ? full : WithoutSensitiveGroups(full);
  Distances d = DistancesOf(s, post);
  if (!may_see) d = WholeKm(d);
  v1::SeekerMatch m;
  m.set_profile_id(s.id);
  m.set_display_name(MaskName(s.name));
  if (s.birth_yyyymmdd != 0) m.set_age(AgeOn(s.birth_yyyymmdd, at.today_yyyymmdd));
  m.set_education(static_cast<v1::Education>(s.education));
  m.set_residence_region_code(s.residence_region);
  m.set_distance_km(distance_km);
  AddVisibleKeyGroups(s.groups, may_see, m.mutable_key_groups());
  m.set_score(score);
  std::vector<Reason> reasons;
  Score(s, post, at, d, FitOf(s.wanted_occupations, post.occupation_code, rel), &reasons, may_see);
  for (const Reason& r : reasons) {
    v1::Reason* out = m.add_reasons();
    out->set_code(static_cast<v1::ReasonCode>(r.code));
    out->set_text(r.text);
    out->set_contribution(r.contribution);
  }
  return m;
}

// Checks a PlanCampaignRequest and turns it into the planner's query.
absl::StatusOr<CampaignPlanQuery> PlanQueryOf(const v1::PlanCampaignRequest& request,
                                              planning::PlanMode* mode) {
  FieldViolations violations;
  if (request.campaign_id().empty()) violations.Add("campaign_id", "required");
  switch (request.mode()) {
    case v1::PLAN_MODE_UNSPECIFIED:
    case v1::PLAN_MODE_OPTIMAL:
      *mode = planning::PlanMode::kOptimal;
      break;
    case v1::PLAN_MODE_STABLE:
      *mode = planning::PlanMode::kStable;
      break;
    case v1::PLAN_MODE_GREEDY:
      *mode = planning::PlanMode::kGreedy;
      break;
    default:
      violations.Add("mode", "unknown plan mode");
  }
  CampaignPlanQuery query;
  query.campaign_id = request.campaign_id();
  for (int i = 0; i < request.region_prefixes_size(); ++i) {
    const std::string& prefix = request.region_prefixes(i);
    if (prefix.empty() || prefix.size() > 12 ||
        !std::all_of(prefix.begin(), prefix.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      violations.Add(absl::StrCat("region_prefixes[", i, "]"), "must be 1-12 digits");
    }
    query.region_prefixes.push_back(prefix);
  }
  for (int i = 0; i < request.extra_reserves_size(); ++i) {
    const v1::ReservedQuota& q = request.extra_reserves(i);
    if (q.group() <= 0 || q.group() > planning::kMaxGroup) {
      violations.Add(absl::StrCat("extra_reserves[", i, "].group"), "unknown key group");
    }
    if (q.places() <= 0) {
      violations.Add(absl::StrCat("extra_reserves[", i, "].places"), "must be positive");
    }
    query.extra_reserves.push_back({q.group(), q.places()});
  }
  if (request.worklist_days() < 0 || request.worklist_days() > 3650) {
    violations.Add("worklist_days", "must be 0-3650");
  }
  query.worklist_days = request.worklist_days();
  if (!violations.empty()) return violations.ToStatus();
  return query;
}

}  // namespace

absl::Status MatcherService::Ready() const {
  return readiness_ == nullptr ? absl::OkStatus() : readiness_->Check();
}

grpc::ServerUnaryReactor* MatcherService::AfterWrites(
    grpc::CallbackServerContext* context, const google::protobuf::Message& request,
    const absl::Status& fields,
    const google::protobuf::RepeatedPtrField<std::string>& consistency_tokens,
    std::function<absl::Status()> answer) {
  return AnswerAfterWrites(context, readiness_, gate_, request, fields, consistency_tokens,
                           std::move(answer));
}

grpc::ServerUnaryReactor* MatcherService::RecommendPosts(grpc::CallbackServerContext* context,
                                                         const v1::RecommendPostsRequest* request,
                                                         v1::RecommendPostsResponse* response) {
  int size = 0, offset = 0;
  return AfterWrites(context, *request, PostsRequestFields(*request, &size, &offset),
                     request->consistency_tokens(),
                     [=] { return RecommendPostsNow(context, request, response); });
}

absl::Status MatcherService::RecommendPostsNow(grpc::CallbackServerContext* context,
                                               const v1::RecommendPostsRequest* request,
                                               v1::RecommendPostsResponse* response) {
  int size = 0, offset = 0;
  if (absl::Status fields = PostsRequestFields(*request, &size, &offset); !fields.ok()) {
    return fields;
  }
  const Caller caller = CallerFromContext(*context);
  if (absl::Status s = RequireSelfIfSeeker(caller, request->profile_id()); !s.ok()) {
    return s;
  }
  std::shared_ptr<const Seeker> seeker = index_->FindSeeker(request->profile_id());
  if (seeker == nullptr) return absl::NotFoundError("profile not found");
  if (absl::Status s = RequireInRecruiterRegions(caller, *seeker); !s.ok()) {
    return s;
  }

  const QueryTime at = QueryTimeAt(now_());
  PostFilter filter{request->campaign_id(), request->region_prefix(), request->occupation_prefix()};
  const std::vector<PostHit> hits = index_->TopPosts(*seeker, at, filter, offset + size);
  const bool may_see = MaySeeSensitiveStatus(caller);
  for (size_t i = offset; i < hits.size(); ++i) {
    const PostHit& hit = hits[i];
    std::vector<Reason> reasons;
    Score(*seeker, *hit.post, at, DistancesOf(*seeker, *hit.post),
          FitOf(seeker->wanted_occupations, hit.post->occupation_code, index_->relations()),
          &reasons, may_see);
    *response->add_matches() = ToPostMatch(*hit.post, hit.score, hit.distance_km, reasons);
  }
  if (static_cast<int>(hits.size()) == offset + size && offset + size < kMaxDepth) {
    response->set_next_page_token(absl::StrCat(offset + size));
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* MatcherService::RecommendSeekers(
    grpc::CallbackServerContext* context, const v1::RecommendSeekersRequest* request,
    v1::RecommendSeekersResponse* response) {
  int size = 0, offset = 0;
  return AfterWrites(context, *request, SeekersRequestFields(*request, &size, &offset),
                     request->consistency_tokens(),
                     [=] { return RecommendSeekersNow(context, request, response); });
}

absl::Status MatcherService::RecommendSeekersNow(grpc::CallbackServerContext* context,
                                                 const v1::RecommendSeekersRequest* request,
                                                 v1::RecommendSeekersResponse* response) {
  int size = 0, offset = 0;
  if (absl::Status fields = SeekersRequestFields(*request, &size, &offset); !fields.ok()) {
    return fields;
  }
  const Caller caller = CallerFromContext(*context);
  const bool may_see = MaySeeSensitiveStatus(caller);
  if (!may_see && IsSensitiveGroup(request->key_group())) {
    // Filtering by a sensitive status would reveal it.
    return absl::PermissionDeniedError("key_group: not available to this caller");
  }
  std::shared_ptr<const PostRecord> post = index_->FindPost(request->post_id());
  if (post == nullptr) return absl::NotFoundError("post not found");
  if (caller.role == Role::kEmployer && caller.subject_id != post->employer_id) {
    return absl::PermissionDeniedError("an employer may only ask about its own posts");
  }
  // Recruiters see statuses (MaySeeSensitiveStatus), so only of the people
  // in their own regions.
  if (caller.role == Role::kRecruiter && !CoversRegion(caller, request->region_prefix())) {
    return absl::PermissionDeniedError(
        "region_prefix: recruiters ask within their assigned regions");
  }

  const QueryTime at = QueryTimeAt(now_());
  SeekerFilter filter{request->region_prefix(), request->key_group()};
  filter.public_view = !may_see;
  const std::vector<SeekerHit> hits = index_->TopSeekers(*post, at, filter, offset + size);
  for (size_t i = offset; i < hits.size(); ++i) {
    *response->add_matches() = ToSeekerMatch(*hits[i].seeker, *post, at, hits[i].score,
                                             hits[i].distance_km, index_->relations(), may_see);
  }
  if (static_cast<int>(hits.size()) == offset + size && offset + size < kMaxDepth) {
    response->set_next_page_token(absl::StrCat(offset + size));
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* MatcherService::ExplainMatch(grpc::CallbackServerContext* context,
                                                       const v1::ExplainMatchRequest* request,
                                                       v1::ExplainMatchResponse* response) {
  return AfterWrites(context, *request, ExplainRequestFields(*request),
                     request->consistency_tokens(),
                     [=] { return ExplainMatchNow(context, request, response); });
}

absl::Status MatcherService::ExplainMatchNow(grpc::CallbackServerContext* context,
                                             const v1::ExplainMatchRequest* request,
                                             v1::ExplainMatchResponse* response) {
  if (absl::Status fields = ExplainRequestFields(*request); !fields.ok()) return fields;
  const Caller caller = CallerFromContext(*context);
  if (absl::Status s = RequireSelfIfSeeker(caller, request->profile_id()); !s.ok()) {
    return s;
  }
  std::shared_ptr<const Seeker> seeker = index_->FindSeeker(request->profile_id());
  if (seeker == nullptr) return absl::NotFoundError("profile not found");
  if (absl::Status s = RequireInRecruiterRegions(caller, *seeker); !s.ok()) {
    return s;
  }
  std::shared_ptr<const PostRecord> post = index_->FindPost(request->post_id());
  if (post == nullptr) return absl::NotFoundError("post not found");
  if (caller.role == Role::kEmployer && caller.subject_id != post->employer_id) {
    return absl::PermissionDeniedError("an employer may only ask about its own posts");
  }

  const QueryTime at = QueryTimeAt(now_());
  const bool may_see = MaySeeSensitiveStatus(caller);
  // Employers get the answer of the public view: as if the person held no
  // sensitive group, at whole km.
  if (!may_see) seeker = std::make_shared<const Seeker>(WithoutSensitiveGroups(*seeker));
  const Distances d = may_see ? DistancesOf(*seeker, *post) : WholeKm(DistancesOf(*seeker, *post));
  bool eligible = true;
  for (const RuleCheck& c : CheckAllRules(*seeker, *post, at, d, may_see)) {
    v1::RuleCheck* out = response->add_checks();
    out->set_rule(static_cast<v1::ReasonCode>(c.rule));
    out->set_passed(c.passed);
    out->set_relaxed(c.relaxed);
    out->set_text(c.text);
    eligible = eligible && c.passed;
  }
  response->set_eligible(eligible);
  if (eligible) {
    std::vector<Reason> reasons;
    response->set_score(
        Score(*seeker, *post, at, d,
              FitOf(seeker->wanted_occupations, post->occupation_code, index_->relations()),
              &reasons, may_see));
    for (const Reason& r : reasons) {
      v1::Reason* out = response->add_reasons();
      out->set_code(static_cast<v1::ReasonCode>(r.code));
      out->set_text(r.text);
      out->set_contribution(r.contribution);
    }
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* MatcherService::PlanCampaign(grpc::CallbackServerContext* context,
                                                       const v1::PlanCampaignRequest* request,
                                                       v1::PlanCampaignResponse* response) {
  planning::PlanMode mode;
  return AfterWrites(context, *request, PlanQueryOf(*request, &mode).status(),
                     request->consistency_tokens(),
                     [=] { return PlanCampaignNow(context, request, response); });
}

absl::Status MatcherService::PlanCampaignNow(grpc::CallbackServerContext* context,
                                             const v1::PlanCampaignRequest* request,
                                             v1::PlanCampaignResponse* response) {
  planning::PlanMode mode = planning::PlanMode::kOptimal;
  absl::StatusOr<CampaignPlanQuery> query = PlanQueryOf(*request, &mode);
  if (!query.ok()) return query.status();
  const CampaignPlanner planner(index_, DocketNamesFrom(&refdata::DefaultRegions()),
                                CentresFrom(&refdata::DefaultRegions()));
  if (index_->post_count() > 0 && !planner.KnowsCampaign(query->campaign_id)) {
    return absl::NotFoundError("campaign not found");
  }
  const bool may_see = MaySeeSensitiveStatus(CallerFromContext(*context));
  const planning::PlanInput input = planner.Build(*query, QueryTimeAt(now_()), may_see);
  absl::StatusOr<planning::Plan> plan = planning::Solve(input, mode);
  if (!plan.ok()) return plan.status();
  planning::ReportOptions options;
  options.show_sensitive_groups = may_see;
  const planning::PlanReport report = planning::BuildReport(input, *plan, options);
  *response = planning::ToProto(query->campaign_id, report);
  if (!may_see) {
    // The group table is for staff; its sensitive rows would say who is which.
    auto* groups = response->mutable_groups();
    groups->erase(
        std::remove_if(groups->begin(), groups->end(),
                       [](const v1::GroupPlacement& g) { return IsSensitiveGroup(g.group()); }),
        groups->end());
  }
  return absl::OkStatus();
}

namespace {

// One WatchMatches stream: registered with the hub while open; messages are
// queued (at most `limits.queue_limit`) and written one at a time. Owns
// itself; deleted in OnDone, which also gives back its stream slot.
class WatchReactor final : public grpc::ServerWriteReactor<v1::WatchMatchesResponse>,
                           public WatchSink {
 public:
  WatchReactor(LivePushHub* hub, grpc::CallbackServerContext* context,
               const v1::WatchMatchesRequest& request, StreamPermit permit, size_t queue_limit,
               int64_t start_cursor)
      : hub_(hub),
        context_(context),
        permit_(std::move(permit)),
        queue_limit_(queue_limit),
        written_cursor_(start_cursor) {
    handle_ = hub_->Add(request.profile_id(), request.session_id(), this);
  }

  bool Send(const v1::WatchMatchesResponse& message) override {
    absl::MutexLock lock(&mu_);
    if (finished_) return false;
    if (queue_.size() >= queue_limit_) {
      // Never block the pusher: a viewer this far behind is cut off and
      // told where to pick up; what is queued is dropped with it.
      context_->AddTrailingMetadata(kResumeCursorTrailer, absl::StrCat(written_cursor_));
      FinishLocked(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                absl::StrCat("the viewer fell ", queue_.size(),
                                             " messages behind and was cut off; resume from "
                                             "the trailer's cursor and watch again")));
      return false;
    }
    queue_.push_back(message);
    if (!writing_) {
      writing_ = true;
      StartWrite(&queue_.front());
    }
    return true;
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    if (ok && queue_.front().has_pushed()) written_cursor_ = queue_.front().cursor();
    queue_.pop_front();
    writing_ = false;
    if (!ok) {
      FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE, "stream broken"));
      return;
    }
    if (!queue_.empty() && !finished_) {
      writing_ = true;
      StartWrite(&queue_.front());
    }
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    FinishLocked(grpc::Status::CANCELLED);
  }

  void OnDone() override {
    hub_->Remove(handle_);  // after this no Send can arrive
    delete this;            // and the permit gives the stream's slot back
  }

 private:
  void FinishLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) return;
    finished_ = true;
    // The message being written stays (gRPC holds its address); the rest
    // will never be written.
    if (queue_.size() > 1) queue_.erase(queue_.begin() + 1, queue_.end());
    Finish(status);
  }

  LivePushHub* hub_;
  grpc::CallbackServerContext* context_;
  StreamPermit permit_;
  const size_t queue_limit_;
  int64_t handle_ = 0;
  absl::Mutex mu_;
  std::deque<v1::WatchMatchesResponse> queue_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  // Feed cursor of the last pushed post the stream took; before any, the
  // index's cursor when the stream opened (later pushes were not yet made).
  int64_t written_cursor_ ABSL_GUARDED_BY(mu_);
};

class RefusedWatch final : public grpc::ServerWriteReactor<v1::WatchMatchesResponse> {
 public:
  explicit RefusedWatch(const absl::Status& status) { Finish(ToGrpcStatus(status)); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerWriteReactor<v1::WatchMatchesResponse>* MatcherService::WatchMatches(
    grpc::CallbackServerContext* context, const v1::WatchMatchesRequest* request) {
  if (absl::Status ready = Ready(); !ready.ok()) return new RefusedWatch(ready);
  if (absl::Status text = RequestTextStatus(*request); !text.ok()) return new RefusedWatch(text);
  if (request->profile_id().empty()) {
    return new RefusedWatch(InvalidField("profile_id", "required"));
  }
  const Caller caller = CallerFromContext(*context);
  if (absl::Status s = RequireSelfIfSeeker(caller, request->profile_id()); !s.ok()) {
    return new RefusedWatch(s);
  }
  if (index_->FindSeeker(request->profile_id()) == nullptr) {
    return new RefusedWatch(absl::NotFoundError("profile not found"));
  }
  StreamPermit permit;
  if (watch_.streams != nullptr) {
    absl::StatusOr<StreamPermit> admitted = watch_.streams->Admit(caller);
    if (!admitted.ok()) return new RefusedWatch(admitted.status());
    permit = *std::move(admitted);
  }
  return new WatchReactor(hub_, context, *request, std::move(permit), watch_.queue_limit,
                          index_->cursor());
}

}  // namespace jobmatch::matcher

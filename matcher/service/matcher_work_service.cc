#include "matcher/service/matcher_work_service.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "matcher/domain/convert.h"
#include "matcher/service/refdata_adapters.h"
#include "matcher/service/rpc_common.h"
#include "matcher/service/work_lists.h"
#include "services/common/caller.h"
#include "services/common/field_violations.h"
#include "services/common/status_macros.h"

namespace jobmatch::matcher {
namespace {

bool AllDigits(const std::string& s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Checked before the read waits for its writes.
absl::Status ListWishersFields(const v1::ListWishersRequest& request) {
  FieldViolations violations;
  if (request.post_id().empty()) violations.Add("post_id", "required");
  if (request.limit() < 0 || request.limit() > 1000) violations.Add("limit", "must be 0-1000");
  return violations.ToStatus();
}

}  // namespace

grpc::ServerUnaryReactor* MatcherWorkService::ListWishers(grpc::CallbackServerContext* context,
                                                          const v1::ListWishersRequest* request,
                                                          v1::ListWishersResponse* response) {
  // The notifier asks right after the feed said the post opened: wait, as the
  // other reads do, until this matcher has applied that event.
  return AnswerAfterWrites(context, readiness_, gate_, *request, ListWishersFields(*request),
                           request->consistency_tokens(), [this, request, response] {
                             return ListWishersNow(*request, response);
                           });
}

absl::Status MatcherWorkService::ListWishersNow(const v1::ListWishersRequest& request,
                                                v1::ListWishersResponse* response) {
  std::shared_ptr<const PostRecord> post = index_->FindPost(request.post_id());
  if (post == nullptr) return absl::NotFoundError("post not found");
  const size_t limit = request.limit() == 0 ? 200 : request.limit();
  response->set_title(post->title);
  for (const SeekerHit& hit : WishersOf(*index_, *post, QueryTimeAt(now_()), limit)) {
    v1::Wisher* w = response->add_wishers();
    w->set_profile_id(hit.seeker->id);
    w->set_residence_region_code(hit.seeker->residence_region);
    w->set_score(hit.score);
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* MatcherWorkService::Worklist(grpc::CallbackServerContext* context,
                                                       const v1::WorklistRequest* request,
                                                       v1::WorklistResponse* response) {
  if (readiness_ != nullptr) {
    if (absl::Status ready = readiness_->Check(); !ready.ok()) return FinishWith(context, ready);
  }
  return FinishWith(context, WorklistNow(context, *request, response));
}

absl::Status MatcherWorkService::WorklistNow(grpc::CallbackServerContext* context,
                                             const v1::WorklistRequest& request,
                                             v1::WorklistResponse* response) {
  FieldViolations violations;
  if (request.days() < 1 || request.days() > 3650) violations.Add("days", "must be 1-3650");
  if (!AllDigits(request.region_prefix()) || request.region_prefix().size() > 12) {
    violations.Add("region_prefix", "must be a region code prefix of at most 12 digits");
  }
  if (request.key_group() < 0 || request.key_group() > kMaxGroup) {
    violations.Add("key_group", "unknown key group");
  }
  if (!violations.empty()) return violations.ToStatus();

  const Caller caller = CallerFromContext(*context);
  WorklistQuery query{request.days(), request.region_prefix(), request.key_group(), {}};
  if (!ActsForBureau(caller)) {
    // A recruiter (the only other role the policy lets in) sees their own
    // regions: a prefix inside one of them, or a wider one cut to them.
    for (const std::string& mine : caller.region_prefixes) {
      if (mine.empty()) continue;
      if (absl::StartsWith(request.region_prefix(), mine)) {
        query.allowed_prefixes = {mine};
        break;
      }
      if (absl::StartsWith(mine, request.region_prefix())) query.allowed_prefixes.push_back(mine);
    }
    if (query.allowed_prefixes.empty()) {
      return absl::PermissionDeniedError(
          absl::StrCat("region ", request.region_prefix(), " is outside your assigned regions"));
    }
  }
  const bool may_see = MaySeeSensitiveStatus(caller);
  const RegionNamer names = DocketNamesFrom(&refdata::DefaultRegions());
  int people = 0;
  for (auto& [region, entries] : BuildWorklist(*index_, query, now_())) {
    v1::WorklistVillage* village = response->add_villages();
    village->set_region_code(region);
    village->set_region_name(names(region));
    for (const WorklistEntry& e : entries) {
      v1::WorklistPerson* p = village->add_people();
      p->set_profile_id(e.seeker->id);
      p->set_display_name(MaskName(e.seeker->name));
      p->set_idle_days(e.idle_days);
      AddVisibleKeyGroups(e.seeker->groups, may_see, p->mutable_key_groups());
      for (const std::string& w : e.seeker->wanted_occupations) p->add_wanted_occupation_codes(w);
      ++people;
    }
  }
  response->set_people(people);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* MatcherWorkService::LiveAudience(grpc::CallbackServerContext* context,
                                                           const v1::LiveAudienceRequest* request,
                                                           v1::LiveAudienceResponse* response) {
  // Counts of viewers connected now: no index read, so no wait for readiness.
  return FinishWith(context, LiveAudienceNow(context, *request, response));
}

absl::Status MatcherWorkService::LiveAudienceNow(grpc::CallbackServerContext* context,
                                                 const v1::LiveAudienceRequest& request,
                                                 v1::LiveAudienceResponse* response) {
  FieldViolations violations;
  if (request.session_id().empty() || request.session_id().size() > 40) {
    violations.Add("session_id", "must be 1-40 characters");
  }
  if (!violations.empty()) return violations.ToStatus();
  const Caller caller = CallerFromContext(*context);
  // A host sees only its own sessions (a session id is no secret: viewers
  // are told it).
  JM_RETURN_IF_ERROR(RequireSession(caller, request.session_id()));
  if (hub_ == nullptr) return absl::UnimplementedError("this matcher pushes no live posts");
  const bool may_see = MaySeeSensitiveStatus(caller);
  const SessionAudience audience = hub_->Audience(request.session_id());
  response->set_watching(audience.watching);
  for (const PushAudience& push : audience.pushes) {
    v1::LivePushAudience* out = response->add_pushes();
    out->set_post_id(push.post_id);
    out->set_cursor(push.cursor);
    out->set_eligible_viewers(may_see ? push.eligible : push.eligible_public);
    out->set_watching(push.watching);
    out->mutable_pushed_at()->set_seconds(push.pushed_at);
  }
  return absl::OkStatus();
}

}  // namespace jobmatch::matcher

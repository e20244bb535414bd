#include "services/postings/moderation.h"

#include "absl/strings/str_cat.h"
#include "services/common/field_violations.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/text_checks.h"
#include "services/postings/page_token.h"
#include "services/postings/postings.h"
#include "services/postings/validation.h"

namespace jobmatch::postings {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxReasonChars = 500;

bool Published(v1::ModerationDecision d) {
  return d == v1::MODERATION_DECISION_APPROVED || d == v1::MODERATION_DECISION_NOT_REQUIRED ||
         d == v1::MODERATION_DECISION_TRUSTED_SOURCE;
}

void Submit(v1::Post& post) {
  post.set_state(v1::POST_STATE_PENDING_REVIEW);
  v1::PostModeration& m = *post.mutable_moderation();
  m.set_decision(v1::MODERATION_DECISION_PENDING);
  m.clear_reason();
  m.clear_reviewed_by();
  m.clear_review_time();
}

void Decide(const Caller& caller, v1::ModerationDecision decision, const std::string& reason,
            v1::Post& post) {
  v1::PostModeration& m = *post.mutable_moderation();
  m.set_decision(decision);
  m.set_reason(reason);
  m.set_reviewed_by(ActorName(caller));
  *m.mutable_review_time() = ToProto(absl::Now());
}

void ValidateDecision(const std::string& request_id, const std::string& post_id,
                      int64_t expected_version, FieldViolations& v) {
  ValidateRequestId(request_id, v);
  ValidateDecidedPostId(post_id, v);
  if (expected_version < 0) v.Add("expected_version", "must not be negative");
}

// The checks every decision makes on the locked post.
absl::Status CheckDecidable(const Caller& caller, int64_t expected_version, const v1::Post& p) {
  JM_RETURN_IF_ERROR(RequireRegion(caller, p.region_code()));
  if (expected_version != 0 && expected_version != p.version()) {
    return absl::AbortedError(
        absl::StrCat("post is at version ", p.version(), ", not ", expected_version));
  }
  return absl::OkStatus();
}

// The region prefixes a listing may cover: a recruiter's own (or the asked
// one, inside them); anyone else's asked one, or everywhere.
absl::StatusOr<std::vector<std::string>> ListedRegions(const Caller& caller,
                                                       const std::string& asked) {
  if (ActsForBureau(caller)) {
    if (asked.empty()) return std::vector<std::string>{};
    return std::vector<std::string>{asked};
  }
  if (asked.empty()) {
    if (caller.region_prefixes.empty()) {
      return absl::PermissionDeniedError("no regions are assigned to you");
    }
    return caller.region_prefixes;
  }
  JM_RETURN_IF_ERROR(RequireRegion(caller, asked));
  return std::vector<std::string>{asked};
}

}  // namespace

std::string SalaryMedianKey(absl::string_view occupation_code, absl::string_view county) {
  return absl::StrCat(occupation_code, "|", county);
}

absl::Status ScreenForModeration(PostingsStore& store, const SalaryMedians* medians,
                                 v1::Post& post) {
  ScreeningContext context;
  const std::string county = CountyOf(post.region_code());
  if (SalaryKeyOf(post.salary()) > 0 && !county.empty()) {
    SalaryMedians fetched;
    if (medians == nullptr) {
      JM_ASSIGN_OR_RETURN(fetched,
                          store.SalaryMediansOf(post.occupation_code(), county, kMinMedianSamples));
      medians = &fetched;
    }
    auto it = medians->find(SalaryMedianKey(post.occupation_code(), county));
    if (it != medians->end()) context.county_median = it->second;
  }
  auto* flags = post.mutable_moderation()->mutable_flags();
  flags->Clear();
  for (v1::ScreeningFlag& f : ScreenPost(post, context)) *flags->Add() = std::move(f);
  return absl::OkStatus();
}

void SetCreatedModeration(const Caller& caller, v1::Post& post) {
  if (caller.role != Role::kEmployer) {
    post.mutable_moderation()->set_decision(v1::MODERATION_DECISION_NOT_REQUIRED);
  } else if (post.state() != v1::POST_STATE_DRAFT) {
    Submit(post);
  }
}

void SetImportedModeration(bool trusted_source, v1::Post& post) {
  if (trusted_source) {
    post.mutable_moderation()->set_decision(v1::MODERATION_DECISION_TRUSTED_SOURCE);
  } else if (post.state() != v1::POST_STATE_DRAFT) {
    Submit(post);
  }
}

void SettleUpdatedModeration(const Caller& caller, const v1::Post& before, v1::Post& after) {
  if (caller.role != Role::kEmployer) return;
  if (before.state() == v1::POST_STATE_REJECTED) {
    Submit(after);
    return;
  }
  if (after.state() != v1::POST_STATE_OPEN && after.state() != v1::POST_STATE_PAUSED) return;
  const int gained =
      ScreeningMask(after.moderation().flags()) & ~ScreeningMask(before.moderation().flags());
  if (!Published(after.moderation().decision()) || gained != 0) Submit(after);
}

bool AwaitsModeration(v1::PostState state) {
  return state == v1::POST_STATE_PENDING_REVIEW || state == v1::POST_STATE_REJECTED;
}

bool MaySeeModeration(const Caller& caller, const v1::Post& post) {
  if (ActsForBureau(caller)) return true;
  if (caller.role == Role::kRecruiter) return CoversRegion(caller, post.region_code());
  return caller.role == Role::kEmployer && IsSubject(caller, post.employer_id());
}

absl::StatusOr<v1::ListPostsForModerationResponse> Moderation::ListPostsForModeration(
    const Caller& caller, const v1::ListPostsForModerationRequest& req) {
  FieldViolations v;
  ValidatePageSize(req.page_size(), v);
  ValidateQueueFilters(req.campaign_id(), req.region_prefix(), v);
  if (!v1::ScreeningRule_IsValid(req.rule())) v.Add("rule", "unknown screening rule");
  JM_RETURN_IF_ERROR(v.ToStatus());
  JM_ASSIGN_OR_RETURN(std::vector<std::string> regions, ListedRegions(caller, req.region_prefix()));
  v1::ListPostsForModerationRequest key = req;
  key.clear_page_size();
  key.clear_page_token();
  // The caller's regions are part of the query: a token made for one
  // recruiter's queue is not another's.
  std::string fingerprint = absl::StrCat("moderation|", key.SerializeAsString());
  for (const std::string& r : regions) absl::StrAppend(&fingerprint, "|", r);
  const uint64_t hash = StableHash(fingerprint);
  JM_ASSIGN_OR_RETURN(int64_t after, SeqFromPageToken(req.page_token(), hash));
  ModerationQuery query;
  query.region_prefixes = std::move(regions);
  query.campaign_id = req.campaign_id();
  if (req.rule() != v1::SCREENING_RULE_UNSPECIFIED) {
    query.flag_mask = 1 << req.rule();
  } else if (req.flagged_only()) {
    query.flag_mask = ~0;
  }
  query.after_seq = after;
  query.limit = req.page_size() == 0 ? kDefaultPageSize : req.page_size();
  JM_ASSIGN_OR_RETURN(PostPage page, store_.ListModerationQueue(query));
  v1::ListPostsForModerationResponse resp;
  for (auto& p : page.items) *resp.add_posts() = std::move(p);
  resp.set_next_page_token(PageTokenAfter(page.last_seq, hash));
  return resp;
}

absl::StatusOr<v1::ApprovePostResponse> Moderation::ApprovePost(const Caller& caller,
                                                                const v1::ApprovePostRequest& req) {
  FieldViolations v;
  ValidateDecision(req.request_id(), req.post_id(), req.expected_version(), v);
  if (CharCount(req.note()) > kMaxReasonChars) v.Add("note", "at most 500 characters");
  CheckText(req.note(), "note", v, TextKind::kMultiLine);
  JM_RETURN_IF_ERROR(v.ToStatus());
  v1::ApprovePostResponse resp;
  int64_t outbox_id = 0;
  JM_ASSIGN_OR_RETURN(
      *resp.mutable_post(),
      store_.UpdatePost(IdempotencyOf(req, "ApprovePost", &outbox_id), req.post_id(),
                        [&](v1::Post& p) -> absl::Status {
                          JM_RETURN_IF_ERROR(CheckDecidable(caller, req.expected_version(), p));
                          if (!AwaitsModeration(p.state())) {
                            return absl::FailedPreconditionError(
                                absl::StrCat("post is ", v1::PostState_Name(p.state()),
                                             ", not awaiting review"));
                          }
                          p.set_state(v1::POST_STATE_OPEN);
                          Decide(caller, v1::MODERATION_DECISION_APPROVED, req.note(), p);
                          return absl::OkStatus();
                        }));
  resp.set_consistency_token(ConsistencyTokenOf(store_, outbox_id));
  return resp;
}

absl::StatusOr<v1::RejectPostResponse> Moderation::RejectPost(const Caller& caller,
                                                              const v1::RejectPostRequest& req) {
  FieldViolations v;
  ValidateDecision(req.request_id(), req.post_id(), req.expected_version(), v);
  const int reason_chars = CharCount(req.reason());
  if (reason_chars == 0 || reason_chars > kMaxReasonChars) v.Add("reason", "1-500 characters");
  CheckText(req.reason(), "reason", v, TextKind::kMultiLine);
  JM_RETURN_IF_ERROR(v.ToStatus());
  v1::RejectPostResponse resp;
  int64_t outbox_id = 0;
  JM_ASSIGN_OR_RETURN(
      *resp.mutable_post(),
      store_.UpdatePost(IdempotencyOf(req, "RejectPost", &outbox_id), req.post_id(),
                        [&](v1::Post& p) -> absl::Status {
                          JM_RETURN_IF_ERROR(CheckDecidable(caller, req.expected_version(), p));
                          const v1::PostState s = p.state();
                          if (s != v1::POST_STATE_PENDING_REVIEW && s != v1::POST_STATE_OPEN &&
                              s != v1::POST_STATE_PAUSED) {
                            return absl::FailedPreconditionError(
                                absl::StrCat("post is ", v1::PostState_Name(s),
                                             ": only a post awaiting "
                                             "review or a published one can be rejected"));
                          }
                          p.set_state(v1::POST_STATE_REJECTED);
                          Decide(caller, v1::MODERATION_DECISION_REJECTED, req.reason(), p);
                          return absl::OkStatus();
                        }));
  resp.set_consistency_token(ConsistencyTokenOf(store_, outbox_id));
  return resp;
}

}  // namespace jobmatch::postings

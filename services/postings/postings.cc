#include "services/postings/postings.h"

#include "absl/strings/str_cat.h"
#include "services/common/consistency_token.h"
#include "services/common/field_violations.h"
#include "services/common/refdata/regions.h"
#include "services/common/status_macros.h"
#include "services/common/text_checks.h"
#include "services/postings/field_mask.h"
#include "services/postings/lessons.h"
#include "services/postings/moderation.h"
#include "services/postings/occupation_coding.h"
#include "services/postings/search_text.h"
#include "services/postings/sensitive_targeting.h"
#include "services/postings/validation.h"

namespace jobmatch::postings {
namespace {

constexpr int kDefaultPageSize = 50;

int PageSizeOr(int page_size) { return page_size == 0 ? kDefaultPageSize : page_size; }

// An employer writes only its own employer record and posts; the other roles
// allowed to call the method (admins, services) act for the bureau.
absl::Status RequireOwnRecord(const Caller& caller, const std::string& employer_id,
                              absl::string_view what) {
  if (caller.role != Role::kEmployer) return absl::OkStatus();
  return RequireSubject(caller, employer_id, what);
}

absl::Status RequireId(absl::string_view field, const std::string& id) {
  if (id.empty()) return InvalidField(field, "required");
  if (id.size() > 40) return InvalidField(field, "at most 40 characters");
  return absl::OkStatus();
}

// Unpublished posts (awaiting review, rejected) are listed only to staff, to
// a recruiter within their regions, and to an employer for its own posts.
absl::Status MayListStates(const Caller& caller, const v1::PostFilter& filter) {
  bool unpublished = false;
  for (int s : filter.states()) unpublished |= AwaitsModeration(static_cast<v1::PostState>(s));
  if (!unpublished || ActsForBureau(caller)) return absl::OkStatus();
  if (caller.role == Role::kEmployer && !filter.employer_id().empty()) {
    return RequireSubject(caller, filter.employer_id(), "employer");
  }
  if (caller.role == Role::kRecruiter && !filter.region_prefix().empty()) {
    return RequireRegion(caller, filter.region_prefix());
  }
  return absl::PermissionDeniedError(
      "posts awaiting review or rejected are listed to staff and to their own employer only");
}

// The post as `caller` may see it: the review only for staff and its employer.
v1::Post ForViewer(const Caller& caller, v1::Post post) {
  if (!MaySeeModeration(caller, post)) post.clear_moderation();
  return post;
}

void CanonicalRegion(std::string* code) {
  std::string canonical = refdata::DefaultRegions().Canonical(*code);
  if (!canonical.empty()) *code = std::move(canonical);
}

}  // namespace

std::string ConsistencyTokenOf(const PostingsStore& store, int64_t outbox_id) {
  return OutboxToken(store.OutboxSchema(), outbox_id);
}

void NormalizePost(v1::Post& post) {
  CanonicalRegion(post.mutable_region_code());
  post.clear_post_id();
  post.clear_remaining_openings();
  post.clear_create_time();
  post.clear_update_time();
  post.clear_version();
  post.clear_moderation();
}

absl::StatusOr<v1::CreateEmployerResponse> Postings::CreateEmployer(
    const v1::CreateEmployerRequest& req) {
  FieldViolations v;
  ValidateRequestId(req.request_id(), v);
  FieldViolations ev("employer");
  ValidateEmployer(req.employer(), ev);
  v.Merge(ev);
  JM_RETURN_IF_ERROR(v.ToStatus());
  v1::Employer e = req.employer();
  e.clear_employer_id();
  e.clear_create_time();
  e.clear_update_time();
  CanonicalRegion(e.mutable_region_code());
  v1::CreateEmployerResponse resp;
  int64_t outbox_id = 0;
  JM_ASSIGN_OR_RETURN(*resp.mutable_employer(),
                      store_.CreateEmployer(IdempotencyOf(req, "CreateEmployer", &outbox_id), e));
  resp.set_consistency_token(ConsistencyTokenOf(store_, outbox_id));
  return resp;
}

absl::StatusOr<v1::GetEmployerResponse> Postings::GetEmployer(const v1::GetEmployerRequest& req) {
  JM_RETURN_IF_ERROR(RequireId("employer_id", req.employer_id()));
  v1::GetEmployerResponse resp;
  JM_ASSIGN_OR_RETURN(*resp.mutable_employer(), store_.GetEmployer(req.employer_id()));
  return resp;
}

absl::StatusOr<v1::UpdateEmployerResponse> Postings::UpdateEmployer(
    const Caller& caller, const v1::UpdateEmployerRequest& req) {
  FieldViolations v;
  ValidateRequestId(req.request_id(), v);
  if (req.employer().employer_id().empty()) v.Add("employer.employer_id", "required");
  ValidateMask(req.update_mask(), v1::Employer::descriptor(),
               {"employer_id", "create_time", "update_time"}, v);
  JM_RETURN_IF_ERROR(v.ToStatus());
  JM_RETURN_IF_ERROR(RequireOwnRecord(caller, req.employer().employer_id(), "employer"));
  v1::UpdateEmployerResponse resp;
  int64_t outbox_id = 0;
  JM_ASSIGN_OR_RETURN(*resp.mutable_employer(),
                      store_.UpdateEmployer(IdempotencyOf(req, "UpdateEmployer", &outbox_id),
                                            req.employer().employer_id(), [&](v1::Employer& e) {
                                              ApplyMask(req.update_mask(), req.employer(), e);
                                              CanonicalRegion(e.mutable_region_code());
                                              FieldViolations ev("employer");
                                              ValidateEmployer(e, ev);
                                              return ev.ToStatus();
                                            }));
  resp.set_consistency_token(ConsistencyTokenOf(store_, outbox_id));
  return resp;
}

absl::StatusOr<v1::ListEmployersResponse> Postings::ListEmployers(
    const v1::ListEmployersRequest& req) {
  FieldViolations v;
  ValidatePageSize(req.page_size(), v);
  if (req.region_prefix().size() > 12 ||
      req.region_prefix().find_first_not_of("0123456789") != std::string::npos) {
    v.Add("region_prefix", "up to 12 digits of a region code");
  }
  if (!v1::LaborBrand_IsValid(req.labor_brand())) v.Add("labor_brand", "unknown labour brand");
  JM_RETURN_IF_ERROR(v.ToStatus());
  const uint64_t hash =
      StableHash(absl::StrCat("employers|", req.region_prefix(), "|", req.labor_brand()));
  JM_ASSIGN_OR_RETURN(int64_t before, SeqFromPageToken(req.page_token(), hash));
  JM_ASSIGN_OR_RETURN(auto page, store_.ListEmployers(req, before, PageSizeOr(req.page_size())));
  v1::ListEmployersResponse resp;
  for (auto& e : page.items) *resp.add_employers() = std::move(e);
  resp.set_next_page_token(PageTokenAfter(page.last_seq, hash));
  return resp;
}

absl::StatusOr<v1::CreateCampaignResponse> Postings::CreateCampaign(
    const v1::CreateCampaignRequest& req) {
  FieldViolations v;
  ValidateRequestId(req.request_id(), v);
  FieldViolations cv("campaign");
  ValidateCampaign(req.campaign(), cv);
  v.Merge(cv);
  JM_RETURN_IF_ERROR(v.ToStatus());
  v1::Campaign c = req.campaign();
  c.clear_campaign_id();
  c.clear_create_time();
  for (auto& code : *c.mutable_region_codes()) CanonicalRegion(&code);
  v1::CreateCampaignResponse resp;
  int64_t outbox_id = 0;
  JM_ASSIGN_OR_RETURN(*resp.mutable_campaign(),
                      store_.CreateCampaign(IdempotencyOf(req, "CreateCampaign", &outbox_id), c));
  resp.set_consistency_token(ConsistencyTokenOf(store_, outbox_id));
  return resp;
}

absl::StatusOr<v1::GetCampaignResponse> Postings::GetCampaign(const v1::GetCampaignRequest& req) {
  JM_RETURN_IF_ERROR(RequireId("campaign_id", req.campaign_id()));
  v1::GetCampaignResponse resp;
  JM_ASSIGN_OR_RETURN(*resp.mutable_campaign(), store_.GetCampaign(req.campaign_id()));
  return resp;
}

absl::StatusOr<v1::UpdateCampaignResponse> Postings::UpdateCampaign(
    const v1::UpdateCampaignRequest& req) {
  FieldViolations v;
  ValidateRequestId(req.request_id(), v);
  if (req.campaign().campaign_id().empty()) v.Add("campaign.campaign_id", "required");
  ValidateMask(req.update_mask(), v1::Campaign::descriptor(), {"campaign_id", "create_time"}, v);
  JM_RETURN_IF_ERROR(v.ToStatus());
  v1::UpdateCampaignResponse resp;
  int64_t outbox_id = 0;
  JM_ASSIGN_OR_RETURN(*resp.mutable_campaign(),
                      store_.UpdateCampaign(IdempotencyOf(req, "UpdateCampaign", &outbox_id),
                                            req.campaign().campaign_id(), [&](v1::Campaign& c) {
                                              ApplyMask(req.update_mask(), req.campaign(), c);
                                              for (auto& code : *c.mutable_region_codes())
                                                CanonicalRegion(&code);
                                              FieldViolations cv("campaign");
                                              ValidateCampaign(c, cv);
                                              return cv.ToStatus();
                                            }));
  resp.set_consistency_token(ConsistencyTokenOf(store_, outbox_id));
  return resp;
}

absl::StatusOr<v1::ListCampaignsResponse> Postings::ListCampaigns(
    const v1::ListCampaignsRequest& req) {
  FieldViolations v;
  ValidatePageSize(req.page_size(), v);
  if (!v1::CampaignKind_IsValid(req.kind())) v.Add("kind", "unknown campaign kind");
  JM_RETURN_IF_ERROR(v.ToStatus());
  v1::ListCampaignsRequest key = req;
  key.clear_page_size();
  key.clear_page_token();
  const uint64_t hash = StableHash(absl::StrCat("campaigns|", key.SerializeAsString()));
  JM_ASSIGN_OR_RETURN(int64_t before, SeqFromPageToken(req.page_token(), hash));
  JM_ASSIGN_OR_RETURN(auto page, store_.ListCampaigns(req, before, PageSizeOr(req.page_size())));
  v1::ListCampaignsResponse resp;
  for (auto& c : page.items) *resp.add_campaigns() = std::move(c);
  resp.set_next_page_token(PageTokenAfter(page.last_seq, hash));
  return resp;
}

std::function<absl::StatusOr<std::optional<v1::Campaign>>(const std::string&)>
Postings::CampaignLookup() {
  return [this](const std::string& id) -> absl::StatusOr<std::optional<v1::Campaign>> {
    absl::StatusOr<v1::Campaign> c = store_.GetCampaign(id);
    if (c.ok()) return std::optional<v1::Campaign>(*std::move(c));
    if (c.status().code() == absl::StatusCode::kNotFound) return std::nullopt;
    return c.status();
  };
}

absl::StatusOr<v1::CreatePostResponse> Postings::CreatePost(const Caller& caller,
                                                            const v1::CreatePostRequest& req) {
  FieldViolations v;
  ValidateRequestId(req.request_id(), v);
  FieldViolations pv("post");
  ValidatePost(req.post(), pv);
  const v1::PostState state = req.post().state();
  if (state != v1::POST_STATE_UNSPECIFIED && state != v1::POST_STATE_DRAFT &&
      state != v1::POST_STATE_OPEN) {
    pv.Add("state", "a new post is DRAFT or OPEN");
  }
  if (!MayTargetSensitiveGroups(caller)) {
    CheckNoSensitiveTargeting(req.post(), nullptr, pv);
    JM_RETURN_IF_ERROR(CheckNoSensitiveCampaigns(req.post(), nullptr, CampaignLookup(), pv));
  }
  v.Merge(pv);
  JM_RETURN_IF_ERROR(v.ToStatus());
  JM_RETURN_IF_ERROR(RequireOwnRecord(caller, req.post().employer_id(), "employer"));
  v1::Post p = req.post();
  NormalizePost(p);
  SettleArrivingCoding(p);
  JM_RETURN_IF_ERROR(ApplyLessons(store_, {&p}));
  if (p.state() == v1::POST_STATE_UNSPECIFIED) p.set_state(v1::POST_STATE_OPEN);
  JM_RETURN_IF_ERROR(ScreenForModeration(store_, nullptr, p));
  SetCreatedModeration(caller, p);
  v1::CreatePostResponse resp;
  int64_t outbox_id = 0;
  JM_ASSIGN_OR_RETURN(
      *resp.mutable_post(),
      store_.CreatePost(IdempotencyOf(req, "CreatePost", &outbox_id), std::move(p)));
  resp.set_consistency_token(ConsistencyTokenOf(store_, outbox_id));
  return resp;
}

absl::StatusOr<v1::GetPostResponse> Postings::GetPost(const Caller& caller,
                                                      const v1::GetPostRequest& req) {
  JM_RETURN_IF_ERROR(RequireId("post_id", req.post_id()));
  v1::GetPostResponse resp;
  JM_ASSIGN_OR_RETURN(*resp.mutable_post(), store_.GetPost(req.post_id()));
  if (!MaySeeModeration(caller, resp.post())) {
    // Unpublished posts do not exist for others; the review is not theirs.
    if (AwaitsModeration(resp.post().state())) {
      return absl::NotFoundError(absl::StrCat("no post ", req.post_id()));
    }
    resp.mutable_post()->clear_moderation();
  }
  return resp;
}

absl::StatusOr<v1::UpdatePostResponse> Postings::UpdatePost(const Caller& caller,
                                                            const v1::UpdatePostRequest& req) {
  FieldViolations v;
  ValidateRequestId(req.request_id(), v);
  if (req.post().post_id().empty()) v.Add("post.post_id", "required");
  ValidateMask(req.update_mask(), v1::Post::descriptor(),
               {"post_id", "employer_id", "remaining_openings", "create_time", "update_time",
                "version", "source", "external_id", "moderation"},
               v);
  if (req.expected_version() < 0) v.Add("expected_version", "must not be negative");
  if (!MayTargetSensitiveGroups(caller)) {
    FieldViolations sv("post");
    CheckNoSensitiveTargeting(req.post(), &req.update_mask(), sv);
    JM_RETURN_IF_ERROR(
        CheckNoSensitiveCampaigns(req.post(), &req.update_mask(), CampaignLookup(), sv));
    v.Merge(sv);
  }
  JM_RETURN_IF_ERROR(v.ToStatus());
  // Screening compares the pay with the county's: read outside the update's
  // transaction, for the occupation and region the post will have.
  JM_ASSIGN_OR_RETURN(v1::Post current, store_.GetPost(req.post().post_id()));
  ApplyMask(req.update_mask(), req.post(), current);
  NormalizePost(current);
  SalaryMedians medians;
  const std::string county = CountyOf(current.region_code());
  if (!county.empty()) {
    JM_ASSIGN_OR_RETURN(
        medians, store_.SalaryMediansOf(current.occupation_code(), county, kMinMedianSamples));
  }
  v1::UpdatePostResponse resp;
  int64_t outbox_id = 0;
  JM_ASSIGN_OR_RETURN(
      *resp.mutable_post(),
      store_.UpdatePost(
          IdempotencyOf(req, "UpdatePost", &outbox_id), req.post().post_id(),
          [&](v1::Post& p) -> absl::Status {
            JM_RETURN_IF_ERROR(RequireOwnRecord(caller, p.employer_id(), "post"));
            if (req.expected_version() != 0 && req.expected_version() != p.version()) {
              return absl::AbortedError(absl::StrCat("post is at version ", p.version(), ", not ",
                                                     req.expected_version()));
            }
            if (p.state() == v1::POST_STATE_CLOSED || p.state() == v1::POST_STATE_EXPIRED) {
              return absl::FailedPreconditionError("a closed or expired post cannot be changed");
            }
            const v1::Post before = p;
            ApplyMask(req.update_mask(), req.post(), p);
            FieldViolations pv("post");
            if (p.state() != before.state() && p.state() != v1::POST_STATE_OPEN &&
                p.state() != v1::POST_STATE_PAUSED) {
              pv.Add("state", "may only be set to OPEN or PAUSED here; use ClosePost to close");
            } else if (p.state() != before.state() && AwaitsModeration(before.state())) {
              return absl::FailedPreconditionError(
                  "the post awaits review: staff publish it with ApprovePost");
            }
            NormalizePost(p);
            // The review's record is the reviewers' to write.
            *p.mutable_moderation() = before.moderation();
            SettleUpdatedCoding(before, p);
            ValidatePost(p, pv);
            JM_RETURN_IF_ERROR(pv.ToStatus());
            JM_RETURN_IF_ERROR(ScreenForModeration(store_, &medians, p));
            SettleUpdatedModeration(caller, before, p);
            return absl::OkStatus();
          }));
  resp.set_consistency_token(ConsistencyTokenOf(store_, outbox_id));
  return resp;
}

absl::StatusOr<v1::ClosePostResponse> Postings::ClosePost(const Caller& caller,
                                                          const v1::ClosePostRequest& req) {
  FieldViolations v;
  ValidateRequestId(req.request_id(), v);
  if (req.post_id().empty()) v.Add("post_id", "required");
  if (CharCount(req.reason()) > 500) v.Add("reason", "at most 500 characters");
  CheckText(req.reason(), "reason", v, TextKind::kMultiLine);
  JM_RETURN_IF_ERROR(v.ToStatus());
  v1::ClosePostResponse resp;
  int64_t outbox_id = 0;
  JM_ASSIGN_OR_RETURN(
      *resp.mutable_post(),
      store_.UpdatePost(IdempotencyOf(req, "ClosePost", &outbox_id), req.post_id(),
                        [&](v1::Post& p) {
                          JM_RETURN_IF_ERROR(RequireOwnRecord(caller, p.employer_id(), "post"));
                          if (p.state() == v1::POST_STATE_CLOSED) {
                            return absl::FailedPreconditionError("post is already closed");
                          }
                          p.set_state(v1::POST_STATE_CLOSED);
                          return absl::OkStatus();
                        }));
  resp.set_consistency_token(ConsistencyTokenOf(store_, outbox_id));
  return resp;
}

absl::StatusOr<PostPage> Postings::QueryPosts(const v1::PostFilter& filter,
                                              const SearchQuery& search, int page_size,
                                              const std::string& page_token,
                                              std::string* next_token) {
  const uint64_t hash =
      StableHash(absl::StrCat("posts|", search.Key(), "|", filter.SerializeAsString()));
  JM_ASSIGN_OR_RETURN(int64_t before, SeqFromPageToken(page_token, hash));
  PostQuery query{filter, search, before, PageSizeOr(page_size)};
  JM_ASSIGN_OR_RETURN(PostPage page, store_.ListPosts(query));
  *next_token = PageTokenAfter(page.last_seq, hash);
  return page;
}

absl::StatusOr<v1::ListPostsResponse> Postings::ListPosts(const Caller& caller,
                                                          const v1::ListPostsRequest& req) {
  FieldViolations v;
  ValidatePageSize(req.page_size(), v);
  FieldViolations fv("filter");
  ValidatePostFilter(req.filter(), fv);
  v.Merge(fv);
  JM_RETURN_IF_ERROR(v.ToStatus());
  JM_RETURN_IF_ERROR(MayListStates(caller, req.filter()));
  v1::ListPostsResponse resp;
  JM_ASSIGN_OR_RETURN(PostPage page, QueryPosts(req.filter(), {}, req.page_size(), req.page_token(),
                                                resp.mutable_next_page_token()));
  for (auto& p : page.items) *resp.add_posts() = ForViewer(caller, std::move(p));
  return resp;
}

absl::StatusOr<v1::SearchPostsResponse> Postings::SearchPosts(const Caller& caller,
                                                              const v1::SearchPostsRequest& req) {
  FieldViolations v;
  const SearchQuery search = ParseSearchQuery(req.query());
  if (req.query().empty() || CharCount(req.query()) > 100) {
    v.Add("query", "1-100 characters");
  } else if (search.empty()) {
    v.Add("query", "has no searchable words");
  }
  CheckText(req.query(), "query", v);
  ValidatePageSize(req.page_size(), v);
  FieldViolations fv("filter");
  ValidatePostFilter(req.filter(), fv);
  v.Merge(fv);
  JM_RETURN_IF_ERROR(v.ToStatus());
  JM_RETURN_IF_ERROR(MayListStates(caller, req.filter()));
  v1::SearchPostsResponse resp;
  JM_ASSIGN_OR_RETURN(PostPage page, QueryPosts(req.filter(), search, req.page_size(),
                                                req.page_token(), resp.mutable_next_page_token()));
  for (auto& p : page.items) *resp.add_posts() = ForViewer(caller, std::move(p));
  return resp;
}

}  // namespace jobmatch::postings

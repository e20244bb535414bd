// Input rules for employers, campaigns, posts and list filters. Each function
// returns every violation it finds, named by its full field path under
// `prefix` ("post" -> "post.salary.min_monthly_cny"). Rules that need stored
// state (an employer or campaign exists, a credit code is unused) belong to
// the store; everything decidable from the message alone is here.
#ifndef JOBMATCH_SERVICES_POSTINGS_VALIDATION_H_
#define JOBMATCH_SERVICES_POSTINGS_VALIDATION_H_

#include <string>

#include "absl/strings/string_view.h"
#include "jobmatch/v1/postings.pb.h"
#include "services/common/field_violations.h"

namespace jobmatch::postings {

inline constexpr int kMaxTitleChars = 100;
inline constexpr int kMaxDescriptionChars = 5000;
inline constexpr int kMaxNameChars = 200;
inline constexpr int kMaxOpenings = 100000;
inline constexpr int kMinAge = 16;
inline constexpr int kMaxAge = 70;

// Number of Unicode characters in UTF-8 `s`.
int CharCount(absl::string_view s);

// request_id: 1-64 printable ASCII characters.
void ValidateRequestId(absl::string_view request_id, FieldViolations& v);

void ValidateEmployer(const v1::Employer& employer, FieldViolations& v);
void ValidateCampaign(const v1::Campaign& campaign, FieldViolations& v);
// Content rules of a post; its lifecycle state is the caller's to check.
void ValidatePost(const v1::Post& post, FieldViolations& v);
void ValidatePostFilter(const v1::PostFilter& filter, FieldViolations& v);
// The review queue's page size and filters.
void ValidateReviewQueueRequest(const v1::ListPostsForReviewRequest& req, FieldViolations& v);
// A review's post_id, occupation_code (a detailed code) and expected_version;
// its request_id is ValidateRequestId's.
void ValidateReviewRequest(const v1::ReviewPostOccupationRequest& req, FieldViolations& v);
// page_size: 0 (default) or 1-1000.
void ValidatePageSize(int page_size, FieldViolations& v);
// The filters the staff queues share (occupation review, moderation):
// campaign_id up to 40 characters, region_prefix up to 12 digits.
void ValidateQueueFilters(const std::string& campaign_id, const std::string& region_prefix,
                          FieldViolations& v);
// The post a staff decision is about: post_id, 1-40 characters.
void ValidateDecidedPostId(const std::string& post_id, FieldViolations& v);

}  // namespace jobmatch::postings

#endif  // JOBMATCH_SERVICES_POSTINGS_VALIDATION_H_

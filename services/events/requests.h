// Validation of the events service's requests, and the submissions they
// become. Every function checks all fields and answers INVALID_ARGUMENT with
// one field violation per offending field (paths like "view.channel").
#ifndef JOBMATCH_SERVICES_EVENTS_REQUESTS_H_
#define JOBMATCH_SERVICES_EVENTS_REQUESTS_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "jobmatch/v1/events.pb.h"
#include "services/common/field_violations.h"
#include "services/common/text_checks.h"
#include "services/events/event_store.h"

namespace jobmatch::events {

absl::StatusOr<Submission> FromRequest(const v1::RecordViewRequest& req);
absl::StatusOr<Submission> FromRequest(const v1::SubmitApplicationRequest& req);
absl::StatusOr<Submission> FromRequest(const v1::InviteInterviewRequest& req);
absl::StatusOr<Submission> FromRequest(const v1::RecordHireRequest& req);
absl::StatusOr<Submission> FromRequest(const v1::RecordRejectionRequest& req);
absl::StatusOr<Submission> FromRequest(const v1::PushLivePostRequest& req);
absl::StatusOr<Submission> FromRequest(const v1::RecordFairCheckInRequest& req);
absl::StatusOr<Submission> FromRequest(const v1::RecordFieldVisitRequest& req);

// The call-level checks of a bulk request (1-kMaxViewsPerCall items); each
// item is then checked with FromRequest on its own.
inline constexpr int kMaxViewsPerCall = 1000;
absl::Status Validate(const v1::RecordViewsRequest& req);

// `status` with every field violation's path prefixed by `prefix` + "."
// ("post_id" becomes "views[3].post_id"); other statuses unchanged.
absl::Status WithFieldPrefix(const absl::Status& status, const std::string& prefix);

absl::Status Validate(const v1::SubscribeRequest& req);
absl::Status Validate(const v1::CampaignStatsRequest& req);

// The application pipeline.
absl::StatusOr<Submission> FromRequest(const v1::MarkApplicationViewedRequest& req);
absl::StatusOr<Submission> FromRequest(const v1::RespondToInvitationRequest& req);
absl::StatusOr<Submission> FromRequest(const v1::WithdrawApplicationRequest& req);
absl::StatusOr<Submission> FromRequest(const v1::UndoHireRequest& req);

// A list's page: its size (1-kMaxApplicationsPage, 0 meaning
// kDefaultApplicationsPage) and where it starts (0: the newest).
struct PageRequest {
  int size = 0;
  int64_t before_seq = 0;
};
inline constexpr int kDefaultApplicationsPage = 20;
inline constexpr int kMaxApplicationsPage = 100;
absl::StatusOr<PageRequest> Validate(const v1::ListMyApplicationsRequest& req);
absl::StatusOr<PageRequest> Validate(const v1::ListApplicantsRequest& req);
// The page token that continues after a page (see ApplicationPage).
std::string PageToken(int64_t next_before_seq);
// The person-and-post part of most requests (and of outcomes, whose hire is
// named by them): request_id 1-64 characters, profile_id and post_id 1-40.
void CheckPersonPost(const std::string& request_id, const std::string& profile_id,
                     const std::string& post_id, FieldViolations& v);

// A hash of `message`'s bytes that is the same in every process (FNV-1a),
// so a request id reused with a different request is recognised after restarts.
uint64_t StableHash(const google::protobuf::Message& message);

// Checks shared by the requests here and the outcome requests (outcomes.h).
// An event of `kind` about the person and post.
v1::Event PersonPostEvent(v1::EventKind kind, const std::string& profile_id,
                          const std::string& post_id);
// `channel` is one of `known` ("must be one of a, b, c"); empty passes
// unless `required`.
void CheckChannelIn(const std::string& channel, const char* field,
                    std::initializer_list<const char*> known, bool required, FieldViolations& v);
// A free text of at most 500 bytes.
void CheckTextLength(const std::string& text, const char* field, FieldViolations& v);
// "region_prefix": empty, or 1-12 digits.
void CheckRegionPrefix(const std::string& region_prefix, FieldViolations& v);

// The submission of `req` once every text field of it is checked too, or
// INVALID_ARGUMENT with all of `v`'s violations.
template <typename Req>
absl::StatusOr<Submission> BuildSubmission(const Req& req, FieldViolations v, v1::Event event) {
  CheckMessageText(req, "", v);  // every text field of every kind of request
  if (!v.empty()) return v.ToStatus();
  Submission sub;
  sub.request_id = req.request_id();
  sub.request_hash = StableHash(req);
  sub.event = std::move(event);
  return sub;
}

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_REQUESTS_H_

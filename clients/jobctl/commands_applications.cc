// The application pipeline: a jobseeker applies, follows their applications
// and answers invitations; an employer lists applicants by stage, opens one,
// invites, hires or turns down, and undoes a hire.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "clients/jobctl/cli.h"
#include "clients/jobctl/commands.h"
#include "clients/jobctl/format.h"
#include "clients/jobctl/paging.h"
#include "clients/lib/call_runner.h"
#include "jobmatch/v1/events.grpc.pb.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace jobmatch::jobctl {
namespace {

namespace v1 = ::jobmatch::v1;

std::string StatusText(int status) {
  return EnumName(v1::ApplicationStatus_descriptor(), "APPLICATION_STATUS_", status);
}

// China time, or "" when unset.
std::string TimeText(bool has, const google::protobuf::Timestamp& t) {
  return has ? ChinaTime(t) : "";
}

template <typename Req>
void Identify(Session& s, Req* request) {
  request->set_request_id(s.inv().Get("request_id"));
  client::EnsureRequestId(request);
  request->set_profile_id(s.ProfileOrSelf());
  request->set_post_id(s.inv().Get("post"));
}

// How a step's answer is shown: its event, or, for the steps that move an
// opening (a hire, its undoing), the whole answer with the openings left.
template <typename Resp>
void PrintStep(Session& s, const Resp& response, const std::string& what) {
  if (s.json()) {
    s.out() << ToJsonLine(response.event());
  } else {
    s.out() << what << ": " << response.event().profile_id() << " on post "
            << response.event().post_id() << " (feed cursor " << response.event().cursor() << ")\n";
  }
}

template <typename Resp>
void PrintOpeningStep(Session& s, const Resp& response, const std::string& what) {
  if (s.json()) {
    s.out() << ToJsonLine(response);
  } else {
    s.out() << what << ": " << response.event().profile_id() << " on post "
            << response.event().post_id() << "; openings left " << response.remaining_openings()
            << " (feed cursor " << response.event().cursor() << ")\n";
  }
}
void PrintStep(Session& s, const v1::RecordHireResponse& r, const std::string& what) {
  PrintOpeningStep(s, r, what);
}
void PrintStep(Session& s, const v1::UndoHireResponse& r, const std::string& what) {
  PrintOpeningStep(s, r, what);
}

// Sends one step of the pipeline, saves its consistency token and shows it.
template <typename Request, typename Response>
absl::Status TakeStep(Session& s,
                      grpc::Status (v1::EventsService::Stub::*method)(grpc::ClientContext*,
                                                                      const Request&, Response*),
                      const Request& request, const std::string& what) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::EventsService>("events"));
  JM_ASSIGN_OR_RETURN(Response response, s.runner().Unary(stub.get(), method, request));
  JM_RETURN_IF_ERROR(s.SaveConsistencyToken(response.consistency_token()));
  PrintStep(s, response, what);
  return absl::OkStatus();
}

// Parses --NAME as an RFC 3339 time into `out` (callers of optional flags ask
// Has first: taking `out` already sets the field).
absl::Status TimeFlag(Session& s, const std::string& name, google::protobuf::Timestamp* out) {
  if (!s.inv().Has(name)) return absl::OkStatus();
  absl::Time t;
  std::string why;
  if (!absl::ParseTime(absl::RFC3339_full, s.inv().Get(name), &t, &why)) {
    return UsageError(absl::StrCat("--", name,
                                   " needs an RFC 3339 time like 2026-12-10T14:00:00+08:00, not \"",
                                   s.inv().Get(name), "\""));
  }
  *out = ToProto(t);
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplicationsMine(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::EventsService>("events"));
  v1::ListMyApplicationsRequest request;
  request.set_profile_id(s.ProfileOrSelf());
  JM_ASSIGN_OR_RETURN(int page_size, s.inv().Int("page_size", 0));
  request.set_page_size(page_size);
  Table table({"POST", "TITLE", "STATUS", "APPLIED", "UPDATED", "INTERVIEW", "PLACE", "PROPOSED"});
  return ListPages(s, table, [&](const std::string& token) -> absl::StatusOr<std::string> {
    request.set_page_token(token);
    JM_ASSIGN_OR_RETURN(
        auto page,
        s.runner().Unary(stub.get(), &v1::EventsService::Stub::ListMyApplications, request));
    for (const auto& a : page.applications()) {
      if (s.json()) s.out() << ToJsonLine(a);
      table.AddRow({a.post_id(), a.post_title(), StatusText(a.status()),
                    TimeText(a.has_applied_time(), a.applied_time()),
                    TimeText(a.has_updated_time(), a.updated_time()),
                    TimeText(a.has_interview_time(), a.interview_time()), a.interview_place(),
                    TimeText(a.has_proposed_time(), a.proposed_time())});
    }
    return page.next_page_token();
  });
}

absl::Status ApplicationsList(Session& s) {
  JM_ASSIGN_OR_RETURN(auto stub, s.Stub<v1::EventsService>("events"));
  v1::ListApplicantsRequest request;
  request.set_post_id(s.inv().Get("post"));
  if (s.inv().Has("stage")) {
    for (absl::string_view stage : absl::StrSplit(s.inv().Get("stage"), ',', absl::SkipEmpty())) {
      JM_ASSIGN_OR_RETURN(int status, ParseEnum(v1::ApplicationStatus_descriptor(),
                                                "APPLICATION_STATUS_", stage, "stage"));
      request.add_statuses(static_cast<v1::ApplicationStatus>(status));
    }
  }
  JM_ASSIGN_OR_RETURN(int page_size, s.inv().Int("page_size", 0));
  request.set_page_size(page_size);
  Table table(
      {"PROFILE", "STATUS", "REGION", "GROUPS", "CHANNEL", "APPLIED", "INTERVIEW", "PROPOSED"});
  return ListPages(s, table, [&](const std::string& token) -> absl::StatusOr<std::string> {
    request.set_page_token(token);
    JM_ASSIGN_OR_RETURN(
        auto page, s.runner().Unary(stub.get(), &v1::EventsService::Stub::ListApplicants, request));
    for (const auto& a : page.applicants()) {
      if (s.json()) s.out() << ToJsonLine(a);
      table.AddRow({a.profile_id(), StatusText(a.status()), a.region_code(),
                    GroupsText(a.key_groups()), a.channel(),
                    TimeText(a.has_applied_time(), a.applied_time()),
                    TimeText(a.has_interview_time(), a.interview_time()),
                    TimeText(a.has_proposed_time(), a.proposed_time())});
    }
    return page.next_page_token();
  });
}

absl::Status ApplicationsApply(Session& s) {
  v1::SubmitApplicationRequest request;
  Identify(s, &request);
  request.mutable_application()->set_channel(s.inv().Get("channel", "app"));
  return TakeStep(s, &v1::EventsService::Stub::SubmitApplication, request, "applied");
}

absl::Status ApplicationsInvite(Session& s) {
  v1::InviteInterviewRequest request;
  Identify(s, &request);
  JM_RETURN_IF_ERROR(TimeFlag(s, "time", request.mutable_interview()->mutable_interview_time()));
  request.mutable_interview()->set_place(s.inv().Get("place"));
  return TakeStep(s, &v1::EventsService::Stub::InviteInterview, request, "invited");
}

absl::Status ApplicationsHire(Session& s) {
  v1::RecordHireRequest request;
  Identify(s, &request);
  if (s.inv().Has("start")) {
    JM_RETURN_IF_ERROR(TimeFlag(s, "start", request.mutable_hire()->mutable_start_date()));
  }
  request.mutable_hire()->set_on_site_channel(s.inv().Get("on_site"));
  return TakeStep(s, &v1::EventsService::Stub::RecordHire, request, "hired");
}

absl::Status ApplicationsReject(Session& s) {
  v1::RecordRejectionRequest request;
  Identify(s, &request);
  request.mutable_rejection()->set_reason(s.inv().Get("reason"));
  return TakeStep(s, &v1::EventsService::Stub::RecordRejection, request, "turned down");
}

absl::Status ApplicationsView(Session& s) {
  v1::MarkApplicationViewedRequest request;
  Identify(s, &request);
  return TakeStep(s, &v1::EventsService::Stub::MarkApplicationViewed, request, "viewed");
}

absl::Status ApplicationsRespond(Session& s) {
  v1::RespondToInvitationRequest request;
  Identify(s, &request);
  JM_ASSIGN_OR_RETURN(int answer, ParseEnum(v1::InvitationAnswer_descriptor(), "INVITATION_ANSWER_",
                                            s.inv().Get("answer"), "answer"));
  request.mutable_response()->set_answer(static_cast<v1::InvitationAnswer>(answer));
  if (s.inv().Has("time")) {
    JM_RETURN_IF_ERROR(TimeFlag(s, "time", request.mutable_response()->mutable_proposed_time()));
  }
  request.mutable_response()->set_note(s.inv().Get("note"));
  return TakeStep(s, &v1::EventsService::Stub::RespondToInvitation, request, "answered");
}

absl::Status ApplicationsWithdraw(Session& s) {
  v1::WithdrawApplicationRequest request;
  Identify(s, &request);
  request.mutable_withdrawal()->set_reason(s.inv().Get("reason"));
  return TakeStep(s, &v1::EventsService::Stub::WithdrawApplication, request, "withdrawn");
}

absl::Status ApplicationsUndoHire(Session& s) {
  v1::UndoHireRequest request;
  Identify(s, &request);
  request.mutable_undo()->set_reason(s.inv().Get("reason"));
  return TakeStep(s, &v1::EventsService::Stub::UndoHire, request, "hire undone");
}

}  // namespace jobmatch::jobctl

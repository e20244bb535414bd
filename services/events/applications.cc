#include "services/events/applications.h"

#include <initializer_list>

#include "absl/strings/str_cat.h"

namespace jobmatch::events {
namespace {

using v1::ApplicationStatus;
constexpr ApplicationStatus kApplied = v1::APPLICATION_STATUS_APPLIED;
constexpr ApplicationStatus kViewed = v1::APPLICATION_STATUS_VIEWED;
constexpr ApplicationStatus kInvited = v1::APPLICATION_STATUS_INVITED;
constexpr ApplicationStatus kAccepted = v1::APPLICATION_STATUS_INTERVIEW_ACCEPTED;
constexpr ApplicationStatus kDeclined = v1::APPLICATION_STATUS_INTERVIEW_DECLINED;
constexpr ApplicationStatus kRescheduled = v1::APPLICATION_STATUS_INTERVIEW_RESCHEDULED;
constexpr ApplicationStatus kHired = v1::APPLICATION_STATUS_HIRED;
constexpr ApplicationStatus kRejected = v1::APPLICATION_STATUS_REJECTED;
constexpr ApplicationStatus kWithdrawn = v1::APPLICATION_STATUS_WITHDRAWN;

// The statuses of an application still in play: the employer may still
// invite, hire or reject, and the jobseeker may still withdraw. A declined
// interview is in play for a hire or a rejection, not for another invitation
// the person already said no to.
constexpr std::initializer_list<ApplicationStatus> kOpen = {kApplied, kViewed, kInvited, kAccepted,
                                                            kRescheduled};

struct Rule {
  Step step;
  std::initializer_list<ApplicationStatus> from;
  ApplicationStatus to;
};

// Every legal step (kApply and kUndoHire are decided in code below).
const Rule kRules[] = {
    {Step::kView, {kApplied}, kViewed},
    // A new invitation also moves an accepted or rescheduled interview.
    {Step::kInvite, kOpen, kInvited},
    {Step::kAccept, {kInvited, kRescheduled}, kAccepted},
    // A jobseeker may change their mind about an accepted interview.
    {Step::kDecline, {kInvited, kAccepted, kRescheduled}, kDeclined},
    {Step::kReschedule, {kInvited, kAccepted}, kRescheduled},
    {Step::kHire, kOpen, kHired},
    {Step::kReject, {kApplied, kViewed, kInvited, kAccepted, kDeclined, kRescheduled}, kRejected},
    {Step::kWithdraw,
     {kApplied, kViewed, kInvited, kAccepted, kDeclined, kRescheduled},
     kWithdrawn},
};

std::string StatusName(ApplicationStatus s) {
  // "APPLICATION_STATUS_INVITED" reads as "INVITED" in messages.
  std::string name = v1::ApplicationStatus_Name(s);
  constexpr absl::string_view kPrefix = "APPLICATION_STATUS_";
  if (absl::string_view(name).substr(0, kPrefix.size()) == kPrefix) name.erase(0, kPrefix.size());
  return name;
}

bool RoleIn(Role role, std::initializer_list<Role> roles) {
  for (Role r : roles) {
    if (r == role) return true;
  }
  return false;
}

}  // namespace

std::optional<Step> StepOf(const v1::Event& event) {
  switch (event.kind()) {
    case v1::EVENT_KIND_APPLICATION:
      return Step::kApply;
    case v1::EVENT_KIND_APPLICATION_VIEWED:
      return Step::kView;
    case v1::EVENT_KIND_INTERVIEW_INVITATION:
      return Step::kInvite;
    case v1::EVENT_KIND_INVITATION_RESPONSE:
      switch (event.invitation_response().answer()) {
        case v1::INVITATION_ANSWER_ACCEPT:
          return Step::kAccept;
        case v1::INVITATION_ANSWER_DECLINE:
          return Step::kDecline;
        case v1::INVITATION_ANSWER_RESCHEDULE:
          return Step::kReschedule;
        default:
          return std::nullopt;
      }
    case v1::EVENT_KIND_HIRE:
      return Step::kHire;
    case v1::EVENT_KIND_REJECTION:
      return Step::kReject;
    case v1::EVENT_KIND_APPLICATION_WITHDRAWN:
      return Step::kWithdraw;
    case v1::EVENT_KIND_HIRE_UNDONE:
      return Step::kUndoHire;
    default:
      return std::nullopt;
  }
}

const char* StepName(Step step) {
  switch (step) {
    case Step::kApply:
      return "apply";
    case Step::kView:
      return "mark viewed";
    case Step::kInvite:
      return "invite to an interview";
    case Step::kAccept:
      return "accept the interview";
    case Step::kDecline:
      return "decline the interview";
    case Step::kReschedule:
      return "reschedule the interview";
    case Step::kHire:
      return "hire";
    case Step::kReject:
      return "reject";
    case Step::kWithdraw:
      return "withdraw";
    case Step::kUndoHire:
      return "undo the hire";
  }
  return "?";
}

absl::StatusOr<ApplicationStatus> NextStatus(std::optional<ApplicationStatus> current, Step step) {
  if (step == Step::kApply) {
    // A withdrawn application may be made again: the person changed their
    // mind, and the matcher offers the post again once they withdrew.
    if (current.has_value() && *current != kWithdrawn) {
      return absl::AlreadyExistsError(
          absl::StrCat("already applied (the application is ", StatusName(*current), ")"));
    }
    return kApplied;
  }
  if (!current.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot ", StepName(step), ": there is no application"));
  }
  if (step == Step::kUndoHire) {
    if (*current != kHired) {
      return absl::FailedPreconditionError(absl::StrCat("cannot undo the hire: the application is ",
                                                        StatusName(*current), ", not HIRED"));
    }
    return kHired;  // the store puts back the status before the hire
  }
  if (step == Step::kHire && *current == kHired) {
    return absl::AlreadyExistsError("already hired");
  }
  for (const Rule& rule : kRules) {
    if (rule.step != step) continue;
    for (ApplicationStatus from : rule.from) {
      if (from == *current) return rule.to;
    }
  }
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", StepName(step), ": the application is ", StatusName(*current)));
}

ApplicationStatus PriorToHire(std::optional<ApplicationStatus> before_hire) {
  if (!before_hire.has_value() || *before_hire == v1::APPLICATION_STATUS_UNSPECIFIED) {
    return kApplied;
  }
  return *before_hire;
}

absl::Status MayTakeStep(const Caller& caller, Step step, bool on_site) {
  // Anonymous calls reach a handler only on plaintext development servers,
  // where every other check of this service lets them through too.
  if (ActsForBureau(caller) || caller.role == Role::kAnonymous) return absl::OkStatus();
  constexpr Role kSeeker = Role::kJobseeker, kEmployer = Role::kEmployer,
                 kRecruiter = Role::kRecruiter;
  bool allowed = false;
  switch (step) {
    case Step::kApply:
      allowed = RoleIn(caller.role, {kSeeker, kRecruiter});
      break;
    case Step::kView:
    case Step::kReject:
    case Step::kUndoHire:
      allowed = caller.role == kEmployer;
      break;
    case Step::kInvite:
      allowed = RoleIn(caller.role, {kEmployer, kRecruiter});
      break;
    case Step::kHire:
      allowed = on_site ? caller.role == kRecruiter : RoleIn(caller.role, {kEmployer, kRecruiter});
      break;
    case Step::kAccept:
    case Step::kDecline:
    case Step::kReschedule:
    case Step::kWithdraw:
      allowed = caller.role == kSeeker;
      break;
  }
  if (allowed) return absl::OkStatus();
  if (step == Step::kHire && on_site) {
    return absl::PermissionDeniedError(
        "hire.on_site_channel: only bureau staff and recruiters record on-site placements");
  }
  return absl::PermissionDeniedError(
      absl::StrCat("a ", RoleName(caller.role), " may not ", StepName(step)));
}

}  // namespace jobmatch::events

// The application pipeline's rules: where an application of a person to a
// post may go from where it stands, and who may take each step. Pure domain:
// no gRPC, no SQL. The store (mysql_application_store.cc) applies these
// inside the transaction that locks the application's row, so two steps on
// one application never both pass against the same starting status.
#ifndef JOBMATCH_SERVICES_EVENTS_APPLICATIONS_H_
#define JOBMATCH_SERVICES_EVENTS_APPLICATIONS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jobmatch/v1/events.pb.h"
#include "services/common/caller.h"

namespace jobmatch::events {

// One step of the pipeline; each is recorded as one feed event.
enum class Step {
  kApply,       // jobseeker (or a recruiter for them): EVENT_KIND_APPLICATION
  kView,        // employer opened it: EVENT_KIND_APPLICATION_VIEWED
  kInvite,      // employer: EVENT_KIND_INTERVIEW_INVITATION
  kAccept,      // jobseeker answers the invitation: EVENT_KIND_INVITATION_RESPONSE
  kDecline,     //   "
  kReschedule,  //   "
  kHire,        // employer: EVENT_KIND_HIRE (takes an opening)
  kReject,      // employer: EVENT_KIND_REJECTION
  kWithdraw,    // jobseeker: EVENT_KIND_APPLICATION_WITHDRAWN
  kUndoHire,    // employer or staff: EVENT_KIND_HIRE_UNDONE (the opening returns)
};

// The step `event` records, or nullopt for events outside the pipeline.
std::optional<Step> StepOf(const v1::Event& event);

const char* StepName(Step step);

// The status after `step` from `current` (nullopt: no application yet).
// FAILED_PRECONDITION naming both when the step is not legal from there;
// ALREADY_EXISTS for a second application (one per person per post), unless
// the first was withdrawn: applying again moves it back to APPLIED.
// Undoing a hire is not decided here: it returns to the status before the
// hire, which the store keeps (see PriorToHire).
absl::StatusOr<v1::ApplicationStatus> NextStatus(std::optional<v1::ApplicationStatus> current,
                                                 Step step);

// The status a hire returns to when undone: `before_hire`, the status it was
// taken from, or APPLIED for a placement made on site without an application.
v1::ApplicationStatus PriorToHire(std::optional<v1::ApplicationStatus> before_hire);

// Whether `caller`'s role may take `step` at all (which record is theirs is
// checked apart, by the service). Bureau staff and services may take every
// step; a placement made on site (`on_site`, a hire with on_site_channel) is
// recorded by staff and recruiters only, never by an employer, so that an
// employer cannot hire someone who did not apply.
absl::Status MayTakeStep(const Caller& caller, Step step, bool on_site = false);

}  // namespace jobmatch::events

#endif  // JOBMATCH_SERVICES_EVENTS_APPLICATIONS_H_

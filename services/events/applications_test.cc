// The application pipeline's rules, table-tested without a database: every
// (status, step) pair, written out by hand, and who may take each step.
#include "services/events/applications.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

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

constexpr ApplicationStatus kAll[] = {kApplied,     kViewed, kInvited,  kAccepted, kDeclined,
                                      kRescheduled, kHired,  kRejected, kWithdrawn};
constexpr Step kSteps[] = {Step::kView,       Step::kInvite, Step::kAccept, Step::kDecline,
                           Step::kReschedule, Step::kHire,   Step::kReject, Step::kWithdraw};

// The legal moves: (from, step) -> to. Everything else is refused.
const std::map<std::pair<ApplicationStatus, Step>, ApplicationStatus> kLegal = {
    {{kApplied, Step::kView}, kViewed},
    {{kApplied, Step::kInvite}, kInvited},
    {{kViewed, Step::kInvite}, kInvited},
    {{kInvited, Step::kInvite}, kInvited},
    {{kAccepted, Step::kInvite}, kInvited},
    {{kRescheduled, Step::kInvite}, kInvited},
    {{kInvited, Step::kAccept}, kAccepted},
    {{kRescheduled, Step::kAccept}, kAccepted},
    {{kInvited, Step::kDecline}, kDeclined},
    {{kAccepted, Step::kDecline}, kDeclined},
    {{kRescheduled, Step::kDecline}, kDeclined},
    {{kInvited, Step::kReschedule}, kRescheduled},
    {{kAccepted, Step::kReschedule}, kRescheduled},
    {{kApplied, Step::kHire}, kHired},
    {{kViewed, Step::kHire}, kHired},
    {{kInvited, Step::kHire}, kHired},
    {{kAccepted, Step::kHire}, kHired},
    {{kRescheduled, Step::kHire}, kHired},
    {{kApplied, Step::kReject}, kRejected},
    {{kViewed, Step::kReject}, kRejected},
    {{kInvited, Step::kReject}, kRejected},
    {{kAccepted, Step::kReject}, kRejected},
    {{kDeclined, Step::kReject}, kRejected},
    {{kRescheduled, Step::kReject}, kRejected},
    {{kApplied, Step::kWithdraw}, kWithdrawn},
    {{kViewed, Step::kWithdraw}, kWithdrawn},
    {{kInvited, Step::kWithdraw}, kWithdrawn},
    {{kAccepted, Step::kWithdraw}, kWithdrawn},
    {{kDeclined, Step::kWithdraw}, kWithdrawn},
    {{kRescheduled, Step::kWithdraw}, kWithdrawn},
};

TEST(ApplicationRulesTest, EveryStatusAndStep) {
  for (ApplicationStatus from : kAll) {
    for (Step step : kSteps) {
      absl::StatusOr<ApplicationStatus> to = NextStatus(from, step);
      auto legal = kLegal.find({from, step});
      if (legal != kLegal.end()) {
        ASSERT_TRUE(to.ok()) << StepName(step) << " from " << from << ": " << to.status();
        EXPECT_EQ(*to, legal->second) << StepName(step) << " from " << from;
      } else if (from == kHired && step == Step::kHire) {
        EXPECT_TRUE(absl::IsAlreadyExists(to.status())) << to.status();
      } else {
        EXPECT_TRUE(absl::IsFailedPrecondition(to.status()))
            << StepName(step) << " from " << from << " gave " << to.status();
      }
    }
  }
}

TEST(ApplicationRulesTest, RefusalsSayWhatAndWhere) {
  absl::StatusOr<ApplicationStatus> to = NextStatus(kWithdrawn, Step::kHire);
  ASSERT_TRUE(absl::IsFailedPrecondition(to.status()));
  EXPECT_EQ(to.status().message(), "cannot hire: the application is WITHDRAWN");
}

TEST(ApplicationRulesTest, ApplyingOnceAndStepsNeedAnApplication) {
  EXPECT_EQ(*NextStatus(std::nullopt, Step::kApply), kApplied);
  for (ApplicationStatus from : kAll) {
    if (from == kWithdrawn) continue;  // applying again (below)
    EXPECT_TRUE(absl::IsAlreadyExists(NextStatus(from, Step::kApply).status()));
  }
  EXPECT_EQ(*NextStatus(kWithdrawn, Step::kApply), kApplied);
  for (Step step : kSteps) {
    EXPECT_TRUE(absl::IsFailedPrecondition(NextStatus(std::nullopt, step).status()));
  }
  EXPECT_TRUE(absl::IsFailedPrecondition(NextStatus(std::nullopt, Step::kUndoHire).status()));
}

TEST(ApplicationRulesTest, OnlyAHireIsUndoneAndItGoesBackWhereItCameFrom) {
  for (ApplicationStatus from : kAll) {
    EXPECT_EQ(NextStatus(from, Step::kUndoHire).ok(), from == kHired) << from;
  }
  EXPECT_EQ(PriorToHire(kAccepted), kAccepted);
  EXPECT_EQ(PriorToHire(std::nullopt), kApplied);  // an on-site placement
}

TEST(ApplicationRulesTest, StepsOfEvents) {
  v1::Event e;
  e.set_kind(v1::EVENT_KIND_VIEW);
  EXPECT_FALSE(StepOf(e).has_value());
  e.set_kind(v1::EVENT_KIND_INVITATION_RESPONSE);
  EXPECT_FALSE(StepOf(e).has_value());  // no answer: not a step
  e.mutable_invitation_response()->set_answer(v1::INVITATION_ANSWER_RESCHEDULE);
  EXPECT_EQ(StepOf(e), Step::kReschedule);
  e.set_kind(v1::EVENT_KIND_HIRE_UNDONE);
  EXPECT_EQ(StepOf(e), Step::kUndoHire);
}

Caller As(Role role) { return Caller{role, "someone", {}, {}}; }

TEST(ApplicationRulesTest, WhoTakesWhichStep) {
  struct Case {
    Role role;
    Step step;
    bool on_site;
    bool allowed;
  };
  const Case cases[] = {
      {Role::kJobseeker, Step::kApply, false, true},
      {Role::kJobseeker, Step::kWithdraw, false, true},
      {Role::kJobseeker, Step::kAccept, false, true},
      {Role::kJobseeker, Step::kHire, false, false},  // never hires, themself or anyone
      {Role::kJobseeker, Step::kHire, true, false},
      {Role::kJobseeker, Step::kInvite, false, false},
      {Role::kJobseeker, Step::kUndoHire, false, false},
      {Role::kJobseeker, Step::kView, false, false},
      {Role::kEmployer, Step::kView, false, true},
      {Role::kEmployer, Step::kInvite, false, true},
      {Role::kEmployer, Step::kHire, false, true},
      {Role::kEmployer, Step::kHire, true, false},  // on-site placements are the bureau's
      {Role::kEmployer, Step::kUndoHire, false, true},
      {Role::kEmployer, Step::kReject, false, true},
      {Role::kEmployer, Step::kAccept, false, false},
      {Role::kEmployer, Step::kWithdraw, false, false},
      {Role::kEmployer, Step::kApply, false, false},
      {Role::kRecruiter, Step::kHire, true, true},
      {Role::kRecruiter, Step::kApply, false, true},
      {Role::kRecruiter, Step::kUndoHire, false, false},
      {Role::kLiveHost, Step::kApply, false, false},
      {Role::kAnalyst, Step::kView, false, false},
      {Role::kAdmin, Step::kUndoHire, false, true},
      {Role::kAdmin, Step::kHire, true, true},
  };
  for (const Case& c : cases) {
    absl::Status s = MayTakeStep(As(c.role), c.step, c.on_site);
    EXPECT_EQ(s.ok(), c.allowed) << RoleName(c.role) << " " << StepName(c.step) << " " << s;
    if (!c.allowed) {
      EXPECT_TRUE(absl::IsPermissionDenied(s)) << s;
    }
  }
}

}  // namespace
}  // namespace jobmatch::events

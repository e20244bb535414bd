// The commands of jobctl, one function each; RunJobctl dispatches on the
// command's path. Each returns OK, or the status whose code picks the exit code.
#ifndef JOBMATCH_CLIENTS_JOBCTL_COMMANDS_H_
#define JOBMATCH_CLIENTS_JOBCTL_COMMANDS_H_

#include "absl/status/status.h"
#include "clients/jobctl/session.h"

namespace jobmatch::jobctl {

// Employers, campaigns, posts, postings import (commands_catalogue.cc).
absl::Status EmployersCreate(Session& s);
absl::Status EmployersList(Session& s);
absl::Status CampaignsList(Session& s);
absl::Status PostsCreate(Session& s);
absl::Status PostsGet(Session& s);
absl::Status PostsList(Session& s);
absl::Status PostsClose(Session& s);
// Partial success (some rows unused) is OK with *partial set.
absl::Status ImportPostings(Session& s, bool* partial);

// Profiles (commands_profiles.cc).
absl::Status ProfilesCreate(Session& s, bool* partial);
absl::Status ProfilesGet(Session& s);
absl::Status ProfilesList(Session& s);
absl::Status ProfilesDeclare(Session& s);
absl::Status ProfilesImportGroups(Session& s, bool* partial);

// The intake review queue (commands_review.cc).
absl::Status ReviewList(Session& s);
absl::Status ReviewConfirm(Session& s);
absl::Status ReviewLearned(Session& s);
absl::Status ModerationList(Session& s);
absl::Status ModerationApprove(Session& s);
absl::Status ModerationReject(Session& s);

// Matching, planning, live push, the feed (commands_matching.cc).
absl::Status RecommendPosts(Session& s);
absl::Status RecommendSeekers(Session& s);
absl::Status Explain(Session& s);
absl::Status Plan(Session& s);
absl::Status LivePush(Session& s);
absl::Status LiveWatch(Session& s);
absl::Status LiveAudience(Session& s);
absl::Status FeedTail(Session& s);

// The 救助找人 worklist and notifications (commands_work.cc).
absl::Status Worklist(Session& s);
absl::Status NotificationsMine(Session& s);
absl::Status NotificationsLog(Session& s);
// The application pipeline (commands_applications.cc).
absl::Status ApplicationsApply(Session& s);
absl::Status ApplicationsInvite(Session& s);
absl::Status ApplicationsHire(Session& s);
absl::Status ApplicationsReject(Session& s);
absl::Status ApplicationsMine(Session& s);
absl::Status ApplicationsList(Session& s);
absl::Status ApplicationsView(Session& s);
absl::Status ApplicationsRespond(Session& s);
absl::Status ApplicationsWithdraw(Session& s);
absl::Status ApplicationsUndoHire(Session& s);
// Outcomes of hires and campaign statistics (commands_outcomes.cc).
absl::Status OutcomesFollowUp(Session& s);
absl::Status OutcomesSeparation(Session& s);
absl::Status OutcomesDue(Session& s);
absl::Status StatsShow(Session& s);
absl::Status StatsExport(Session& s);

}  // namespace jobmatch::jobctl

#endif  // JOBMATCH_CLIENTS_JOBCTL_COMMANDS_H_

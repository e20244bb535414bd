// The role x method table: complete over the contract, and saying what issue 8
// says each role may do. Also the ownership helpers of caller.h.
#include "services/common/auth/policy.h"

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "jobmatch/v1/events.grpc.pb.h"
#include "jobmatch/v1/matcher.grpc.pb.h"
#include "jobmatch/v1/notifications.grpc.pb.h"
#include "jobmatch/v1/postings.grpc.pb.h"
#include "jobmatch/v1/profiles.grpc.pb.h"

namespace jobmatch::auth {
namespace {

constexpr Role kAllRoles[] = {Role::kJobseeker, Role::kEmployer, Role::kRecruiter, Role::kLiveHost,
                              Role::kAnalyst,   Role::kAdmin,    Role::kService};

std::set<std::string> ContractMethods() {
  std::set<std::string> out;
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const char* name : {"jobmatch.v1.PostingsService", "jobmatch.v1.ProfilesService",
                           "jobmatch.v1.EventsService", "jobmatch.v1.MatcherService",
                           "jobmatch.v1.MatcherWorkService", "jobmatch.v1.NotificationService"}) {
    const auto* service = pool->FindServiceByName(name);
    EXPECT_NE(service, nullptr) << name;
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      out.insert(absl::StrCat("/", service->full_name(), "/", service->method(i)->name()));
    }
  }
  return out;
}

TEST(PolicyTest, ListsExactlyTheContractsMethods) {
  // Touch the generated services so their descriptors are linked in.
  (void)jobmatch::v1::PostingsService::service_full_name();
  (void)jobmatch::v1::ProfilesService::service_full_name();
  (void)jobmatch::v1::EventsService::service_full_name();
  (void)jobmatch::v1::MatcherService::service_full_name();
  (void)jobmatch::v1::MatcherWorkService::service_full_name();
  (void)jobmatch::v1::NotificationService::service_full_name();
  (void)jobmatch::v1::Notification::descriptor();  // links notifications.proto in
  const std::set<std::string> contract = ContractMethods();
  ASSERT_GT(contract.size(), 30u);
  const std::vector<std::string> listed = AccessPolicy::Default().Methods();
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), contract);
}

TEST(PolicyTest, AdminMayCallEverythingAndAnonymousNothing) {
  for (const std::string& method : AccessPolicy::Default().Methods()) {
    EXPECT_TRUE(AccessPolicy::Default().Allows(method, Role::kAdmin)) << method;
    EXPECT_FALSE(AccessPolicy::Default().Allows(method, Role::kAnonymous)) << method;
  }
}

TEST(PolicyTest, UnlistedMethodsAreDeniedToEveryone) {
  for (Role role : kAllRoles) {
    EXPECT_TRUE(absl::IsPermissionDenied(
        AccessPolicy::Default().Check("/jobmatch.v1.PostingsService/DropAll", role)));
  }
}

TEST(PolicyTest, OpenMethodsAreHealthAndReflectionOnly) {
  EXPECT_TRUE(AccessPolicy::IsOpen("/grpc.health.v1.Health/Check"));
  EXPECT_TRUE(AccessPolicy::IsOpen("/grpc.health.v1.Health/Watch"));
  EXPECT_TRUE(
      AccessPolicy::IsOpen("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"));
  EXPECT_FALSE(AccessPolicy::IsOpen("/jobmatch.v1.PostingsService/GetPost"));
  EXPECT_FALSE(AccessPolicy::IsOpen("/grpc.health.v1.HealthX/Check"));
  EXPECT_FALSE(AccessPolicy::IsOpen(""));
}

// What issue 8 says, written out by hand rather than copied from the table.
TEST(PolicyTest, RolesGetWhatTheIssueSays) {
  const std::string p = "/jobmatch.v1.PostingsService/";
  const std::string f = "/jobmatch.v1.ProfilesService/";
  const std::string e = "/jobmatch.v1.EventsService/";
  const std::string m = "/jobmatch.v1.MatcherService/";
  const std::vector<std::pair<std::string, std::pair<Role, bool>>> cases = {
      // jobseeker: own profile and applications; never field sync or others' data.
      {f + "GetProfile", {Role::kJobseeker, true}},
      {f + "RevealSensitiveData", {Role::kJobseeker, true}},
      {e + "SubmitApplication", {Role::kJobseeker, true}},
      {m + "RecommendPosts", {Role::kJobseeker, true}},
      {f + "ListProfiles", {Role::kJobseeker, false}},
      {f + "SyncFieldRecords", {Role::kJobseeker, false}},
      {p + "CreatePost", {Role::kJobseeker, false}},
      {e + "Subscribe", {Role::kJobseeker, false}},
      // employer: own posts; candidates only through the matcher.
      {p + "CreatePost", {Role::kEmployer, true}},
      {p + "ClosePost", {Role::kEmployer, true}},
      {m + "RecommendSeekers", {Role::kEmployer, true}},
      {f + "GetProfile", {Role::kEmployer, false}},
      {f + "ListProfiles", {Role::kEmployer, false}},
      {f + "RevealSensitiveData", {Role::kEmployer, false}},
      {e + "Subscribe", {Role::kEmployer, false}},
      {e + "PushLivePost", {Role::kEmployer, false}},
      // recruiter: registration and sync (regions checked by the service).
      {f + "RegisterProfile", {Role::kRecruiter, true}},
      {f + "SyncFieldRecords", {Role::kRecruiter, true}},
      {e + "RecordFieldVisit", {Role::kRecruiter, true}},
      {f + "ImportKeyGroups", {Role::kRecruiter, false}},
      {p + "CreateCampaign", {Role::kRecruiter, false}},
      {p + "ReviewPostOccupation", {Role::kRecruiter, true}},
      {p + "ListPostsForReview", {Role::kRecruiter, true}},
      // the review queue is for bureau staff only.
      {p + "ListPostsForReview", {Role::kEmployer, false}},
      {p + "ReviewPostOccupation", {Role::kEmployer, false}},
      {p + "ListLearnedTitles", {Role::kEmployer, false}},
      {p + "ListPostsForReview", {Role::kJobseeker, false}},
      {p + "ReviewPostOccupation", {Role::kJobseeker, false}},
      {p + "ListLearnedTitles", {Role::kJobseeker, false}},
      {p + "ListPostsForReview", {Role::kLiveHost, false}},
      {p + "ReviewPostOccupation", {Role::kLiveHost, false}},
      {p + "ListLearnedTitles", {Role::kLiveHost, false}},
      {p + "ReviewPostOccupation", {Role::kAnalyst, false}},
      // moderation (审核): staff decide; employers never approve their own.
      {p + "ListPostsForModeration", {Role::kRecruiter, true}},
      {p + "ApprovePost", {Role::kRecruiter, true}},
      {p + "RejectPost", {Role::kRecruiter, true}},
      {p + "ApprovePost", {Role::kAdmin, true}},
      {p + "RejectPost", {Role::kAdmin, true}},
      {p + "ListPostsForModeration", {Role::kEmployer, false}},
      {p + "ApprovePost", {Role::kEmployer, false}},
      {p + "RejectPost", {Role::kEmployer, false}},
      {p + "ApprovePost", {Role::kLiveHost, false}},
      {p + "RejectPost", {Role::kLiveHost, false}},
      {p + "ApprovePost", {Role::kJobseeker, false}},
      {p + "ListPostsForModeration", {Role::kJobseeker, false}},
      {p + "ApprovePost", {Role::kAnalyst, false}},
      {p + "ApprovePost", {Role::kService, false}},
      // live host: pushes; no personal data.
      {e + "PushLivePost", {Role::kLiveHost, true}},
      {f + "GetProfile", {Role::kLiveHost, false}},
      {m + "RecommendSeekers", {Role::kLiveHost, false}},
      {e + "Subscribe", {Role::kLiveHost, false}},
      // the application pipeline: jobseekers answer and withdraw their own;
      // employers list, view and undo hires on their own posts; never the reverse.
      {e + "ListMyApplications", {Role::kJobseeker, true}},
      {e + "RespondToInvitation", {Role::kJobseeker, true}},
      {e + "WithdrawApplication", {Role::kJobseeker, true}},
      {e + "ListApplicants", {Role::kJobseeker, false}},
      {e + "UndoHire", {Role::kJobseeker, false}},
      {e + "RecordHire", {Role::kJobseeker, false}},
      {e + "ListApplicants", {Role::kEmployer, true}},
      {e + "MarkApplicationViewed", {Role::kEmployer, true}},
      {e + "UndoHire", {Role::kEmployer, true}},
      {e + "ListMyApplications", {Role::kEmployer, false}},
      {e + "RespondToInvitation", {Role::kEmployer, false}},
      {e + "WithdrawApplication", {Role::kEmployer, false}},
      {e + "ListApplicants", {Role::kLiveHost, false}},
      {e + "ListApplicants", {Role::kAnalyst, false}},
      // analyst: statistics only.
      {e + "CampaignStats", {Role::kAnalyst, true}},
      {f + "GetProfile", {Role::kAnalyst, false}},
      {f + "ListProfiles", {Role::kAnalyst, false}},
      {f + "RevealSensitiveData", {Role::kAnalyst, false}},
      {m + "RecommendSeekers", {Role::kAnalyst, false}},
      {m + "PlanCampaign", {Role::kAnalyst, false}},
      {e + "Subscribe", {Role::kAnalyst, false}},
      // service: pipelines (the matcher follows the feed and reads profiles).
      {e + "Subscribe", {Role::kService, true}},
      {f + "ListProfiles", {Role::kService, true}},
      {f + "RevealSensitiveData", {Role::kService, false}},
  };
  for (const auto& [method, expect] : cases) {
    EXPECT_EQ(AccessPolicy::Default().Allows(method, expect.first), expect.second)
        << method << " for " << RoleName(expect.first);
  }
  // Nobody but admins and the bureau's own callers sees a clear ID number through the feed.
  for (Role role : kAllRoles) {
    EXPECT_EQ(AccessPolicy::Default().Allows(e + "Subscribe", role),
              role == Role::kAdmin || role == Role::kService);
  }
}

// jobmatch-matcher calls with a `service` token (deploy/run.sh mints it):
// every call it makes must pass, and it must not be able to read clear
// identities or act as a person.
TEST(PolicyTest, TheMatchersServiceTokenReachesWhatTheMatcherCalls) {
  for (const char* method :
       {"/jobmatch.v1.EventsService/Subscribe", "/jobmatch.v1.PostingsService/GetPost",
        "/jobmatch.v1.PostingsService/GetCampaign", "/jobmatch.v1.ProfilesService/GetProfile"}) {
    EXPECT_TRUE(AccessPolicy::Default().Allows(method, Role::kService)) << method;
  }
  for (const char* method :
       {"/jobmatch.v1.ProfilesService/RevealSensitiveData",
        "/jobmatch.v1.ProfilesService/EraseProfile",
        "/jobmatch.v1.ProfilesService/SyncFieldRecords", "/jobmatch.v1.EventsService/PushLivePost",
        "/jobmatch.v1.PostingsService/UpdatePost", "/jobmatch.v1.PostingsService/ClosePost"}) {
    EXPECT_FALSE(AccessPolicy::Default().Allows(method, Role::kService)) << method;
  }
}

TEST(OwnershipTest, HelpersDecideRecordAccess) {
  Caller seeker{Role::kJobseeker, "p-1", {}, {}};
  EXPECT_TRUE(RequireSubject(seeker, "p-1", "profile").ok());
  EXPECT_TRUE(absl::IsPermissionDenied(RequireSubject(seeker, "p-2", "profile")));
  Caller nobody{Role::kJobseeker, "", {}, {}};
  EXPECT_TRUE(absl::IsPermissionDenied(RequireSubject(nobody, "", "profile")));

  Caller recruiter{Role::kRecruiter, "r-1", {"430281", "430224"}, {}};
  EXPECT_TRUE(RequireRegion(recruiter, "430281104201").ok());
  EXPECT_TRUE(absl::IsPermissionDenied(RequireRegion(recruiter, "430202001001")));
  EXPECT_FALSE(CoversRegion(Caller{Role::kRecruiter, "r-2", {""}, {}}, "430281"));

  Caller host{Role::kLiveHost, "h-1", {}, {"live-1"}};
  EXPECT_TRUE(RequireSession(host, "live-1").ok());
  EXPECT_TRUE(absl::IsPermissionDenied(RequireSession(host, "live-2")));
  EXPECT_TRUE(absl::IsPermissionDenied(RequireSession(host, "")));
  // A session named in another role's token is no licence to it.
  EXPECT_TRUE(absl::IsPermissionDenied(
      RequireSession(Caller{Role::kEmployer, "e-1", {}, {"live-1"}}, "live-1")));

  for (Role bureau : {Role::kAdmin, Role::kService}) {
    Caller c{bureau, "staff-1", {}, {}};
    EXPECT_TRUE(RequireSubject(c, "p-9", "profile").ok());
    EXPECT_TRUE(RequireRegion(c, "430202").ok());
    EXPECT_TRUE(RequireSession(c, "live-9").ok());
  }
  EXPECT_TRUE(absl::IsPermissionDenied(
      RequireSubject(Caller{Role::kAnalyst, "a", {}, {}}, "a2", "profile")));
}

TEST(BearerTokenTest, ParsesTheAuthorizationHeader) {
  EXPECT_EQ(BearerToken("Bearer abc.def.ghi"), "abc.def.ghi");
  EXPECT_EQ(BearerToken("bearer  abc "), "abc");
  EXPECT_EQ(BearerToken("Basic abc"), "");
  EXPECT_EQ(BearerToken("Bearer "), "");
  EXPECT_EQ(BearerToken(""), "");
}

}  // namespace
}  // namespace jobmatch::auth
